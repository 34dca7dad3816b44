import json
from datetime import datetime, timedelta, timezone

import pytest

from knowledge.store import analytics
from knowledge.store.analytics import TOP_UNANSWERED, compute_analytics
from knowledge.store.database import connect
from knowledge.store.records import record_event, record_feedback

NOW = datetime(2026, 11, 30, 3, 0, tzinfo=timezone.utc)  # 12:00 in Tokyo
START = NOW - timedelta(days=7)


@pytest.fixture
def engine(tmp_path):
    return connect(f"sqlite:///{tmp_path / 'nenkin.db'}")


def _event(engine, session, kind, language, when, text=None, faq_id=None):
    record_event(engine, session_id=session, kind=kind, language=language, text=text, faq_id=faq_id, now=when)


def _ask(engine, session, language, when, outcome, text="…"):
    """One resident message and what the assistant made of it."""
    _event(engine, session, "message", language, when, text=text)
    _event(engine, session, outcome, language, when, text=text if outcome == "none" else None)


@pytest.fixture
def seeded(engine):
    # s1: answered, found it helpful (an older "not helpful" vote falls outside the period)
    _ask(engine, "s1", "ja", NOW - timedelta(hours=1), "answer")
    record_feedback(engine, session_id="s1", faq_id="exemption", helpful=True, language="ja", now=NOW)
    record_feedback(
        engine, session_id="s1", faq_id="exemption", helpful=False, language="ja", now=NOW - timedelta(days=8)
    )
    # s2: not understood twice, handed off; 00:30 in Tokyo on 30 Nov (still 29 Nov in UTC)
    s2 = NOW - timedelta(hours=11, minutes=30)
    _ask(engine, "s2", "ja", s2, "none", "年金はいつもらえますか")
    _ask(engine, "s2", "ja", s2, "none", "年金はいつもらえるの")
    _event(engine, "s2", "handoff", "ja", s2)
    # s3: did-you-mean, then "not helpful"
    _ask(engine, "s3", "en", NOW - timedelta(hours=20), "suggest")
    record_feedback(
        engine, session_id="s3", faq_id="exemption", helpful=False, language="en", now=NOW - timedelta(hours=20)
    )
    # s4: three unanswered English questions about the same thing, then an answer
    s4 = NOW - timedelta(days=3)
    _ask(engine, "s4", "en", s4, "none", "When will I get my pension?")
    _ask(engine, "s4", "en", s4, "none", "When will I get my pension?")
    _ask(engine, "s4", "en", s4, "none", "when do i get my pension")
    _event(engine, "s4", "answer", "en", s4, faq_id="nenkin_net")
    record_feedback(engine, session_id="s4", faq_id="nenkin_net", helpful=True, language="en", now=s4)
    # s5: small talk only; s9: the same English question in a Tagalog conversation
    _event(engine, "s5", "smalltalk", "ja", NOW - timedelta(days=6))
    record_feedback(
        engine, session_id="s5", faq_id="nenkin_net", helpful=True, language="ja", now=NOW - timedelta(days=6)
    )
    _ask(engine, "s9", "tl", NOW - timedelta(days=5), "none", "When will I get my pension")
    # the period boundaries: exactly at the start counts, just before it and after now do not
    _event(engine, "s7", "message", "ja", START, text="こんにちは")
    _ask(engine, "s6", "ja", START - timedelta(seconds=1), "none", "年金はいつもらえますか")
    _ask(engine, "s8", "ja", NOW + timedelta(seconds=1), "handoff")
    return engine


def test_headline_numbers(seeded):
    figures = compute_analytics(seeded, days=7, now=NOW)
    assert figures["period"] == {"from": "2026-11-23T03:00:00+00:00", "to": "2026-11-30T03:00:00+00:00", "days": 7}
    assert figures["conversations"] == 7  # s1 s2 s3 s4 s5 s7 s9
    assert figures["messages"] == 9  # s1 1, s2 2, s3 1, s4 3, s7 1, s9 1
    # answer: s1, s4 / suggest: s3 / none: s2 ×2, s4 ×3, s9 → 9 judged messages
    assert figures["answer_rate"] == round(2 / 9, 4) == 0.2222
    assert figures["did_you_mean_rate"] == round(1 / 9, 4) == 0.1111
    assert figures["handoff_rate"] == round(1 / 7, 4) == 0.1429  # s2 only; s8's hand-off is after now


def test_deflection_excludes_hand_offs_and_not_helpful_votes_in_the_period(seeded):
    figures = compute_analytics(seeded, days=7, now=NOW)
    # s2 was handed off and s3 voted "not helpful"; s1's old "not helpful" vote is outside the period
    assert figures["deflection_rate"] == round(5 / 7, 4) == 0.7143
    longer = compute_analytics(seeded, days=9, now=NOW)
    # now s1's old vote and s6 (unanswered, no hand-off) are inside: s1 s2 s3 are not deflected, out of 8
    assert longer["conversations"] == 8
    assert longer["deflection_rate"] == round(5 / 8, 4)


def test_feedback_per_faq_most_not_helpful_first(seeded):
    figures = compute_analytics(seeded, days=7, now=NOW)
    assert figures["feedback_per_faq"] == [
        {"faq_id": "exemption", "helpful": 1, "not_helpful": 1},
        {"faq_id": "nenkin_net", "helpful": 2, "not_helpful": 0},
    ]


def test_similar_unanswered_questions_are_grouped(seeded):
    top = compute_analytics(seeded, days=7, now=NOW)["top_unanswered"]
    assert top == [
        {
            "text": "When will I get my pension?",
            "count": 4,
            "languages": {"en": 3, "tl": 1},
            "examples": ["When will I get my pension?", "When will I get my pension", "when do i get my pension"],
        },
        {
            "text": "年金はいつもらえますか",  # s6's identical question is outside the period
            "count": 2,
            "languages": {"ja": 2},
            "examples": ["年金はいつもらえますか", "年金はいつもらえるの"],
        },
    ]


def test_volume_per_language_counts_messages(seeded):
    assert compute_analytics(seeded, days=7, now=NOW)["volume_per_language"] == {"en": 4, "ja": 4, "tl": 1}


def test_daily_has_every_tokyo_day_of_the_period(seeded):
    daily = compute_analytics(seeded, days=7, now=NOW)["daily"]
    # 23 Nov 12:00 to 30 Nov 12:00 in Tokyo touches eight calendar days
    assert [day["date"] for day in daily] == [f"2026-11-{d}" for d in range(23, 31)]
    rows = {day["date"]: (day["conversations"], day["messages"], day["handoffs"]) for day in daily}
    assert rows == {
        "2026-11-23": (1, 1, 0),  # s7, exactly at the start
        "2026-11-24": (1, 0, 0),  # s5 small talk
        "2026-11-25": (1, 1, 0),  # s9
        "2026-11-26": (0, 0, 0),
        "2026-11-27": (1, 3, 0),  # s4
        "2026-11-28": (0, 0, 0),
        "2026-11-29": (1, 1, 0),  # s3 (16:00 in Tokyo)
        "2026-11-30": (2, 3, 1),  # s1, and s2 at 00:30 in Tokyo
    }


def test_empty_store_gives_zeros(engine):
    figures = compute_analytics(engine, days=1, now=NOW)
    assert figures["conversations"] == figures["messages"] == 0
    assert figures["answer_rate"] == figures["did_you_mean_rate"] == 0.0
    assert figures["handoff_rate"] == figures["deflection_rate"] == 0.0
    assert figures["feedback_per_faq"] == figures["top_unanswered"] == []
    assert figures["volume_per_language"] == {}
    assert figures["daily"] == [
        {"date": "2026-11-29", "conversations": 0, "messages": 0, "handoffs": 0},
        {"date": "2026-11-30", "conversations": 0, "messages": 0, "handoffs": 0},
    ]


def test_result_is_json_and_naive_now_means_utc(seeded):
    aware = compute_analytics(seeded, days=7, now=NOW)
    assert json.loads(json.dumps(aware, ensure_ascii=False)) == aware
    assert compute_analytics(seeded, days=7, now=NOW.replace(tzinfo=None)) == aware
    tokyo = timezone(timedelta(hours=9))
    assert compute_analytics(seeded, days=7, now=NOW.astimezone(tokyo)) == aware


WORDS = [
    "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliett", "kilo", "lima",
    "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango", "uniform", "victor", "whiskey", "xray",
    "yankee",
]  # fmt: skip


def test_top_unanswered_keeps_the_twenty_largest_groups(engine):
    assert len(WORDS) == TOP_UNANSWERED + 5
    for n, word in enumerate(WORDS):
        for _ in range(n + 1):
            _event(engine, f"s{n}", "none", "en", NOW, text=word)
    top = compute_analytics(engine, days=1, now=NOW)["top_unanswered"]
    assert len(top) == TOP_UNANSWERED
    assert [group["count"] for group in top] == list(range(TOP_UNANSWERED + 5, 5, -1))


def test_days_must_be_positive(engine):
    with pytest.raises(ValueError, match="days"):
        compute_analytics(engine, days=0, now=NOW)


def test_databases_without_date_functions_get_the_same_days(seeded, monkeypatch):
    in_sql = compute_analytics(seeded, days=7, now=NOW)
    monkeypatch.setattr(analytics, "_day_column", lambda *_: None)
    assert compute_analytics(seeded, days=7, now=NOW)["daily"] == in_sql["daily"]
