import pytest

from knowledge.content.issues import KnowledgeError, Severity
from knowledge.content.loader import load_knowledge, load_knowledge_base, normalize_question


def append_entry(knowledge_dir, text):
    path = knowledge_dir / "faq" / "z_extra.yml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = """\
- id: {id}
  topic: {topic}
  questions:
    ja: [{question}]
  answer: {{ja: 答え, en: Answer}}
  source: [{{title: {{ja: ページ, en: Page}}, publisher: {{ja: 日本年金機構, en: Japan Pension Service}}, url: "https://www.nenkin.go.jp/page.html"}}]
  last_reviewed: 2026-01-01
  related: [{related}]
  handoff_line: {line}
"""


def entry(
    id="extra",
    topic="nenkin_net",
    question="ねんきんネットのIDを忘れた",
    related="nenkin-net-register",
    line="main_line",
):
    return ENTRY.format(id=id, topic=topic, question=question, related=related, line=line)


def untranslated(issue):
    """The fixture's answers are in Japanese and English only: one warning per entry says so."""
    return issue.field.endswith(".answer") and issue.message.startswith("no answer in zh ko es pt vi tl th id ne")


def test_fixture_knowledge_loads_without_issues_but_its_missing_translations(knowledge_dir):
    result = load_knowledge(knowledge_dir)
    assert [issue for issue in result.issues if not untranslated(issue)] == []
    assert len(result.issues) == 3
    kb = result.knowledge
    assert [e.id for e in kb.entries] == ["exemption-overview", "student-special", "nenkin-net-register"]
    assert kb.entry("student-special").questions["zh"] == ("我是学生，交不起保险费",)
    assert kb.default_line == "main_line" and "main_line" in kb.contact_lines
    assert set(kb.topics) >= {"exemption", "nenkin_net"}


def test_duplicate_id_across_files_names_the_first(knowledge_dir):
    path = append_entry(knowledge_dir, entry(id="student-special"))
    (issue,) = load_knowledge(knowledge_dir).errors
    assert (issue.path, issue.line, issue.field) == (path, 1, "student-special.id")
    assert "first defined at sample.yml:17" in issue.message


@pytest.mark.parametrize(
    ("kwargs", "field", "line", "fragment"),
    [
        ({"topic": "pensions"}, "extra.topic", 2, "unknown topic 'pensions'"),
        ({"related": "no-such-entry"}, "extra.related", 8, "unknown related id 'no-such-entry'"),
        ({"related": "extra"}, "extra.related", 8, "related to itself"),
        ({"line": "other_line"}, "extra.handoff_line", 9, "unknown contact line 'other_line'"),
    ],
)
def test_cross_reference_errors(knowledge_dir, kwargs, field, line, fragment):
    path = append_entry(knowledge_dir, entry(**kwargs))
    errors = load_knowledge(knowledge_dir).errors
    assert [(e.path, e.line, e.field) for e in errors] == [(path, line, field)]
    assert fragment in errors[0].message


def test_same_question_in_two_entries_is_an_error_at_its_line(knowledge_dir):
    path = append_entry(knowledge_dir, entry(question="ねんきんネットの登録方法を教えて！"))
    (issue,) = load_knowledge(knowledge_dir).errors
    assert (issue.path, issue.line, issue.field) == (path, 4, "extra.questions.ja[0]")
    assert "also belongs to 'nenkin-net-register'" in issue.message


def test_bad_entry_is_dropped_but_others_load(knowledge_dir):
    append_entry(knowledge_dir, "- id: broken\n  topic: exemption\n")
    result = load_knowledge(knowledge_dir)
    assert len(result.knowledge.entries) == 3
    assert all(issue.path.name == "z_extra.yml" for issue in result.errors)


def test_load_knowledge_base_raises_with_every_error(knowledge_dir):
    append_entry(knowledge_dir, "- id: broken\n  topic: exemption\n")
    with pytest.raises(KnowledgeError) as err:
        load_knowledge_base(knowledge_dir)
    assert len([issue for issue in err.value.issues if not untranslated(issue)]) == 4
    assert "z_extra.yml:1: error: broken.questions" in str(err.value)


def test_no_faq_files_is_an_error(knowledge_dir):
    for path in (knowledge_dir / "faq").iterdir():
        path.unlink()
    errors = load_knowledge(knowledge_dir).errors
    assert [e.message for e in errors] == ["no FAQ files (*.yml) found"]


def test_warnings_do_not_block_loading(knowledge_dir):
    append_entry(knowledge_dir, entry().replace("2026-01-01", "2999-01-01"))
    result = load_knowledge(knowledge_dir)
    assert result.errors == []
    assert [i.severity for i in result.issues if not untranslated(i)] == [Severity.WARNING]
    assert load_knowledge_base(knowledge_dir).entry("extra").topic == "nenkin_net"


def test_normalize_question_folds_width_case_space_and_punctuation():
    assert normalize_question("ＮＥＮＫＩＮ　ネット？") == normalize_question("nenkin ネット")
    assert normalize_question("免除") != normalize_question("猶予")


def test_answer_fallback_chain(knowledge_dir):
    kb = load_knowledge_base(knowledge_dir)
    item = kb.entry("student-special")
    assert item.answer_in("ja")[0] == "ja"
    assert item.answer_in("zh") == ("en", "You can apply for the student payment special rule.")
    with pytest.raises(KeyError):
        kb.entry("missing")
