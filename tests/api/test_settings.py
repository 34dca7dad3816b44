import pytest
from pydantic import ValidationError

from api.settings import ApiSettings
from knowledge.settings import PROJECT_ROOT


def test_rasas_action_webhook_variable_does_not_move_the_health_check(monkeypatch):
    monkeypatch.setenv("NENKIN_ACTIONS_URL", "http://actions.internal:5055/webhook")
    monkeypatch.setenv("NENKIN_ACTIONS_PORT", "6055")
    assert ApiSettings().actions_base_url == "http://127.0.0.1:6055"
    monkeypatch.setenv("NENKIN_ACTION_SERVER_URL", "http://actions.internal:5055/")
    assert ApiSettings().actions_base_url == "http://actions.internal:5055"


def test_the_api_knows_where_the_knowledge_and_store_are_but_not_the_retrieval_tuning(monkeypatch):
    monkeypatch.setenv("NENKIN_RASA_PORT", "6005")
    settings = ApiSettings()
    assert settings.rasa_base_url == "http://127.0.0.1:6005"
    assert settings.knowledge_dir == PROJECT_ROOT / "knowledge"
    assert settings.var_dir == PROJECT_ROOT / "var"
    assert not hasattr(settings, "answer_threshold")


def test_console_sessions_last_one_shift_unless_configured(monkeypatch):
    assert ApiSettings().console_session_minutes == 480
    monkeypatch.setenv("NENKIN_CONSOLE_SESSION_MINUTES", "90")
    assert ApiSettings().console_session_minutes == 90
    for wrong in ("0", "20000", "soon"):
        monkeypatch.setenv("NENKIN_CONSOLE_SESSION_MINUTES", wrong)
        with pytest.raises(ValidationError, match="console_session_minutes"):
            ApiSettings()
