"""How the ranking settings were chosen: grouped cross-validation over the shipped variants, then tier rules.

Run from the repository root (never part of the test suite)::

    .venv/bin/python bench/rerank_cv.py            # ~6 min on 2 cores (embeddings from var/index/cache)
    .venv/bin/python bench/rerank_cv.py --quick    # C=300 only, ~1.5 min
    .venv/bin/python bench/rerank_cv.py --tiers-only   # only part 2, ~30 s (needs `make index`)

Part 1, entry classifier strength ``C`` and rerank weight.
Every FAQ question variant is held out once, together with the other variants of the same entry in
the same language (5 folds, grouped by ``(entry, language)``), so a held-out question never has a
sibling phrasing of its own language left in the index: the setting that wins must generalise to
phrasings the knowledge base does not have. For each inverse regularisation strength ``C`` and
rerank weight, the held-out variants are ranked as :class:`knowledge.retrieval.search.FaqSearcher` ranks a
query (best-variant cosine similarity plus weight × classifier probability) and scored by the
topic of the top entry. No evaluation or calibration question is used.

Part 2, confidence tier rule. The current index and settings search every question of
``tests/data/calibration_questions.yml`` (never the evaluation set), and candidate rules for the
``answer`` tier (top hit's similarity alone, or with a minimum entry probability) are scored by
coverage (in-scope questions answered outright), precision (right topic when answered) and
out-of-scope questions held back.

The Markdown table goes to stdout, progress to stderr and every number to
``bench/results/rerank_cv.json``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from bootstrap import ROOT  # project on sys.path, offline hub; before any project import
from measure import log, write_json

from knowledge.content.loader import load_knowledge_base
from knowledge.retrieval.caches import CachedEmbedder
from knowledge.retrieval.entry_classifier import EntryClassifier
from knowledge.retrieval.evaluation import load_eval_set
from knowledge.retrieval.index import variants_of
from knowledge.retrieval_setup import load_embedder, open_searcher
from knowledge.settings import RetrievalSettings, get_retrieval_settings

DEFAULT_OUTPUT = ROOT / "bench" / "results" / "rerank_cv.json"
STRENGTHS = (10.0, 30.0, 100.0, 300.0, 1000.0)
WEIGHTS = (0.0, 0.2, 0.5, 1.0, 2.0)
FOLDS = 5
CALIBRATION_SET = ROOT / "tests" / "data" / "calibration_questions.yml"
SIMILARITY_RULES = (0.92, 0.925, 0.93, 0.935, 0.94)
PROBABILITY_RULES = ((0.91, 0.5), (0.91, 0.6), (0.92, 0.4), (0.92, 0.5), (0.92, 0.6))


def grouped_folds(groups: Sequence[str], folds: int, seed: int) -> list[np.ndarray]:
    """Row indices of each fold; every group lands in exactly one fold."""
    names = sorted(set(groups))
    order = np.random.default_rng(seed).permutation(len(names))
    fold_of = {names[i]: position % folds for position, i in enumerate(order)}
    assignment = np.array([fold_of[g] for g in groups])
    return [np.flatnonzero(assignment == fold) for fold in range(folds)]


def best_similarity_per_entry(similarities: np.ndarray, labels: np.ndarray, entries: int) -> np.ndarray:
    """``(queries, entries)`` best cosine similarity of each entry's variants (-1 when it has none)."""
    best = np.full((similarities.shape[0], entries), -1.0, dtype=np.float32)
    for entry in range(entries):
        columns = labels == entry
        if columns.any():
            best[:, entry] = similarities[:, columns].max(axis=1)
    return best


def cross_validate(
    vectors: np.ndarray, labels: np.ndarray, topics: np.ndarray, groups: Sequence[str], strengths: Sequence[float]
) -> dict[str, np.ndarray]:
    """Per setting, whether each held-out variant's top entry had the right topic."""
    entries = int(labels.max()) + 1
    correct: dict[str, list[np.ndarray]] = {}
    for number, held_out in enumerate(grouped_folds(groups, FOLDS, seed=0), start=1):
        kept = np.setdiff1d(np.arange(len(labels)), held_out)
        similarity = best_similarity_per_entry(vectors[held_out] @ vectors[kept].T, labels[kept], entries)
        for c in strengths:
            started = time.perf_counter()
            classifier = EntryClassifier.train(vectors[kept], [str(x) for x in labels[kept]], c=c)
            probability = np.zeros((len(held_out), entries), dtype=np.float32)
            probability[:, [int(x) for x in classifier.faq_ids]] = classifier.probability_matrix(vectors[held_out])
            for weight in WEIGHTS:
                ranked = (similarity + weight * probability).argmax(axis=1)
                correct.setdefault(f"{c:g}|{weight:g}", []).append(topics[ranked] == topics[labels[held_out]])
            correct.setdefault(f"{c:g}|classifier only", []).append(
                topics[probability.argmax(axis=1)] == topics[labels[held_out]]
            )
            log(f"fold {number}/{FOLDS}, C={c:g}: trained in {time.perf_counter() - started:.1f}s")
    return {setting: np.concatenate(parts) for setting, parts in correct.items()}


def render(results: dict[str, dict[str, float]], variants: int) -> str:
    """Markdown table: one row per C, one column per weight."""
    strengths = sorted({float(k.split("|")[0]) for k in results})
    columns = [f"{w:g}" for w in WEIGHTS] + ["classifier only"]
    lines = [
        f"Held-out topic top-1 over {variants} variants (5 folds grouped by entry and language); "
        "columns: rerank weight (0 = similarity only).",
        "",
        "| C | " + " | ".join(columns) + " |",
        "| ---: | " + " | ".join("---:" for _ in columns) + " |",
    ]
    for c in strengths:
        cells = [f"{results[f'{c:g}|{column}']['all']:.3f}" for column in columns]
        lines.append(f"| {c:g} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def tier_rules(settings: RetrievalSettings) -> dict:
    """Coverage, precision and out-of-scope hold-back of candidate ``answer`` rules on the calibration set."""
    searcher = open_searcher(settings)
    questions = load_eval_set(CALIBRATION_SET, load_knowledge_base(settings.knowledge_dir).topics)
    tops = []
    for item in questions:
        best = searcher.search(item.question, 10, language=item.language)[0]
        tops.append((bool(item.topics), best.topic in item.topics, best.score, best.probability or 0.0))
    in_scope, right, similarity, probability = (np.array(column) for column in zip(*tops, strict=True))
    rules = {f"similarity ≥ {t:g}": similarity >= t for t in SIMILARITY_RULES}
    rules |= {f"similarity ≥ {t:g} and p ≥ {p:g}": (similarity >= t) & (probability >= p) for t, p in PROBABILITY_RULES}
    return {
        "questions": len(questions),
        "rules": {
            name: {
                "coverage": float(answered[in_scope].mean()),
                "precision": float(right[in_scope & answered].sum() / max(1, (in_scope & answered).sum())),
                "out_of_scope_held_back": float((~answered[~in_scope]).mean()),
                "confident_wrong": int((answered & ~right).sum()),
            }
            for name, answered in rules.items()
        },
    }


def render_tiers(results: dict[str, dict[str, float]], questions: int) -> str:
    """Markdown table of the tier rules."""
    lines = [
        f"Answer-tier rules on {questions} calibration questions (current index and rerank weight).",
        "",
        "| rule | in scope answered | right topic when answered | out of scope held back | confident and wrong |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, row in results.items():
        lines.append(
            f"| {name} | {row['coverage']:.3f} | {row['precision']:.3f} | "
            f"{row['out_of_scope_held_back']:.3f} | {row['confident_wrong']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the cross-validation and print the table."""
    parser = argparse.ArgumentParser(description="Choose the entry classifier's C and rerank weight by grouped CV.")
    parser.add_argument("--quick", action="store_true", help="only C=300")
    parser.add_argument("--tiers-only", action="store_true", help="skip the cross-validation (part 1)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="where the JSON numbers go")
    args = parser.parse_args(argv)

    settings = get_retrieval_settings()
    report: dict = {}
    if not args.tiers_only:
        report["cross_validation"] = run_cross_validation(settings, quick=args.quick)
    log("searching the calibration set with the current index")
    report["tier_rules"] = tier_rules(settings)
    write_json(args.output, report)
    if "cross_validation" in report:
        cv = report["cross_validation"]
        sys.stdout.write(render(cv["results"], cv["variants"]) + "\n")
    sys.stdout.write(render_tiers(report["tier_rules"]["rules"], report["tier_rules"]["questions"]))
    return 0


def run_cross_validation(settings: RetrievalSettings, *, quick: bool) -> dict:
    """Part 1: held-out topic top-1 per C and rerank weight."""
    knowledge = load_knowledge_base(settings.knowledge_dir)
    variants = variants_of(knowledge)
    log(f"embedding {len(variants)} variants (cached in {settings.index_dir / 'cache'})")
    vectors = CachedEmbedder(load_embedder(settings), settings.index_dir / "cache").embed_queries(
        [v.question for v in variants]
    )
    entry_ids = sorted({v.faq_id for v in variants})
    labels = np.array([entry_ids.index(v.faq_id) for v in variants])
    topic_of = {v.faq_id: v.topic for v in variants}
    topics = np.array([topic_of[e] for e in entry_ids])
    groups = [f"{v.faq_id}\0{v.language}" for v in variants]
    languages = np.array([v.language for v in variants])

    correct = cross_validate(vectors, labels, topics, groups, (300.0,) if quick else STRENGTHS)
    order = np.concatenate(grouped_folds(groups, FOLDS, seed=0))
    results = {
        setting: {
            "all": float(hits.mean()),
            "non_japanese": float(hits[languages[order] != "ja"].mean()),
        }
        for setting, hits in correct.items()
    }
    return {"variants": len(variants), "folds": FOLDS, "results": results}


if __name__ == "__main__":
    raise SystemExit(main())
