"""``GET /api/health``: each component's state; 200 when all are up, 503 otherwise."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from sqlalchemy import text

from api.state import ApiState, state_of
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


@router.get("/api/health", summary="Health of the API, Rasa, the action server, the store and the index")
async def health(request: Request) -> JSONResponse:
    """Component name → ``ok`` or what is wrong."""
    state = state_of(request)
    components = {"api": "ok", **await state.backend.health(), "database": await run_in_threadpool(_database, state)}
    components["index"] = "ok" if current_build(state.settings.index_dir) else "missing (run `make index`)"
    healthy = all(value == "ok" for value in components.values())
    body = {
        "status": "ok" if healthy else "degraded",
        "components": components,
        "knowledge": {"entries": len(state.knowledge.entries), "build": current_build(state.settings.index_dir)},
    }
    return JSONResponse(body, status_code=200 if healthy else 503)
