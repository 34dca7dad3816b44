import numpy as np
from retrieval_bench.queries import add_desuka, code_switch, drop_char, make_queries, perturb, question_pool

from tests.bench.retrieval_bench.knowledge import QUESTIONS, tiny_knowledge


def test_question_pool_lists_every_variant_with_its_entry_and_language():
    pool = question_pool(tiny_knowledge())
    assert len(pool) == sum(len(texts) for questions in QUESTIONS.values() for texts in questions.values())
    assert pool[0] == ("exemption-overview", "ja", "保険料を払えません")
    assert ("student-special", "ko", "학생 납부 특례는 무엇입니까") in pool


def test_a_seed_gives_the_same_query_stream():
    first = make_queries(tiny_knowledge(), 50, np.random.default_rng(20240601))
    assert make_queries(tiny_knowledge(), 50, np.random.default_rng(20240601)) == first
    assert make_queries(tiny_knowledge(), 50, np.random.default_rng(1)) != first
    # A shorter run is the start of a longer one (the warm-up and timed queries come from one stream).
    assert make_queries(tiny_knowledge(), 20, np.random.default_rng(20240601)) == first[:20]


def test_queries_come_from_the_entries_and_name_their_change():
    queries = make_queries(tiny_knowledge(), 200, np.random.default_rng(5))
    assert {faq_id for faq_id, _, _ in queries} == set(QUESTIONS)
    assert {kind for _, kind, _ in queries} == {"verbatim", "drop_char", "desuka", "lowercase", "code_switch"}
    variants = {text for _, _, text in question_pool(tiny_knowledge())}
    assert all(query in variants for _, kind, query in queries if kind == "verbatim")


def test_drop_char_removes_one_character_but_never_the_first():
    rng = np.random.default_rng(0)
    for _ in range(50):
        typo = drop_char("ねんきんネット", rng)
        assert len(typo) == len("ねんきんネット") - 1 and typo[0] == "ね"
    assert drop_char("免除", rng) == "免除"


def test_add_desuka_makes_a_polite_question():
    assert add_desuka("学生納付特例とは？") == "学生納付特例とはですか"
    assert add_desuka("学生ですか。") == "学生ですか？"


def test_code_switch_joins_two_languages():
    mixed = code_switch("保険料を払えません", "I cannot pay my premiums")
    assert mixed.startswith("保険料を") and mixed.endswith(" my premiums")
    assert code_switch("abc", "") == "abc"


def test_perturb_keeps_japanese_and_lowercases_other_languages():
    rng = np.random.default_rng(3)
    changes = {perturb("en", "How Do I Apply?", "免除", rng) for _ in range(100)}
    assert ("lowercase", "how do i apply?") in changes
    assert not any(kind == "desuka" for kind, _ in changes)
