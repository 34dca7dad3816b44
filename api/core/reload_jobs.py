"""Knowledge reloads as background jobs: one at a time, on a worker thread, looked up by id.

``POST /api/admin/knowledge/reload`` submits a job and answers at once (202); the job's status
(queued → running → succeeded or failed) and result are read with ``GET …/reload/{job_id}``
(:mod:`api.routes.knowledge`). Jobs live in the memory of the API process that runs them; the
last :data:`KEPT_JOBS` are remembered.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

__all__ = ["KEPT_JOBS", "JobStatus", "ReloadBusyError", "ReloadJob", "ReloadJobs", "Work"]

log = logging.getLogger(__name__)

KEPT_JOBS = 20
"""Finished jobs remembered per process (older ones answer 404)."""
JobStatus = Literal["queued", "running", "succeeded", "failed"]
Work = Callable[[], tuple[bool, Any]]
"""What a job runs: ``(succeeded, result)``; if it raises instead, the job fails without a result."""


@dataclass(frozen=True)
class ReloadJob:
    """A snapshot of one job."""

    id: str
    status: JobStatus
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None
    result: Any = None

    @property
    def active(self) -> bool:
        """Queued or running."""
        return self.status in ("queued", "running")


class ReloadBusyError(Exception):
    """A reload is already queued or running.

    Attributes:
        job: That job.
    """

    def __init__(self, job: ReloadJob) -> None:
        super().__init__(f"reload {job.id} is {job.status}")
        self.job = job


class ReloadJobs:
    """The reloads this process ran and runs, at most one at a time."""

    def __init__(self) -> None:
        self._jobs: OrderedDict[str, ReloadJob] = OrderedDict()
        self._mutex = threading.Lock()

    def submit(self, work: Work, *, clock: Callable[[], datetime]) -> ReloadJob:
        """Queue ``work`` and start it on a new thread; returns the job as queued.

        Raises:
            ReloadBusyError: If another job is queued or running.
        """
        with self._mutex:
            running = next((job for job in self._jobs.values() if job.active), None)
            if running is not None:
                raise ReloadBusyError(running)
            job = ReloadJob(id=secrets.token_hex(16), status="queued", created_at=clock())
            self._jobs[job.id] = job
            while len(self._jobs) > KEPT_JOBS:
                self._jobs.popitem(last=False)
        threading.Thread(target=self._run, args=(job.id, work, clock), name="knowledge-reload", daemon=True).start()
        return job

    def get(self, job_id: str) -> ReloadJob | None:
        """The job's current snapshot, or ``None`` if unknown (or forgotten)."""
        with self._mutex:
            return self._jobs.get(job_id)

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._mutex:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _run(self, job_id: str, work: Work, clock: Callable[[], datetime]) -> None:
        self._update(job_id, status="running", started_at=clock())
        try:
            succeeded, result = work()
        except Exception:  # a bug or an unforeseen failure: the job fails, the server goes on
            log.exception("knowledge reload %s crashed", job_id)
            succeeded, result = False, None
        self._update(job_id, status="succeeded" if succeeded else "failed", finished_at=clock(), result=result)
