"""The API's housekeeping task: purge conversation data past the retention period, at start and every 6 hours."""

from __future__ import annotations

import asyncio
import logging

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import create_engine

from api.state import ApiState
from knowledge.store.database import DatabaseError
from knowledge.store.retention import purge_store, purge_tracker_store

__all__ = ["PURGE_INTERVAL_SECONDS", "purge_once", "purge_periodically"]

log = logging.getLogger(__name__)

PURGE_INTERVAL_SECONDS = 6 * 3600


def purge_once(state: ApiState) -> int:
    """Purge our store and Rasa's SQLite tracker store once; returns the rows deleted (errors are logged)."""
    days, now = state.settings.retention_days, state.clock()
    deleted = 0
    try:
        deleted += purge_store(state.engine, days=days, now=now).total
        tracker = state.settings.tracker_db
        if tracker.exists():
            engine = create_engine(f"sqlite:///{tracker}", future=True)
            try:
                deleted += purge_tracker_store(engine, days=days, now=now).total
            finally:
                engine.dispose()
    except DatabaseError as exc:
        log.error("retention purge failed (will retry): %s", exc)
    if deleted:
        log.info("retention: deleted %d rows older than %d days", deleted, days)
    return deleted


async def purge_periodically(state: ApiState, interval: float = PURGE_INTERVAL_SECONDS) -> None:
    """Run :func:`purge_once` now and then every ``interval`` seconds until cancelled."""
    while True:
        await run_in_threadpool(purge_once, state)
        await asyncio.sleep(interval)
