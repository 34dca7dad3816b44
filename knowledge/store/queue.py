"""The hand-off queue, a page at a time: filters, search by reference, the true total.

Counting and paging are done in the database (one ``COUNT`` and one page query), with the
same SQL on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import Connection, Engine

from knowledge.store.analytics import DAY_ZONE
from knowledge.store.database import tickets, transaction
from knowledge.store.limits import MAX_TOPIC, checked_identifier, checked_language
from knowledge.store.records import Ticket, ticket_from_row
from knowledge.store.references import normalize_reference

__all__ = ["DEFAULT_PAGE_SIZE", "MAX_PAGE_SIZE", "STATUSES", "TicketPage", "search_tickets"]

STATUSES = ("open", "closed")
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class TicketPage:
    """One page of the hand-off queue and how many tickets match in all."""

    items: tuple[Ticket, ...]
    total: int
    limit: int
    offset: int


def _day_start(day: date, zone: tzinfo, *, days_later: int = 0) -> datetime | None:
    """When ``day`` (plus ``days_later``) starts in ``zone``, in UTC; ``None`` past the calendar's ends (no bound)."""
    try:
        return datetime.combine(day + timedelta(days=days_later), time(0), zone).astimezone(timezone.utc)
    except OverflowError:
        return None


def _filters(
    status: str | None,
    language: str | None,
    topic: str | None,
    created_from: date | None,
    created_to: date | None,
    zone: tzinfo,
) -> list[Any]:
    """The WHERE conditions of a queue query, each value checked."""
    conditions: list[Any] = []
    if status is not None:
        if status not in STATUSES:
            raise ValueError(f"status: expected 'open' or 'closed', got {status!r:.60}")
        conditions.append(tickets.c.status == status)
    if language is not None:
        conditions.append(tickets.c.language == checked_language(language))
    if topic is not None:
        conditions.append(tickets.c.topic == checked_identifier("topic", topic, MAX_TOPIC))
    since = _day_start(created_from, zone) if created_from is not None else None
    until = _day_start(created_to, zone, days_later=1) if created_to is not None else None
    if since is not None:
        conditions.append(tickets.c.created_at >= since)
    if until is not None:
        conditions.append(tickets.c.created_at < until)
    return conditions


def search_tickets(
    engine: Engine,
    *,
    status: str | None = None,
    language: str | None = None,
    topic: str | None = None,
    reference: str | None = None,
    created_from: date | None = None,
    created_to: date | None = None,
    limit: int = DEFAULT_PAGE_SIZE,
    offset: int = 0,
    transcripts: bool = True,
    zone: tzinfo = DAY_ZONE,
) -> TicketPage:
    """One page of tickets matching every filter given, newest first, and how many match in all.

    Counting and paging are done in the database (one ``COUNT`` and one page query, in
    one transaction); the order is stable: ``created_at``, then ``reference``, both descending.

    Args:
        engine: The database.
        status: ``open`` or ``closed`` (``None``: both).
        language: One of :data:`knowledge.languages.LANGUAGES`.
        topic: A topic id.
        reference: Part of a reference code as typed (see :func:`normalize_reference` with
            ``partial``); tickets whose code contains it. Text that cannot be part of a
            code matches nothing.
        created_from: First calendar day in ``zone`` (inclusive).
        created_to: Last calendar day in ``zone`` (inclusive); before ``created_from``, nothing matches.
        limit: Page size, 1 to :data:`MAX_PAGE_SIZE`.
        offset: Matching tickets skipped before the page.
        transcripts: Load the transcripts (a list page needs none: items then have an empty one).
        zone: The calendar of the day filters (the call centre's, Japan).

    Raises:
        ValueError: If a filter, ``limit`` or ``offset`` is out of range (the message names it).
    """
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValueError(f"limit: expected 1 to {MAX_PAGE_SIZE}, got {limit!r}")
    if offset < 0:
        raise ValueError(f"offset: expected 0 or more, got {offset!r}")
    conditions = _filters(status, language, topic, created_from, created_to, zone)
    if reference is not None and reference.strip():
        code = normalize_reference(reference, partial=True)
        if code is None:
            return TicketPage((), 0, limit, offset)
        conditions.append(tickets.c.reference.contains(code.removeprefix("NK-")))
    columns = list(tickets.c) if transcripts else [c for c in tickets.c if c.name != "transcript"]
    page = (
        select(*columns)
        .where(*conditions)
        .order_by(tickets.c.created_at.desc(), tickets.c.reference.desc())
        .limit(limit)
        .offset(offset)
    )
    count = select(func.count()).select_from(tickets).where(*conditions)

    def work(connection: Connection) -> TicketPage:
        total = int(connection.execute(count).scalar_one())
        rows = connection.execute(page).all() if offset < total else []
        return TicketPage(tuple(ticket_from_row(row) for row in rows), total, limit, offset)

    return transaction(engine, work)
