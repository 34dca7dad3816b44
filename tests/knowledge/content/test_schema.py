"""The knowledge shapes: FAQ entries, messages and the knowledge base (knowledge/content/schema.py)."""

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from knowledge.content.schema import (
    CORE_TOPICS,
    REQUIRED_ANSWER_LANGUAGES,
    REQUIRED_TOPICS,
    FaqEntry,
    KnowledgeBase,
    Messages,
    Source,
    Topic,
)

A_SOURCE = Source(
    {"ja": "ページ", "en": "Page"}, "https://www.nenkin.go.jp/page.html", {"ja": "日本年金機構", "en": "JPS"}
)


def entry(**changes) -> FaqEntry:
    base = FaqEntry(
        id="exemption-overview",
        topic="exemption",
        questions={"ja": ("保険料が払えない", "免除申請"), "en": ("I cannot pay",)},
        answer={"ja": "免除を申請できます。", "en": "You can apply.", "ko": "면제를 신청할 수 있습니다."},
        sources=(A_SOURCE,),
        last_reviewed=date(2026, 1, 15),
        file=Path("knowledge/faq/exemption.yml"),
        line=12,
        question_lines={"ja": (15, 16), "en": (17,)},
        field_lines={"topic": 13, "answer": 18},
    )
    return replace(base, **changes)


# --------------------------------------------------------------------------- FaqEntry.answer_in


def test_answer_in_the_residents_language():
    assert entry().answer_in("ko") == ("ko", "면제를 신청할 수 있습니다.")
    assert entry().answer_in("ja") == ("ja", "免除を申請できます。")


def test_answer_falls_back_to_english_then_japanese():
    assert entry().answer_in("vi") == ("en", "You can apply.")
    japanese_only = entry(answer={"ja": "免除を申請できます。"})
    assert japanese_only.answer_in("vi") == ("ja", "免除を申請できます。")
    assert japanese_only.answer_in("en") == ("ja", "免除を申請できます。")


def test_answer_in_names_the_entry_when_no_fallback_exists():
    with pytest.raises(KeyError, match="FAQ exemption-overview has no answer in vi, en or ja"):
        entry(answer={"ko": "면제"}).answer_in("vi")


def test_every_entry_can_answer_because_japanese_and_english_are_required():
    assert set(REQUIRED_ANSWER_LANGUAGES) >= {"ja", "en"}


# --------------------------------------------------------------------------- FaqEntry.index_hash


def test_index_hash_is_a_short_stable_hex_digest():
    digest = entry().index_hash()
    assert len(digest) == 16 and int(digest, 16) >= 0
    assert entry().index_hash() == digest
    # Pinned: a change to the hashing would mark every built index stale and re-embed on the next build.
    assert digest == "9036af2deadbcd3b"


def test_index_hash_ignores_the_order_languages_were_written_in():
    reordered = entry(questions={"en": ("I cannot pay",), "ja": ("保険料が払えない", "免除申請")})
    assert reordered.index_hash() == entry().index_hash()


@pytest.mark.parametrize(
    "change",
    [
        {"answer": {"ja": "別の回答", "en": "Another answer."}},
        {
            "sources": (
                Source({"ja": "別", "en": "Other"}, "https://www.mhlw.go.jp/x.html", {"ja": "厚労省", "en": "MHLW"}),
            )
        },
        {"last_reviewed": date(2020, 4, 1)},
        {"related": ("student-special",)},
        {"file": Path("elsewhere.yml"), "line": 99, "question_lines": {}, "field_lines": {}},
    ],
    ids=["answer", "source", "last_reviewed", "related", "location"],
)
def test_index_hash_ignores_what_the_index_does_not_store(change):
    assert entry(**change).index_hash() == entry().index_hash()


@pytest.mark.parametrize(
    "change",
    [
        {"id": "exemption-overview-2"},
        {"topic": "payment_postponement"},
        {"questions": {"ja": ("保険料が払えない", "免除申請"), "en": ("I can't pay",)}},
        {"questions": {"ja": ("保険料が払えない", "免除申請"), "ko": ("I cannot pay",)}},
        {"questions": {"ja": ("保険料が払えない", "免除申請")}},
        {"questions": {"ja": ("保険料が払えない", "免除申請", "免除"), "en": ("I cannot pay",)}},
        {"questions": {"ja": ("免除申請", "保険料が払えない"), "en": ("I cannot pay",)}},
    ],
    ids=[
        "id",
        "topic",
        "question-text",
        "question-language",
        "language-removed",
        "variant-added",
        "variants-reordered",
    ],
)
def test_index_hash_changes_with_what_the_index_stores(change):
    assert entry(**change).index_hash() != entry().index_hash()


# --------------------------------------------------------------------------- locations


def test_field_line_is_the_fields_line_or_the_entrys():
    assert entry().field_line("answer") == 18
    assert entry().field_line("source") == 12
    assert entry(field_lines={}).field_line("topic") == 12


def test_question_line_is_the_variants_line_or_the_entrys():
    assert entry().question_line("ja", 0) == 15
    assert entry().question_line("ja", 1) == 16
    assert entry().question_line("en", 0) == 17
    assert entry().question_line("ja", 2) == 12
    assert entry().question_line("zh", 0) == 12


def test_where_an_entry_was_read_is_not_part_of_its_identity():
    moved = entry(file=Path("other.yml"), line=1, question_lines={}, field_lines={})
    assert moved == entry()
    assert entry(answer={"ja": "別", "en": "other"}) != entry()


# --------------------------------------------------------------------------- Messages


MESSAGES = Messages(
    {
        "handoff": {"ja": "{phone} にお電話ください。", "en": "Please call {phone}.", "ko": "{phone}로 전화하세요."},
        "greeting": {"ja": "こんにちは"},
    }
)


def test_message_in_the_residents_language_filled_with_values():
    assert MESSAGES.get("handoff", "ko", phone="0570-05-1165") == "0570-05-1165로 전화하세요."
    assert MESSAGES.get("handoff", "ja", phone="0570-05-1165") == "0570-05-1165 にお電話ください。"


def test_message_falls_back_to_english_then_japanese():
    assert MESSAGES.get("handoff", "ne", phone="0570") == "Please call 0570."
    assert MESSAGES.get("greeting", "en") == "こんにちは"


def test_message_values_without_a_placeholder_are_ignored():
    assert MESSAGES.get("greeting", "ja", phone="0570") == "こんにちは"


def test_unknown_message_names_the_key_and_the_file():
    with pytest.raises(KeyError, match=re.escape("no message 'farewell' in messages.yml")):
        MESSAGES.get("farewell", "ja")


def test_missing_placeholder_value_names_the_message_and_the_placeholder():
    with pytest.raises(KeyError, match="message 'handoff' needs a value for 'phone'"):
        MESSAGES.get("handoff", "en")


def test_message_without_any_fallback_language_raises():
    with pytest.raises(KeyError):
        Messages({"odd": {"ko": "안녕"}}).get("odd", "vi")


# --------------------------------------------------------------------------- KnowledgeBase


def knowledge(*entries: FaqEntry) -> KnowledgeBase:
    return KnowledgeBase(
        entries=entries,
        topics={"exemption": Topic("exemption", {"ja": "免除", "en": "Exemption"})},
        contact_lines={},
    )


def test_entry_by_id():
    other = entry(id="student-special", topic="student_payment_special")
    base = knowledge(entry(), other)
    assert base.entry("student-special") is other
    assert base.entry("exemption-overview") is base.entries[0]


def test_unknown_entry_names_the_id():
    with pytest.raises(KeyError, match="no FAQ entry with id 'no-such-entry'"):
        knowledge(entry()).entry("no-such-entry")


def test_knowledge_base_defaults():
    base = knowledge()
    assert base.timezone == "Asia/Tokyo"
    assert base.default_line is None
    with pytest.raises(KeyError, match="no message 'greeting'"):
        base.messages.get("greeting", "ja")


def test_core_topics_are_required_topics():
    assert set(REQUIRED_TOPICS) >= CORE_TOPICS
    assert {"exemption", "student_payment_special", "e_filing", "nenkin_net"} <= CORE_TOPICS
    assert len(REQUIRED_TOPICS) == len(set(REQUIRED_TOPICS))
