"""Translated answers join their entries only when current and stating the Japanese facts."""

from knowledge.content.issues import Severity
from knowledge.content.loader import load_knowledge
from knowledge.content.translation.files import source_hash

JAPANESE = "免除を申請できます。"  # exemption-overview in tests/data/knowledge


def translate(knowledge_dir, language, text, *, hashed=None, entry_id="exemption-overview", file="sample.yml"):
    folder = knowledge_dir / "translations" / language
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / file).open("a", encoding="utf-8") as out:
        out.write(
            f"- id: {entry_id}\n  translated_from: ja\n  source_hash: {hashed or source_hash(JAPANESE)}\n"
            f"  answer: {text}\n"
        )
    return folder / file


def errors(result):
    return [(issue.path.name, issue.line, issue.field, issue.message) for issue in result.errors]


def test_a_current_faithful_translation_is_answered_from_its_file(knowledge_dir):
    path = translate(knowledge_dir, "vi", "Quý vị có thể xin miễn đóng phí (免除 menjo).")
    result = load_knowledge(knowledge_dir)
    assert errors(result) == []
    entry = result.knowledge.entry("exemption-overview")
    assert entry.answer_in("vi") == ("vi", "Quý vị có thể xin miễn đóng phí (免除 menjo).")
    assert entry.answer_location("vi") == (path, 4)
    assert entry.answer_location("ja")[0].name == "sample.yml" and entry.answer_location("ja")[0] != path


def test_a_translation_of_an_older_japanese_answer_is_stale_and_left_out(knowledge_dir):
    translate(knowledge_dir, "vi", "Quý vị có thể xin miễn.", hashed="0123abcd0123")
    result = load_knowledge(knowledge_dir)
    [(name, line, field, message)] = errors(result)
    assert (name, line, field) == ("sample.yml", 1, "exemption-overview.source_hash")
    assert "stale" in message and "0123abcd0123" in message and source_hash(JAPANESE) in message
    assert result.knowledge.entry("exemption-overview").answer_in("vi")[0] == "en"


def test_a_translation_stating_other_facts_is_an_error_naming_language_and_fact(knowledge_dir):
    translate(knowledge_dir, "ko", "2년 안에 면제를 신청할 수 있습니다.")
    result = load_knowledge(knowledge_dir)
    assert errors(result) == [
        (
            "sample.yml",
            4,
            "exemption-overview.answer",
            "the ko answer does not state the same facts as the Japanese: adds 2 (ko: 2)",
        )
    ]
    assert "ko" not in result.knowledge.entry("exemption-overview").answer


def test_inline_answers_are_checked_for_facts_too(knowledge_dir):
    faq = knowledge_dir / "faq" / "sample.yml"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("en: You can apply for an exemption.", "en: Apply within 60 days."),
        encoding="utf-8",
    )
    result = load_knowledge(knowledge_dir)
    assert [(f, m) for _, _, f, m in errors(result)] == [
        (
            "exemption-overview.answer.en",
            "the en answer does not state the same facts as the Japanese: adds 60 (en: 60)",
        )
    ]


def test_translating_an_unknown_entry_or_one_written_inline_is_an_error(knowledge_dir):
    translate(knowledge_dir, "zh", "您可以申请。", entry_id="no-such-entry")
    translate(knowledge_dir, "en", "You can apply.")
    assert sorted(errors(result := load_knowledge(knowledge_dir))) == [
        (
            "sample.yml",
            1,
            "exemption-overview.answer",
            "the en answer is also written in sample.yml; keep one of the two",
        ),
        ("sample.yml", 1, "no-such-entry.id", "no FAQ entry has the id 'no-such-entry'; was it renamed or removed?"),
    ]
    assert result.knowledge.entry("exemption-overview").answer["en"] == "You can apply for an exemption."


def test_missing_languages_are_one_warning_per_entry(knowledge_dir):
    result = load_knowledge(knowledge_dir)
    [warning] = [i for i in result.issues if i.field == "exemption-overview.answer" and i.severity is Severity.WARNING]
    assert warning.message.startswith("no answer in zh ko es pt vi tl th id ne: ")
