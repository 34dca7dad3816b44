"""Reload jobs: one at a time on a worker thread, snapshots by id, failures kept, old jobs forgotten."""

from __future__ import annotations

import threading
import time
from datetime import datetime, timedelta, timezone

import pytest

from api.core.reload_jobs import KEPT_JOBS, ReloadBusyError, ReloadJob, ReloadJobs

START = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)


class Ticking:
    """A clock one second further on each call."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> datetime:
        self.calls += 1
        return START + timedelta(seconds=self.calls)


def _final(jobs: ReloadJobs, job_id: str) -> ReloadJob:
    deadline = time.monotonic() + 10
    while (job := jobs.get(job_id)).active:
        assert time.monotonic() < deadline, job
        time.sleep(0.01)
    return job


def test_a_job_runs_in_the_background_and_keeps_its_result():
    jobs, gate = ReloadJobs(), threading.Event()
    job = jobs.submit(lambda: (gate.wait(10), "report"), clock=Ticking())
    assert job.status == "queued" and job.result is None and job.started_at is None
    assert jobs.get(job.id).status in ("queued", "running")
    gate.set()
    done = _final(jobs, job.id)
    assert done.status == "succeeded" and done.result == "report"
    assert done.created_at < done.started_at < done.finished_at


def test_a_failing_job_keeps_what_went_wrong():
    jobs = ReloadJobs()
    assert _final(jobs, jobs.submit(lambda: (False, "rejected"), clock=Ticking()).id).status == "failed"


def test_a_crashing_job_fails_without_a_result_and_is_logged(caplog):
    jobs = ReloadJobs()

    def crash():
        raise RuntimeError("boom")

    done = _final(jobs, jobs.submit(crash, clock=Ticking()).id)
    assert done.status == "failed" and done.result is None
    assert "crashed" in caplog.text and "boom" in caplog.text


def test_only_one_job_at_a_time():
    jobs, gate = ReloadJobs(), threading.Event()
    first = jobs.submit(lambda: (gate.wait(10), None), clock=Ticking())
    with pytest.raises(ReloadBusyError) as busy:
        jobs.submit(lambda: (True, None), clock=Ticking())
    assert busy.value.job.id == first.id
    gate.set()
    _final(jobs, first.id)
    second = jobs.submit(lambda: (True, None), clock=Ticking())
    assert second.id != first.id and len(second.id) == 32
    _final(jobs, second.id)


def test_only_the_latest_jobs_are_remembered():
    jobs = ReloadJobs()
    ids = []
    for _ in range(KEPT_JOBS + 3):
        ids.append(jobs.submit(lambda: (True, None), clock=Ticking()).id)
        _final(jobs, ids[-1])
    assert [jobs.get(job_id) for job_id in ids[:3]] == [None, None, None]
    assert all(jobs.get(job_id) is not None for job_id in ids[3:])
    assert jobs.get("unknown") is None
