from actions.settings import ActionSettings


def test_the_action_server_reads_retrieval_and_storage_only(monkeypatch, tmp_path):
    monkeypatch.setenv("NENKIN_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("NENKIN_MAX_SUGGESTIONS", "4")
    settings = ActionSettings()
    assert settings.database_url == f"sqlite:///{tmp_path}/x.db"
    assert settings.max_suggestions == 4
    assert not hasattr(settings, "admin_token") and not hasattr(settings, "cors_origins")
