"""Reading and writing tickets, feedback and events (the queue, a page at a time: :mod:`.queue`).

Text arrives redacted: messages are prepared once where they enter (:mod:`knowledge.text.incoming`).
Everything written is checked and bounded first (:mod:`knowledge.store.limits`): an id that does
not fit is a ``ValueError`` naming the field, a text that is too long is cut with a marker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal, get_args

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError

from knowledge.store.database import DatabaseError, events, feedback, tickets, transaction
from knowledge.store.limits import (
    MAX_EVENT_TEXT,
    MAX_FAQ_ID,
    MAX_LINE_ID,
    MAX_TOPIC,
    bounded_text,
    bounded_transcript,
    checked_identifier,
    checked_language,
    checked_session_id,
)
from knowledge.store.references import new_reference

__all__ = [
    "REFERENCE_ATTEMPTS",
    "Ticket",
    "TicketRef",
    "TranscriptLine",
    "close_ticket",
    "create_ticket",
    "get_ticket",
    "record_event",
    "record_feedback",
    "ticket_for_handoff",
    "ticket_from_row",
]

REFERENCE_ATTEMPTS = 5
"""New codes tried when a code is already taken (one in ~10⁹ per open ticket)."""
Role = Literal["user", "bot"]
EventKind = Literal["message", "answer", "suggest", "none", "handoff", "feedback", "smalltalk"]
_EVENT_KINDS: tuple[str, ...] = get_args(EventKind)


@dataclass(frozen=True)
class TranscriptLine:
    """One line of a conversation as stored (already redacted)."""

    role: Role
    text: str


@dataclass(frozen=True)
class Ticket:
    """A hand-off ticket an operator can look up by its reference."""

    reference: str
    created_at: datetime
    session_id: str
    language: str
    topic: str | None
    line_id: str
    status: str
    closed_at: datetime | None
    transcript: tuple[TranscriptLine, ...]


@dataclass(frozen=True)
class TicketRef:
    """The ticket a hand-off refers the resident to."""

    reference: str
    created: bool
    """False: the session already had its most open tickets, so its newest one was reused."""


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _utc(moment: datetime | None) -> datetime:
    """``moment`` (default: now) in UTC, with the zone.

    Written so, SQLite's zone-less values compare correctly; read back so (SQLite returns naive
    UTC), the admin API shows RFC 3339 times with an offset.
    """
    moment = moment or _now()
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _ticket_row(
    session_id: str,
    language: str,
    topic: str | None,
    line_id: str,
    transcript: Sequence[TranscriptLine],
    now: datetime | None,
) -> dict[str, Any]:
    """A new ticket's columns, validated (:mod:`knowledge.store.limits`)."""
    return {
        "created_at": _utc(now),
        "session_id": checked_session_id(session_id),
        "language": checked_language(language),
        "topic": checked_identifier("topic", topic, MAX_TOPIC, optional=True),
        "line_id": checked_identifier("line_id", line_id, MAX_LINE_ID),
        "status": "open",
        "transcript": bounded_transcript(transcript),
    }


def _store(engine: Engine, row: dict[str, Any], max_open: int | None) -> TicketRef:
    """Insert ``row`` under a new reference (retrying taken ones), or reuse the session's newest open ticket."""

    def work(connection: Connection, reference: str) -> TicketRef:
        if max_open is not None:
            mine = select(tickets.c.reference).where(
                tickets.c.session_id == row["session_id"], tickets.c.status == "open"
            )
            newest_first = mine.order_by(tickets.c.created_at.desc(), tickets.c.reference.desc()).limit(max_open)
            open_references = connection.execute(newest_first).scalars().all()
            if len(open_references) >= max_open:
                reused = open_references[0]
                refresh = update(tickets).where(tickets.c.reference == reused).values(transcript=row["transcript"])
                connection.execute(refresh)
                return TicketRef(reused, created=False)
        connection.execute(insert(tickets).values(reference=reference, **row))
        return TicketRef(reference, created=True)

    for _ in range(REFERENCE_ATTEMPTS):
        reference = new_reference()
        try:
            return transaction(engine, lambda c, ref=reference: work(c, ref))
        except IntegrityError as exc:  # the code is taken: try another one
            last = exc
    raise DatabaseError(f"could not store the ticket after {REFERENCE_ATTEMPTS} reference codes: {last.orig}") from last


def create_ticket(
    engine: Engine,
    *,
    session_id: str,
    language: str,
    topic: str | None,
    line_id: str,
    transcript: Sequence[TranscriptLine],
    now: datetime | None = None,
) -> str:
    """Store a hand-off ticket and return its new reference code.

    Ids are checked and the transcript bounded as :mod:`knowledge.store.limits` says; a
    reference code that is already taken is replaced by another (at most
    :data:`REFERENCE_ATTEMPTS` tries).

    Raises:
        ValueError: If an id does not fit (the message names the field and shows the value).
        DatabaseError: If it cannot be stored.
    """
    row = _ticket_row(session_id, language, topic, line_id, transcript, now)
    return _store(engine, row, None).reference


def ticket_for_handoff(
    engine: Engine,
    *,
    max_open: int,
    session_id: str,
    language: str,
    topic: str | None,
    line_id: str,
    transcript: Sequence[TranscriptLine],
    now: datetime | None = None,
) -> TicketRef:
    """A new ticket, unless the session already has ``max_open`` open ones.

    Then no ticket is created: the session's newest open ticket is returned, with its
    transcript replaced by ``transcript`` (the longer conversation), so its reference
    still shows the operator this conversation. Values are checked and bounded as
    :func:`create_ticket` does.

    Args:
        engine: The database.
        max_open: Open tickets a session may have (at least 1).
        session_id: The conversation.
        language: Its language.
        topic: The topic that chose the line, if any.
        line_id: The phone line the resident was given.
        transcript: The conversation so far.
        now: The creation time (default: now).

    Raises:
        ValueError: If ``max_open`` is below 1 or an id does not fit.
        DatabaseError: If it cannot be stored.
    """
    if max_open < 1:
        raise ValueError(f"max_open: expected at least 1, got {max_open!r}")
    return _store(engine, _ticket_row(session_id, language, topic, line_id, transcript, now), max_open)


def ticket_from_row(row: Row) -> Ticket:
    """A ticket as read from a row of the tickets table (the transcript column may be left out)."""
    stored = row._mapping.get("transcript") or ()
    transcript = tuple(TranscriptLine(item["role"], item["text"]) for item in stored)
    return Ticket(
        row.reference,
        _utc(row.created_at),
        row.session_id,
        row.language,
        row.topic,
        row.line_id,
        row.status,
        _utc(row.closed_at) if row.closed_at is not None else None,
        transcript,
    )


def get_ticket(engine: Engine, reference: str) -> Ticket | None:
    """The ticket with ``reference`` (case-insensitive), if any."""
    query = select(tickets).where(tickets.c.reference == reference.strip().upper())
    row = transaction(engine, lambda c: c.execute(query).first())
    return ticket_from_row(row) if row else None


def close_ticket(engine: Engine, reference: str, *, now: datetime | None = None) -> Ticket | None:
    """Mark a ticket closed; returns it, or None if there is no such ticket."""

    def work(connection: Connection) -> None:
        connection.execute(
            update(tickets)
            .where(tickets.c.reference == reference.strip().upper(), tickets.c.status == "open")
            .values(status="closed", closed_at=_utc(now))
        )

    transaction(engine, work)
    return get_ticket(engine, reference)


def record_feedback(
    engine: Engine, *, session_id: str, faq_id: str, helpful: bool, language: str, now: datetime | None = None
) -> None:
    """Store one helpful / not-helpful vote for an answer.

    ``faq_id`` must have the shape of an entry id; whether the entry exists is for the
    caller to check (the action has the loaded knowledge).

    Raises:
        ValueError: If an id does not fit (the message names the field and shows the value).
        DatabaseError: If it cannot be stored.
    """
    values = {
        "created_at": _utc(now),
        "session_id": checked_session_id(session_id),
        "faq_id": checked_identifier("faq_id", faq_id, MAX_FAQ_ID),
        "helpful": bool(helpful),
        "language": checked_language(language),
    }
    transaction(engine, lambda c: c.execute(insert(feedback).values(**values)))


def record_event(
    engine: Engine,
    *,
    session_id: str,
    kind: EventKind,
    language: str,
    faq_id: str | None = None,
    topic: str | None = None,
    score: float | None = None,
    text: str | None = None,
    now: datetime | None = None,
) -> None:
    """Store one conversation event for analytics (``text`` as prepared where the message entered: redacted).

    Ids are checked; ``text`` is cut to :data:`~knowledge.store.limits.MAX_EVENT_TEXT` characters.

    Raises:
        ValueError: If an id or ``kind`` does not fit (the message names the field and shows the value).
        DatabaseError: If it cannot be stored.
    """
    if kind not in _EVENT_KINDS:
        raise ValueError(f"kind: expected one of {' '.join(_EVENT_KINDS)}, got {kind!r:.60}")
    values = {
        "created_at": _utc(now),
        "session_id": checked_session_id(session_id),
        "kind": kind,
        "language": checked_language(language),
        "faq_id": checked_identifier("faq_id", faq_id, MAX_FAQ_ID, optional=True),
        "topic": checked_identifier("topic", topic, MAX_TOPIC, optional=True),
        "score": score,
        "text": bounded_text("text", text, MAX_EVENT_TEXT) if text else None,
    }
    transaction(engine, lambda c: c.execute(insert(events).values(**values)))
