import pytest

from knowledge.content.issues import KnowledgeError
from knowledge.content.loader import load_knowledge_base
from knowledge.retrieval.evaluation import Scores, evaluate, load_eval_set, render_markdown
from knowledge.retrieval.index import build_index, load_index
from knowledge.retrieval.search import FaqSearcher, Thresholds, Tier

EVAL = """\
- question: 学特の申請方法
  language: ja
  topics: [student_payment_special]
- question: How do I register for Nenkin Net?
  language: en
  topics: [nenkin_net, e_filing]
- question: 学特の申請方法
  language: ja
  topics: [exemption]
- question: zzzz qqqq
  language: en
  topics: none
"""


@pytest.fixture
def searcher(knowledge_dir, fake_embedder, tmp_path):
    kb = load_knowledge_base(knowledge_dir)
    build_index(kb, fake_embedder, tmp_path / "index")
    return kb, FaqSearcher(load_index(tmp_path / "index", kb, "fake-trigram"), fake_embedder, Thresholds(0.9, 0.5))


def write(tmp_path, text):
    path = tmp_path / "eval.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_scores_per_language_and_topic(searcher, tmp_path):
    kb, search = searcher
    questions = load_eval_set(write(tmp_path, EVAL), kb.topics)
    assert [q.line for q in questions] == [1, 4, 7, 10]
    assert questions[3].out_of_scope and questions[1].topics == {"nenkin_net", "e_filing"}
    report = evaluate(questions, search)
    first, second, third, fourth = report.outcomes
    assert (first.rank, first.top1, first.reciprocal_rank) == (1, True, 1.0)
    assert second.top1
    assert third.rank > 1 and not third.top1 and third.reciprocal_rank == pytest.approx(1 / third.rank)
    assert fourth.tier is not Tier.ANSWER and fourth.top1 and fourth.reciprocal_rank == 1.0
    assert report.overall.count == 4 and report.overall.top1 == 0.75
    assert report.by_language["ja"].top1 == 0.5 and report.by_language["en"].top1 == 1.0
    assert set(report.by_topic) == {"student_payment_special", "nenkin_net", "e_filing", "exemption", "none"}
    assert report.misses == [third]
    assert report.answer_precision == pytest.approx(2 / 3)  # the exemption-labelled copy is answered wrongly
    assert report.answer_coverage == 1.0


def test_markdown_and_json_reports(searcher, tmp_path):
    kb, search = searcher
    report = evaluate(load_eval_set(write(tmp_path, EVAL), kb.topics), search)
    text = render_markdown(report)
    assert (
        "| ja | 2 | 0.500 |" in text and "### Misses (1)" in text and "| 7 | ja | 学特の申請方法 | exemption |" in text
    )
    data = report.to_dict()
    assert (
        data["overall"]["top1"] == 0.75
        and data["misses"][0]["line"] == 7
        and data["misses"][0]["expected"] == ["exemption"]
    )


def test_empty_group_scores_zero():
    assert Scores.of([]) == Scores(0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- question: hi\n  language: fr\n  topics: none\n", "unknown language 'fr'"),
        (
            "- question: hi\n  language: en\n  topics: [pensions]\n",
            "expected known topic ids or 'none', got ['pensions']",
        ),
        ("- question: hi\n  language: en\n", "is required"),
        ("- language: en\n  topics: none\n", "is required"),
        ("- question: hi\n  language: en\n  topics: none\n  note: x\n", "unknown field 'note'"),
    ],
)
def test_bad_items_are_reported_with_lines(tmp_path, text, fragment):
    with pytest.raises(KnowledgeError) as err:
        load_eval_set(write(tmp_path, text), {"exemption"})
    assert any(fragment in issue.message for issue in err.value.issues)
    assert all(issue.line >= 1 for issue in err.value.issues)


def test_eval_file_must_be_a_list(tmp_path):
    with pytest.raises(KnowledgeError, match="expected a list"):
        load_eval_set(write(tmp_path, "question: hi\n"), set())
