"""Typed reads of located YAML that collect issues with file, line and field (knowledge/content/field_reader.py)."""

from datetime import date, timedelta
from pathlib import Path

import pytest

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue, Severity
from knowledge.content.yaml_source import load_yaml
from knowledge.languages import LANGUAGES


def read(tmp_path: Path, text: str):
    """A reader for ``exemption.yml`` holding ``text``, and the file's top-level mapping."""
    path = tmp_path / "exemption.yml"
    path.write_text(text, encoding="utf-8")
    return FieldReader(path), load_yaml(path)


def found(reader: FieldReader) -> list[tuple[int, str, str]]:
    return [(issue.line, issue.field, issue.message) for issue in reader.issues]


# --------------------------------------------------------------------------- report


def test_report_records_file_line_field_and_severity(tmp_path):
    reader = FieldReader(tmp_path / "exemption.yml")
    reader.report(4, "entry.answer", "too long")
    reader.report(5, "entry.source", "looks old", Severity.WARNING)
    assert reader.issues == [
        Issue(tmp_path / "exemption.yml", 4, "entry.answer", "too long", Severity.ERROR),
        Issue(tmp_path / "exemption.yml", 5, "entry.source", "looks old", Severity.WARNING),
    ]
    assert reader.issues[0].format() == f"{tmp_path / 'exemption.yml'}:4: error: entry.answer: too long"


def test_error_count_counts_errors_not_warnings(tmp_path):
    reader = FieldReader(tmp_path / "exemption.yml")
    reader.report(5, "entry.source", "looks old", Severity.WARNING)
    assert reader.error_count == 0
    reader.report(4, "entry.answer", "too long")
    assert reader.error_count == 1


def test_a_new_reader_has_no_issues(tmp_path):
    assert FieldReader(tmp_path / "x.yml").issues == []


# --------------------------------------------------------------------------- mapping


def test_mapping_returns_a_mapping_unchanged(tmp_path):
    reader, doc = read(tmp_path, "id: exemption-overview\n")
    assert reader.mapping(doc, 1, "entry") is doc
    assert reader.issues == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [("- one\n- two\n", "a list"), ("just text\n", "str"), ("42\n", "int"), ("~\n", "nothing")],
)
def test_mapping_reports_what_it_got_instead(tmp_path, text, kind):
    reader, doc = read(tmp_path, text)
    assert reader.mapping(doc, 3, "entries[0]") is None
    assert found(reader) == [(3, "entries[0]", f"expected a mapping of keys to values, got {kind}")]
    assert reader.issues[0].path == tmp_path / "exemption.yml"


# --------------------------------------------------------------------------- known_keys


def test_known_keys_accepts_known_fields(tmp_path):
    reader, doc = read(tmp_path, "id: a\ntopic: b\n")
    reader.known_keys(doc, {"id", "topic", "questions"}, "entry")
    assert reader.issues == []


def test_known_keys_suggests_the_closest_field_at_the_keys_line(tmp_path):
    reader, doc = read(tmp_path, "id: a\ntopic: b\nquestoins: []\n")
    reader.known_keys(doc, {"id", "topic", "questions"}, "exemption-overview")
    assert found(reader) == [
        (3, "exemption-overview.questoins", "unknown field 'questoins'; did you mean 'questions'?")
    ]


def test_known_keys_lists_the_fields_when_nothing_is_close(tmp_path):
    reader, doc = read(tmp_path, "id: a\nxyz: 1\nanswer: c\n")
    reader.known_keys(doc, {"topic", "id", "questions"}, "")
    assert found(reader) == [
        (2, "xyz", "unknown field 'xyz'; expected one of id, questions, topic"),
        (3, "answer", "unknown field 'answer'; expected one of id, questions, topic"),
    ]


# --------------------------------------------------------------------------- text


def test_text_is_stripped(tmp_path):
    reader, doc = read(tmp_path, "source: '  FY2021 report  '\n")
    assert reader.text(doc, "source", "entry") == "FY2021 report"
    assert reader.issues == []


@pytest.mark.parametrize("text", ["id: a\n", "id: a\nsource:\n", "id: a\nsource: ~\n"])
def test_missing_required_text_is_reported_at_the_mapping(tmp_path, text):
    reader, doc = read(tmp_path, text)
    assert reader.text(doc, "source", "exemption-overview") is None
    assert found(reader) == [(1, "exemption-overview.source", "is required")]


def test_missing_optional_text_is_none_without_an_issue(tmp_path):
    reader, doc = read(tmp_path, "id: a\n")
    assert reader.text(doc, "source", "entry", required=False) is None
    assert reader.issues == []


@pytest.mark.parametrize(
    ("value", "message"),
    [("42", "expected text, got int 42"), ("[a, b]", "expected text, got a list ['a', 'b']")],
)
def test_text_of_another_type_is_reported_at_its_line(tmp_path, value, message):
    reader, doc = read(tmp_path, f"id: a\nsource: {value}\n")
    assert reader.text(doc, "source", "entry") is None
    assert found(reader) == [(2, "entry.source", message)]


def test_blank_text_is_reported(tmp_path):
    reader, doc = read(tmp_path, "id: a\nsource: '   '\n")
    assert reader.text(doc, "source", "entry", required=False) is None
    assert found(reader) == [(2, "entry.source", "must not be empty")]


# --------------------------------------------------------------------------- identifier


@pytest.mark.parametrize("value", ["ab", "exemption-overview", "student_payment_special", "9-lines", "a" * 80])
def test_valid_identifiers(tmp_path, value):
    reader, doc = read(tmp_path, f"id: {value}\n")
    assert reader.identifier(doc, "id", "entries[0]") == value
    assert reader.issues == []


@pytest.mark.parametrize("value", ["Exemption", "a", "-leading-dash", "has space", "免除", "a" * 81, "dots.here"])
def test_invalid_identifiers_say_what_an_id_is(tmp_path, value):
    reader, doc = read(tmp_path, f"topic: x\nid: '{value}'\n")
    assert reader.identifier(doc, "id", "entries[0]") is None
    assert found(reader) == [
        (2, "entries[0].id", f"{value!r} is not a valid id (2–80 lowercase letters, digits, '-' or '_')")
    ]


def test_identifier_reports_a_missing_required_id_once(tmp_path):
    reader, doc = read(tmp_path, "topic: x\n")
    assert reader.identifier(doc, "id", "entries[0]") is None
    assert found(reader) == [(1, "entries[0].id", "is required")]
    reader.issues.clear()
    assert reader.identifier(doc, "id", "entries[0]", required=False) is None
    assert reader.issues == []


# --------------------------------------------------------------------------- text_list


def test_text_list_strips_items(tmp_path):
    reader, doc = read(tmp_path, "related:\n  - ' student-special '\n  - deferral\n")
    assert reader.text_list(doc, "related", "entry") == ["student-special", "deferral"]
    assert reader.issues == []


def test_a_single_text_is_a_one_item_list(tmp_path):
    reader, doc = read(tmp_path, "related: student-special\n")
    assert reader.text_list(doc, "related", "entry") == ["student-special"]


def test_missing_list_is_empty_unless_required(tmp_path):
    reader, doc = read(tmp_path, "id: a\n")
    assert reader.text_list(doc, "related", "entry") == []
    assert reader.issues == []
    assert reader.text_list(doc, "related", "entry", required=True) == []
    assert found(reader) == [(1, "entry.related", "is required")]


def test_list_of_another_type_is_reported(tmp_path):
    reader, doc = read(tmp_path, "id: a\nrelated:\n  a: b\n")
    assert reader.text_list(doc, "related", "entry") == []
    assert found(reader) == [(2, "entry.related", "expected a list, got a mapping")]


def test_bad_items_are_reported_at_their_own_line_and_index_and_left_out(tmp_path):
    reader, doc = read(tmp_path, "questions:\n  - 保険料が払えない\n  - 3\n  - '  '\n  - 免除申請\n")
    assert reader.text_list(doc, "questions", "exemption-overview") == ["保険料が払えない", "免除申請"]
    assert found(reader) == [
        (3, "exemption-overview.questions[1]", "expected text, got int 3"),
        (4, "exemption-overview.questions[2]", "must not be empty"),
    ]


# --------------------------------------------------------------------------- language_map

ANSWER = "answer:\n  ja: 免除を申請できます。\n  en: You can apply.\n"


def test_language_map_returns_the_mapping(tmp_path):
    reader, doc = read(tmp_path, ANSWER)
    answer = reader.language_map(doc, "answer", "entry", languages=LANGUAGES, required=("ja", "en"))
    assert answer == {"ja": "免除を申請できます。", "en": "You can apply."}
    assert reader.issues == []


@pytest.mark.parametrize("text", ["id: a\n", "id: a\nanswer:\n"])
def test_missing_language_map_names_the_required_languages(tmp_path, text):
    reader, doc = read(tmp_path, text)
    assert reader.language_map(doc, "answer", "entry", languages=LANGUAGES, required=("ja", "en")) is None
    assert found(reader) == [(1, "entry.answer", "is required (with ja, en)")]


def test_language_map_that_is_not_a_mapping(tmp_path):
    reader, doc = read(tmp_path, "id: a\nanswer:\n  - 免除\n")
    assert reader.language_map(doc, "answer", "entry", languages=LANGUAGES, required=("ja",)) is None
    assert found(reader) == [(2, "entry.answer", "expected a mapping of keys to values, got a list")]


def test_unknown_language_is_reported_at_its_line_with_the_known_codes(tmp_path):
    reader, doc = read(tmp_path, ANSWER + "  jp: 免除\n")
    answer = reader.language_map(doc, "answer", "entry", languages=LANGUAGES, required=("ja",))
    assert answer is not None and "jp" in answer
    assert found(reader) == [
        (4, "entry.answer.jp", f"unknown language code 'jp'; expected one of {' '.join(LANGUAGES)}")
    ]


def test_missing_required_language_is_reported_at_the_field(tmp_path):
    reader, doc = read(tmp_path, "id: a\nanswer:\n  ja: 免除\n")
    answer = reader.language_map(doc, "answer", "entry", languages=LANGUAGES, required=("ja", "en"))
    assert answer == {"ja": "免除"}
    assert found(reader) == [(2, "entry.answer", "missing required language 'en'")]


# --------------------------------------------------------------------------- review_date


def test_review_date_from_a_yaml_date_or_quoted_text(tmp_path):
    reader, doc = read(tmp_path, "last_reviewed: 2026-01-15\nchecked: ' 2025-04-01 '\n")
    assert reader.review_date(doc, "last_reviewed", "entry") == date(2026, 1, 15)
    assert reader.review_date(doc, "checked", "entry") == date(2025, 4, 1)
    assert reader.issues == []


@pytest.mark.parametrize("text", ["id: a\n", "id: a\nlast_reviewed:\n"])
def test_missing_review_date_shows_an_example(tmp_path, text):
    reader, doc = read(tmp_path, text)
    assert reader.review_date(doc, "last_reviewed", "entry") is None
    assert found(reader) == [(1, "entry.last_reviewed", "is required (a date such as 2026-11-26)")]


@pytest.mark.parametrize(
    ("value", "shown"), [("last week", "'last week'"), ("'2026-13-01'", "'2026-13-01'"), ("20260115", "20260115")]
)
def test_review_date_that_is_not_a_date(tmp_path, value, shown):
    reader, doc = read(tmp_path, f"id: a\nlast_reviewed: {value}\n")
    assert reader.review_date(doc, "last_reviewed", "entry") is None
    assert found(reader) == [(2, "entry.last_reviewed", f"expected a date such as 2026-11-26, got {shown}")]


def test_review_date_in_the_future_is_a_warning_and_still_read(tmp_path):
    future = date.today() + timedelta(days=30)
    reader, doc = read(tmp_path, f"id: a\nlast_reviewed: {future.isoformat()}\n")
    assert reader.review_date(doc, "last_reviewed", "entry") == future
    assert found(reader) == [(2, "entry.last_reviewed", f"{future} is in the future")]
    assert reader.issues[0].severity is Severity.WARNING


def test_review_date_of_today_is_fine(tmp_path):
    reader, doc = read(tmp_path, f"last_reviewed: {date.today().isoformat()}\n")
    assert reader.review_date(doc, "last_reviewed", "entry") == date.today()
    assert reader.issues == []


# --------------------------------------------------------------------------- boolean


def test_boolean_reads_true_and_false(tmp_path):
    reader, doc = read(tmp_path, "interpreter: true\nclosed_on_national_holidays: false\n")
    assert reader.boolean(doc, "interpreter", "line", default=False) is True
    assert reader.boolean(doc, "closed_on_national_holidays", "line", default=True) is False
    assert reader.issues == []


def test_missing_boolean_is_the_default(tmp_path):
    reader, doc = read(tmp_path, "id: a\n")
    assert reader.boolean(doc, "interpreter", "line", default=True) is True
    assert reader.boolean(doc, "interpreter", "line", default=False) is False
    assert reader.issues == []


@pytest.mark.parametrize(("value", "shown"), [("'yes'", "'yes'"), ("1", "1"), ("~", "None")])
def test_boolean_of_another_type_is_reported_and_the_default_used(tmp_path, value, shown):
    reader, doc = read(tmp_path, f"id: a\ninterpreter: {value}\n")
    assert reader.boolean(doc, "interpreter", "lines.nenkin-dial", default=False) is False
    assert found(reader) == [(2, "lines.nenkin-dial.interpreter", f"expected true or false, got {shown}")]


# --------------------------------------------------------------------------- all at once


def test_every_mistake_in_a_file_is_collected_in_one_pass(tmp_path):
    reader, doc = read(
        tmp_path,
        "id: Exemption\ntopic: 3\nanswer:\n  ja: 免除\nlast_reviewed: soon\nextra: 1\n",
    )
    reader.known_keys(doc, {"id", "topic", "answer", "last_reviewed"}, "entry")
    reader.identifier(doc, "id", "entry")
    reader.text(doc, "topic", "entry")
    reader.language_map(doc, "answer", "entry", languages=LANGUAGES, required=("ja", "en"))
    reader.review_date(doc, "last_reviewed", "entry")
    assert [(line, field) for line, field, _ in found(reader)] == [
        (6, "entry.extra"),
        (1, "entry.id"),
        (2, "entry.topic"),
        (3, "entry.answer"),
        (5, "entry.last_reviewed"),
    ]
    assert all(issue.path == tmp_path / "exemption.yml" for issue in reader.issues)
