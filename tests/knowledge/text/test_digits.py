import pytest

from knowledge.text.digits import fold, fold_text, matching_view


@pytest.mark.parametrize(
    ("text", "view"),
    [
        ("７３１８", "7318"),  # full-width
        ("𝟕𝟑𝟏𝟖", "7318"),  # mathematical bold
        ("७३१८", "7318"),  # Devanagari
        ("๗๓๑๘", "7318"),  # Thai
        ("٧٣١٨", "7318"),  # Arabic-Indic
        ("৭৩১৮", "7318"),  # Bengali
        ("⑦③①⑧⓪", "73180"),  # circled
        ("❼❸❶❽", "7318"),  # dingbat negative circled
        ("⑩⑳", "1020"),
        ("⑴", "(1)"),
        ("七三一八〇零", "731800"),  # kanji numerals digit by digit
        ("7\u200b3\u00ad1\u200d8\ufeff\u2060", "7318"),  # format characters dropped
        ("7\ufe0f\u20e33\ufe0f\u20e3", "73"),  # keycap emoji
        ("7\x003\x07", "73"),  # control characters dropped
        ("7\u30003\u00a01\t8", "7 3 1 8"),  # every white space is one space
        ("1\r\n2\u2028", "1\n\n2\n"),
        ("＋８１", "+81"),
        ("taro＠ｅｘａｍｐｌｅ．ｊｐ", "taro@example.jp"),
        ("０９０ｰ１", "090ー1"),
        ("〒１００－８９１６", "〒100-8916"),
        ("年金は十分", "年金は十分"),  # 十 is not a digit-by-digit numeral
    ],
)
def test_fold_text(text, view):
    assert fold_text(text) == view


def test_lone_surrogates_and_controls_do_not_raise():
    assert fold("\ud800") == "\ud800"
    assert fold_text("\udfff\x1b") == "\udfff"


def test_view_spans_map_back_to_the_original_characters():
    text = "番号は７３１８\u200b４０２９５７です"
    view = matching_view(text)
    assert view.view == "番号は7318402957です"
    start = view.view.index("7318")
    first, last = view.original_span(start, start + 10)
    assert text[first:last] == "７３１８\u200b４０２９５７"


def test_span_inside_one_expanded_character_covers_it():
    view = matching_view("a⑩b\u200b\u200b")
    assert view.view == "a10b"
    assert view.original_span(2, 3) == (1, 2)  # the "0" of ⑩ is the whole ⑩
    assert view.original_span(3, 4) == (2, 5)  # trailing dropped characters come along


def test_bad_view_span_is_refused_with_the_bounds():
    with pytest.raises(ValueError, match=r"0 <= start < end <= 3, got \(2, 2\)"):
        matching_view("abc").original_span(2, 2)
