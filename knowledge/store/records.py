"""Reading and writing tickets, feedback and events.

Text arrives redacted: messages are prepared once where they enter (:mod:`knowledge.text.incoming`).
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Literal

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError

from knowledge.store.database import DatabaseError, events, feedback, tickets, transaction

__all__ = [
    "REFERENCE_ALPHABET",
    "Ticket",
    "TranscriptLine",
    "close_ticket",
    "create_ticket",
    "get_ticket",
    "list_tickets",
    "new_reference",
    "normalize_reference",
    "record_event",
    "record_feedback",
]

REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base 32: no I, L, O or U, so codes survive being read out on the phone."""

Role = Literal["user", "bot"]
EventKind = Literal["message", "answer", "suggest", "none", "handoff", "feedback", "smalltalk"]


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


def new_reference() -> str:
    """A random code like ``NK-7F3KQ9`` (about a billion possibilities)."""
    return "NK-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


_REFERENCE_NOISE = re.compile(r"[\s_\-\u2010-\u2015\u2212\u30fc\uff70]")
"""Spaces, underscores and the dashes people type between ``NK`` and the code (after NFKC, so full-width ones too)."""
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalize_reference(text: str, *, partial: bool = False) -> str | None:
    """A reference as staff type it (or a resident reads it out) in its stored form, ``NK-7F3KQ9``.

    Full-width characters (NFKC), case, spaces, underscores and dashes (``-``, ``‐``, ``−``, ``ー``
    …) are ignored, the ``NK`` prefix is optional, and O, I and L read as 0, 1 and 1 (the
    alphabet has none of them): ``nk 7f3kq9``, ``７Ｆ３ＫＱ９`` and ``NK－7F3KQ9`` all give ``NK-7F3KQ9``.

    Args:
        text: What was typed.
        partial: Also accept part of a reference, as typed into a search box: 1 to 6 code
            characters (the result is then ``NK-`` and those characters).

    Returns:
        The reference, or ``None`` if ``text`` cannot be one (or, with ``partial``, part of one).
    """
    code = _REFERENCE_NOISE.sub("", unicodedata.normalize("NFKC", text)).upper().translate(_LOOKALIKES)
    if code.startswith("NK") and (partial or len(code) == 8):
        code = code[2:]
    lengths = range(1, 7) if partial else (6,)
    if len(code) not in lengths or any(ch not in REFERENCE_ALPHABET for ch in code):
        return None
    return f"NK-{code}"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _clean(transcript: Sequence[TranscriptLine]) -> list[dict[str, str]]:
    return [{"role": line.role, "text": line.text} for line in transcript]


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

    Raises:
        DatabaseError: If it cannot be stored.
    """
    row = {
        "created_at": now or _now(),
        "session_id": session_id,
        "language": language,
        "topic": topic,
        "line_id": line_id,
        "status": "open",
        "transcript": _clean(transcript),
    }
    for _ in range(5):
        reference = new_reference()
        try:
            transaction(engine, lambda c, ref=reference: c.execute(insert(tickets).values(reference=ref, **row)))
            return reference
        except DatabaseError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
    raise DatabaseError("could not find a free reference code")


def _ticket(row: Row) -> Ticket:
    transcript = tuple(TranscriptLine(item["role"], item["text"]) for item in row.transcript)
    return Ticket(
        row.reference,
        row.created_at,
        row.session_id,
        row.language,
        row.topic,
        row.line_id,
        row.status,
        row.closed_at,
        transcript,
    )


def get_ticket(engine: Engine, reference: str) -> Ticket | None:
    """The ticket with ``reference`` (case-insensitive), if any."""
    query = select(tickets).where(tickets.c.reference == reference.strip().upper())
    row = transaction(engine, lambda c: c.execute(query).first())
    return _ticket(row) if row else None


def list_tickets(engine: Engine, *, status: str | None = None, limit: int = 100) -> list[Ticket]:
    """Newest tickets first, optionally only those with ``status``."""
    query = select(tickets).order_by(tickets.c.created_at.desc()).limit(limit)
    if status is not None:
        query = query.where(tickets.c.status == status)
    return [_ticket(row) for row in transaction(engine, lambda c: c.execute(query).all())]


def close_ticket(engine: Engine, reference: str, *, now: datetime | None = None) -> Ticket | None:
    """Mark a ticket closed; returns it, or None if there is no such ticket."""

    def work(connection: Connection) -> None:
        connection.execute(
            update(tickets)
            .where(tickets.c.reference == reference.strip().upper(), tickets.c.status == "open")
            .values(status="closed", closed_at=now or _now())
        )

    transaction(engine, work)
    return get_ticket(engine, reference)


def record_feedback(
    engine: Engine, *, session_id: str, faq_id: str, helpful: bool, language: str, now: datetime | None = None
) -> None:
    """Store one helpful / not-helpful vote for an answer."""
    values = {
        "created_at": now or _now(),
        "session_id": session_id,
        "faq_id": faq_id,
        "helpful": helpful,
        "language": language,
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
    """Store one conversation event for analytics (``text`` as prepared where the message entered: redacted)."""
    values = {
        "created_at": now or _now(),
        "session_id": session_id,
        "kind": kind,
        "language": language,
        "faq_id": faq_id,
        "topic": topic,
        "score": score,
        "text": text or None,
    }
    transaction(engine, lambda c: c.execute(insert(events).values(**values)))
