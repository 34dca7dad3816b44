from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from knowledge.content.answer_checks import MAX_ANSWER_SENTENCES, MIN_VARIANTS, editorial_warnings, serving_problems
from knowledge.content.issues import Issue, KnowledgeError, Severity
from knowledge.content.loader import load_knowledge, load_knowledge_base
from knowledge.content.placeholders import render_answer
from knowledge.content.schema import Amount, FaqEntry, KnowledgeBase, Source
from knowledge.languages import LANGUAGES

DATA = Path(__file__).resolve().parents[2] / "data" / "knowledge"
FAQ_FILE = Path("faq/exemption.yml")
AMOUNTS_FILE = Path("amounts.yml")
JPS = {"ja": "日本年金機構", "en": "Japan Pension Service"}
PAGE = Source({"ja": "免除", "en": "Exemption"}, "https://www.nenkin.go.jp/menjo.html", JPS)
TODAY = date(2026, 6, 1)  # FY2026
QUESTIONS = {
    language: tuple(f"{language} question {n}" for n in range(MIN_VARIANTS[language])) for language in LANGUAGES
}
FIELD_LINES = {"id": 1, "topic": 2, "questions": 3, "answer": 40, "source": 44, "last_reviewed": 45}


def entry(**changes) -> FaqEntry:
    """An entry that passes every check on TODAY unless ``changes`` break it."""
    values = {
        "id": "exemption-overview",
        "topic": "exemption",
        "questions": QUESTIONS,
        "answer": {"ja": "免除を申請できます。{line:main_line}へ。", "en": "You can apply. Call {line:main_line}."},
        "sources": (PAGE,),
        "last_reviewed": date(2026, 1, 15),
        "file": FAQ_FILE,
        "line": 1,
        "field_lines": FIELD_LINES,
    } | changes
    return FaqEntry(**values)


def amount(amount_id: str, by_fiscal_year: dict[int, int], value: int | None = None, line: int = 5) -> Amount:
    label = {"ja": "保険料", "en": "Premium"}
    return Amount(amount_id, label, by_fiscal_year, value, (PAGE,), file=AMOUNTS_FILE, line=line)


@pytest.fixture(scope="module")
def fixture_knowledge() -> KnowledgeBase:
    return load_knowledge_base(DATA)


@pytest.fixture
def with_entries(fixture_knowledge):
    def build(*entries: FaqEntry, amounts: dict[str, Amount] | None = None) -> KnowledgeBase:
        return replace(fixture_knowledge, entries=entries, amounts=amounts or {})

    return build


def warning(field: str, message: str, line: int) -> Issue:
    return Issue(FAQ_FILE, line, f"exemption-overview.{field}", message, Severity.WARNING)


# serving_problems


def test_an_answer_with_valid_placeholders_has_no_serving_problems(with_entries):
    assert serving_problems(with_entries(entry())) == []


def test_the_fixture_knowledge_has_no_serving_problems(fixture_knowledge):
    assert serving_problems(fixture_knowledge) == []


@pytest.mark.parametrize(
    "phone",
    [
        "0570-05-1165",
        "03-6700-1165",
        "+81-3-6700-1165",
        "+81 3 6700 1165",
        "0570 05 1165",
        "050-3000-1165",
        "0570－05－1165",
        "0570ー05ー1165",
        "0570‐05‐1165",
    ],
)
def test_a_typed_phone_number_is_an_error_at_the_answer_line(with_entries, phone):
    knowledge = with_entries(entry(answer={"ja": "免除を申請できます。", "en": f"Call Nenkin Dial on {phone}."}))
    assert serving_problems(knowledge) == [
        Issue(
            FAQ_FILE,
            40,
            "exemption-overview.answer.en",
            f"types the phone number {phone!r}; write {{line:ID}} or {{phone:ID}}",
        )
    ]


def test_a_phone_number_typed_in_full_width_digits_is_an_error(with_entries):
    knowledge = with_entries(
        entry(answer={"ja": "ねんきんダイヤル（０５７０－０５－１１６５）へ。", "en": "You can apply."})
    )
    assert [issue.message for issue in serving_problems(knowledge)] == [
        "types the phone number '０５７０－０５－１１６５'; write {line:ID} or {phone:ID}"
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Apply by 2026-04-01.",
        "The premium is 17,510 yen.",
        "Call {phone:main_line} or, from abroad, {phone:main_line:abroad}.",
        "Keep the 10-digit basic pension number 1234-567890 at hand.",
        "Opening hours 8:30-17:15.",
    ],
)
def test_dates_amounts_and_placeholders_are_not_typed_phone_numbers(with_entries, text):
    assert serving_problems(with_entries(entry(answer={"ja": "免除を申請できます。", "en": text}))) == []


def test_each_placeholder_problem_is_an_error_in_its_language(with_entries):
    knowledge = with_entries(entry(answer={"ja": "{line:nope}へ。", "en": "Call {foo}."}))
    assert serving_problems(knowledge) == [
        Issue(
            FAQ_FILE,
            40,
            "exemption-overview.answer.ja",
            "{line:nope}: no contact line or office 'nope' in contacts.yml (local_office, main_line, net_line)",
        ),
        Issue(
            FAQ_FILE,
            40,
            "exemption-overview.answer.en",
            "{foo} is not a placeholder; write e.g. {line:nenkin_dial} or {amount:ID}",
        ),
    ]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        (
            "en: Call 0570-05-1165.",
            "faq/sample.yml:12: error: exemption-overview.answer.en: types the phone number '0570-05-1165'; "
            "write {line:ID} or {phone:ID}",
        ),
        (
            "en: Call {line:nenkin_dial}.",
            "faq/sample.yml:12: error: exemption-overview.answer.en: {line:nenkin_dial}: no contact line or office "
            "'nenkin_dial' in contacts.yml (local_office, main_line, net_line)",
        ),
    ],
)
def test_a_serving_problem_stops_the_load_with_file_and_line(knowledge_dir, new, expected):
    sample = knowledge_dir / "faq" / "sample.yml"
    text = sample.read_text(encoding="utf-8")
    sample.write_text(text.replace("en: You can apply for an exemption.", new), encoding="utf-8")
    errors = [issue.format(knowledge_dir) for issue in load_knowledge(knowledge_dir).errors]
    assert expected in errors  # beside it: the English states a fact the Japanese does not
    assert [error for error in errors if error != expected] == [
        error for error in errors if "does not state the same facts as the Japanese" in error
    ]
    with pytest.raises(KnowledgeError, match="2 error"):
        load_knowledge_base(knowledge_dir)


# editorial_warnings


def test_a_current_entry_has_no_editorial_warnings(with_entries):
    assert editorial_warnings(with_entries(entry()), TODAY) == []


@pytest.mark.parametrize(
    ("last_reviewed", "warned"),
    [(date(2025, 6, 1), False), (date(2025, 5, 31), True), (date(2024, 1, 1), True)],
)
def test_an_entry_not_reviewed_for_over_365_days_is_flagged(with_entries, last_reviewed, warned):
    warnings = editorial_warnings(with_entries(entry(last_reviewed=last_reviewed)), TODAY)
    expected = warning(
        "last_reviewed",
        f"last reviewed on {last_reviewed}, over a year ago: re-check it against its sources",
        45,
    )
    assert warnings == ([expected] if warned else [])


@pytest.mark.parametrize("named", ["FY2025", "2025年度", "令和7年度", "R7年度"])
def test_an_answer_naming_a_past_fiscal_year_is_flagged(with_entries, named):
    knowledge = with_entries(entry(answer={"ja": f"{named}の保険料です。", "en": "You can apply."}))
    assert editorial_warnings(knowledge, TODAY) == [
        warning(
            "answer.ja",
            "names FY2025, before the current FY2026: re-check that it is still true, "
            "or move the amount to amounts.yml",
            40,
        )
    ]


def test_past_fiscal_years_are_listed_once_each_in_order(with_entries):
    answer = {"ja": "FY2025（FY2019、令和元年度、2025年度）から、FY2026に申請できます。", "en": "You can apply."}
    (issue,) = editorial_warnings(with_entries(entry(answer=answer)), TODAY)
    assert issue.message.startswith("names FY2019, FY2025, before the current FY2026:")


@pytest.mark.parametrize("named", ["FY2026", "2026年度", "令和8年度", "FY2027", "令和9年度"])
def test_the_current_and_future_fiscal_years_are_not_flagged(with_entries, named):
    knowledge = with_entries(entry(answer={"ja": f"{named}の保険料です。", "en": "You can apply."}))
    assert editorial_warnings(knowledge, TODAY) == []


@pytest.mark.parametrize(("today", "warned"), [(date(2026, 3, 31), False), (date(2026, 4, 1), True)])
def test_a_fiscal_year_becomes_past_on_1_april(with_entries, today, warned):
    knowledge = with_entries(entry(answer={"ja": "FY2025の保険料です。", "en": "The FY2025 premium."}))
    assert len(editorial_warnings(knowledge, today)) == (1 if warned else 0)


def test_an_amount_without_a_value_for_the_current_fiscal_year_is_flagged(with_entries):
    amounts = {
        "premium": amount("premium", {2024: 16980, 2025: 17510}, line=5),
        "current": amount("current", {2025: 1, 2026: 2}, line=12),
        "fuka": amount("fuka", {}, value=400, line=20),
    }
    assert editorial_warnings(with_entries(entry(), amounts=amounts), TODAY) == [
        Issue(
            AMOUNTS_FILE,
            5,
            "premium.by_fiscal_year",
            "has no FY2026 value (latest FY2025); answers show the FY2025 amount, labelled with its year",
            Severity.WARNING,
        )
    ]


def test_an_amount_with_only_future_years_is_not_promised_to_be_shown(with_entries):
    knowledge = with_entries(entry(), amounts={"prepaid": amount("prepaid", {2026: 418510})})
    in_fy2025 = date(2026, 3, 1)
    promises = [issue.message for issue in editorial_warnings(knowledge, in_fy2025) if "answers show" in issue.message]
    try:
        shown = render_answer("{amount:prepaid}", knowledge, "en", in_fy2025)
    except KeyError:
        shown = None
    assert not (promises and shown is None), promises


def test_too_few_question_variants_are_flagged_per_language(with_entries):
    questions = QUESTIONS | {"ja": QUESTIONS["ja"][:7]}
    questions = {language: variants for language, variants in questions.items() if language != "ne"}
    assert editorial_warnings(with_entries(entry(questions=questions)), TODAY) == [
        warning("questions.ja", "has 7 question variant(s) in ja; write at least 8", 3),
        warning("questions", "has 0 question variant(s) in ne; write at least 3", 3),
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("一。二。三。四。五。六。七。", 7),
        ("One. Two! Three? Four. Five. Six. Seven.", 7),
        ("一。二！三？四。五。六。", 6),
        ("It costs ¥1.5 million. Pay at 9.30. Ask. Ask. Ask. Ask.", 6),
    ],
)
def test_an_answer_of_more_than_six_sentences_is_flagged(with_entries, text, sentences):
    knowledge = with_entries(entry(answer={"ja": text, "en": "You can apply."}))
    expected = warning("answer.ja", f"has {sentences} sentences; keep to {MAX_ANSWER_SENTENCES}", 40)
    assert editorial_warnings(knowledge, TODAY) == ([expected] if sentences > MAX_ANSWER_SENTENCES else [])


def test_every_editorial_finding_is_a_warning(with_entries):
    knowledge = with_entries(
        entry(
            answer={"ja": "FY2020。" * 8, "en": "You can apply."},
            last_reviewed=date(2020, 1, 1),
            questions={"ja": ("一つだけ",)},
        ),
        amounts={"premium": amount("premium", {2024: 16980})},
    )
    issues = editorial_warnings(knowledge, TODAY)
    assert len(issues) == 1 + 1 + 1 + len(LANGUAGES) + 1
    assert {issue.severity for issue in issues} == {Severity.WARNING}
