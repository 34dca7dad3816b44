from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from knowledge.content.loader import load_knowledge_base
from knowledge.content.placeholders import (
    Placeholder,
    cite,
    find_placeholders,
    placeholder_problems,
    render_answer,
)
from knowledge.content.schema import Amount, KnowledgeBase, Source

DATA = Path(__file__).resolve().parents[2] / "data" / "knowledge"
JPS = {"ja": "日本年金機構", "en": "Japan Pension Service"}
PAGE = Source({"ja": "保険料", "en": "Premiums"}, "https://www.nenkin.go.jp/premium.html", JPS)
AMOUNTS = {
    "premium": Amount("premium", {"ja": "保険料", "en": "Premium"}, {2024: 16980, 2025: 17510}, None, (PAGE,)),
    "fuka": Amount("fuka", {"ja": "付加保険料", "en": "Additional premium"}, {}, 400, (PAGE,)),
}
FY2025 = date(2025, 6, 1)

MAIN_LINE_EN = (
    "en:line_text Test line 0570-00-0000 "
    "en:line_alternative from 050 phones 03-0000-0000en:line_alternative from abroad +81-3-0000-0000 weekdays"
)
OFFICE_EN = (
    "en:office_text the office in charge "
    "en:source_citation Japan Pension Service Office list https://www.nenkin.go.jp/offices.html "
    "hours differ by office"
)


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return replace(load_knowledge_base(DATA), amounts=AMOUNTS)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("{name:main_line}", "en", "Test line"),
        ("{name:main_line}", "ja", "テスト窓口"),
        ("{name:main_line}", "zh", "Test line"),
        ("{phone:main_line}", "en", "0570-00-0000"),
        ("{phone:main_line:abroad}", "en", "+81-3-0000-0000"),
        ("{phone:main_line:ip_phone}", "en", "03-0000-0000"),
        ("{hours:main_line}", "en", "weekdays"),
        ("{hours:main_line}", "ja", "平日"),
        ("{line:main_line}", "en", MAIN_LINE_EN),
        (
            "{line:main_line}",
            "ja",
            "ja:line_text テスト窓口 0570-00-0000 "
            "ja:line_alternative 050から 03-0000-0000ja:line_alternative 海外から +81-3-0000-0000 平日",
        ),
        ("{line:net_line}", "en", "en:line_text Net line 0570-11-1111  Mondays"),
        ("{line:local_office}", "en", OFFICE_EN),
        ("{name:local_office}", "en", "the office in charge"),
        ("{name:local_office}", "ja", "管轄の事務所"),
        ("{amount:premium}", "en", "en:amount_in_year 17,510 2025"),
        ("{amount:premium}", "ja", "ja:amount_in_year 17,510 2025"),
        ("{amount:premium@2024}", "en", "en:amount_in_year 16,980 2024"),
        ("{amount:fuka}", "en", "en:amount_fixed 400"),
        (
            "Call {phone:main_line} ({hours:main_line}); the premium is {amount:premium}.",
            "en",
            "Call 0570-00-0000 (weekdays); the premium is en:amount_in_year 17,510 2025.",
        ),
    ],
)
def test_each_placeholder_kind_is_filled_in_the_residents_language(knowledge, text, language, expected):
    assert render_answer(text, knowledge, language, FY2025) == expected


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2025, 3, 31), "en:amount_in_year 16,980 2024"),
        (date(2025, 4, 1), "en:amount_in_year 17,510 2025"),
        (date(2027, 5, 1), "en:amount_in_year 17,510 2025"),
    ],
)
def test_an_amount_is_shown_for_the_fiscal_year_of_today_or_the_latest_year_before_it(knowledge, today, expected):
    assert render_answer("{amount:premium}", knowledge, "en", today) == expected


def test_text_without_placeholders_and_malformed_braces_are_left_as_they_are(knowledge):
    text = "免除を申請できます。{foo} {Line:main_line}"
    assert render_answer(text, knowledge, "ja", FY2025) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{name:nope}", "'nope'"),
        ("{amount:nope}", "'nope'"),
        ("{phone:net_line:abroad}", "line 'net_line' has no 'abroad' number"),
        ("{amount:premium@2023}", "amount 'premium' has no value for FY2023 or earlier"),
    ],
)
def test_rendering_a_placeholder_the_validator_rejects_raises_key_error(knowledge, text, message):
    with pytest.raises(KeyError, match=message):
        render_answer(text, knowledge, "en", FY2025)


def test_find_placeholders_lists_well_formed_placeholders_in_order():
    text = "{phone:main_line:abroad}, {foo}, {amount:premium@2025} and {line:local_office}"
    assert find_placeholders(text) == [
        Placeholder("{phone:main_line:abroad}", "phone", "main_line", variant="abroad"),
        Placeholder("{amount:premium@2025}", "amount", "premium", year=2025),
        Placeholder("{line:local_office}", "line", "local_office"),
    ]


def test_a_citation_names_publisher_title_and_address_in_the_language(knowledge):
    directory = knowledge.offices["local_office"].directory
    assert cite(directory, knowledge, "ja") == (
        "ja:source_citation 日本年金機構 事務所一覧 https://www.nenkin.go.jp/offices.html"
    )
    assert cite(directory, knowledge, "ko") == (
        "ko:source_citation Japan Pension Service Office list https://www.nenkin.go.jp/offices.html"
    )


def test_valid_placeholders_of_every_kind_have_no_problems(knowledge):
    text = (
        "{line:main_line} {name:main_line} {phone:main_line} {phone:main_line:abroad} "
        "{phone:main_line:ip_phone} {hours:main_line} {line:local_office} {name:local_office} "
        "{amount:premium} {amount:premium@2024} {amount:fuka}"
    )
    assert placeholder_problems(text, knowledge) == []


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "{line:nope}",
            "{line:nope}: no contact line or office 'nope' in contacts.yml (local_office, main_line, net_line)",
        ),
        (
            "{phone:nope:abroad}",
            "{phone:nope:abroad}: no contact line or office 'nope' in contacts.yml (local_office, main_line, net_line)",
        ),
        ("{amount:nope}", "{amount:nope}: no amount 'nope' in amounts.yml (fuka, premium)"),
        ("{amount:premium@2023}", "{amount:premium@2023}: amounts.yml has no FY2023 value for 'premium'"),
        ("{amount:premium:abroad}", "{amount:premium:abroad}: an amount takes a year as @2026, not a :variant"),
        ("{email:main_line}", "{email:main_line}: unknown kind 'email'; expected line, name, phone, hours or amount"),
        ("{phone:main_line@2025}", "{phone:main_line@2025}: only amounts take a year"),
        ("{name:main_line:abroad}", "{name:main_line:abroad}: only phone takes a variant (:abroad, :ip_phone)"),
        ("{phone:net_line:abroad}", "{phone:net_line:abroad}: line 'net_line' has no 'abroad' number in contacts.yml"),
        (
            "{phone:net_line:ip_phone}",
            "{phone:net_line:ip_phone}: line 'net_line' has no 'ip_phone' number in contacts.yml",
        ),
        (
            "{phone:local_office}",
            "{phone:local_office}: 'local_office' is an office with many branches: use {line:local_office}",
        ),
        (
            "{hours:local_office}",
            "{hours:local_office}: 'local_office' is an office with many branches: use {line:local_office}",
        ),
    ],
)
def test_an_unknown_or_misused_placeholder_is_a_problem(knowledge, text, problem):
    assert placeholder_problems(f"免除は{text}へ。", knowledge) == [problem]


@pytest.mark.parametrize(
    "braced",
    [
        "{foo}",
        "{Line:main_line}",
        "{line: main_line}",
        "{line:main_line:abroad:extra}",
        "{amount:premium@25}",
        "{line:}",
        "{}",
    ],
)
def test_a_malformed_placeholder_is_a_problem(knowledge, braced):
    assert placeholder_problems(f"Call {braced}.", knowledge) == [
        f"{braced} is not a placeholder; write e.g. {{line:nenkin_dial}} or {{amount:ID}}"
    ]


def test_with_no_amounts_table_an_amount_placeholder_says_there_are_none(knowledge):
    assert placeholder_problems("{amount:premium}", replace(knowledge, amounts={})) == [
        "{amount:premium}: no amount 'premium' in amounts.yml (none)"
    ]


def test_problems_list_malformed_braces_first_then_placeholders_in_order(knowledge):
    text = "{line:nope} {foo} {amount:nope} {bar}"
    assert placeholder_problems(text, knowledge) == [
        "{foo} is not a placeholder; write e.g. {line:nenkin_dial} or {amount:ID}",
        "{bar} is not a placeholder; write e.g. {line:nenkin_dial} or {amount:ID}",
        "{line:nope}: no contact line or office 'nope' in contacts.yml (local_office, main_line, net_line)",
        "{amount:nope}: no amount 'nope' in amounts.yml (fuka, premium)",
    ]


@pytest.mark.parametrize(
    ("language", "grouped"), [("en", "17,510"), ("vi", "17.510"), ("es", "17.510"), ("th", "17,510")]
)
def test_an_amount_groups_its_thousands_as_the_residents_language_does(knowledge, language, grouped):
    assert grouped in render_answer("{amount:premium}", knowledge, language, FY2025)
