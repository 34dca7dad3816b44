"""Engine creation, schema and retrying transactions."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    inspect,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import QueuePool
from sqlalchemy.schema import CreateIndex

__all__ = [
    "DatabaseError",
    "apply_sqlite_pragmas",
    "connect",
    "console_sessions",
    "events",
    "feedback",
    "metadata",
    "tickets",
    "transaction",
]

log = logging.getLogger(__name__)
T = TypeVar("T")

metadata = MetaData()

tickets = Table(
    "handoff_tickets",
    metadata,
    Column("reference", String(16), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("session_id", String(64), nullable=False, index=True),
    Column("language", String(8), nullable=False),
    Column("topic", String(64)),
    Column("line_id", String(64), nullable=False),
    Column("status", String(16), nullable=False, default="open"),
    Column("closed_at", DateTime(timezone=True)),
    Column("transcript", JSON, nullable=False),
    # The console's queue: filter, count and page newest first (created_at, then reference) in the index.
    Index("ix_handoff_tickets_status_created", "status", "created_at", "reference"),
    Index("ix_handoff_tickets_language_created", "language", "created_at", "reference"),
    Index("ix_handoff_tickets_topic_created", "topic", "created_at", "reference"),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("session_id", String(64), nullable=False, index=True),
    Column("faq_id", String(80), nullable=False, index=True),
    Column("helpful", Boolean, nullable=False),
    Column("language", String(8), nullable=False),
)

events = Table(
    "conversation_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created_at", DateTime(timezone=True), nullable=False, index=True),
    Column("session_id", String(64), nullable=False, index=True),
    Column("kind", String(16), nullable=False),
    Column("language", String(8), nullable=False),
    Column("faq_id", String(80)),
    Column("topic", String(64)),
    Column("score", Float),
    Column("text", Text),
    # Analytics scan by period and kind; these keep a 90-day dashboard fast on millions of events.
    Index("ix_conversation_events_kind_created", "kind", "created_at"),
    Index("ix_conversation_events_created_kind_session", "created_at", "kind", "session_id", "language"),
)


console_sessions = Table(
    "console_sessions",
    metadata,
    # A keyed hash of the cookie's random id (knowledge.store.sessions): the id itself is never stored.
    Column("id_hash", String(64), primary_key=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)


class DatabaseError(RuntimeError):
    """The database cannot be used (read-only, disk full, unreachable); the message says what to do."""


def apply_sqlite_pragmas(dbapi_connection: Any) -> None:
    """WAL journal, 5 s busy timeout and ``synchronous=NORMAL`` on a DB-API SQLite connection.

    Shared with Rasa's tracker store (``bot/serve.py``): a commit survives a crash of any process.
    """
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    apply_sqlite_pragmas(dbapi_connection)


def connect(url: str) -> Engine:
    """Create an engine and the tables if missing.

    SQLite files get WAL mode and a busy timeout, and their folder is created.

    Args:
        url: A SQLAlchemy URL, e.g. ``sqlite:///var/nenkin.db`` or ``postgresql://…``.

    Raises:
        DatabaseError: If the database cannot be opened or written.
    """
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        folder = Path(url.removeprefix("sqlite:///")).parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"cannot open the database {url!r}: cannot create {folder}: {exc}") from exc
    options: dict[str, Any] = {}
    if url.startswith("sqlite:///") and url != "sqlite:///:memory:":
        # Keep file connections open (SQLAlchemy 1.4 opens one per use): ~0.4 ms per write instead of ~2.4 ms.
        options = {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
    engine = create_engine(url, future=True, pool_pre_ping=True, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        metadata.create_all(engine)
        _add_missing_indexes(engine)
    except OperationalError as exc:
        raise DatabaseError(f"cannot open the database {engine.url!r}: {exc.orig}") from exc
    return engine


def _add_missing_indexes(engine: Engine) -> None:
    """Create indexes added to tables that already existed (``create_all`` only makes missing tables).

    ``IF NOT EXISTS`` (SQLite and PostgreSQL) keeps two processes starting at once from clashing.
    """
    inspector = inspect(engine)
    for table in metadata.sorted_tables:
        present = {index["name"] for index in inspector.get_indexes(table.name)}
        missing = [index for index in table.indexes if index.name not in present]
        if missing:
            with engine.begin() as connection:
                for index in missing:
                    connection.execute(CreateIndex(index, if_not_exists=True))


def transaction(engine: Engine, work: Callable[[Connection], T], *, attempts: int = 5, delay: float = 0.05) -> T:
    """Run ``work`` in a transaction, retrying while the database is locked or busy.

    Args:
        engine: The database.
        work: Does the reads/writes with the given connection.
        attempts: How many tries before giving up.
        delay: First back-off in seconds (doubles each retry).

    Raises:
        DatabaseError: If it still fails (the last error is chained).
    """
    for attempt in range(1, attempts + 1):
        try:
            with engine.begin() as connection:
                return work(connection)
        except OperationalError as exc:
            message = str(exc.orig).lower()
            transient = "locked" in message or "busy" in message
            if not transient or attempt == attempts:
                raise DatabaseError(f"database write failed: {exc.orig}") from exc
            log.warning("database busy (attempt %d/%d): %s", attempt, attempts, exc.orig)
            time.sleep(delay * 2 ** (attempt - 1))
    raise AssertionError("unreachable")
