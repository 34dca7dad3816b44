"""Rasa's speed-ups: the cached action-response validator and the pooled WAL SQLite tracker store."""

from __future__ import annotations

import sqlite3

import pytest

from bot.speedups import install_rasa_speedups, open_tracker_sqlite

VALID_RESPONSE = {
    "events": [{"event": "slot", "name": "language", "value": "ja", "timestamp": None}],
    "responses": [{"text": "こんにちは", "buttons": [{"title": "はい", "payload": "/affirm"}]}, {"custom": {}}],
}


def test_tracker_connections_use_wal_without_a_sync_per_commit(tmp_path):
    connection = open_tracker_sqlite(str(tmp_path / "tracker.db"))
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    finally:
        connection.close()


@pytest.fixture
def speedups(monkeypatch):
    """Install the speed-ups in this process and undo them afterwards."""
    from rasa.core import tracker_store
    from rasa.core.actions.action import RemoteAction

    monkeypatch.setattr(RemoteAction, "_validate_action_result", RemoteAction._validate_action_result)
    monkeypatch.setattr(tracker_store, "create_engine_kwargs", tracker_store.create_engine_kwargs)
    return install_rasa_speedups()


def test_speedups_are_installed_once(speedups):
    from rasa.core import tracker_store
    from rasa.core.actions.action import RemoteAction

    assert speedups == ["action-response-validator", "sqlite-tracker-store"]
    validate, engine_kwargs = RemoteAction._validate_action_result, tracker_store.create_engine_kwargs
    assert install_rasa_speedups() == speedups
    assert RemoteAction._validate_action_result is validate
    assert tracker_store.create_engine_kwargs is engine_kwargs


def test_action_responses_are_still_validated_with_rasas_message(speedups):
    from jsonschema import ValidationError
    from rasa.core.actions.action import RemoteAction

    action = RemoteAction("action_answer_faq", None)
    assert action._validate_action_result(VALID_RESPONSE) is True
    broken = {"events": [{"event": "slot", "name": 3}], "responses": []}
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(broken)
    with pytest.raises(ValidationError):
        action._validate_action_result({"events": "not a list"})


def test_sqlite_tracker_store_pools_wal_connections_and_keeps_conversations(speedups, tmp_path):
    import asyncio

    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker
    from sqlalchemy.pool import QueuePool

    domain = Domain.from_yaml(
        "version: '3.1'\nintents: [greet]\nslots:\n  language:\n    type: text\n    mappings: [{type: custom}]\n"
    )
    path = tmp_path / "tracker.db"
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(path))
    assert isinstance(store.engine.pool, QueuePool)

    tracker = DialogueStateTracker("s1", domain.slots)
    tracker.update(UserUttered("こんにちは", {"name": "greet", "confidence": 1.0}))
    tracker.update(ActionExecuted("action_greet"))
    tracker.update(SlotSet("language", "ja"))
    asyncio.run(store.save(tracker))
    tracker.update(UserUttered("ありがとう", {"name": "greet", "confidence": 1.0}))
    asyncio.run(store.save(tracker))

    again = asyncio.run(store.retrieve("s1"))
    assert [event.as_dict()["event"] for event in again.events] == ["user", "action", "slot", "user"]
    assert again.get_slot("language") == "ja"
    with sqlite3.connect(path) as reader:  # another process (retention purge) sees the committed events
        assert reader.execute("SELECT COUNT(*) FROM events WHERE sender_id = 's1'").fetchone()[0] == 4
        assert reader.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_other_databases_keep_rasas_engine_settings(speedups):
    from rasa.core import tracker_store

    assert tracker_store.create_engine_kwargs("sqlite:///:memory:") == {}
    assert "creator" not in tracker_store.create_engine_kwargs("postgresql://rasa@db/rasa")
