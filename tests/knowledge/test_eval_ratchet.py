"""Retrieval quality on our labelled question set must not drop below what we reached (a ratchet).

Raise the floors in tests/data/eval_floor.json when quality improves; never lower them to make a
change pass. `python -m knowledge eval tests/data/eval_questions.yml` shows the full report.
"""

import json

import pytest

from knowledge.evaluation import evaluate, load_eval_set
from knowledge.search import FaqSearcher, Thresholds
from tests.conftest import DATA

FLOOR = json.loads((DATA / "eval_floor.json").read_text())


@pytest.fixture(scope="module")
def report(shipped_index, real_embedder):
    from knowledge.settings import Settings

    knowledge, index, _ = shipped_index
    settings = Settings()
    thresholds = Thresholds(settings.answer_threshold, settings.suggest_threshold)
    searcher = FaqSearcher(index, real_embedder, thresholds, knowledge.glossary)
    return evaluate(load_eval_set(DATA / "eval_questions.yml", knowledge.topics), searcher)


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
