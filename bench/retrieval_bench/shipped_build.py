"""Section 2: build time of the shipped index, cold (empty embedding cache) and warm, and its load time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path

import numpy as np
from measure import Report, timed

from knowledge.content.schema import KnowledgeBase
from knowledge.retrieval.embedding import SentenceTransformerEmbedder
from knowledge.retrieval.index import build_index, load_index
from retrieval_bench.config import Config


def bench_shipped_build(
    knowledge: KnowledgeBase, embedder: SentenceTransformerEmbedder, config: Config, index_dir: Path
) -> Report:
    """Cold (empty cache, new folder) and warm (everything cached) builds of the shipped index.

    Each repetition builds into a fresh folder; the last one is left in
    ``index_dir`` for the latency measurements.
    """
    cold, warm, loads = [], [], []
    for repeat in range(config.build_repeats):
        folder = index_dir if repeat == config.build_repeats - 1 else index_dir.with_name(f"cold-{repeat}")
        cold.append(asdict(build_index(knowledge, embedder, folder)))
        warm.append(asdict(build_index(knowledge, embedder, folder)))
        _, seconds = timed(lambda folder=folder: load_index(folder, knowledge, embedder.model_id))
        loads.append(seconds)
    return {
        "entries": cold[0]["entries"],
        "variants": cold[0]["variants"],
        "cold": _build_summary(cold),
        "warm": _build_summary(warm),
        "load_index_ms": float(np.median(loads) * 1000),
    }


def _build_summary(reports: Sequence[Report]) -> Report:
    seconds = [r["seconds"] for r in reports]
    return {
        "median_s": float(np.median(seconds)),
        "min_s": min(seconds),
        "max_s": max(seconds),
        "runs": len(seconds),
        "embedded": reports[-1]["embedded"],
        "reused": reports[-1]["reused"],
    }
