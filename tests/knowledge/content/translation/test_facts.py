"""The facts check across languages: each way of writing a fact reads the same, and a wrong translation differs."""

import pytest

from knowledge.content.translation.facts import Fact, compare_facts, extract_facts


def values(text, language):
    return {str(fact) for fact in extract_facts(text, language)}


JAPANESE = (
    "全額免除の目安は（扶養親族等の数＋1）×35万円＋32万円です。4分の3免除もあります。"
    "2021年4月以降は60か月、申請は8時から23時まで、24時間受け付けます。平成20年4月1日から。"
    "{line:nenkin_dial}にお問い合わせください。https://www.nenkin.go.jp/a.html　0.7%"
)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "The guide is (dependants + 1) × 350,000 yen + 320,000 yen. There is also a 3/4 exemption. From April 2021 "
            "60 months; apply from 8:00 to 23:00, 24 hours a day. From 1 April 2008. "
            "Call {line:nenkin_dial}. https://www.nenkin.go.jp/a.html 0.7%",
        ),
        (
            "es",
            "La guía es (dependientes + 1) × 350.000 yenes + 320.000 yenes. También hay exención de 3/4. "
            "Desde abril de "
            "2021, 60 meses; de 8:00 a 23:00, 24 horas. Desde el 1 de abril de 2008. "
            "Llame a {line:nenkin_dial}. https://www.nenkin.go.jp/a.html 0,7 %",
        ),
        (
            "zh",
            "标准为（扶养亲属人数＋1）×35万日元＋32万日元。另有3/4免除。2021年4月以后为60个月，8:00至23:00受理，"
            "24小时。自2008年4月1日起。请联系{line:nenkin_dial}。https://www.nenkin.go.jp/a.html 0.7%",
        ),
        (
            "ko",
            "기준은 (부양가족 수 + 1) × 35만 엔 + 32만 엔입니다. 4분의 3 면제도 있습니다. 2021년 4월 이후 60개월, "
            "8:00~23:00, 24시간. 2008년 4월 1일부터. {line:nenkin_dial} https://www.nenkin.go.jp/a.html 0.7%",
        ),
        (
            "th",
            "เกณฑ์คือ (จำนวนผู้อยู่ในอุปการะ + 1) × 350,000 เยน + 320,000 เยน มีการยกเว้น 3/4 ด้วย ตั้งแต่เมษายน 2021 "
            "60 เดือน เวลา 8:00 ถึง 23:00 ตลอด 24 ชั่วโมง ตั้งแต่ 1 เมษายน 2008 {line:nenkin_dial} "
            "https://www.nenkin.go.jp/a.html 0.7%",
        ),
        (
            "ne",
            "मापदण्ड (आश्रित संख्या + १) × ३.५ लाख येन + ३२०,००० येन हो। 3/4 छुट पनि छ। अप्रिल २०२१ देखि ६० महिना, "
            "8:00 देखि 23:00, 24 घण्टा। 1 अप्रिल 2008 देखि। {line:nenkin_dial} https://www.nenkin.go.jp/a.html 0.7%",
        ),
    ],
)
def test_a_faithful_translation_states_the_same_facts(language, text):
    difference = compare_facts(JAPANESE, "ja", text, language)
    assert not difference, (difference.missing, difference.extra)


def test_large_number_words_multiply_in_every_script():
    assert values("35万円、1億2,000万円、1万7,920円", "ja") == {"350000", "120000000", "17920"}
    assert values("35만 엔, 3천 엔", "ko") == {"350000", "3000"}
    assert values("350 mil ienes, 1,2 milhões", "pt") == {"350000", "1200000"}
    assert values("3 แสน 5 หมื่น เยน", "th") == {"350000"}
    assert values("100 ล้านเยน", "th") == {"100000000"}  # Thai runs on into the next word
    assert values("2 milímetros, 350 mil ienes", "pt") == {"2", "350000"}
    assert values("350 nghìn yên, 1 triệu", "vi") == {"350000", "1000000"}


def test_grouping_and_decimal_marks_are_read_as_written():
    assert values("350,000; 350.000; 3,50,000; 1.000.000", "en") == {"350000", "1000000"}
    assert values("0.7% or 0,7 %, 16,5 and 1.234,5", "es") == {"0.7", "16.5", "1234.5"}


def test_native_and_full_width_digits_are_digits_but_kanji_words_are_not():
    assert values("๒๐ ปี", "th") == {"20"}
    assert values("२० वर्ष", "ne") == {"20"}
    assert values("２０歳、一時金、一度", "ja") == {"20"}


def test_era_years_are_gregorian():
    assert values("平成19年4月", "ja") == values("April 2007", "en") == {"2007", "4"}
    assert values("令和元年", "ja") == values("Reiwa 1", "en") == {"2019"}


def test_times_of_day_and_durations_differ():
    assert extract_facts("8時30分から19時まで、24時間", "ja").keys() == {
        Fact("time", "8:30"),
        Fact("time", "19:00"),
        Fact("number", "24"),
    }


def test_month_names_that_are_everyday_words_count_only_next_to_a_number():
    assert values("You may claim it in May 2026.", "en") == {"5", "2026"}
    assert values("It covers April and May. May I help?", "en") == {"4", "5"}
    assert values("May 4 na uri ng exemption, mula Mayo 2026", "tl") == {"4", "5", "2026"}
    assert values("जुन कागज चाहिन्छ, जुन 1 देखि", "ne") == {"6", "1"}
    assert values("a partir de marzo", "es") == {"3"}


def test_a_count_of_one_may_be_left_to_the_words():
    assert not compare_facts("1か月につき0.7%、年1回", "ja", "0.7% per month, once a year", "en")
    assert not compare_facts("1か月につき0.7%", "ja", "0.7% for each 1 month", "en")
    assert compare_facts("4月1日", "ja", "in April", "en").missing == {Fact("number", "1"): "1"}


def test_phone_numbers_placeholders_and_urls_are_kept_verbatim():
    facts = extract_facts("{phone:nenkin_dial:abroad} +81-3-6700-1165 https://www.nenkin.go.jp/x.html).", "en")
    assert facts.keys() == {
        Fact("placeholder", "{phone:nenkin_dial:abroad}"),
        Fact("phone", "81367001165"),
        Fact("url", "https://www.nenkin.go.jp/x.html"),
    }


def test_disease_names_with_digits_are_words():
    assert values("COVID-19 special rule", "en") == set()


@pytest.mark.parametrize(
    ("wrong", "missing", "extra"),
    [
        ("You can claim within 5 years of leaving Japan.", {"2"}, {"5"}),  # wrong deadline
        ("The limit is 3,500,000 yen.", {"350000"}, {"3500000"}),  # 35万 misread as 350万
        ("From 1 April 2021.", {"2026"}, {"2021"}),  # wrong year
        ("Ask at {line:pension_office}.", {"{line:nenkin_dial}"}, {"{line:pension_office}"}),  # wrong placeholder
        (
            "See https://www.nenkin.go.jp/other.html",
            {"https://www.nenkin.go.jp/a.html"},
            {"https://www.nenkin.go.jp/other.html"},
        ),
    ],
)
def test_a_wrong_translation_is_caught_with_the_differing_facts(wrong, missing, extra):
    japanese = {
        "You can claim within 5 years of leaving Japan.": "日本を出国してから2年以内に請求できます。",
        "The limit is 3,500,000 yen.": "上限は35万円です。",
        "From 1 April 2021.": "2026年4月1日から。",
        "Ask at {line:pension_office}.": "{line:nenkin_dial}にお問い合わせください。",
        "See https://www.nenkin.go.jp/other.html": "https://www.nenkin.go.jp/a.html をご覧ください。",
    }[wrong]
    difference = compare_facts(japanese, "ja", wrong, "en")
    assert {str(fact) for fact in difference.missing} == missing
    assert {str(fact) for fact in difference.extra} == extra


def test_a_dropped_fraction_or_percentage_is_caught():
    difference = compare_facts("4分の3免除、年0.7%", "ja", "three-quarter exemption, 7% a year", "en")
    assert difference.missing.keys() == {Fact("fraction", "3/4"), Fact("number", "0.7")}
    assert difference.extra.keys() == {Fact("number", "7")}
