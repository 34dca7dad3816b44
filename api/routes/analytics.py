"""``GET /api/admin/analytics``: usage, answer, hand-off and deflection rates (admin token required)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.concurrency import run_in_threadpool

from api.deps import ADMIN_REFUSALS, StateDep, require_admin
from api.schemas import AnalyticsOut
from knowledge.store.analytics import compute_analytics

__all__ = ["router"]

router = APIRouter(
    prefix="/api/admin/analytics", tags=["admin"], dependencies=[Depends(require_admin)], responses=ADMIN_REFUSALS
)


@router.get(
    "", response_model=AnalyticsOut, summary="Usage, answer, hand-off and deflection rates over the last N days"
)
async def analytics(state: StateDep, days: int = Query(7, ge=1, le=366)) -> AnalyticsOut:
    """See :func:`knowledge.store.analytics.compute_analytics`."""
    figures = await run_in_threadpool(compute_analytics, state.engine, days=days, now=state.clock())
    return AnalyticsOut.parse_obj(figures)
