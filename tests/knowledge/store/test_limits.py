"""What the store accepts: ids are checked, texts bounded, taken references retried, hand-offs per session capped."""

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from knowledge.store import records
from knowledge.store.database import DatabaseError, connect, events, feedback, tickets
from knowledge.store.limits import (
    MAX_EVENT_TEXT,
    MAX_TRANSCRIPT_CHARS,
    MAX_TRANSCRIPT_LINE,
    MAX_TRANSCRIPT_LINES,
    TRUNCATED,
    bounded_transcript,
)
from knowledge.store.records import (
    TranscriptLine,
    close_ticket,
    create_ticket,
    get_ticket,
    record_event,
    record_feedback,
    ticket_for_handoff,
)

NOW = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)
TICKET = {"session_id": "s1", "language": "ja", "topic": "exemption", "line_id": "nenkin_dial", "transcript": []}


@pytest.fixture
def engine(tmp_path):
    return connect(f"sqlite:///{tmp_path / 'nenkin.db'}")


def _count(engine, table):
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.mark.parametrize(
    ("field", "value", "shown"),
    [
        ("session_id", "a" * 65, "(65 characters)"),
        ("session_id", "abc\n", "'abc\\n'"),
        ("session_id", "", "''"),
        ("language", "fr", "'fr'"),
        ("language", None, "None"),
        ("topic", "<script>", "'<script>'"),
        ("topic", "t" * 65, "(65 characters)"),
        ("line_id", "Nenkin Dial", "'Nenkin Dial'"),
    ],
)
def test_tickets_with_ids_that_do_not_fit_are_refused(engine, field, value, shown):
    with pytest.raises(ValueError, match=f"^{field}: expected ") as refused:
        create_ticket(engine, **{**TICKET, field: value})
    assert shown in str(refused.value) and len(str(refused.value)) < 200
    assert _count(engine, tickets) == 0


@pytest.mark.parametrize(
    ("faq_id", "shown"),
    [("[PENSION_NUMBER]", "'[PENSION_NUMBER]'"), ("x" * 10_000, "(10,000 characters)"), ("", "''"), (7, "7")],
)
def test_feedback_for_an_id_that_cannot_be_an_entry_is_refused(engine, faq_id, shown):
    with pytest.raises(ValueError, match=r"^faq_id: expected ") as refused:
        record_feedback(engine, session_id="s1", faq_id=faq_id, helpful=True, language="ja")
    assert shown in str(refused.value) and len(str(refused.value)) < 200
    assert _count(engine, feedback) == 0


def test_events_check_their_ids_and_cut_their_text(engine):
    for bad in ({"kind": "hack"}, {"faq_id": "x" * 81}, {"topic": "A B"}, {"language": "xx"}, {"session_id": "a b"}):
        with pytest.raises(ValueError, match=f"^{next(iter(bad))}: "):
            record_event(engine, **{"session_id": "s1", "kind": "message", "language": "ja", **bad})
    record_event(engine, session_id="s1", kind="none", language="ja", text="長" * 5000 + "\x00")
    with engine.connect() as connection:
        (stored,) = connection.execute(select(events.c.text)).scalars().all()
    assert len(stored) == MAX_EVENT_TEXT and stored.endswith(TRUNCATED) and "\x00" not in stored


def test_transcript_lines_are_cut_and_counted_not_refused(engine):
    lines = [TranscriptLine("user", f"{n}:" + "あ" * 5000) for n in range(60)]
    reference = create_ticket(engine, **{**TICKET, "transcript": lines})
    kept = get_ticket(engine, reference).transcript
    assert len(kept) <= MAX_TRANSCRIPT_LINES
    assert all(len(line.text) <= MAX_TRANSCRIPT_LINE for line in kept)
    assert sum(len(line.text) for line in kept) <= MAX_TRANSCRIPT_CHARS
    assert kept[0].text.startswith(TRUNCATED)  # earlier lines were left out
    assert kept[-1].text.startswith("59:") and kept[-1].text.endswith(TRUNCATED)  # the latest line is kept, cut


def test_a_short_transcript_is_kept_as_it_is():
    lines = [TranscriptLine("user", "免除について"), TranscriptLine("bot", "ねんきんダイヤルへ")]
    assert bounded_transcript(lines) == [
        {"role": "user", "text": "免除について"},
        {"role": "bot", "text": "ねんきんダイヤルへ"},
    ]


def test_too_many_lines_keep_the_latest_forty():
    kept = bounded_transcript([TranscriptLine("user", f"line {n}") for n in range(45)])
    assert len(kept) == MAX_TRANSCRIPT_LINES
    assert kept[0]["text"] == f"{TRUNCATED} line 5" and kept[-1]["text"] == "line 44"


def test_a_line_with_another_role_is_refused(engine):
    with pytest.raises(ValueError, match=r"^transcript\[1\]\.role: expected 'user' or 'bot', got 'system'"):
        create_ticket(engine, **{**TICKET, "transcript": [TranscriptLine("user", "a"), TranscriptLine("system", "b")]})


def test_a_taken_reference_is_replaced_by_a_new_one(engine, monkeypatch):
    taken = create_ticket(engine, **TICKET)
    codes = iter([taken, taken, "NK-FRESH1"])
    monkeypatch.setattr(records, "new_reference", lambda: next(codes))
    assert create_ticket(engine, **TICKET) == "NK-FRESH1"
    assert _count(engine, tickets) == 2


def test_references_that_stay_taken_give_up_with_a_database_error(engine, monkeypatch):
    taken = create_ticket(engine, **TICKET)
    monkeypatch.setattr(records, "new_reference", lambda: taken)
    with pytest.raises(DatabaseError, match="after 5 reference codes"):
        create_ticket(engine, **TICKET)


def test_a_session_at_its_cap_gets_its_newest_open_ticket_with_the_longer_transcript(engine):
    def hand_off(n, session="s1"):
        transcript = [TranscriptLine("user", f"request {i}") for i in range(n)]
        args = {**TICKET, "session_id": session, "transcript": transcript}
        return ticket_for_handoff(engine, max_open=2, now=NOW + timedelta(minutes=n), **args)

    first, second, third = hand_off(1), hand_off(2), hand_off(3)
    assert first.created and second.created and not third.created
    assert third.reference == second.reference and _count(engine, tickets) == 2
    assert [line.text for line in get_ticket(engine, second.reference).transcript][-1] == "request 2"
    assert hand_off(4, session="s2").created  # other sessions are not affected
    close_ticket(engine, second.reference)
    assert hand_off(5).created  # only open tickets count
    with pytest.raises(ValueError, match=r"^max_open: "):
        ticket_for_handoff(engine, max_open=0, **TICKET)
