"""Rasa speed-ups: make the Rasa server cheaper per message without changing what it answers.

``python -m bot.serve rasa …`` installs them before Rasa starts (see
``docs/performance.md``, "Load"):

1. Rasa validates every action-server response with ``jsonschema.validate``,
   which first checks the schema itself against the JSON-Schema metaschema —
   about 20 ms of CPU per message, nearly half of Rasa's time. The validator
   is built once here; a response that fails still goes through Rasa's own
   check, so errors read exactly as before.
2. The SQLite tracker store opened a new connection per read and write, in
   rollback-journal mode with a full sync on every commit, blocking Rasa's
   event loop. Its engine now keeps pooled connections in WAL mode with
   ``synchronous=NORMAL`` (a commit survives a crash of any process; only
   a power cut can lose the last moments). Other databases are unchanged.
"""

from __future__ import annotations

import logging
import sqlite3
from functools import partial
from typing import Any

__all__ = ["install_rasa_speedups", "open_tracker_sqlite"]

log = logging.getLogger(__name__)


def install_rasa_speedups() -> list[str]:
    """Install the speed-ups of this module into the running Rasa.

    Idempotent; a speed-up whose Rasa internals are missing (another Rasa
    version) is skipped with a warning.

    Returns:
        The names of the speed-ups in force.
    """
    applied = []
    for name, install in (
        ("action-response-validator", _cache_action_response_validator),
        ("sqlite-tracker-store", _pool_sqlite_tracker_store),
    ):
        try:
            install()
        except (ImportError, AttributeError) as exc:
            log.warning("Rasa speed-up %s not installed: %s", name, exc)
            continue
        applied.append(name)
    return applied


def _cache_action_response_validator() -> None:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    checked = RemoteAction._validate_action_result
    if getattr(checked, "nenkin_speedup", False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        return validator.is_valid(result) or checked(self, result)

    validate_action_result.nenkin_speedup = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate_action_result


def open_tracker_sqlite(path: str) -> sqlite3.Connection:
    """A connection to the SQLite tracker store: WAL, ``synchronous=NORMAL``, 5 s busy timeout.

    ``check_same_thread`` is off because the pool may hand the connection to
    another thread; SQLite serializes access itself.
    """
    from knowledge.store.database import apply_sqlite_pragmas

    connection = sqlite3.connect(path, check_same_thread=False)
    apply_sqlite_pragmas(connection)
    return connection


def _pool_sqlite_tracker_store() -> None:
    from rasa.core import tracker_store
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import QueuePool

    original = tracker_store.create_engine_kwargs
    if getattr(original, "nenkin_speedup", False):
        return

    def create_engine_kwargs(url: Any) -> dict[str, Any]:
        kwargs = original(url)
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            kwargs.update(poolclass=QueuePool, creator=partial(open_tracker_sqlite, parsed.database))
        return kwargs

    create_engine_kwargs.nenkin_speedup = True  # type: ignore[attr-defined]
    tracker_store.create_engine_kwargs = create_engine_kwargs
