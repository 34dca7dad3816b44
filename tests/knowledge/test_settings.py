import pytest
from pydantic import ValidationError

from knowledge.settings import PROJECT_ROOT, KnowledgeSettings, RetrievalSettings, StorageSettings


def test_defaults_resolve_against_the_project_root(monkeypatch):
    for name in ("NENKIN_KNOWLEDGE_DIR", "NENKIN_INDEX_DIR", "NENKIN_EMBEDDING_MODEL", "NENKIN_DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = KnowledgeSettings()
    assert settings.knowledge_dir == PROJECT_ROOT / "knowledge"
    assert settings.index_dir == PROJECT_ROOT / "var" / "index"
    assert settings.resolved_embedding_model() == str(PROJECT_ROOT / "models" / "multilingual-e5-small")
    storage = StorageSettings()
    assert storage.database_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'nenkin.db'}"
    assert storage.tracker_db == PROJECT_ROOT / "var" / "rasa_tracker.db"


def test_environment_overrides(monkeypatch, tmp_path):
    monkeypatch.setenv("NENKIN_INDEX_DIR", str(tmp_path))
    monkeypatch.setenv("NENKIN_ANSWER_THRESHOLD", "0.95")
    monkeypatch.setenv("NENKIN_EMBEDDING_MODEL", "intfloat/multilingual-e5-small")
    settings = RetrievalSettings()
    assert settings.index_dir == tmp_path
    assert settings.answer_threshold == 0.95
    assert settings.resolved_embedding_model() == "intfloat/multilingual-e5-small"


def test_relative_override_is_project_relative(monkeypatch):
    monkeypatch.setenv("NENKIN_KNOWLEDGE_DIR", "tests/data/knowledge")
    assert KnowledgeSettings().knowledge_dir == PROJECT_ROOT / "tests" / "data" / "knowledge"


def test_suggest_threshold_cannot_exceed_answer():
    with pytest.raises(ValidationError, match="must not exceed answer_threshold"):
        RetrievalSettings(answer_threshold=0.8, suggest_threshold=0.9)


def test_threshold_range_is_checked(monkeypatch):
    monkeypatch.setenv("NENKIN_ANSWER_THRESHOLD", "1.5")
    with pytest.raises(ValidationError, match="answer_threshold"):
        RetrievalSettings()


def test_database_urls(monkeypatch):
    monkeypatch.setenv("NENKIN_DATABASE_URL", "postgresql://u:p@localhost/nenkin")
    assert StorageSettings().database_url == "postgresql://u:p@localhost/nenkin"
    monkeypatch.setenv("NENKIN_DATABASE_URL", "sqlite:////abs/path.db")
    assert StorageSettings().database_url == "sqlite:////abs/path.db"


def test_a_section_reads_only_its_own_variables(monkeypatch):
    monkeypatch.setenv("NENKIN_ADMIN_TOKEN", "x" * 40)
    monkeypatch.setenv("NENKIN_ANSWER_THRESHOLD", "not a number")  # not read by the storage section
    assert not hasattr(StorageSettings(), "admin_token")
    assert not hasattr(StorageSettings(), "answer_threshold")
