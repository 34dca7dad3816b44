from sqlalchemy import select

from actions.answer_faq import ActionAnswerFaq
from knowledge.store.database import events as events_table
from tests.actions.conftest import payloads, run, slots, tracker


def test_confident_answer_with_source_feedback_buttons_and_payload(services):
    messages, events = run(ActionAnswerFaq(), tracker("学特の申請方法", "ask_exemption"))
    texts = [m["text"] for m in messages if m.get("text")]
    assert texts[0].startswith("学生納付特例を申請できます。") and texts[0].endswith(
        "ja:answer_source ja:source_citation 日本年金機構 テストのページ https://www.nenkin.go.jp/test.html"
    )
    assert "FY2021" not in texts[0]  # the report section is for staff, never shown
    buttons = next(m["buttons"] for m in messages if m.get("buttons"))
    assert [b["payload"] for b in buttons] == [
        '/feedback_helpful{"faq_id": "student-special"}',
        '/feedback_not_helpful{"faq_id": "student-special"}',
    ]
    (payload,) = payloads(messages)
    assert payload["language"] == "ja" and payload["suggestions"] == [] and payload["handoff"] is None
    assert payload["answer"] == {
        "faq_id": "student-special",
        "topic": "student_payment_special",
        "score": 1.0,
        "language": "ja",
        "sources": [
            {"publisher": "日本年金機構", "title": "テストのページ", "url": "https://www.nenkin.go.jp/test.html"}
        ],
    }
    assert slots(events) == {
        "language": "ja",
        "last_faq_id": "student-special",
        "last_topic": "student_payment_special",
        "miss_count": 0.0,
    }


def test_answer_falls_back_to_english_and_says_so(services):
    messages, _ = run(ActionAnswerFaq(), tracker("我是学生，交不起保险费"))
    texts = [m["text"] for m in messages if m.get("text")]
    assert texts[0] == "zh:language_fallback"
    assert texts[1].startswith("You can apply for the student payment special rule.")
    assert payloads(messages)[0]["language"] == "zh"


def test_did_you_mean_offers_buttons_that_answer(services):
    messages, _events = run(ActionAnswerFaq(), tracker("学特の申請のしかた"))
    (payload,) = payloads(messages)
    assert payload["answer"] is None and 1 <= len(payload["suggestions"]) <= 3
    assert {"faq_id", "topic", "question", "score"} == set(payload["suggestions"][0])
    buttons = next(m["buttons"] for m in messages if m.get("buttons"))
    assert buttons[0]["payload"].startswith('/choose_faq{"faq_id": ')
    chosen = payload["suggestions"][0]["faq_id"]
    messages, _ = run(
        ActionAnswerFaq(), tracker(buttons[0]["payload"], "choose_faq", [("faq_id", chosen)], slots={"language": "ja"})
    )
    assert payloads(messages)[0]["answer"]["faq_id"] == chosen


def test_first_miss_asks_to_rephrase_second_offers_a_person(services):
    messages, events = run(ActionAnswerFaq(), tracker("xyzzy qwv"))
    assert [m["text"] for m in messages if m.get("text")] == ["en:ask_rephrase"]
    assert slots(events)["miss_count"] == 1.0
    messages, events = run(ActionAnswerFaq(), tracker("zzqq vvxx", slots={"miss_count": 1.0}))
    offer = next(m for m in messages if m.get("buttons"))
    assert offer["text"] == "en:offer_handoff" and offer["buttons"][0]["payload"] == "/request_human"
    assert slots(events)["handoff_offered"] is True


def test_topic_intent_prefers_its_area(services):
    from actions.answer_faq import _preferred
    from knowledge.retrieval.search import Hit

    hits = [Hit("a", "nenkin_net", 0.80, "q", "ja"), Hit("b", "exemption", 0.79, "q", "ja")]
    assert [h.faq_id for h in _preferred(hits, frozenset({"exemption"}))] == ["b", "a"]
    assert _preferred(hits, None) == hits


def test_topic_preference_keeps_the_classifier_ranking(services):
    from actions.answer_faq import _preferred
    from knowledge.retrieval.search import Hit

    # The search put "b" first on similarity plus classifier probability, although "a" is more similar.
    hits = [
        Hit("b", "exemption", 0.80, "q", "ja", probability=0.9, relevance=1.25),
        Hit("a", "exemption", 0.85, "q", "ja", probability=0.05, relevance=0.875),
    ]
    assert [h.faq_id for h in _preferred(hits, frozenset({"exemption"}))] == ["b", "a"]


def test_personal_numbers_are_warned_about_and_never_stored(services):
    messages, _ = run(ActionAnswerFaq(), tracker("学特の申請方法 番号は1234-567890"))
    assert messages[0]["text"] == "ja:personal_data_notice"
    with services.engine.connect() as connection:
        stored = connection.execute(select(events_table.c.text)).scalars().all()
    assert stored == ["学特の申請方法 番号は[PENSION_NUMBER]"]


def test_explicit_language_wins(services):
    messages, events = run(ActionAnswerFaq(), tracker("学特の申請方法", metadata={"language": "ko"}))
    assert slots(events)["language"] == "ko" and payloads(messages)[0]["language"] == "ko"


def test_a_question_the_search_holds_back_is_never_answered_even_on_a_high_score(services, monkeypatch):
    from knowledge.retrieval.search import Hit, SearchResult, Tier

    hit = Hit("student-special", "student_payment_special", 0.99, "学特の申請方法", "ja")
    # As when a not-covered subject ranked above every entry: the search says did-you-mean at most.
    monkeypatch.setattr(services.searcher, "query", lambda *a, **k: SearchResult("保険証", [hit], Tier.SUGGEST))
    messages, _ = run(ActionAnswerFaq(), tracker("保険証をなくしました", "ask_student_payment_special"))
    (payload,) = payloads(messages)
    assert payload["answer"] is None and [s["faq_id"] for s in payload["suggestions"]] == ["student-special"]
