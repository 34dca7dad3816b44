from datetime import datetime, timezone

import pytest

from knowledge.contact.handoff import choose_line, describe_handoff
from knowledge.content.loader import load_knowledge_base

MONDAY_MORNING = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)  # 10:00 in Tokyo
JAPANESE_ONLY_LINE = """
  - id: employer_line
    name: {ja: 事業所窓口, en: Employer desk}
    phone: "03-1111-2222"
    topics: [e_filing]
    interpreter: false
    hours:
      weekly:
        mon: "09:00-17:00"
      summary: {ja: 月曜, en: Mondays}
    source: [{title: {ja: ページ, en: Page}, publisher: {ja: 日本年金機構, en: Japan Pension Service}, url: "https://www.nenkin.go.jp/page.html"}]
"""


@pytest.fixture
def knowledge(knowledge_dir):
    contacts = knowledge_dir / "contacts.yml"
    text = contacts.read_text(encoding="utf-8").replace("\ninterpretation:", JAPANESE_ONLY_LINE + "interpretation:", 1)
    contacts.write_text(text, encoding="utf-8")
    return load_knowledge_base(knowledge_dir)


def test_the_topic_chooses_the_line(knowledge):
    assert choose_line(knowledge, "e_filing").id == "employer_line"
    assert choose_line(knowledge, "exemption").id == "main_line"
    assert choose_line(knowledge, None).id == "main_line"


def test_japanese_residents_get_the_topic_line(knowledge):
    info = describe_handoff(knowledge, "e_filing", "ja", MONDAY_MORNING)
    assert info.line.id == "employer_line" and info.phone == "03-1111-2222" and info.interpreter is False


@pytest.mark.parametrize("language", ["en", "zh"])  # the fixture's interpretation languages
def test_a_resident_needing_an_interpreter_gets_the_interpretation_line(knowledge, language):
    info = describe_handoff(knowledge, "e_filing", language, MONDAY_MORNING)
    assert info.line.id == "main_line" and info.phone == "0570-00-0000" and info.interpreter is True
    assert info.open_now is True


def test_a_language_the_service_does_not_interpret_keeps_the_topic_line(knowledge):
    info = describe_handoff(knowledge, "e_filing", "vi", MONDAY_MORNING)
    assert info.line.id == "employer_line" and info.interpreter is False
    assert describe_handoff(knowledge, "exemption", "vi", MONDAY_MORNING).interpreter is False
