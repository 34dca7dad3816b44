from bot.settings import BotSettings
from knowledge.settings import PROJECT_ROOT


def test_ports_and_tracker_store_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("NENKIN_RASA_PORT", "6005")
    monkeypatch.setenv("NENKIN_ACTIONS_PORT", "6055")
    monkeypatch.setenv("NENKIN_TRACKER_DB", "var/other.db")
    settings = BotSettings()
    assert (settings.rasa_port, settings.actions_port) == (6005, 6055)
    assert settings.tracker_db == PROJECT_ROOT / "var" / "other.db"


def test_rasa_and_the_action_server_listen_on_loopback_unless_told_otherwise(monkeypatch):
    assert (BotSettings().rasa_host, BotSettings().actions_host) == ("127.0.0.1", "127.0.0.1")
    monkeypatch.setenv("NENKIN_ACTIONS_HOST", "0.0.0.0")
    assert BotSettings().actions_host == "0.0.0.0"
