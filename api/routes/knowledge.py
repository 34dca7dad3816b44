"""``POST /api/admin/knowledge/reload``: validate the edited knowledge files, rebuild the index, swap it in."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import ADMIN_REFUSALS, Rebuild, RebuildDep, StateDep, require_admin
from api.i18n import missing_web_messages
from api.reload import ReloadFailedError, ReloadRejectedError
from api.schemas import IssueOut, ReloadFailedOut, ReloadOut, ReloadRejectedOut
from api.state import ApiState
from knowledge.content.issues import Issue, Severity
from knowledge.content.loader import load_knowledge_base
from knowledge.content.messages import load_messages
from knowledge.settings import PROJECT_ROOT

__all__ = ["router"]

router = APIRouter(
    prefix="/api/admin/knowledge", tags=["admin"], dependencies=[Depends(require_admin)], responses=ADMIN_REFUSALS
)


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


def _refusal(status_code: int, body: ReloadRejectedOut | ReloadFailedOut) -> JSONResponse:
    return JSONResponse(body.dict(), status_code=status_code)


def _reload(state: ApiState, rebuild: Rebuild) -> ReloadOut | JSONResponse:
    if not state.reload_lock.acquire(blocking=False):
        return _refusal(409, ReloadFailedOut(status="busy", detail="a reload is already running"))
    try:
        missing = _missing_web_messages(state.settings.knowledge_dir)
        if missing:
            raise ReloadRejectedError(missing)
        report = rebuild(state.settings)
        state.knowledge = load_knowledge_base(state.settings.knowledge_dir)
    except ReloadRejectedError as exc:
        return _refusal(422, ReloadRejectedOut(errors=[_issue(issue) for issue in exc.issues]))
    except ReloadFailedError as exc:
        return _refusal(500, ReloadFailedOut(status="failed", detail=str(exc)))
    finally:
        state.reload_lock.release()
    build = report.build
    return ReloadOut(
        build=build.build,
        entries=build.entries,
        variants=build.variants,
        embedded=build.embedded,
        reused=build.reused,
        seconds=round(build.seconds, 2),
        warnings=[_issue(issue) for issue in report.warnings],
    )


@router.post(
    "/reload",
    response_model=ReloadOut,
    responses={
        409: {"model": ReloadFailedOut, "description": "Another reload is running"},
        422: {"model": ReloadRejectedOut, "description": "The files have errors; the old index keeps serving"},
        500: {"model": ReloadFailedOut, "description": "The build failed; the old index keeps serving"},
    },
    summary="Validate the knowledge files and swap in a rebuilt index",
)
async def reload_knowledge(state: StateDep, rebuild: RebuildDep) -> ReloadOut | JSONResponse:
    """Broken files → 422 with the validator's errors, and the old index keeps serving."""
    return await run_in_threadpool(_reload, state, rebuild)
