from datetime import datetime, timezone

from actions.feedback import ActionAffirmDeny
from actions.handoff import ActionHandoff
from knowledge.store.records import get_ticket
from knowledge.text.incoming import prepare_incoming
from tests.actions.conftest import payloads, run, slots, tracker

HISTORY = [  # as stored: the web API redacted the message where it entered
    {"event": "user", "text": prepare_incoming("免除について。年金番号は1234-567890です").text},
    {"event": "bot", "text": "ja:ask_rephrase"},
]


def test_handoff_creates_a_redacted_ticket_and_says_where_to_call(services):
    messages, events = run(
        ActionHandoff(),
        tracker(
            "担当者と話したい", "request_human", events=HISTORY, slots={"last_topic": "exemption", "language": "ja"}
        ),
    )
    (payload,) = payloads(messages)
    handoff = payload["handoff"]
    assert handoff["phone"] == "0570-00-0000" and handoff["hours"] == "平日"
    assert handoff["open_now"] is True and handoff["interpreter"] is False
    text = messages[0]["text"]
    assert "ja:handoff" in text and "ja:handoff_open_now" in text and "ja:handoff_alt_phone" in text
    assert f"ja:handoff_reference {handoff['reference']}" in text
    ticket = get_ticket(services.engine, handoff["reference"])
    assert ticket.topic == "exemption" and ticket.line_id == "main_line" and ticket.language == "ja"
    stored = " ".join(line.text for line in ticket.transcript)
    assert "1234-567890" not in stored and "[PENSION_NUMBER]" in stored and "担当者と話したい" in stored
    assert slots(events)["handoff_offered"] is False


def test_closed_line_gives_next_opening_and_interpreter_for_foreign_languages(services):
    services.clock = lambda: datetime(2026, 12, 5, 3, 0, tzinfo=timezone.utc)  # first Saturday, closed
    messages, _ = run(ActionHandoff(), tracker("talk to a person please", "request_human", slots={"language": "en"}))
    handoff = payloads(messages)[0]["handoff"]
    assert handoff["open_now"] is False and handoff["interpreter"] is True and handoff["hours"] == "weekdays"
    assert "en:handoff_closed_now Mon 2026-12-07 08:30" in messages[0]["text"]
    assert "en:interpreter" in messages[0]["text"]


def test_typed_yes_after_an_offer_hands_off(services):
    messages, _ = run(ActionAffirmDeny(), tracker("はい", "affirm", slots={"handoff_offered": True}))
    assert payloads(messages)[0]["handoff"]["reference"].startswith("NK-")


def test_database_failure_still_gives_the_phone_number(services, monkeypatch):
    from knowledge.store.database import DatabaseError

    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr("actions.handoff.create_ticket", broken)
    messages, _ = run(ActionHandoff(), tracker("担当者と話したい", "request_human"))
    assert [m["text"] for m in messages if m.get("text")] == ["ja:error 0570-00-0000"]
    assert messages[-1]["custom"]["handoff"] is None  # the turn still has its payload, without a ticket


def test_the_answered_entrys_handoff_line_wins_over_the_topic(services):
    answered = {"last_faq_id": "nenkin-net-register", "last_topic": "exemption", "language": "ja"}
    messages, _ = run(ActionHandoff(), tracker("担当者と話したい", "request_human", slots=answered))
    (payload,) = payloads(messages)
    assert payload["handoff"]["phone"] == "0570-11-1111"
    ticket = get_ticket(services.engine, payload["handoff"]["reference"])
    assert ticket.line_id == "net_line"


def test_an_entry_removed_by_a_reload_falls_back_to_the_topic_line(services):
    gone = {"last_faq_id": "no-such-entry", "last_topic": "exemption", "language": "ja"}
    messages, _ = run(ActionHandoff(), tracker("担当者と話したい", "request_human", slots=gone))
    assert payloads(messages)[0]["handoff"]["phone"] == "0570-00-0000"
