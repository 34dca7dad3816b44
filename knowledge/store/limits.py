"""What the store accepts: the shape of every id and the size of every text it keeps.

The store is the last line before data lands on disk, whoever calls it (the actions,
the web API, a script). Ids that do not fit are refused with a ``ValueError`` naming
the field and the bad value (shortened); texts that are too long are cut with
:data:`TRUNCATED` instead, so a long conversation still gets its ticket.

Whether an id is *known* (an FAQ entry or topic of the loaded knowledge) is for the
caller to check: the store does not load the knowledge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Protocol

from knowledge.languages import LANGUAGES, is_language

__all__ = [
    "MAX_EVENT_TEXT",
    "MAX_FAQ_ID",
    "MAX_LINE_ID",
    "MAX_SESSION_ID",
    "MAX_TOPIC",
    "MAX_TRANSCRIPT_CHARS",
    "MAX_TRANSCRIPT_LINE",
    "MAX_TRANSCRIPT_LINES",
    "ROLES",
    "TRUNCATED",
    "bounded_text",
    "bounded_transcript",
    "checked_identifier",
    "checked_language",
    "checked_session_id",
    "is_session_id",
]

MAX_SESSION_ID = 64
"""Longest session id: the web API's and the Rasa channel's ``[A-Za-z0-9_-]{1,64}``."""
MAX_FAQ_ID = 80
"""Longest FAQ entry id (the knowledge validator's limit)."""
MAX_TOPIC = 64
MAX_LINE_ID = 64
MAX_EVENT_TEXT = 2000
"""Longest event text kept (a chat message is at most 1,000 characters before masking)."""
MAX_TRANSCRIPT_LINE = 2000
MAX_TRANSCRIPT_LINES = 40
MAX_TRANSCRIPT_CHARS = 40_000
"""Characters of all transcript lines together."""
TRUNCATED = "[…]"
"""Ends a line that was cut, and starts the first line of a transcript whose earlier lines were left out."""
ROLES = ("user", "bot")

_SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9_-]*")
_SHOWN = 40


class Line(Protocol):
    """A transcript line as callers hand it in (:class:`knowledge.store.records.TranscriptLine`)."""

    role: str
    text: str


def _shown(value: object) -> str:
    """``value`` for an error message: its repr, cut to a few dozen characters, with its length if long."""
    if isinstance(value, str) and len(value) > _SHOWN:
        return f"{value[:_SHOWN]!r}… ({len(value):,} characters)"
    return repr(value)


def is_session_id(value: object) -> bool:
    """Whether ``value`` is a session id the store accepts (1–64 of ``[A-Za-z0-9_-]``)."""
    return isinstance(value, str) and _SESSION_ID.fullmatch(value) is not None


def checked_session_id(value: object) -> str:
    """``value`` if it is a session id, else ``ValueError``."""
    if not is_session_id(value):
        raise ValueError(f"session_id: expected 1–{MAX_SESSION_ID} of [A-Za-z0-9_-], got {_shown(value)}")
    return value  # type: ignore[return-value]


def checked_language(value: object) -> str:
    """``value`` if it is one of :data:`knowledge.languages.LANGUAGES`, else ``ValueError``."""
    if not is_language(value):
        raise ValueError(f"language: expected one of {' '.join(LANGUAGES)}, got {_shown(value)}")
    return value


def checked_identifier(field: str, value: object, max_length: int, *, optional: bool = False) -> str | None:
    """``value`` if it has the shape of a knowledge id (lowercase letters, digits, ``-``, ``_``).

    Args:
        field: The field's name, for the error message.
        value: The value to check.
        max_length: Its longest allowed length.
        optional: Whether ``None`` is accepted.

    Raises:
        ValueError: If ``value`` is not such an id (or ``None`` when ``optional``).
    """
    if value is None and optional:
        return None
    if not isinstance(value, str) or len(value) > max_length or not _IDENTIFIER.fullmatch(value):
        expected = f"1–{max_length} lowercase letters, digits, '-' or '_'" + (" or None" if optional else "")
        raise ValueError(f"{field}: expected {expected}, got {_shown(value)}")
    return value


def bounded_text(field: str, value: object, limit: int) -> str:
    """``value`` storable on every database, cut to ``limit`` characters with :data:`TRUNCATED` if longer.

    NUL characters (refused by PostgreSQL text) are dropped and lone surrogates (not UTF-8)
    become ``?``.

    Raises:
        ValueError: If ``value`` is not text.
    """
    if not isinstance(value, str):
        raise ValueError(f"{field}: expected text, got {type(value).__name__} {_shown(value)}")
    text = value.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")
    return text if len(text) <= limit else text[: limit - len(TRUNCATED)] + TRUNCATED


def bounded_transcript(lines: Sequence[Line]) -> list[dict[str, str]]:
    """The transcript as stored: its last lines, each cut to :data:`MAX_TRANSCRIPT_LINE` characters.

    At most :data:`MAX_TRANSCRIPT_LINES` lines and :data:`MAX_TRANSCRIPT_CHARS` characters are
    kept; when earlier lines are left out, the first kept line starts with :data:`TRUNCATED`.

    Raises:
        ValueError: If a line's role is not ``user`` or ``bot``, or its text is not text.
    """
    rows = []
    for number, line in enumerate(lines):
        if line.role not in ROLES:
            raise ValueError(f"transcript[{number}].role: expected 'user' or 'bot', got {_shown(line.role)}")
        text = bounded_text(f"transcript[{number}].text", line.text, MAX_TRANSCRIPT_LINE)
        rows.append({"role": line.role, "text": text})
    if len(rows) <= MAX_TRANSCRIPT_LINES and _length(rows) <= MAX_TRANSCRIPT_CHARS:
        return rows
    kept = rows[-MAX_TRANSCRIPT_LINES:]
    marker = f"{TRUNCATED} "
    while len(kept) > 1 and _length(kept) > MAX_TRANSCRIPT_CHARS - len(marker):  # room for the marker
        kept = kept[1:]
    first = kept[0]
    kept[0] = {"role": first["role"], "text": bounded_text("transcript", marker + first["text"], MAX_TRANSCRIPT_LINE)}
    return kept


def _length(rows: list[dict[str, str]]) -> int:
    return sum(len(row["text"]) for row in rows)
