from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from knowledge.content.answers import Citation, ShownAnswer, show_answer
from knowledge.content.loader import load_knowledge_base
from knowledge.content.schema import Amount, FaqEntry, KnowledgeBase, Source

DATA = Path(__file__).resolve().parents[2] / "data" / "knowledge"
JPS = {"ja": "日本年金機構", "en": "Japan Pension Service"}
NENKIN_PAGE = Source(
    {"ja": "免除のページ", "en": "Exemption page", "zh": "免除页面"},
    "https://www.nenkin.go.jp/menjo.html",
    JPS,
    report="FY2021 report Ⅰ-1(1)",
)
CITY_PAGE = Source(
    {"ja": "国民年金保険料", "en": "National Pension premiums"},
    "https://www.city.chikugo.lg.jp/kurashi/_2165.html",
    {"ja": "筑後市", "en": "Chikugo City"},
)
AMOUNTS = {
    "premium": Amount("premium", {"ja": "保険料", "en": "Premium"}, {2024: 16980, 2025: 17510}, None, (CITY_PAGE,)),
}
TODAY = date(2025, 6, 1)


def entry(answer: dict[str, str], sources: tuple[Source, ...] = (NENKIN_PAGE, CITY_PAGE)) -> FaqEntry:
    return FaqEntry(
        id="exemption-call",
        topic="exemption",
        questions={"ja": ("免除について電話したい",)},
        answer=answer,
        sources=sources,
        last_reviewed=date(2025, 5, 1),
    )


ENTRY = entry(
    {
        "ja": "{name:main_line}（{phone:main_line}）にお電話ください。",
        "en": "Call {name:main_line} on {phone:main_line}.",
    }
)


@pytest.fixture(scope="module")
def knowledge() -> KnowledgeBase:
    return replace(load_knowledge_base(DATA), amounts=AMOUNTS)


def test_an_answer_in_the_residents_language_is_filled_in_and_cited(knowledge):
    assert show_answer(ENTRY, knowledge, "en", TODAY) == ShownAnswer(
        language="en",
        text="Call Test line on 0570-00-0000.",
        sources_text=(
            "en:answer_source en:source_citation Japan Pension Service Exemption page "
            "https://www.nenkin.go.jp/menjo.html\n"
            "en:answer_source en:source_citation Chikugo City National Pension premiums "
            "https://www.city.chikugo.lg.jp/kurashi/_2165.html"
        ),
        citations=(
            Citation("Japan Pension Service", "Exemption page", "https://www.nenkin.go.jp/menjo.html"),
            Citation("Chikugo City", "National Pension premiums", "https://www.city.chikugo.lg.jp/kurashi/_2165.html"),
        ),
    )


def test_a_japanese_resident_gets_the_japanese_answer_and_citations(knowledge):
    shown = show_answer(ENTRY, knowledge, "ja", TODAY)
    assert (shown.language, shown.text) == ("ja", "テスト窓口（0570-00-0000）にお電話ください。")
    assert shown.citations == (
        Citation("日本年金機構", "免除のページ", "https://www.nenkin.go.jp/menjo.html"),
        Citation("筑後市", "国民年金保険料", "https://www.city.chikugo.lg.jp/kurashi/_2165.html"),
    )
    assert shown.sources_text.splitlines()[1] == (
        "ja:answer_source ja:source_citation 筑後市 国民年金保険料 https://www.city.chikugo.lg.jp/kurashi/_2165.html"
    )


def test_an_answer_missing_in_the_residents_language_falls_back_to_english_with_sources_in_their_language(
    knowledge,
):
    shown = show_answer(ENTRY, knowledge, "zh", TODAY)
    assert shown.language == "en"
    assert shown.text == "Call Test line on 0570-00-0000."
    assert shown.sources_text.splitlines() == [
        "zh:answer_source zh:source_citation Japan Pension Service 免除页面 https://www.nenkin.go.jp/menjo.html",
        "zh:answer_source zh:source_citation Chikugo City National Pension premiums "
        "https://www.city.chikugo.lg.jp/kurashi/_2165.html",
    ]
    assert shown.citations[0] == Citation("Japan Pension Service", "免除页面", "https://www.nenkin.go.jp/menjo.html")


def test_an_answer_only_in_japanese_falls_back_to_japanese(knowledge):
    shown = show_answer(entry({"ja": "免除を申請できます。"}), knowledge, "vi", TODAY)
    assert (shown.language, shown.text) == ("ja", "免除を申請できます。")


def test_an_entry_with_no_usable_answer_is_a_key_error(knowledge):
    with pytest.raises(KeyError, match="FAQ exemption-call has no answer in vi, en or ja"):
        show_answer(entry({"zh": "可以申请免除。"}), knowledge, "vi", TODAY)


@pytest.mark.parametrize(
    ("today", "text"),
    [
        (date(2025, 3, 31), "The premium is en:amount_in_year 16,980 2024."),
        (date(2025, 4, 1), "The premium is en:amount_in_year 17,510 2025."),
    ],
)
def test_amounts_in_an_answer_follow_the_fiscal_year_of_the_japan_date(knowledge, today, text):
    shown = show_answer(
        entry({"ja": "保険料は{amount:premium}です。", "en": "The premium is {amount:premium}."}),
        knowledge,
        "en",
        today,
    )
    assert shown.text == text


def test_the_staff_only_report_is_never_shown_to_residents(knowledge):
    shown = show_answer(ENTRY, knowledge, "en", TODAY)
    assert NENKIN_PAGE.report is not None
    assert NENKIN_PAGE.report not in shown.sources_text
    assert all(NENKIN_PAGE.report not in str(citation) for citation in shown.citations)


def test_a_loaded_entry_is_shown_with_its_source(knowledge):
    shown = show_answer(knowledge.entry("exemption-overview"), knowledge, "en", TODAY)
    assert shown == ShownAnswer(
        "en",
        "You can apply for an exemption.",
        "en:answer_source en:source_citation Japan Pension Service Test page https://www.nenkin.go.jp/test.html",
        (Citation("Japan Pension Service", "Test page", "https://www.nenkin.go.jp/test.html"),),
    )


def test_the_placeholders_of_a_fallback_answer_are_filled_in_the_answers_language(knowledge):
    shown = show_answer(entry({"ja": "{line:net_line}へ。", "en": "Call {line:net_line}."}), knowledge, "zh", TODAY)
    assert shown.language == "en"
    assert shown.text == "Call en:line_text Net line 0570-11-1111  Mondays."
