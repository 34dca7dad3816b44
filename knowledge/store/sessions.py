"""Console sessions: random ids handed out at login, stored only as a keyed hash, with an absolute expiry.

A session id is ``secrets.token_urlsafe(32)`` (256 random bits) and lives only in the staff
member's cookie; the table ``console_sessions`` keeps HMAC-SHA256(key, id), so a copy of the
database opens no console. The key is the admin token: changing ``NENKIN_ADMIN_TOKEN`` ends every
session at once. A session ends at its expiry (counted from the login, whatever the activity) or
when it is closed (logout). The table lives in the shared store, so every API replica honours a
login and a logout made on any of them. Expired rows are deleted whenever someone logs in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Connection, Engine

from knowledge.store.database import console_sessions, transaction

__all__ = ["MAX_SESSION_ID_LENGTH", "close_session", "open_session", "purge_sessions", "session_is_open"]

MAX_SESSION_ID_LENGTH = 128
"""Longer cookie values are not ours (ours are 43 characters) and are refused without hashing."""


def _utc(moment: datetime) -> datetime:
    """``moment`` in UTC (a zone-less one is taken as UTC, as SQLite returns them)."""
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _digest(session_id: str, key: str) -> str:
    return hmac.new(key.encode(), session_id.encode("utf-8", "replace"), hashlib.sha256).hexdigest()


def _usable(session_id: str | None, key: str) -> bool:
    return bool(session_id) and bool(key) and len(session_id or "") <= MAX_SESSION_ID_LENGTH


def open_session(engine: Engine, *, key: str, lifetime: timedelta, now: datetime) -> str:
    """Start a session and return its id (for the cookie); also delete every expired one.

    Args:
        engine: The store.
        key: The secret the stored hash is keyed with (the admin token).
        lifetime: How long the session lasts from ``now``.
        now: The current time.

    Raises:
        ValueError: If ``key`` is empty or ``lifetime`` is not positive.
        DatabaseError: If the database cannot be written.
    """
    if not key:
        raise ValueError("a console session needs a non-empty key (the admin token)")
    if lifetime <= timedelta(0):
        raise ValueError(f"a console session must last a positive time, got {lifetime}")
    session_id = secrets.token_urlsafe(32)
    start = _utc(now)
    row = {"id_hash": _digest(session_id, key), "created_at": start, "expires_at": start + lifetime}

    def work(connection: Connection) -> None:
        connection.execute(delete(console_sessions).where(console_sessions.c.expires_at <= start))
        connection.execute(insert(console_sessions).values(**row))

    transaction(engine, work)
    return session_id


def session_is_open(engine: Engine, session_id: str | None, *, key: str, now: datetime) -> bool:
    """Whether ``session_id`` names a session that was opened with ``key`` and has neither expired nor closed.

    Raises:
        DatabaseError: If the database cannot be read.
    """
    if not _usable(session_id, key):
        return False
    query = select(console_sessions.c.expires_at).where(console_sessions.c.id_hash == _digest(session_id or "", key))
    expires = transaction(engine, lambda connection: connection.execute(query).scalar_one_or_none())
    return expires is not None and _utc(expires) > _utc(now)


def close_session(engine: Engine, session_id: str | None, *, key: str) -> bool:
    """End a session (logout); ``False`` if there was none by that id.

    Raises:
        DatabaseError: If the database cannot be written.
    """
    if not _usable(session_id, key):
        return False
    statement = delete(console_sessions).where(console_sessions.c.id_hash == _digest(session_id or "", key))
    return transaction(engine, lambda connection: connection.execute(statement).rowcount) > 0


def purge_sessions(engine: Engine, *, now: datetime) -> int:
    """Delete expired sessions; returns how many.

    Raises:
        DatabaseError: If the database cannot be written.
    """
    statement = delete(console_sessions).where(console_sessions.c.expires_at <= _utc(now))
    return transaction(engine, lambda connection: connection.execute(statement).rowcount)
