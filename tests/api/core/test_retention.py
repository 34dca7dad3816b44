"""The API's retention housekeeping."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from api.core.retention import purge_once
from knowledge.store.database import events
from knowledge.store.records import record_event


def test_purge_once_deletes_expired_events_and_survives_a_missing_tracker_store(client, api_engine):
    state = client.app.state.nenkin
    now = state.clock()
    record_event(api_engine, session_id="old", kind="message", language="ja", now=now - timedelta(days=365))
    record_event(api_engine, session_id="new", kind="message", language="ja", now=now)

    assert purge_once(state) == 1
    with api_engine.connect() as connection:
        assert connection.execute(select(events.c.session_id)).scalars().all() == ["new"]
        assert connection.execute(select(func.count()).select_from(events)).scalar_one() == 1


def test_the_app_purges_at_start(api_settings, fake_rasa, api_engine):
    import time
    from datetime import datetime, timezone

    from fastapi.testclient import TestClient

    from api.main import create_app

    long_ago = datetime.now(timezone.utc) - timedelta(days=365)
    record_event(api_engine, session_id="old", kind="message", language="ja", now=long_ago)
    with TestClient(create_app(api_settings, backend=fake_rasa, engine=api_engine)):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with api_engine.connect() as connection:
                if connection.execute(select(func.count()).select_from(events)).scalar_one() == 0:
                    break
            time.sleep(0.05)
    with api_engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(events)).scalar_one() == 0
