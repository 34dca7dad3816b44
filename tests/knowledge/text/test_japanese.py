import pytest

from knowledge.text.japanese import Word, segment


def test_segments_with_offsets_and_normalised_forms():
    text = "ねんきんネットのＩＤを忘れました。"
    words = segment(text)
    assert [w.text for w in words] == ["ねんきん", "ネット", "の", "ＩＤ", "を", "忘れ", "まし", "た"]
    assert all(text[w.start : w.end] == w.text for w in words)
    assert words[0].normalized == "年金" and words[3].normalized == "ID" and words[5].normalized == "忘れる"


def test_split_modes():
    assert [w.text for w in segment("国民年金保険料", mode="C")] == ["国民年金保険料"]
    assert len(segment("国民年金保険料", mode="A")) > 1
    with pytest.raises(ValueError, match="split mode"):
        segment("年金", mode="D")


def test_spaces_punctuation_and_latin():
    assert segment("") == []
    assert segment("  、。！？ ") == []
    assert segment("How do I apply") == [
        Word("How", 0, 3, "how"),
        Word("do", 4, 6, "do"),
        Word("I", 7, 8, "i"),
        Word("apply", 9, 14, "apply"),
    ]
