import numpy as np
import pytest

from knowledge.content.loader import load_knowledge_base
from knowledge.retrieval.index import build_index, load_index
from knowledge.retrieval.search import FaqSearcher, Thresholds, Tier


@pytest.fixture
def searcher(knowledge_dir, fake_embedder, tmp_path):
    kb = load_knowledge_base(knowledge_dir)
    build_index(kb, fake_embedder, tmp_path / "index")
    index = load_index(tmp_path / "index", kb, fake_embedder.model_id)
    return FaqSearcher(index, fake_embedder, Thresholds(answer=0.9, suggest=0.5))


def test_one_hit_per_entry_best_variant_wins(searcher):
    hits = searcher.search("学特の申請方法", k=5)
    assert hits[0].faq_id == "student-special"
    assert len({h.faq_id for h in hits}) == len(hits) == 3
    assert hits[0].question == "学特の申請方法" and hits[0].language == "ja"
    assert hits[0].score == pytest.approx(1.0, abs=1e-5)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_k_limits_entries(searcher):
    assert len(searcher.search("保険料", k=2)) == 2
    with pytest.raises(ValueError, match="k must be at least 1"):
        searcher.search("保険料", k=0)


def test_language_picks_the_displayed_question(searcher):
    (hit,) = searcher.search("学特の申請方法", k=1, language="zh")
    assert (hit.faq_id, hit.language, hit.question) == ("student-special", "zh", "我是学生，交不起保险费")
    (hit,) = searcher.search("学特の申請方法", k=1, language="ko")
    assert hit.language == "ja"  # no Korean variant: best overall


def test_topics_filter(searcher):
    hits = searcher.search("学特の申請方法", k=5, topics={"nenkin_net"})
    assert [h.faq_id for h in hits] == ["nenkin-net-register"]


def test_blank_query_has_no_hits(searcher):
    result = searcher.query("   ")
    assert result.hits == [] and result.tier is Tier.NONE and result.best is None


def test_tiers(searcher):
    assert searcher.query("学特の申請方法").tier is Tier.ANSWER
    assert Thresholds(0.9, 0.5).tier(0.7) is Tier.SUGGEST
    assert Thresholds(0.9, 0.5).tier(0.49) is Tier.NONE
    assert Thresholds(0.9, 0.5).tier(None) is Tier.NONE


@pytest.mark.parametrize(("answer", "suggest"), [(0.5, 0.9), (1.2, 0.5), (0.9, -0.1)])
def test_thresholds_must_be_ordered(answer, suggest):
    with pytest.raises(ValueError, match="suggest <= answer"):
        Thresholds(answer=answer, suggest=suggest)


def test_embedder_must_match_the_index(searcher):
    from tests.conftest import FakeEmbedder

    with pytest.raises(ValueError, match="does not match index model"):
        FaqSearcher(searcher.index, FakeEmbedder(model_id="other"), searcher.thresholds)


def test_glossary_spellings_are_expanded_before_embedding(searcher, fake_embedder):
    from knowledge.content.glossary import Glossary

    seen = []

    class Recording:
        model_id = fake_embedder.model_id

        def embed_queries(self, texts, *, show_progress=False):
            seen.extend(texts)
            return fake_embedder.embed_queries(texts)

    expanding = FaqSearcher(searcher.index, Recording(), Thresholds(0.9, 0.5), Glossary({"menjo": "免除"}))
    expanding.search("how to apply for menjo")
    expanding.search("免除 menjo")
    assert seen == ["how to apply for menjo (免除)", "免除 menjo"]


def with_classifier_favouring(searcher, faq_id, weight):
    """The searcher's index with a classifier sure of ``faq_id`` whatever the question."""
    from knowledge.retrieval.entry_classifier import EntryClassifier
    from knowledge.retrieval.index import FaqIndex

    ids = sorted({v.faq_id for v in searcher.index.variants})
    bias = np.array([10.0 if i == faq_id else 0.0 for i in ids])
    classifier = EntryClassifier(ids, np.zeros((len(ids), searcher.index.dimension)), bias)
    index = FaqIndex(searcher.index.index, searcher.index.variants, searcher.index.manifest, classifier)
    return FaqSearcher(index, searcher.embedder, searcher.thresholds, rerank_weight=weight)


def test_hits_carry_the_classifier_probability(searcher):
    hits = searcher.search("学特の申請方法", k=3)
    assert all(0.0 <= hit.probability <= 1.0 for hit in hits)
    assert hits[0].faq_id == "student-special" and hits[0].probability == max(h.probability for h in hits)


def test_the_classifier_reranks_and_the_tier_follows_the_top_hits_similarity(searcher):
    plain = with_classifier_favouring(searcher, "nenkin-net-register", weight=0)
    assert plain.query("学特の申請方法").best.faq_id == "student-special"
    assert plain.query("学特の申請方法").best.probability < 0.01

    reranked = with_classifier_favouring(searcher, "nenkin-net-register", weight=2.0)
    result = reranked.query("学特の申請方法")
    assert result.best.faq_id == "nenkin-net-register" and result.best.probability > 0.99
    assert result.best.score < 0.9 and result.tier is not Tier.ANSWER  # similarity of the shown entry decides
    assert result.best.relevance == pytest.approx(result.best.score + 2.0 * result.best.probability, abs=1e-5)
    assert [h.rank_score for h in result.hits] == sorted((h.rank_score for h in result.hits), reverse=True)
    assert plain.query("学特の申請方法").best.relevance is None  # weight 0: ranked by similarity alone


def test_rerank_weight_must_not_be_negative(searcher):
    with pytest.raises(ValueError, match=r"rerank_weight must not be negative, got -0\.1"):
        FaqSearcher(searcher.index, searcher.embedder, searcher.thresholds, rerank_weight=-0.1)


NOT_COVERED = """\
- id: health_insurance
  label: {ja: 健康保険, en: Health insurance}
  questions:
    ja: [保険証をなくしました 再発行, 国民健康保険の保険料が高い]
    en: [I lost my health insurance card]
"""


@pytest.fixture
def searcher_knowing_what_is_not_covered(knowledge_dir, fake_embedder, tmp_path):
    (knowledge_dir / "not_covered.yml").write_text(NOT_COVERED, encoding="utf-8")
    kb = load_knowledge_base(knowledge_dir)
    build_index(kb, fake_embedder, tmp_path / "index")
    index = load_index(tmp_path / "index", kb, fake_embedder.model_id)
    return FaqSearcher(index, fake_embedder, Thresholds(answer=0.25, suggest=0.1))


def test_a_question_closest_to_a_not_covered_subject_is_never_answered_outright(
    searcher_knowing_what_is_not_covered,
):
    result = searcher_knowing_what_is_not_covered.query("保険証をなくしました 再発行")
    assert result.tier is Tier.SUGGEST  # would be ANSWER on the top entry's score alone
    assert result.hits and all(not hit.faq_id.startswith("~") for hit in result.hits)
    assert result.hits[0].score >= 0.25


def test_not_covered_subjects_leave_questions_the_faq_answers_alone(searcher_knowing_what_is_not_covered):
    result = searcher_knowing_what_is_not_covered.query("学特の申請方法")
    assert result.tier is Tier.ANSWER and result.best.faq_id == "student-special"


def test_not_covered_subjects_are_part_of_the_index_and_its_staleness_check(knowledge_dir, fake_embedder, tmp_path):
    from knowledge.retrieval.index import StaleIndexError

    kb = load_knowledge_base(knowledge_dir)
    build_index(kb, fake_embedder, tmp_path / "index")
    (knowledge_dir / "not_covered.yml").write_text(NOT_COVERED, encoding="utf-8")
    with pytest.raises(StaleIndexError):
        load_index(tmp_path / "index", load_knowledge_base(knowledge_dir), fake_embedder.model_id)
