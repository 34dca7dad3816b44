"""``GET /api/health``: each component's state; 200 when all are up, 503 otherwise."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy import text

from api.deps import StateDep
from api.schemas import HealthKnowledgeOut, HealthOut
from api.state import ApiState
from knowledge.retrieval.index import current_build

__all__ = ["router"]

router = APIRouter(tags=["health"])


def _database(state: ApiState) -> str:
    try:
        with state.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as exc:
        return f"error ({type(exc).__name__})"
    return "ok"


@router.get(
    "/api/health",
    response_model=HealthOut,
    responses={503: {"model": HealthOut, "description": "A component is down; `components` says which"}},
    summary="Health of the API, Rasa, the action server, the store and the index",
)
async def health(state: StateDep, response: Response) -> HealthOut:
    """Component name → ``ok`` or what is wrong."""
    build = current_build(state.settings.index_dir)
    components = {"api": "ok", **await state.backend.health(), "database": await run_in_threadpool(_database, state)}
    components["index"] = "ok" if build else "missing (run `make index`)"
    healthy = all(value == "ok" for value in components.values())
    response.status_code = 200 if healthy else 503
    return HealthOut(
        status="ok" if healthy else "degraded",
        components=components,
        knowledge=HealthKnowledgeOut(entries=len(state.knowledge.entries), build=build),
    )
