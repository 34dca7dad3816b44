"""Every one of the ten other languages: a greeting, a core question and a hand-off, answered in it.

Runs the real actions on the shipped knowledge (real messages.yml, FAQ and contacts) with the fake
embedder, so the texts checked are the ones residents read.
"""

import pytest

from actions.answer_faq import ActionAnswerFaq
from actions.handoff import ActionHandoff
from actions.services import Services, set_services
from actions.settings import ActionSettings
from actions.smalltalk import ActionGreet, ActionYouAreWelcome
from knowledge.content.answers import show_answer
from knowledge.content.loader import load_knowledge_base
from knowledge.languages import LANGUAGES
from knowledge.retrieval.index import build_index, load_index
from knowledge.retrieval.search import FaqSearcher, Thresholds
from knowledge.store.database import connect
from tests.actions.conftest import MONDAY_MORNING, payloads, run, slots, tracker
from tests.conftest import PROJECT_ROOT, FakeEmbedder

OTHER_LANGUAGES = [language for language in LANGUAGES if language != "ja"]
GREETING = {
    "en": "hello",
    "zh": "你好",
    "ko": "안녕하세요",
    "es": "hola",
    "pt": "olá",
    "vi": "xin chào",
    "tl": "magandang umaga po",
    "th": "สวัสดีครับ",
    "id": "selamat pagi",
    "ne": "नमस्ते",
}
ASK_FOR_A_PERSON = {
    "en": "I want to talk to a person",
    "zh": "转人工",
    "ko": "상담원 연결해 주세요",
    "es": "quiero hablar con una persona",
    "pt": "quero falar com uma pessoa",
    "vi": "tôi muốn gặp nhân viên",
    "tl": "gusto kong makausap ang tao",
    "th": "ขอคุยกับเจ้าหน้าที่",
    "id": "saya ingin bicara dengan petugas",
    "ne": "कर्मचारीसँग कुरा गर्न चाहन्छु",
}
THANKS = {
    "en": "thanks",
    "zh": "谢谢",
    "ko": "감사합니다",
    "es": "gracias",
    "pt": "obrigado",
    "vi": "cảm ơn",
    "tl": "salamat po",
    "th": "ขอบคุณค่ะ",
    "id": "terima kasih",
    "ne": "धन्यवाद",
}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    knowledge = load_knowledge_base(PROJECT_ROOT / "knowledge")
    index_dir = tmp_path_factory.mktemp("index")
    embedder = FakeEmbedder()
    build_index(knowledge, embedder, index_dir)
    return knowledge, FaqSearcher(load_index(index_dir, knowledge, embedder.model_id), embedder, Thresholds(0.9, 0.5))


@pytest.fixture
def services(shipped, tmp_path):
    knowledge, searcher = shipped
    settings = ActionSettings(
        database_url=f"sqlite:///{tmp_path / 'db.sqlite'}", answer_threshold=0.9, suggest_threshold=0.5
    )
    built = Services(settings, knowledge, searcher, connect(settings.database_url), clock=lambda: MONDAY_MORNING)
    set_services(built)
    yield built
    set_services(None)


def texts(messages):
    return [m["text"] for m in messages if m.get("text")]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_greeting_in_the_residents_language(services, language):
    messages, events = run(ActionGreet(), tracker(GREETING[language], "greet"))
    say = services.knowledge.messages.get
    assert texts(messages) == [say("greeting", language), say("personal_data_notice", language)]
    assert payloads(messages)[0]["language"] == language and slots(events)["language"] == language
    thanks, _ = run(ActionYouAreWelcome(), tracker(THANKS[language], "thank"))
    assert texts(thanks) == [say("you_are_welcome", language)]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_core_question_is_answered_in_the_residents_language(services, language):
    entry = services.knowledge.entry("exemption-overview")
    question = entry.questions[language][0]
    messages, _ = run(ActionAnswerFaq(), tracker(question, "ask_faq"))
    (payload,) = payloads(messages)
    assert payload["language"] == language and payload["answer"]["topic"] == "exemption", payload
    say = services.knowledge.messages.get
    answered = services.knowledge.entry(payload["answer"]["faq_id"])
    shown = show_answer(answered, services.knowledge, language, MONDAY_MORNING.date())
    expected = [f"{shown.text}\n\n{shown.sources_text}", say("did_this_help", language)]
    assert shown.language == language  # every shipped answer is translated: no English fallback, no note
    assert [c.title for c in shown.citations] == [source.title[language] for source in answered.sources]
    assert all(source.url in shown.sources_text for source in answered.sources)
    assert texts(messages) == expected
    buttons = next(m["buttons"] for m in messages if m.get("buttons"))
    assert [b["title"] for b in buttons] == [say("button_helpful", language), say("button_not_helpful", language)]


@pytest.mark.parametrize("language", OTHER_LANGUAGES)
def test_handoff_names_the_interpreter_line_in_the_residents_language(services, language):
    messages, _ = run(ActionHandoff(), tracker(ASK_FOR_A_PERSON[language], "request_human"))
    handoff = payloads(messages)[0]["handoff"]
    assert handoff["interpreter"] is True and handoff["phone"] == "0570-05-1165"
    say = services.knowledge.messages.get
    lines = messages[0]["text"].split("\n")
    line_name = services.knowledge.contact_lines["nenkin_dial"].name
    assert lines[0] == say(
        "handoff",
        language,
        line_name=line_name.get(language) or line_name["en"],
        phone=handoff["phone"],
        hours=handoff["hours"],
    )
    assert say("interpreter", language) in lines
    assert lines[-1] == say("handoff_reference", language, reference=handoff["reference"])


def test_japanese_handoff_has_no_interpreter_note(services):
    messages, _ = run(ActionHandoff(), tracker("担当者と話したい", "request_human"))
    assert payloads(messages)[0]["handoff"]["interpreter"] is False
    assert services.knowledge.messages.get("interpreter", "ja") not in messages[0]["text"]


def test_a_chosen_language_answers_even_a_japanese_message(services):
    messages, events = run(ActionGreet(), tracker("こんにちは", "greet", metadata={"language": "ne"}))
    assert texts(messages)[0] == services.knowledge.messages.get("greeting", "ne")
    assert slots(events)["language"] == "ne"
