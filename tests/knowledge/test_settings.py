import pytest
from pydantic import ValidationError

from knowledge.settings import PROJECT_ROOT, Settings


def test_defaults_resolve_against_the_project_root(monkeypatch):
    for name in ("NENKIN_KNOWLEDGE_DIR", "NENKIN_INDEX_DIR", "NENKIN_EMBEDDING_MODEL", "NENKIN_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = Settings()
    assert settings.knowledge_dir == PROJECT_ROOT / "knowledge"
    assert settings.faq_dir == PROJECT_ROOT / "knowledge" / "faq"
    assert settings.contacts_file == PROJECT_ROOT / "knowledge" / "contacts.yml"
    assert settings.index_dir == PROJECT_ROOT / "var" / "index"
    assert settings.resolved_embedding_model() == str(PROJECT_ROOT / "models" / "multilingual-e5-small")
    assert settings.database_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'nenkin.db'}"


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("NENKIN_INDEX_DIR", str(tmp_path))
    monkeypatch.setenv("NENKIN_ANSWER_THRESHOLD", "0.95")
    monkeypatch.setenv("NENKIN_EMBEDDING_MODEL", "intfloat/multilingual-e5-small")
    settings = Settings()
    assert settings.index_dir == tmp_path
    assert settings.answer_threshold == 0.95
    assert settings.resolved_embedding_model() == "intfloat/multilingual-e5-small"


def test_relative_override_is_project_relative(monkeypatch):
    monkeypatch.setenv("NENKIN_KNOWLEDGE_DIR", "tests/data/knowledge")
    assert Settings().knowledge_dir == PROJECT_ROOT / "tests" / "data" / "knowledge"


def test_suggest_threshold_cannot_exceed_answer():
    with pytest.raises(ValidationError, match="must not exceed answer_threshold"):
        Settings(answer_threshold=0.8, suggest_threshold=0.9)


def test_threshold_range_is_checked(monkeypatch):
    monkeypatch.setenv("NENKIN_ANSWER_THRESHOLD", "1.5")
    with pytest.raises(ValidationError, match="answer_threshold"):
        Settings()


def test_database_urls(monkeypatch):
    monkeypatch.setenv("NENKIN_DATABASE_URL", "postgresql://u:p@localhost/nenkin")
    assert Settings().database_url == "postgresql://u:p@localhost/nenkin"
    monkeypatch.setenv("NENKIN_DATABASE_URL", "sqlite:////abs/path.db")
    assert Settings().database_url == "sqlite:////abs/path.db"


def test_rasas_action_webhook_variable_does_not_move_the_health_check(monkeypatch):
    monkeypatch.setenv("NENKIN_ACTIONS_URL", "http://actions.internal:5055/webhook")
    monkeypatch.setenv("NENKIN_ACTIONS_PORT", "6055")
    assert Settings().actions_base_url == "http://127.0.0.1:6055"
    monkeypatch.setenv("NENKIN_ACTION_SERVER_URL", "http://actions.internal:5055/")
    assert Settings().actions_base_url == "http://actions.internal:5055"
