from datetime import date
from pathlib import Path

from knowledge.content.faq_loader import faq_files, load_faq_file
from knowledge.content.issues import Severity

VALID = """\
- id: exemption-overview
  topic: exemption
  questions:
    ja:
      - 保険料が払えない
      - 免除申請
    en: [I cannot pay]
  answer:
    ja: 免除を申請できます。
    en: You can apply.
  source: [{title: {ja: ページ, en: Page}, publisher: {ja: 日本年金機構, en: Japan Pension Service}, url: "https://www.nenkin.go.jp/page.html"}]
  last_reviewed: 2026-01-15
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "faq.yml"
    path.write_text(text, encoding="utf-8")
    return path, *load_faq_file(path)


def messages(issues):
    return [(issue.line, issue.field, issue.message) for issue in issues]


def test_valid_entry_is_read_with_lines(tmp_path):
    path, entries, issues = load(tmp_path, VALID)
    assert issues == []
    (entry,) = entries
    assert entry.id == "exemption-overview"
    assert entry.questions == {"ja": ("保険料が払えない", "免除申請"), "en": ("I cannot pay",)}
    assert entry.answer["en"] == "You can apply."
    assert entry.last_reviewed == date(2026, 1, 15)
    assert entry.file == path and entry.line == 1
    assert entry.question_line("ja", 1) == 6
    assert entry.field_line("source") == 11


def test_missing_required_fields_are_each_reported(tmp_path):
    _, entries, issues = load(tmp_path, "- id: lonely\n  topic: exemption\n")
    assert entries == []
    fields = {issue.field for issue in issues}
    assert {"lonely.questions", "lonely.answer", "lonely.source", "lonely.last_reviewed"} <= fields
    assert all(issue.line == 1 for issue in issues)


def test_missing_required_languages(tmp_path):
    text = VALID.replace("    ja:\n      - 保険料が払えない\n      - 免除申請\n", "").replace(
        "    en: You can apply.\n", ""
    )
    _, entries, issues = load(tmp_path, text)
    assert entries == []
    found = messages(issues)
    assert (3, "exemption-overview.questions", "missing required language 'ja'") in found
    assert not any(field.endswith(".answer") for _, field, _ in found)  # English is a translation: not required here


def test_only_the_japanese_answer_is_required(tmp_path):
    _, entries, issues = load(tmp_path, VALID.replace("    ja: 免除を申請できます。\n", "", 1))
    assert entries == []
    assert (8, "exemption-overview.answer", "missing required language 'ja'") in messages(issues)


def test_unknown_language_and_field_with_suggestion(tmp_path):
    text = VALID.replace("    en: [I cannot pay]\n", "    english: [I cannot pay]\n").replace(
        "  source:", "  sauce: x\n  source:"
    )
    _, _, issues = load(tmp_path, text)
    found = messages(issues)
    assert any(f == "exemption-overview.questions.english" and "unknown language code" in m for _, f, m in found)
    assert any(f == "exemption-overview.sauce" and "did you mean 'source'" in m for _, f, m in found)


def test_empty_answer_is_an_error_with_its_line(tmp_path):
    _, entries, issues = load(tmp_path, VALID.replace("en: You can apply.", 'en: "   "'))
    assert entries == []
    assert messages(issues) == [(10, "exemption-overview.answer.en", "must not be empty")]


def test_wrong_types_are_explained(tmp_path):
    text = VALID.replace("      - 免除申請\n", "      - 12345\n").replace("2026-01-15", "soon")
    _, _, issues = load(tmp_path, text)
    found = messages(issues)
    assert (6, "exemption-overview.questions.ja[1]", "expected text, got int 12345") in found
    assert (12, "exemption-overview.last_reviewed", "expected a date such as 2026-11-26, got 'soon'") in found


def test_bad_id_is_rejected(tmp_path):
    _, entries, issues = load(tmp_path, VALID.replace("exemption-overview", "Exemption Overview!"))
    assert entries == []
    assert "not a valid id" in issues[0].message and issues[0].line == 1


def test_repeated_variant_is_a_warning_and_deduplicated(tmp_path):
    _, entries, issues = load(tmp_path, VALID.replace("      - 免除申請\n", "      - 保険料が払えない\n"))
    assert [i.severity for i in issues] == [Severity.WARNING]
    assert issues[0].line == 6
    assert entries[0].questions["ja"] == ("保険料が払えない",)


def test_top_level_must_be_a_list(tmp_path):
    _, entries, issues = load(tmp_path, "id: x\ntopic: y\n")
    assert entries == [] and "expected a list of FAQ entries" in issues[0].message and issues[0].line == 1


def test_broken_yaml_gives_file_and_line(tmp_path):
    path, entries, issues = load(tmp_path, VALID + "- id: [broken\n")
    assert entries == []
    (issue,) = issues
    assert issue.path == path and issue.line >= 13 and issue.severity is Severity.ERROR


def test_empty_file_is_a_warning(tmp_path):
    _, entries, issues = load(tmp_path, "# nothing yet\n")
    assert entries == [] and issues[0].severity is Severity.WARNING


def test_future_review_date_warns(tmp_path):
    _, entries, issues = load(tmp_path, VALID.replace("2026-01-15", "2999-01-01"))
    assert len(entries) == 1 and issues[0].severity is Severity.WARNING and "future" in issues[0].message


def test_faq_files_are_sorted_yml_and_yaml(tmp_path):
    for name in ("b.yml", "a.yaml", "c.txt"):
        (tmp_path / name).write_text("[]")
    assert [p.name for p in faq_files(tmp_path)] == ["a.yaml", "b.yml"]
