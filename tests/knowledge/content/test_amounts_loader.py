from pathlib import Path

import pytest

from knowledge.content.amounts_loader import load_amounts
from knowledge.content.loader import load_knowledge
from knowledge.content.official_sites import OfficialSites
from knowledge.content.schema import Amount, Source
from knowledge.content.sources_loader import load_official_sites

JPS = {"ja": "日本年金機構", "en": "Japan Pension Service"}
SITES = OfficialSites({"nenkin.go.jp": JPS})
PAGE = Source({"ja": "保険料", "en": "Premiums"}, "https://www.nenkin.go.jp/premium.html", JPS)
SHIPPED = Path(__file__).resolve().parents[3] / "knowledge"

VALID = """\
# Amounts by fiscal year.
- id: premium
  label: {ja: 国民年金保険料（月額）, en: National Pension premium (per month)}
  by_fiscal_year: {2024: 16980, 2025: 17510}
  source: [{title: {ja: 保険料, en: Premiums}, url: "https://www.nenkin.go.jp/premium.html"}]

- id: fixed
  label: {ja: 付加保険料, en: Additional premium}
  value: 400
  source: [{title: {ja: 保険料, en: Premiums}, url: "https://www.nenkin.go.jp/premium.html"}]
"""


def load(tmp_path: Path, text: str):
    path = tmp_path / "amounts.yml"
    path.write_text(text, encoding="utf-8")
    return path, *load_amounts(path, SITES)


def found(issues):
    return [(issue.line, issue.field, issue.message) for issue in issues]


def amount(by_fiscal_year=None, value=None) -> Amount:
    return Amount("premium", {"ja": "保険料", "en": "Premium"}, by_fiscal_year or {}, value, (PAGE,))


def test_amounts_are_read_by_fiscal_year_or_as_a_fixed_value(tmp_path):
    path, amounts, issues = load(tmp_path, VALID)
    assert issues == []
    assert amounts == {
        "premium": Amount(
            "premium",
            {"ja": "国民年金保険料（月額）", "en": "National Pension premium (per month)"},
            {2024: 16980, 2025: 17510},
            None,
            (PAGE,),
        ),
        "fixed": Amount("fixed", {"ja": "付加保険料", "en": "Additional premium"}, {}, 400, (PAGE,)),
    }
    assert (amounts["premium"].file, amounts["premium"].line) == (path, 2)
    assert amounts["fixed"].line == 7


def test_shipped_amounts_are_valid():
    sites, _ = load_official_sites(SHIPPED / "official_sites.yml")
    amounts, issues = load_amounts(SHIPPED / "amounts.yml", sites)
    assert issues == []
    assert amounts["additional_premium_monthly"].for_year(2026) == (400, None)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2024, (16980, 2024)),
        (2025, (17510, 2025)),
        (2026, (17510, 2025)),
        (2031, (17510, 2025)),
    ],
)
def test_for_year_gives_that_years_value_or_the_latest_earlier_one(year, expected):
    assert amount({2024: 16980, 2025: 17510}).for_year(year) == expected


def test_for_year_skips_a_gap_to_the_latest_earlier_year():
    assert amount({2020: 100, 2023: 300, 2025: 500}).for_year(2024) == (300, 2023)


def test_for_year_of_a_fixed_amount_is_its_value_with_no_year():
    assert amount(value=400).for_year(2019) == (400, None)
    assert amount(value=400).for_year(2031) == (400, None)


def test_for_year_before_the_first_year_is_a_key_error():
    with pytest.raises(KeyError, match=r"amount 'premium' has no value for FY2023 or earlier"):
        amount({2024: 16980}).for_year(2023)


@pytest.mark.parametrize("text", ["", "# no amounts yet\n"])
def test_an_empty_amounts_file_means_no_amounts(tmp_path, text):
    _, amounts, issues = load(tmp_path, text)
    assert (amounts, issues) == ({}, [])


def test_a_missing_amounts_file_means_no_amounts(tmp_path):
    assert load_amounts(tmp_path / "amounts.yml", SITES) == ({}, [])


def test_amounts_that_are_not_a_list_are_reported_at_line_1(tmp_path):
    _, amounts, issues = load(tmp_path, "premium: 17510\n")
    assert amounts == {}
    assert found(issues) == [(1, "", "expected a list of amounts (each starting with '- id:')")]


def test_a_syntax_error_in_amounts_names_file_and_line(tmp_path):
    path, amounts, issues = load(tmp_path, VALID.replace("{2024: 16980, 2025: 17510}", "{2024: 16980, 2025: 17510"))
    assert amounts == {}
    (issue,) = issues
    assert issue.path == path and issue.line == 5 and issue.field == ""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("value: 400", "value: four hundred", (9, "fixed.value", "expected a whole number of yen, got 'four hundred'")),
        ("value: 400", 'value: "400"', (9, "fixed.value", "expected a whole number of yen, got '400'")),
        ("value: 400", "value: -400", (9, "fixed.value", "expected a whole number of yen, got -400")),
        ("value: 400", "value: 400.5", (9, "fixed.value", "expected a whole number of yen, got 400.5")),
        ("value: 400", "value: true", (9, "fixed.value", "expected a whole number of yen, got True")),
        (
            "2025: 17510}",
            '2025: "17,510"}',
            (4, "premium.by_fiscal_year.2025", "expected a whole number of yen, got '17,510'"),
        ),
        (
            "2025: 17510}",
            "2025: -1}",
            (4, "premium.by_fiscal_year.2025", "expected a whole number of yen, got -1"),
        ),
        (
            "{2024: 16980,",
            "{FY2024: 16980,",
            (4, "premium.by_fiscal_year.FY2024", "expected a fiscal year such as 2026, got 'FY2024'"),
        ),
        (
            "{2024: 16980,",
            "{1999: 16980,",
            (4, "premium.by_fiscal_year.1999", "expected a fiscal year such as 2026, got 1999"),
        ),
        (
            "by_fiscal_year: {2024: 16980, 2025: 17510}",
            "by_fiscal_year: [16980, 17510]",
            (4, "premium.by_fiscal_year", "expected a mapping of keys to values, got a list"),
        ),
        (
            "value: 400",
            "values: 400",
            (9, "fixed.values", "unknown field 'values'; did you mean 'value'?"),
        ),
        (
            "value: 400",
            "value: 400\n  by_fiscal_year: {2025: 400}",
            (7, "fixed", "give either by_fiscal_year (amounts revised each year) or value (a fixed amount)"),
        ),
        (
            "  by_fiscal_year: {2024: 16980, 2025: 17510}\n",
            "",
            (2, "premium", "give either by_fiscal_year (amounts revised each year) or value (a fixed amount)"),
        ),
        (
            "id: premium",
            "id: Premium Monthly",
            (
                2,
                "[0].id",
                "'Premium Monthly' is not a valid id (2–80 lowercase letters, digits, '-' or '_')",
            ),
        ),
        ("  label: {ja: 付加保険料, en: Additional premium}\n", "", (7, "fixed.label", "is required (with ja, en)")),
        (
            '  source: [{title: {ja: 保険料, en: Premiums}, url: "https://www.nenkin.go.jp/premium.html"}]\n\n',
            "\n",
            (2, "premium.source", "is required: the official page(s) the facts come from (title, url)"),
        ),
        (
            'url: "https://www.nenkin.go.jp/premium.html"}]\n\n',
            'url: "http://www.nenkin.go.jp/premium.html"}]\n\n',
            (5, "premium.source[0].url", "'http://www.nenkin.go.jp/premium.html' must use https://"),
        ),
    ],
)
def test_a_bad_amount_is_reported_with_file_line_and_field(tmp_path, old, new, expected):
    assert old in VALID
    path, _, issues = load(tmp_path, VALID.replace(old, new, 1))
    assert expected in found(issues), [issue.format() for issue in issues]
    assert all(issue.path == path for issue in issues)


@pytest.mark.parametrize(
    ("old", "new", "kept"),
    [
        ("value: 400", "value: four hundred", ["premium"]),
        ("2025: 17510}", '2025: "17,510"}', ["fixed"]),
        ("id: premium", "id: Premium Monthly", ["fixed"]),
        (
            'url: "https://www.nenkin.go.jp/premium.html"}]\n\n',
            'url: "http://www.nenkin.go.jp/premium.html"}]\n\n',
            ["fixed"],
        ),
    ],
)
def test_an_amount_with_an_error_is_left_out(tmp_path, old, new, kept):
    assert old in VALID
    _, amounts, _ = load(tmp_path, VALID.replace(old, new, 1))
    assert list(amounts) == kept


def test_an_amount_defined_twice_is_reported_at_the_second_definition(tmp_path):
    text = VALID + VALID.split("\n\n")[1].replace("付加保険料", "付加保険料（重複）")
    _, amounts, issues = load(tmp_path, text)
    assert found(issues) == [(11, "fixed.id", "amount 'fixed' is defined twice")]
    assert amounts["fixed"].line == 11


def test_an_amount_that_is_not_a_mapping_is_reported_at_its_line(tmp_path):
    _, amounts, issues = load(tmp_path, VALID + "- 17510\n")
    assert list(amounts) == ["premium", "fixed"]
    assert found(issues) == [(11, "[2]", "expected a mapping of keys to values, got int")]


def test_a_bad_fiscal_year_table_is_reported_once_per_mistake_and_nothing_else(tmp_path):
    _, _, issues = load(tmp_path, VALID.replace("{2024: 16980, 2025: 17510}", '{FY2024: 16980, 2025: "17,510"}'))
    assert found(issues) == [
        (4, "premium.by_fiscal_year.FY2024", "expected a fiscal year such as 2026, got 'FY2024'"),
        (4, "premium.by_fiscal_year.2025", "expected a whole number of yen, got '17,510'"),
    ]


def with_sites(knowledge_dir: Path) -> Path:
    (knowledge_dir / "official_sites.yml").write_text(
        "- domain: nenkin.go.jp\n  publisher: {ja: 日本年金機構, en: Japan Pension Service}\n", encoding="utf-8"
    )
    return knowledge_dir


def test_amounts_yml_in_a_knowledge_folder_is_loaded_into_the_knowledge_base(knowledge_dir):
    with_sites(knowledge_dir)
    (knowledge_dir / "amounts.yml").write_text(VALID, encoding="utf-8")
    result = load_knowledge(knowledge_dir)
    assert result.errors == []
    assert result.knowledge.amounts["premium"].by_fiscal_year == {2024: 16980, 2025: 17510}
    assert result.knowledge.amounts["premium"].file == knowledge_dir / "amounts.yml"


def test_a_bad_amounts_yml_stops_the_load_with_file_and_line(knowledge_dir):
    with_sites(knowledge_dir)
    (knowledge_dir / "amounts.yml").write_text(VALID.replace("value: 400", "value: lots"), encoding="utf-8")
    result = load_knowledge(knowledge_dir)
    assert [issue.format(knowledge_dir) for issue in result.errors] == [
        "amounts.yml:9: error: fixed.value: expected a whole number of yen, got 'lots'"
    ]
