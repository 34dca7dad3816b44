"""``ApiState``: built from settings, the refusal bodies, the general line's number."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from api.core.rasa_client import RasaBackend
from api.state import ApiState
from knowledge.content.issues import KnowledgeError
from knowledge.store.database import connect

PHONE = "0570-05-1165"


def test_from_settings_connects_what_is_not_given(api_settings):
    state = ApiState.from_settings(api_settings)
    assert isinstance(state.backend, RasaBackend)
    assert state.backend.rasa_url == api_settings.rasa_base_url
    assert state.backend.actions_url == api_settings.actions_base_url
    assert str(state.engine.url) == api_settings.database_url
    assert state.knowledge.entries and "nenkin_dial" in state.knowledge.contact_lines
    assert state.chat_limiter.burst == api_settings.rate_limit_burst
    assert state.admin_guard.accepts(api_settings.admin_token)
    assert state.clock().tzinfo is timezone.utc
    assert state.reload_jobs.get("anything") is None


def test_from_settings_keeps_what_is_given(api_settings, fake_rasa, api_engine):
    moment = datetime(2026, 11, 30, tzinfo=timezone.utc)
    state = ApiState.from_settings(api_settings, backend=fake_rasa, engine=api_engine, clock=lambda: moment)
    assert state.backend is fake_rasa and state.engine is api_engine and state.clock() == moment


def test_each_state_has_its_own_reload_jobs(api_settings, fake_rasa):
    engine = connect(api_settings.database_url)
    first = ApiState.from_settings(api_settings, backend=fake_rasa, engine=engine)
    second = ApiState.from_settings(api_settings, backend=fake_rasa, engine=engine)
    assert first.reload_jobs is not second.reload_jobs


def test_refusal_is_in_the_residents_language_with_the_general_line(api_settings, fake_rasa, api_engine):
    state = ApiState.from_settings(api_settings, backend=fake_rasa, engine=api_engine)
    assert state.default_phone == PHONE
    body = state.refusal("rate_limited", "rate_limited", "en", seconds=7)
    assert body == {"error": "rate_limited", "message": body["message"], "language": "en", "phone": PHONE}
    assert "7 seconds" in body["message"] and PHONE in body["message"]
    japanese = state.refusal("too_large", "too_large", "ja", limit=16384)
    assert "16384" in japanese["message"] and "ねんきんダイヤル" in japanese["message"]


def test_knowledge_without_the_widgets_and_consoles_messages_is_refused(api_settings, knowledge_dir, fake_rasa):
    """The assistant's own test folder is valid knowledge, but the web API has more to say."""
    settings = api_settings.copy(update={"knowledge_dir": knowledge_dir})
    with pytest.raises(KnowledgeError) as refused:
        ApiState.from_settings(settings, backend=fake_rasa)
    fields = {issue.field for issue in refused.value.issues}
    assert {"ui_send", "language_name", "console_sign_in"} <= fields
    assert {issue.path.name for issue in refused.value.issues} == {"messages.yml"}
