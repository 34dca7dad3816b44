"""The knowledge we ship: valid, and every text in the language it claims."""

import re
from collections import Counter
from pathlib import Path

import pytest

from knowledge.content.loader import load_knowledge
from knowledge.content.schema import REQUIRED_TOPICS
from knowledge.content.translation.status import translation_status
from knowledge.languages import LANGUAGES
from knowledge.text.langid import detect_language

KNOWLEDGE = Path(__file__).resolve().parents[3] / "knowledge"
RESULT = load_knowledge(KNOWLEDGE)
PLACEHOLDER = re.compile(r"\{\w+\}")
OTHER_LANGUAGES = ("zh", "ko", "es", "pt", "vi", "tl", "th", "id", "ne")
PHONE = re.compile(r"\b0\d{1,4}-\d{1,4}-\d{3,4}\b")
BENEFIT_TOPICS = REQUIRED_TOPICS[REQUIRED_TOPICS.index("old_age_claim") :]


def test_shipped_knowledge_has_no_errors():
    assert [issue.format() for issue in RESULT.errors] == []


def test_every_topic_has_entries():
    topics = {entry.topic for entry in RESULT.knowledge.entries}
    assert set(REQUIRED_TOPICS) <= topics


ANSWERS = [(entry, language) for entry in RESULT.knowledge.entries for language in LANGUAGES]


@pytest.mark.parametrize(("entry", "language"), ANSWERS, ids=lambda v: getattr(v, "id", v))
def test_each_answer_is_detected_as_the_language_it_is_written_in(entry, language):
    text = entry.answer.get(language)
    assert text is not None, f"{entry.id} has no {language} answer"
    detected = detect_language(text).language
    path, line = entry.answer_location(language)
    assert detected == language, f"{path.name}:{line}: {entry.id}.answer.{language} reads as {detected}: {text[:80]!r}"


def test_every_language_is_translated_completely_and_checked():
    statuses = translation_status(RESULT, KNOWLEDGE)
    incomplete = {
        language: (len(s.missing), s.stale, s.differing, len(s.short_texts_missing))
        for language, s in statuses.items()
        if not s.complete
    }
    assert incomplete == {}, "run `python -m knowledge translations` for the details"


def test_no_answer_is_written_inline_in_a_language_other_than_japanese():
    """Translations live in translations/<language>/, where their provenance tells when they are stale."""
    inline = [
        f"{entry.id}.answer.{language}"
        for entry in RESULT.knowledge.entries
        for language in entry.answer
        if language != "ja" and entry.answer_location(language)[0].parent.name == "faq"
    ]
    assert inline == []


def test_short_texts_residents_see_exist_in_every_language():
    knowledge = RESULT.knowledge
    texts = [source.title for entry in knowledge.entries for source in entry.sources]
    texts += [source.publisher for entry in knowledge.entries for source in entry.sources]
    for line in knowledge.contact_lines.values():
        texts += [line.name, line.hours.summary, *(alt.when for alt in line.alt_phones)]
    for office in knowledge.offices.values():
        texts += [office.name, office.note, office.directory.title]
    lacking = {(text["ja"], language) for text in texts for language in LANGUAGES if not text.get(language)}
    assert lacking == set()


@pytest.mark.parametrize("key", sorted(RESULT.knowledge.messages.texts))
def test_messages_are_in_the_language_they_claim(key):
    for language, text in RESULT.knowledge.messages.texts[key].items():
        words = PLACEHOLDER.sub("", text)
        if _too_short(words, language):  # "No", "Sí", "否": the same in several languages
            continue
        assert detect_language(words).language == language, f"{key}.{language}: {text!r}"


@pytest.mark.parametrize("entry", RESULT.knowledge.entries, ids=lambda e: e.id)
def test_entries_meet_the_content_bar(entry):
    assert len(entry.questions["ja"]) >= 8, "≥ 8 Japanese question variants"
    assert len(entry.questions.get("en", ())) >= 3, "≥ 3 English question variants"
    for language in OTHER_LANGUAGES:
        assert len(entry.questions.get(language, ())) >= 3, f"≥ 3 {language} variants"


@pytest.mark.parametrize("entry", RESULT.knowledge.entries, ids=lambda e: e.id)
def test_every_entry_cites_official_pages_a_resident_can_open(entry):
    assert entry.sources, "at least one source"
    for source in entry.sources:
        assert source.url.startswith("https://"), source.url
        assert source.title.get("ja"), "a Japanese title shown to residents"


@pytest.mark.parametrize("entry", RESULT.knowledge.entries, ids=lambda e: e.id)
def test_answers_carry_no_typed_phone_numbers_and_no_fy2021_statistics(entry):
    for language, text in entry.answer.items():
        assert not PHONE.search(text), f"{entry.id}.answer.{language}: a phone number belongs in contacts.yml"
        assert "FY2021" not in text and "2021年度" not in text and "令和3年度" not in text, f"{entry.id}.{language}"


def test_every_new_benefit_topic_has_three_to_eight_entries():
    counts = Counter(entry.topic for entry in RESULT.knowledge.entries)
    assert {topic: counts[topic] for topic in BENEFIT_TOPICS if not 3 <= counts[topic] <= 8} == {}


@pytest.mark.parametrize("entry", RESULT.knowledge.entries, ids=lambda e: e.id)
def test_question_variants_are_in_their_language(entry):
    for language, variants in entry.questions.items():
        wrong = [v for v in variants if language in {"ja", "zh", "ko", "th", "ne"} and not _script_ok(v, language)]
        assert wrong == [], f"{entry.id}.questions.{language}"


def _too_short(text: str, language: str) -> bool:
    if language in {"ja", "zh", "ko", "th", "ne"}:
        return sum(ch.isalpha() for ch in text) < 8
    return len(re.findall(r"[^\W\d_]+", text)) < 4


def _script_ok(text: str, language: str) -> bool:
    detected = detect_language(text).language
    # Han-only Japanese keyword queries are legitimately ambiguous with Chinese and vice versa.
    return detected == language or {detected, language} == {"ja", "zh"}
