"""Merging Rasa REST replies into the chat response."""

from api.core.reply import merge_replies
from tests.api.conftest import answer_payload

PAYLOAD = {"language": "en", "answer": None, "suggestions": [], "handoff": None}


def test_text_and_buttons_become_messages():
    merged = merge_replies(
        [
            {"recipient_id": "s", "text": "Did you mean?", "buttons": [{"title": "A", "payload": "/choose_faq"}]},
            {"recipient_id": "s", "custom": PAYLOAD},
        ],
        fallback_language="ja",
    )
    assert merged["messages"] == [{"text": "Did you mean?", "buttons": [{"title": "A", "payload": "/choose_faq"}]}]
    assert merged["language"] == "en"


def test_payload_fields_are_merged_and_later_non_empty_values_win():
    answer = answer_payload()
    handoff = {"reference": "NK-ABC123", "phone": "0570", "hours": "8:30", "open_now": True, "interpreter": False}
    merged = merge_replies(
        [
            {"custom": {**PAYLOAD, "answer": answer}},
            {"text": "call us"},
            {"custom": {**PAYLOAD, "handoff": handoff}},
        ],
        fallback_language="ja",
    )
    assert merged["answer"] == answer
    assert merged["handoff"] == handoff
    assert merged["messages"] == [{"text": "call us", "buttons": []}]


def test_no_payload_means_our_actions_did_not_run():
    assert merge_replies([{"text": "Sorry, something went wrong"}], fallback_language="ja") is None
    assert merge_replies([], fallback_language="ja") is None


def test_malformed_items_are_ignored():
    merged = merge_replies(
        [
            "junk",
            {"text": 5},
            {"buttons": "x"},
            {"text": "ok", "buttons": [{"title": "no payload"}]},
            {"custom": PAYLOAD},
        ],
        fallback_language="vi",
    )
    assert merged["messages"] == [{"text": "ok", "buttons": []}]
    assert merged["language"] == "en"


def test_fallback_language_when_payload_has_none():
    merged = merge_replies([{"custom": {"answer": None}}], fallback_language="th")
    assert merged["language"] == "th"
