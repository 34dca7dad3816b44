"""Knowledge reloads: ``POST /api/admin/knowledge/reload`` starts one, ``GET …/reload/{job_id}`` follows it.

A reload validates the edited knowledge files, rebuilds the index in a child process and swaps in
the new knowledge; it takes seconds to minutes, so it runs as a job (:mod:`api.core.reload_jobs`)
and the POST answers 202 at once with the job's status URL.
"""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Response
from fastapi.responses import JSONResponse

from api.core.reload_jobs import ReloadBusyError, ReloadJob
from api.deps import ADMIN_REFUSALS, Rebuild, RebuildDep, StateDep, require_admin
from api.i18n import missing_web_messages
from api.reload import ReloadFailedError, ReloadRejectedError
from api.schemas import DetailOut, IssueOut, ReloadFailedOut, ReloadJobOut, ReloadOut, ReloadRejectedOut
from api.state import ApiState
from knowledge.content.issues import Issue, Severity
from knowledge.content.loader import load_knowledge_base
from knowledge.content.messages import load_messages
from knowledge.settings import PROJECT_ROOT

__all__ = ["router"]

log = logging.getLogger(__name__)
PREFIX = "/api/admin/knowledge"
router = APIRouter(prefix=PREFIX, tags=["admin"], dependencies=[Depends(require_admin)], responses=ADMIN_REFUSALS)
_LOCATION = {"Location": {"description": "The job's status URL", "schema": {"type": "string"}, "required": True}}
Outcome = tuple[bool, ReloadOut | ReloadRejectedOut | ReloadFailedOut]


def _relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def _issue(issue: Issue) -> IssueOut:
    return IssueOut(**{**issue.to_dict(), "file": _relative(issue.path)})


def _missing_web_messages(knowledge_dir: Path) -> list[Issue]:
    """What the API would lack after the reload (a broken ``messages.yml`` is the validator's to report)."""
    messages, issues = load_messages(knowledge_dir / "messages.yml")
    if any(issue.severity is Severity.ERROR for issue in issues):
        return []
    return missing_web_messages(messages, knowledge_dir)


def _reload(state: ApiState, rebuild: Rebuild) -> Outcome:
    """The job: validate, build, swap in; every failure becomes a result (the old index keeps serving)."""
    try:
        missing = _missing_web_messages(state.settings.knowledge_dir)
        if missing:
            raise ReloadRejectedError(missing)
        report = rebuild(state.settings)
        state.knowledge = load_knowledge_base(state.settings.knowledge_dir)
    except ReloadRejectedError as exc:
        return False, ReloadRejectedOut(errors=[_issue(issue) for issue in exc.issues])
    except ReloadFailedError as exc:
        return False, ReloadFailedOut(status="failed", detail=str(exc))
    except Exception as exc:  # e.g. the files changed again between the build and the swap
        log.exception("knowledge reload failed")
        return False, ReloadFailedOut(status="failed", detail=f"unexpected error: {type(exc).__name__}: {exc}")
    build = report.build
    return True, ReloadOut(
        build=build.build,
        entries=build.entries,
        variants=build.variants,
        embedded=build.embedded,
        reused=build.reused,
        seconds=round(build.seconds, 2),
        warnings=[_issue(issue) for issue in report.warnings],
    )


def _status_url(job_id: str) -> str:
    return f"{PREFIX}/reload/{job_id}"


def _job_out(job: ReloadJob) -> ReloadJobOut:
    result = job.result
    if job.status == "failed" and result is None:
        result = ReloadFailedOut(status="failed", detail="the reload stopped unexpectedly; see the API's log")
    return ReloadJobOut(
        job_id=job.id,
        status=job.status,
        status_url=_status_url(job.id),
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        result=result,
    )


@router.post(
    "/reload",
    response_model=ReloadJobOut,
    status_code=202,
    responses={
        202: {"description": "Reload queued; poll the status URL", "headers": _LOCATION},
        409: {"model": ReloadFailedOut, "description": "Another reload is queued or running", "headers": _LOCATION},
    },
    summary="Start a reload: validate the knowledge files and swap in a rebuilt index",
)
async def start_reload(state: StateDep, rebuild: RebuildDep, response: Response) -> ReloadJobOut | JSONResponse:
    """Answers at once; the job's result says whether the files had errors (and which) or the build failed."""
    try:
        job = state.reload_jobs.submit(lambda: _reload(state, rebuild), clock=state.clock)
    except ReloadBusyError as busy:
        body = ReloadFailedOut(status="busy", detail=f"a reload is already {busy.job.status}")
        return JSONResponse(body.dict(), status_code=409, headers={"Location": _status_url(busy.job.id)})
    response.headers["Location"] = _status_url(job.id)
    return _job_out(job)


@router.get(
    "/reload/{job_id}",
    response_model=ReloadJobOut,
    responses={404: {"model": DetailOut, "description": "No such reload job on this API server"}},
    summary="A reload's state and, once finished, its result",
)
async def reload_status(state: StateDep, job_id: str) -> ReloadJobOut:
    """Queued, running, succeeded (the new build) or failed (the validator's errors, or the build's failure)."""
    job = state.reload_jobs.get(job_id)
    if job is None:
        raise HTTPException(404, "no such reload job (this server keeps its last 20)")
    return _job_out(job)
