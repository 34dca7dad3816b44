from dataclasses import replace
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from actions.feedback import ActionAffirmDeny
from actions.handoff import ActionHandoff
from knowledge.store.database import events, tickets
from knowledge.store.records import close_ticket, get_ticket
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

    monkeypatch.setattr("actions.handoff.ticket_for_handoff", broken)
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


def _count(services, table):
    with services.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def _ask_for_a_person(services, n, sender="s1"):
    services.clock = lambda: datetime(2026, 11, 30, 1, n, tzinfo=timezone.utc)
    said = [{"event": "user", "text": f"相談 {i}"} for i in range(n)]
    messages, _ = run(ActionHandoff(), tracker("担当者と話したい", "request_human", events=said, sender=sender))
    return messages[0]["text"], payloads(messages)[0]["handoff"]


def test_past_the_cap_the_reply_names_the_newest_open_ticket_and_still_gives_the_line(services):
    assert services.settings.max_handoffs_per_session == 3  # the default
    replies = [_ask_for_a_person(services, n) for n in range(1, 6)]
    references = [handoff["reference"] for _, handoff in replies]
    assert len(set(references[:3])) == 3 and references[3] == references[4] == references[2]
    assert _count(services, tickets) == 3
    for text, handoff in replies:  # the resident is never left without the number and hours
        assert "ja:handoff" in text and handoff["phone"] == "0570-00-0000" and handoff["hours"] == "平日"
        assert f"ja:handoff_reference {handoff['reference']}" in text
    newest = get_ticket(services.engine, references[2])
    assert "相談 4" in [line.text for line in newest.transcript]  # the operator sees the latest conversation
    assert _count(services, events) == 5  # each hand-off still counts in the analytics


def test_the_cap_counts_open_tickets_of_the_session_only(services):
    services.settings = services.settings.copy(update={"max_handoffs_per_session": 1})
    first = _ask_for_a_person(services, 1)[1]["reference"]
    assert _ask_for_a_person(services, 2)[1]["reference"] == first
    assert _ask_for_a_person(services, 3, sender="s2")[1]["reference"] != first  # another conversation
    close_ticket(services.engine, first)
    assert _ask_for_a_person(services, 4)[1]["reference"] != first  # an operator dealt with it: a new one


@pytest.mark.parametrize("topic", ["<b>html</b>", "no_such_topic", "x" * 500, 42])
def test_an_unknown_topic_slot_is_not_stored(services, topic):
    messages, _ = run(ActionHandoff(), tracker("担当者と話したい", "request_human", slots={"last_topic": topic}))
    handoff = payloads(messages)[0]["handoff"]
    assert handoff["phone"] == "0570-00-0000"  # the default line
    assert get_ticket(services.engine, handoff["reference"]).topic is None


def test_a_session_id_the_store_refuses_still_gives_the_phone_number(services):
    messages, _ = run(ActionHandoff(), tracker("担当者と話したい", "request_human", sender="not a session id\n"))
    text = messages[0]["text"]
    assert "ja:handoff" in text and "0570-00-0000" in text and "ja:handoff_reference" not in text
    assert payloads(messages)[0]["handoff"] is None and _count(services, tickets) == 0


def test_a_forged_long_transcript_is_bounded(services):
    flood = [{"event": "user", "text": "x" * 50_000}] * 100
    messages, _ = run(ActionHandoff(), tracker("担当者と話したい", "request_human", events=flood))
    ticket = get_ticket(services.engine, payloads(messages)[0]["handoff"]["reference"])
    assert len(ticket.transcript) <= 40 and sum(len(line.text) for line in ticket.transcript) <= 40_000
    assert ticket.transcript[-1].role == "bot"  # the hand-off lines themselves are kept


def test_an_entry_handled_by_an_office_names_the_office_before_the_phone_line(services):
    knowledge = services.knowledge
    services.knowledge = replace(
        knowledge,
        entries=tuple(
            replace(entry, handoff_line="local_office") if entry.id == "exemption-overview" else entry
            for entry in knowledge.entries
        ),
    )
    messages, _ = run(
        ActionHandoff(),
        tracker("担当者と話したい", "request_human", slots={"last_faq_id": "exemption-overview", "language": "ja"}),
    )
    first, *rest = messages[0]["text"].split("\n")
    assert first.startswith("ja:handoff_office ja:office_text 管轄の事務所")
    assert "https://www.nenkin.go.jp/offices.html" in first and "時間は事務所ごと" in first
    assert rest[0].startswith("ja:handoff ")  # then where to call, as for any hand-off
