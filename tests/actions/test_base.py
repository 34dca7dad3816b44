"""The shared shape of every action: language, personal-data notice, one payload per turn, database errors.

Exercised through a real action (``ActionYouAreWelcome``): a test subclass of ``Action`` would be
registered by the SDK's executor for the whole test session.
"""

from actions.smalltalk import ActionYouAreWelcome
from knowledge.store.database import DatabaseError
from tests.actions.conftest import payloads, run, slots, tracker


def texts(messages):
    return [m["text"] for m in messages if m.get("text")]


def test_every_turn_carries_one_payload_in_the_reply_language(services):
    messages, events = run(ActionYouAreWelcome(), tracker("cảm ơn bạn"))
    assert texts(messages) == ["vi:you_are_welcome"]
    assert payloads(messages) == [{"language": "vi", "answer": None, "suggestions": [], "handoff": None}]
    assert slots(events)["language"] == "vi"


def test_masked_personal_data_is_pointed_out_before_the_reply(services):
    messages, _ = run(ActionYouAreWelcome(), tracker("thanks, my phone is 090-1234-5678"))
    assert texts(messages) == ["en:personal_data_notice", "en:you_are_welcome"]
    clean, _ = run(ActionYouAreWelcome(), tracker("thank you"))
    assert "en:personal_data_notice" not in texts(clean)


def test_a_database_error_gives_the_error_message_with_the_phone_number(services, monkeypatch):
    def broken(self, dispatcher, tracker, services, language):
        raise DatabaseError("database is locked")

    monkeypatch.setattr(ActionYouAreWelcome, "respond", broken)
    messages, events = run(ActionYouAreWelcome(), tracker("こんにちは"))
    assert texts(messages) == ["ja:error 0570-00-0000"]
    assert len(payloads(messages)) == 1
    assert slots(events) == {"language": "ja"}
