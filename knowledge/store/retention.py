"""Retention: delete conversation data older than the configured number of days.

Our store keeps events, feedback and hand-off tickets; Rasa's SQL tracker store
keeps every conversation's events. Both are purged by age. Open hand-off
tickets are kept whatever their age (an operator still has to deal with them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import MetaData, Table, delete, inspect
from sqlalchemy.engine import Connection, Engine

from knowledge.store.database import events, feedback, tickets, transaction

__all__ = ["PurgeReport", "purge_store", "purge_tracker_store"]


@dataclass(frozen=True)
class PurgeReport:
    """How many rows each table lost."""

    deleted: dict[str, int]

    @property
    def total(self) -> int:
        """All deleted rows."""
        return sum(self.deleted.values())


def purge_store(engine: Engine, *, days: int, now: datetime) -> PurgeReport:
    """Delete events, feedback and closed tickets created more than ``days`` before ``now``.

    Raises:
        ValueError: If ``days`` is below 1.
        DatabaseError: If the database cannot be written.
    """
    if days < 1:
        raise ValueError(f"retention must be at least 1 day, got {days}")
    cutoff = now - timedelta(days=days)

    def work(connection: Connection) -> dict[str, int]:
        return {
            "conversation_events": connection.execute(delete(events).where(events.c.created_at < cutoff)).rowcount,
            "feedback": connection.execute(delete(feedback).where(feedback.c.created_at < cutoff)).rowcount,
            "handoff_tickets": connection.execute(
                delete(tickets).where(tickets.c.created_at < cutoff, tickets.c.status == "closed")
            ).rowcount,
        }

    return PurgeReport(transaction(engine, work))


def purge_tracker_store(engine: Engine, *, days: int, now: datetime) -> PurgeReport:
    """Delete Rasa tracker-store events (table ``events``, column ``timestamp``) older than ``days``.

    A database without Rasa's table (not created yet) is left alone.

    Raises:
        ValueError: If ``days`` is below 1.
        DatabaseError: If the database cannot be written.
    """
    if days < 1:
        raise ValueError(f"retention must be at least 1 day, got {days}")
    if not inspect(engine).has_table("events"):
        return PurgeReport({"events": 0})
    table = Table("events", MetaData(), autoload_with=engine)
    cutoff = (now - timedelta(days=days)).timestamp()

    def work(connection: Connection) -> dict[str, int]:
        return {"events": connection.execute(delete(table).where(table.c.timestamp < cutoff)).rowcount}

    return PurgeReport(transaction(engine, work))
