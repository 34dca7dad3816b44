"""Retrieval quality on our labelled question set must not drop below what we reached (a ratchet).

Raise the floors in tests/data/eval_floor.json when quality improves; never lower them to make a
change pass. `python -m knowledge eval tests/data/eval_questions.yml` shows the full report.
"""

import json

import pytest

from knowledge.retrieval.evaluation import evaluate, load_eval_set
from knowledge.retrieval.search import FaqSearcher, Thresholds
from tests.conftest import DATA

FLOOR = json.loads((DATA / "eval_floor.json").read_text())


@pytest.fixture(scope="module")
def searcher(shipped_index, real_embedder):
    from knowledge.settings import RetrievalSettings

    knowledge, index, _ = shipped_index
    settings = RetrievalSettings()
    thresholds = Thresholds(settings.answer_threshold, settings.suggest_threshold)
    return FaqSearcher(index, real_embedder, thresholds, knowledge.glossary, rerank_weight=settings.rerank_weight)


@pytest.fixture(scope="module")
def report(shipped_index, searcher):
    return evaluate(load_eval_set(DATA / "eval_questions.yml", shipped_index[0].topics), searcher)


@pytest.fixture(scope="module")
def calibration(shipped_index, searcher):
    return evaluate(load_eval_set(DATA / "calibration_questions.yml", shipped_index[0].topics), searcher)


@pytest.mark.model
def test_overall_top1_does_not_drop(report):
    assert report.overall.top1 >= FLOOR["overall_top1"], f"top-1 {report.overall.top1:.3f}"


@pytest.mark.model
@pytest.mark.parametrize("language", sorted(FLOOR["top1_by_language"]))
def test_top1_per_language_does_not_drop(report, language):
    assert report.by_language[language].top1 >= FLOOR["top1_by_language"][language]


@pytest.mark.model
def test_out_of_scope_questions_are_not_answered_confidently(report):
    assert report.by_topic["none"].top1 >= FLOOR["out_of_scope"]


@pytest.mark.model
def test_thresholds_keep_confident_answers_right_on_the_calibration_set(calibration):
    floor = FLOOR["calibration"]
    assert calibration.overall.top1 >= floor["top1"], f"top-1 {calibration.overall.top1:.3f}"
    assert calibration.answer_precision >= floor["answer_precision"], f"precision {calibration.answer_precision:.3f}"
    assert calibration.by_topic["none"].top1 >= floor["out_of_scope"]
