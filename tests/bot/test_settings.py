from bot.settings import BotSettings
from knowledge.settings import PROJECT_ROOT


def test_ports_and_tracker_store_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("NENKIN_RASA_PORT", "6005")
    monkeypatch.setenv("NENKIN_ACTIONS_PORT", "6055")
    monkeypatch.setenv("NENKIN_TRACKER_DB", "var/other.db")
    settings = BotSettings()
    assert (settings.rasa_port, settings.actions_port) == (6005, 6055)
    assert settings.tracker_db == PROJECT_ROOT / "var" / "other.db"
