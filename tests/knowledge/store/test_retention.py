"""Retention purges of our store and of Rasa's tracker store."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import Column, Float, Integer, MetaData, String, Table, create_engine, func, insert, select

from knowledge.store.database import connect, events, feedback, tickets
from knowledge.store.records import TranscriptLine, close_ticket, create_ticket, record_event, record_feedback
from knowledge.store.retention import purge_store, purge_tracker_store

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


def _count(engine, table):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_old_rows_go_and_recent_rows_and_open_tickets_stay(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    old, recent = NOW - timedelta(days=91), NOW - timedelta(days=89)
    for when in (old, recent):
        record_event(engine, session_id="s", kind="message", language="ja", text="免除", now=when)
        record_feedback(engine, session_id="s", faq_id="f", helpful=True, language="ja", now=when)
    line = [TranscriptLine("user", "相談")]
    args = {"session_id": "s", "language": "ja", "topic": None, "line_id": "nenkin_dial", "transcript": line}
    closed_old = create_ticket(engine, now=old, **args)
    close_ticket(engine, closed_old, now=old)
    open_old = create_ticket(engine, now=old, **args)
    create_ticket(engine, now=recent, **args)

    report = purge_store(engine, days=90, now=NOW)

    assert report.deleted == {"conversation_events": 1, "feedback": 1, "handoff_tickets": 1}
    assert report.total == 3
    assert _count(engine, events) == _count(engine, feedback) == 1
    with engine.connect() as connection:
        kept = set(connection.execute(select(tickets.c.reference)).scalars())
    assert open_old in kept and closed_old not in kept and len(kept) == 2


def test_tracker_store_events_are_purged_by_timestamp(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'tracker.db'}", future=True)
    table = Table(
        "events", MetaData(),
        Column("id", Integer, primary_key=True), Column("sender_id", String(255)),
        Column("type_name", String(255)), Column("timestamp", Float), Column("data", String),
    )  # fmt: skip
    table.metadata.create_all(engine)
    with engine.begin() as connection:
        for days in (100, 10):
            stamp = (NOW - timedelta(days=days)).timestamp()
            connection.execute(insert(table).values(sender_id="s", type_name="user", timestamp=stamp, data="{}"))

    assert purge_tracker_store(engine, days=30, now=NOW).deleted == {"events": 1}
    assert _count(engine, table) == 1


def test_tracker_store_without_rasa_tables_is_left_alone(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}", future=True)
    assert purge_tracker_store(engine, days=30, now=NOW).total == 0


def test_retention_below_one_day_is_refused(tmp_path):
    engine = connect(f"sqlite:///{tmp_path / 'db.sqlite'}")
    with pytest.raises(ValueError, match="at least 1 day"):
        purge_store(engine, days=0, now=NOW)
