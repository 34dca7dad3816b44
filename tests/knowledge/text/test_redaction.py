import json

import pytest

from knowledge.text.redaction import (
    KINDS,
    PLACEHOLDERS,
    Redaction,
    contains_personal_number,
    redact,
    redact_payload,
)

PENSION = ("pension_number",)
MY_NUMBER = ("my_number",)
PHONE = ("phone",)
NUMBER = ("number",)


@pytest.mark.parametrize(
    ("text", "expected", "kinds"),
    [
        # basic pension numbers, every grouping and separator
        ("基礎年金番号は1234-567890です", "基礎年金番号は[PENSION_NUMBER]です", PENSION),
        ("1234567890", "[PENSION_NUMBER]", PENSION),
        ("番号１２３４－５６７８９０", "番号[PENSION_NUMBER]", PENSION),
        ("7318 402 957", "[PENSION_NUMBER]", PENSION),
        ("7318  402957", "[PENSION_NUMBER]", PENSION),
        ("7 3 1 8 4 0 2 9 5 7", "[PENSION_NUMBER]", PENSION),
        ("7318.402959", "[PENSION_NUMBER]", PENSION),
        ("7318_402957", "[PENSION_NUMBER]", PENSION),
        ("7318/402957", "[PENSION_NUMBER]", PENSION),
        ("7318,402957", "[PENSION_NUMBER]", PENSION),
        ("7318‒402957", "[PENSION_NUMBER]", PENSION),  # U+2012
        ("7318―402957", "[PENSION_NUMBER]", PENSION),  # U+2015
        ("7318−402957", "[PENSION_NUMBER]", PENSION),  # U+2212
        ("7318ー402957", "[PENSION_NUMBER]", PENSION),  # katakana prolonged sound mark
        ("7318 - 402957", "[PENSION_NUMBER]", PENSION),
        ("7318\u3000402957", "[PENSION_NUMBER]", PENSION),  # ideographic space
        ("7318\u200b402957", "[PENSION_NUMBER]", PENSION),  # zero-width space
        ("7318\u00ad402957", "[PENSION_NUMBER]", PENSION),  # soft hyphen
        ("7318\ufeff4029\u2060\u200d57", "[PENSION_NUMBER]", PENSION),
        ("七三一八四〇二九六二", "[PENSION_NUMBER]", PENSION),
        ("七三一八-四〇二九六二", "[PENSION_NUMBER]", PENSION),
        ("७३१८-४०२९५७", "[PENSION_NUMBER]", PENSION),  # Devanagari
        ("๗๓๑๘ ๔๐๒๙๕๗", "[PENSION_NUMBER]", PENSION),  # Thai
        ("𝟕𝟑𝟏𝟖𝟒𝟎𝟐𝟗𝟓𝟕", "[PENSION_NUMBER]", PENSION),  # mathematical bold
        ("⑦③①⑧④⓪②⑨⑤⑦", "[PENSION_NUMBER]", PENSION),  # circled
        ("(7318402957)", "[PENSION_NUMBER]", PENSION),
        ("7318402957円", "[PENSION_NUMBER]円", PENSION),  # a unit does not save a 10-digit number
        # My Number and card-like numbers
        ("マイナンバー 1234 5678 9012", "マイナンバー [MY_NUMBER]", MY_NUMBER),
        ("１２３４５６７８９０１２", "[MY_NUMBER]", MY_NUMBER),
        ("番号1234-5678-9012", "番号[MY_NUMBER]", MY_NUMBER),
        ("card 4111 1111 1111 1111", "card [CARD_NUMBER]", ("card_number",)),
        ("4111-1111-1111-111", "[CARD_NUMBER]", ("card_number",)),
        # phone numbers
        ("電話 090-1234-5678 まで", "電話 [PHONE] まで", PHONE),
        ("call 09012345678", "call [PHONE]", PHONE),
        ("(03)6700-1165", "[PHONE]", PHONE),
        ("(090) 7318-4061", "[PHONE]", PHONE),
        ("090(7318)4061", "[PHONE]", PHONE),
        ("090.7318.4061", "[PHONE]", PHONE),
        ("０９０ー７３１８ー４０６１", "[PHONE]", PHONE),
        ("〇九〇-七三一八-四〇六一", "[PHONE]", PHONE),
        ("०९०-७३१८-४०६१", "[PHONE]", PHONE),
        ("+81 90 1234 5678", "[PHONE]", PHONE),
        ("+81-90-7318-4061", "[PHONE]", PHONE),
        ("+81 (90) 7318 4061", "[PHONE]", PHONE),
        ("+81 (0)90-7318-4061", "[PHONE]", PHONE),
        ("(+81) 90 7318 4061", "[PHONE]", PHONE),
        ("+819073184061", "[PHONE]", PHONE),
        ("81-90-7318-4061", "[PHONE]", PHONE),
        ("+８１ ９０ ７３１８ ４０６１", "[PHONE]", PHONE),
        ("+63 917 123 4567", "[PHONE]", PHONE),  # a home-country number
        ("TEL:0367001165", "TEL:[PHONE]", PHONE),
        ("0570-05-1165", "[PHONE]", PHONE),  # official numbers too: it is still a phone number
        # e-mail addresses
        ("mail: taro.yamada@example.co.jp", "mail: [EMAIL]", ("email",)),
        ("taro＠ｅｘａｍｐｌｅ．ｃｏｍ です", "[EMAIL] です", ("email",)),
        ("連絡先はtaro_1985@example.jpまで", "連絡先は[EMAIL]まで", ("email",)),
        # postal codes and addresses
        (
            "〒100-8916 千代田区霞が関1-2-2",
            "[POSTAL_CODE] 千代田区霞が関[ADDRESS_NUMBER]",
            ("postal_code", "address_number"),
        ),
        ("〒1008916", "[POSTAL_CODE]", ("postal_code",)),
        ("〒 １００ ８９１６", "[POSTAL_CODE]", ("postal_code",)),
        ("郵便番号 100 8916", "郵便番号 [POSTAL_CODE]", ("postal_code",)),
        ("zip code: 1008916", "zip code: [POSTAL_CODE]", ("postal_code",)),
        ("100-8916", "[POSTAL_CODE]", ("postal_code",)),
        (
            "杉並区高井戸東3丁目5番12号に住んでいます",
            "杉並区高井戸東[ADDRESS_NUMBER]に住んでいます",
            ("address_number",),
        ),
        ("高井戸東三丁目五番十二号", "高井戸東[ADDRESS_NUMBER]", ("address_number",)),
        ("霞が関 1-2-3", "霞が関 [ADDRESS_NUMBER]", ("address_number",)),
        ("本町3丁目5-12", "本町[ADDRESS_NUMBER]", ("address_number",)),
        # other long runs and fragments of a number split over two messages
        ("account 12345678", "account [NUMBER]", NUMBER),
        ("7318", "[NUMBER]", NUMBER),
        ("402957", "[NUMBER]", NUMBER),
        ("最初の4桁は7318です", "最初の4桁は[NUMBER]です", NUMBER),
        ("the rest is 402957", "the rest is [NUMBER]", NUMBER),
        ("后六位是402957", "后六位是[NUMBER]", NUMBER),
        ("나머지는 402957입니다", "나머지는 [NUMBER]입니다", NUMBER),
        ("los primeros son 7318", "los primeros son [NUMBER]", NUMBER),
        ("os últimos são 402957", "os últimos são [NUMBER]", NUMBER),
        ("số cuối là 402957", "số cuối là [NUMBER]", NUMBER),
        ("ang huli ay 402957", "ang huli ay [NUMBER]", NUMBER),
        ("เลขท้าย 402957 ครับ", "เลขท้าย [NUMBER] ครับ", NUMBER),
        ("sisanya 402957", "sisanya [NUMBER]", NUMBER),
        ("बाँकी ४०२९५७ हो", "बाँकी [NUMBER] हो", NUMBER),
        ("No. 7318", "No. [NUMBER]", NUMBER),
        ("#4029", "#[NUMBER]", NUMBER),
        ("1) 7318", "1) [NUMBER]", NUMBER),
        ("7 3 1 8", "[NUMBER]", NUMBER),  # spaced digits are one number
        ("402 957", "[NUMBER]", NUMBER),
        ("1985 402957", "[PENSION_NUMBER]", PENSION),  # a year-like first group does not split a number
        ("¥7318 402957", "¥[PENSION_NUMBER]", PENSION),
        ("abc1234", "abc[NUMBER]", NUMBER),
        # numbers inside URLs and payloads
        ("https://example.com/u/7318402957?x=1", "https://example.com/u/[PENSION_NUMBER]?x=1", PENSION),
        ("https://example.com/call?tel=09073184061", "https://example.com/call?tel=[PHONE]", PHONE),
        ('/choose_faq{"faq_id": "7318402957"}', '/choose_faq{"faq_id": "[PENSION_NUMBER]"}', PENSION),
        ('/feedback_helpful{"faq_id": 7318402957}', '/feedback_helpful{"faq_id": "[PENSION_NUMBER]"}', PENSION),
        ('/x{"ids": [7318, 402957]}', '/x{"ids": ["[NUMBER]", "[NUMBER]"]}', NUMBER),
    ],
)
def test_personal_numbers_are_masked(text, expected, kinds):
    result = redact(text)
    assert (result.text, result.found) == (expected, kinds)
    assert result.changed


@pytest.mark.parametrize(
    "text",
    [
        # ja
        "2022年4月からマイナポータルで申請できます",
        "令和4年5月",
        "令和8年度の保険料は月額17,920円です",
        "75歳まで繰下げできますか",
        "20歳から60歳まで40年間、480か月納めました",
        "2年1か月",
        "4,866件",
        "学特の申請",
        "年金の受給は65歳から、月額約6万5000円です",
        "2,000万円問題",
        "¥17,920",
        "￥１７，９２０",
        "２０２６年４月１日",
        "2026-04-01 と 2026/4/1 と 2026.4.1",
        "受付は8:30-17:15、土曜は9:30～16:00",
        "1000~2000円",
        "1,000円～2,000円",
        "令和7-8年度",
        "第3号被保険者",
        "昭和36年4月2日以降生まれ",
        "12/31まで",
        "日本で一番大きい",
        "payment-postponement-until-2030",
        "¥17,920 2026年度",
        "2026/4/1 2026/5/1",
        "(1) 2026年",
        "24時間365日",
        "0.7% per month",
        "18.3%",
        # en
        "FY2022 monthly premium: 16,590 yen",
        "1,000 yen",
        "in 2026",
        "FY2026",
        "I was born in 1961 and I am 65 years old",
        "I paid 16980 yen for 120 months",
        "from 2020-2026",
        "the 2025/2026 fiscal year",
        "between 1000 and 2000 yen",
        "1000 to 2000 yen",
        "$1,200",
        "version 3.6.21",
        "teikibin envelope age 35 45 59",
        "exemption levels 3/4 1/4",
        "1/4 (25%)",
        # zh
        "2026年4月起每月17920日元",
        "我今年60岁，缴了10年",
        # ko
        "2026년 4월부터 월 17,920엔입니다",
        "2026. 4. 1. 부터",
        "60세부터 받을 수 있나요",
        # es
        "17.920 yenes al mes desde 2026",
        "pagué durante 120 meses",
        "de 1000 a 2000 yenes",
        # pt
        "R$ 1.000 por mês",
        "paguei 17.920 ienes em 2026",
        # vi
        "17.920 yên mỗi tháng từ năm 2026",
        "tôi 65 tuổi",
        # tl
        "17,920 yen bawat buwan noong 2026",
        "nagbayad ako ng 1200 piso",
        # th
        "ปี 2569 จ่ายเดือนละ 17,920 เยน",
        "พ.ศ. 2569",
        "ฉันอายุ 65 ปี",
        # id
        "Rp 17.920 per bulan sejak tahun 2026",
        "saya membayar 1500 yen",
        # ne
        "२०८२ साल देखि मासिक १७,९२० येन",
        "म ६५ वर्षको छु",
    ],
)
def test_ordinary_numbers_are_kept(text):
    result = redact(text)
    assert result == Redaction(text, ())
    assert not result.changed


def test_every_occurrence_is_masked_and_kinds_are_listed_once_in_a_fixed_order():
    result = redact("1234-567890 と 2345-678901、電話は 080-1111-2222、mail a@b.jp")
    assert result.text == "[PENSION_NUMBER] と [PENSION_NUMBER]、電話は [PHONE]、mail [EMAIL]"
    assert result.found == ("email", "pension_number", "phone")
    assert set(PLACEHOLDERS) == set(KINDS)


def test_the_rest_of_the_message_keeps_its_original_characters():
    message = "ｎｅｎｋｉｎ　番号は７３１８\u200b４０２９５７です。２０２６年４月、￥１７，９２０！"
    assert redact(message).text == "ｎｅｎｋｉｎ　番号は[PENSION_NUMBER]です。２０２６年４月、￥１７，９２０！"


def test_no_digits_survive_in_a_message_full_of_numbers():
    message = "年金番号1234567890、マイナンバー123456789012、携帯09012345678、〒1008916 霞が関1-2-2"
    masked = redact(message).text
    assert not any(ch.isdigit() for ch in masked), masked


@pytest.mark.parametrize(
    "text",
    [
        "番号は7318-402957、電話は+81 (90) 7318 4061、〒100-8916 霞が関1-2-2 taro@example.jp",
        "7318 then 4029 57 and 1985",
        '/choose_faq{"faq_id": 7318402957}',
        "5000~7318402957円",
        "taro@ex.jp_x@y.jp%z@w.jp",
    ],
)
def test_redacting_twice_changes_nothing(text):
    once = redact(text)
    assert once.changed
    assert redact(once.text) == Redaction(once.text, ())


def test_masked_payloads_stay_json():
    text = redact('/choose_faq{"faq_id": 7318402957, "n": [1234, 5]}').text
    assert json.loads(text[len("/choose_faq") :]) == {"faq_id": "[PENSION_NUMBER]", "n": ["[NUMBER]", 5]}


def test_redact_payload_walks_json_values():
    payload = {
        "faq_id": "pension-7318402957",
        "score": 0.93,
        "n": 7318402957,
        "ok": True,
        "list": ["090-7318-4061", 2026],
    }
    redacted, kinds = redact_payload(payload)
    assert redacted == {
        "faq_id": "pension-[PENSION_NUMBER]",
        "score": 0.93,
        "n": "[PENSION_NUMBER]",
        "ok": True,
        "list": ["[PHONE]", "[NUMBER]"],  # a bare 4-digit value says nothing of being a year
    }
    assert kinds == ("pension_number", "phone", "number")
    assert redact_payload(None) == (None, ())


@pytest.mark.parametrize(
    ("session_id", "looks_personal"),
    [
        ("7318402957", True),
        ("090-7318-4061", True),
        ("taro@example.jp", True),
        ("web-abc-def", False),
        ("session-2026", False),
    ],
)
def test_contains_personal_number(session_id, looks_personal):
    assert contains_personal_number(session_id) is looks_personal
    assert contains_personal_number(session_id, fragments=False) is looks_personal


def test_fragments_can_be_ignored_for_random_ids():
    session_id = "Zq3x_7318AbKp-Wd2Lm0Qw"  # base64url with a 4-digit run
    assert contains_personal_number(session_id)
    assert not contains_personal_number(session_id, fragments=False)
    assert contains_personal_number("Zq3x_73184029Kp-Wd2Lm0Q", fragments=False)  # 8 digits


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\ud800",
        "7318\ud800402957",
        "\x00\x01\x1c\x1f\x7f",
        "?？。...！！、・「」-/\u200b\ufeff",
        "[PENSION_NUMBER] [NUMBER] [EMAIL]",
    ],
)
def test_any_string_is_accepted(text):
    result = redact(text)
    assert isinstance(result.text, str)
    assert redact(result.text).text == result.text


def test_surrogate_between_digits_is_kept_and_digits_masked():
    assert redact("7318\ud800402957").text == "[NUMBER]\ud800[NUMBER]"


@pytest.mark.parametrize(
    "text",
    [
        "1 " * 5000,
        "(1" * 5000,
        "1)" * 5000,
        "+1" * 5000,
        "1:2" * 3333,
        "a." * 5000 + "@",
        "a@" * 5000,
        "1番" * 5000,
        "7318-" * 2000,
        "１" * 10000,
        "7\u200b" * 5000,
    ],
)
def test_long_adversarial_input_completes(text):
    result = redact(text)  # linear patterns: this finishes in milliseconds, not minutes
    assert redact(result.text).text == result.text


@pytest.mark.parametrize(
    "text",
    ["番号の前半は2019です", "2019", "my number starts with 2019", "số của tôi bắt đầu 1985", "後半は2019"],
)
def test_a_year_like_first_part_of_a_split_number_is_masked_where_a_number_is_named(text):
    assert "[NUMBER]" in redact(text).text


@pytest.mark.parametrize(
    "text", ["in 2026", "2019年に免除を受けました", "年金番号は？2026年度の保険料はいくら", "FY2026"]
)
def test_a_year_stays_a_year_otherwise(text):
    assert redact(text).text == text
