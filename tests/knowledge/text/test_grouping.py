import random

import pytest

from knowledge.text.grouping import TextGroup, group_texts, jaccard, normalise, shingles


def test_normalise_folds_width_case_punctuation_and_spaces():
    assert normalise("  Ｐｅｎｓｉｏｎ　ＡＭＯＵＮＴ？！ ") == "pension amount"
    assert normalise("年金は、いつ？") == "年金はいつ"
    assert normalise("Straße\n\tpension") == "strasse pension"
    assert normalise("???") == ""


def test_dense_scripts_use_bigrams_and_others_trigrams():
    assert shingles("住所変更") == {" 住", "住所", "所変", "変更", "更 "}
    assert shingles("tax") == {" ta", "tax", "ax "}
    assert shingles("?") == {"?"}
    assert shingles("？") == shingles("?")  # full-width punctuation-only texts still match their half-width twin


def test_jaccard():
    assert jaccard(frozenset("ab"), frozenset("bc")) == pytest.approx(1 / 3)
    assert jaccard(frozenset(), frozenset()) == 0.0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("年金はいつもらえますか", "年金はいつもらえるの"),
        ("住所変更", "住所の変更"),
        ("When will I get my pension?", "when do i get my pension"),
        ("ฉันจะได้รับเงินบำนาญเมื่อไหร่", "ฉันจะได้เงินบำนาญเมื่อไร"),
        ("मेरो पेन्सन कहिले आउँछ", "मेरो पेन्सन कहिले आउँछ?"),
        ("养老金什么时候发", "养老金什么时候发放"),
        ("연금은 언제 받나요", "연금 언제 받아요"),
    ],
)
def test_similar_questions_share_a_group(first, second):
    groups = group_texts([(first, 2), (second, 1)])
    assert groups == [TextGroup(first, 3, ((first, 2), (second, 1)))]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("年金はいつもらえますか", "免除の申請方法を教えて"),
        ("住所変更", "氏名変更"),
        ("When will I get my pension?", "How do I apply for exemption"),
        ("pension amount", "pension payment"),
        ("मेरो पेन्सन कहिले आउँछ", "छुटको लागि कसरी आवेदन गर्ने"),
    ],
)
def test_different_questions_stay_apart(first, second):
    assert len(group_texts([(first, 1), (second, 1)])) == 2


def test_counts_add_up_and_groups_are_ordered_by_size():
    groups = group_texts(
        [("住所変更", 1), ("住所の変更", 2), ("ねんきん定期便が届かない", 1), ("住所変更", 1), ("Hello", 5)]
    )
    assert [(g.representative, g.count) for g in groups] == [
        ("Hello", 5),
        ("住所の変更", 4),
        ("ねんきん定期便が届かない", 1),
    ]
    assert groups[1].members == (("住所の変更", 2), ("住所変更", 2))


def test_same_groups_whatever_the_input_order():
    texts = [
        ("年金はいつもらえますか", 3),
        ("年金はいつもらえるの", 1),
        ("年金はいつからもらえますか？", 1),
        ("when do i get my pension", 2),
        ("When will I get my pension?", 2),
        ("住所変更", 1),
        ("住所の変更", 1),
    ]
    expected = group_texts(texts)
    for seed in range(5):
        shuffled = texts[:]
        random.Random(seed).shuffle(shuffled)
        assert group_texts(shuffled) == expected
    assert [g.count for g in expected] == [5, 4, 2]


def test_texts_join_their_most_similar_leader():
    groups = group_texts([("pension payment date", 5), ("pension amount", 4), ("pension amount increase", 1)])
    by_leader = {g.representative: [text for text, _ in g.members] for g in groups}
    assert by_leader["pension amount"] == ["pension amount", "pension amount increase"]


def test_threshold_is_checked():
    with pytest.raises(ValueError, match="threshold"):
        group_texts([("a", 1)], threshold=0)
    assert len(group_texts([("住所変更", 1), ("住所の変更", 1)], threshold=0.9)) == 2


def test_empty_input():
    assert group_texts([]) == []
