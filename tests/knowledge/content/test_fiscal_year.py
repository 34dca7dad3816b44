from datetime import date

import pytest

from knowledge.content.fiscal_year import fiscal_year_of, fiscal_years_named


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (date(2026, 3, 31), 2025),
        (date(2026, 4, 1), 2026),
        (date(2026, 1, 1), 2025),
        (date(2026, 12, 31), 2026),
        (date(2027, 3, 31), 2026),
        (date(2027, 4, 1), 2027),
    ],
)
def test_the_fiscal_year_starts_on_1_april(day, fiscal_year):
    assert fiscal_year_of(day) == fiscal_year


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("FY2025", [2025]),
        ("from FY 2025 on", [2025]),
        ("2025年度の保険料", [2025]),
        ("2025 年度", [2025]),
        ("令和7年度の保険料", [2025]),
        ("令和 7 年度", [2025]),
        ("令和元年度", [2019]),
        ("令和8年度", [2026]),
        ("令和10年度", [2028]),
        ("R7年度", [2025]),
        ("（R8年度）", [2026]),
        ("２０２５年度", [2025]),
        ("令和７年度", [2025]),
    ],
)
def test_each_way_of_writing_a_fiscal_year_is_recognised(text, years):
    assert fiscal_years_named(text) == years


def test_fiscal_years_are_listed_in_the_order_they_are_named():
    assert fiscal_years_named("令和7年度と FY2026") == [2025, 2026]
    assert fiscal_years_named("2026年度、R6年度、FY2025、令和元年度") == [2026, 2024, 2025, 2019]


def test_a_year_named_twice_is_listed_twice():
    assert fiscal_years_named("FY2025 and again 2025年度") == [2025, 2025]


@pytest.mark.parametrize(
    "text",
    [
        "2025年4月から",
        "令和7年4月",
        "since April 2025",
        "the 2025 reform",
        "AR7年度",
        "{amount:premium@2025}",
        "",
    ],
)
def test_calendar_years_and_other_numbers_are_not_fiscal_years(text):
    assert fiscal_years_named(text) == []


@pytest.mark.parametrize(("text", "years"), [("平成30年度の額", [2018]), ("平成元年度", [1989])])
def test_heisei_fiscal_years_are_named(text, years):
    assert fiscal_years_named(text) == years


@pytest.mark.parametrize("text", ["12025年度", "FY20251", "XFY2025"])
def test_digits_glued_to_a_year_are_not_a_fiscal_year(text):
    assert fiscal_years_named(text) == []
