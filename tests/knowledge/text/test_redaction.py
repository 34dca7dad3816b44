import pytest

from knowledge.text.redaction import redact


@pytest.mark.parametrize(
    ("text", "expected", "kinds"),
    [
        ("基礎年金番号は1234-567890です", "基礎年金番号は[PENSION_NUMBER]です", ("pension_number",)),
        ("1234567890", "[PENSION_NUMBER]", ("pension_number",)),
        ("番号１２３４－５６７８９０", "番号[PENSION_NUMBER]", ("pension_number",)),
        ("マイナンバー 1234 5678 9012", "マイナンバー [MY_NUMBER]", ("my_number",)),
        ("１２３４５６７８９０１２", "[MY_NUMBER]", ("my_number",)),
        ("電話 090-1234-5678 まで", "電話 [PHONE] まで", ("phone",)),
        ("call 09012345678", "call [PHONE]", ("phone",)),
        ("(03)6700-1165", "([PHONE]", ("phone",)),
        ("+81 90 1234 5678", "[PHONE]", ("phone",)),
        ("mail: taro.yamada@example.co.jp", "mail: [EMAIL]", ("email",)),
        (
            "〒100-8916 千代田区霞が関1-2-2",
            "[POSTAL_CODE] 千代田区霞が関[ADDRESS_NUMBER]",
            ("postal_code", "address_number"),
        ),
        (
            "杉並区高井戸東3丁目5番12号に住んでいます",
            "杉並区高井戸東[ADDRESS_NUMBER]に住んでいます",
            ("address_number",),
        ),
        ("account 12345678", "account [NUMBER]", ("long_number",)),
    ],
)
def test_personal_numbers_are_masked(text, expected, kinds):
    result = redact(text)
    assert (result.text, result.found) == (expected, kinds)
    assert result.changed


@pytest.mark.parametrize(
    "text",
    [
        "2022年4月からマイナポータルで申請できます",
        "令和4年5月",
        "FY2022 monthly premium: 16,590 yen",
        "75歳まで繰下げできますか",
        "0.7% per month",
        "4,866件",
        "学特の申請",
    ],
)
def test_ordinary_numbers_are_kept(text):
    result = redact(text)
    assert result.text == text and not result.changed


def test_every_occurrence_is_masked():
    result = redact("1234-567890 と 2345-678901、電話は 080-1111-2222")
    assert result.text == "[PENSION_NUMBER] と [PENSION_NUMBER]、電話は [PHONE]"
    assert result.found == ("phone", "pension_number")


def test_no_digits_survive_in_a_message_full_of_numbers():
    message = "年金番号1234567890、マイナンバー123456789012、携帯09012345678、〒1008916 霞が関1-2-2"
    masked = redact(message).text
    assert not any(ch.isdigit() for ch in masked), masked
