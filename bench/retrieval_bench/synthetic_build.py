"""Section 3: build time of a synthetic corpus (100k variants by default), measured or extrapolated.

The corpus is made of thirds of real questions in one language, so text lengths and scripts resemble
the shipped knowledge. Without ``--full`` the model embeds only a sample; the rest of ``build_index``
(hashing, the embedding cache, faiss, the files) runs for real with :class:`RandomEmbedder`.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

import faiss
import numpy as np
from measure import Report, log, timed

from knowledge.content.schema import FaqEntry, KnowledgeBase
from knowledge.retrieval.embedding import SentenceTransformerEmbedder
from knowledge.retrieval.index import build_index, load_index
from retrieval_bench.config import Config
from retrieval_bench.queries import question_pool
from retrieval_bench.vectors import DIMENSION, unit_rows

SPACELESS_LANGUAGES = frozenset({"ja", "zh"})
"""Languages whose fragments are joined without a space."""


def split_fragments(text: str, parts: int = 3) -> list[str]:
    """``text`` cut into ``parts`` consecutive pieces, by words when it has enough, else by characters."""
    words = text.split()
    units = words if len(words) >= parts else list(text)
    bounds = np.linspace(0, len(units), parts + 1).round().astype(int)
    joiner = " " if units is words else ""
    return [joiner.join(units[a:b]) for a, b in itertools.pairwise(bounds)]


def synthetic_texts(knowledge: KnowledgeBase, count: int, rng: np.random.Generator) -> list[tuple[str, str]]:
    """``count`` distinct question texts made of thirds of real questions in one language.

    Languages follow the shipped mix, so text length and scripts resemble real data.

    Returns:
        ``(language, text)`` pairs.
    """
    fragments: dict[str, list[list[str]]] = {}
    for _, language, text in question_pool(knowledge):
        fragments.setdefault(language, []).append(split_fragments(text))
    languages = sorted(fragments)
    weights = np.array([len(fragments[lang]) for lang in languages], dtype=np.float64)
    seen: set[str] = set()
    texts = []
    while len(texts) < count:
        language = languages[int(rng.choice(len(languages), p=weights / weights.sum()))]
        pool = fragments[language]
        parts = [pool[int(rng.integers(len(pool)))][i] for i in range(3)]
        text = ("" if language in SPACELESS_LANGUAGES else " ").join(p for p in parts if p).strip()
        if text and text not in seen:
            seen.add(text)
            texts.append((language, text))
    return texts


def synthetic_knowledge(knowledge: KnowledgeBase, config: Config, rng: np.random.Generator) -> KnowledgeBase:
    """A knowledge base of ``synthetic_entries`` × ``variants_per_entry`` distinct question variants."""
    per_entry = config.variants_per_entry
    texts = synthetic_texts(knowledge, config.synthetic_entries * per_entry, rng)
    topics = sorted(knowledge.topics)
    entries = []
    for number in range(config.synthetic_entries):
        questions: dict[str, list[str]] = {}
        for language, text in texts[number * per_entry : (number + 1) * per_entry]:
            questions.setdefault(language, []).append(text)
        entries.append(
            FaqEntry(
                id=f"synthetic-{number:05d}",
                topic=topics[number % len(topics)],
                questions={lang: tuple(qs) for lang, qs in questions.items()},
                answer={"ja": "合成データ", "en": "synthetic"},
                sources=knowledge.entries[0].sources,
                last_reviewed=date(2024, 1, 1),
            )
        )
    return replace(knowledge, entries=tuple(entries))


class RandomEmbedder:
    """A stand-in encoder returning random unit vectors instantly.

    It times everything in ``build_index`` except the model: hashing, the
    embedding cache, faiss and the files written.

    Args:
        dimension: Vector size.
        seed: Random seed.
    """

    model_id = "bench/random-unit-vectors"

    def __init__(self, dimension: int, seed: int) -> None:
        self.dimension = dimension
        self._rng = np.random.default_rng(seed)

    def embed_queries(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Random unit vectors, one per text."""
        return unit_rows(self._rng.standard_normal((len(texts), self.dimension), dtype=np.float32))


def bench_synthetic_build(knowledge: KnowledgeBase, embedder: SentenceTransformerEmbedder, config: Config) -> Report:
    """Embed+index time of a synthetic corpus: measured with ``--full``, otherwise extrapolated.

    The extrapolation is ``variants / encoder throughput`` (measured on a sample
    of the same texts) plus a real ``build_index`` run with :class:`RandomEmbedder`
    (everything but the model).
    """
    rng = np.random.default_rng(config.seed + 1)
    synthetic = synthetic_knowledge(knowledge, config, rng)
    variants = [text for _, _, text in question_pool(synthetic)]
    sample = [
        variants[i] for i in rng.choice(len(variants), size=min(config.encoder_sample, len(variants)), replace=False)
    ]
    embedder.embed_queries(sample[:64])
    _, encode_seconds = timed(lambda: embedder.embed_queries(sample))
    throughput = len(sample) / encode_seconds
    report: Report = {
        "entries": len(synthetic.entries),
        "variants": len(variants),
        "mean_chars": float(np.mean([len(t) for t in variants])),
        "encoder_sample": len(sample),
        "encoder_batch_size": embedder.batch_size,
        "encoder_texts_per_s": throughput,
        "faiss_add_s": _faiss_add_seconds(len(variants), config.seed),
        **_stub_builds(synthetic, config.seed),
    }
    report["extrapolated_full_build_s"] = len(variants) / throughput + report["stub_build_cold_s"]
    if config.full_synthetic:
        with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
            log(f"embedding all {len(variants)} synthetic variants (--full)")
            build = build_index(synthetic, embedder, Path(tmp))
        report["measured_full_build_s"] = build.seconds
        report["measured_full_embedded"] = build.embedded
    return report


def _faiss_add_seconds(count: int, seed: int) -> float:
    """Time to add ``count`` random unit vectors to the index type ``build_index`` uses."""
    vectors = unit_rows(np.random.default_rng(seed).standard_normal((count, DIMENSION), dtype=np.float32))
    index = faiss.IndexIDMap(faiss.IndexFlatIP(DIMENSION))
    _, seconds = timed(lambda: index.add_with_ids(vectors, np.arange(count, dtype=np.int64)))
    return seconds


def _stub_builds(synthetic: KnowledgeBase, seed: int) -> Report:
    """``build_index`` with the random encoder: cold, then warm (all cached)."""
    stub = RandomEmbedder(DIMENSION, seed)
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        cold = build_index(synthetic, stub, Path(tmp))
        warm = build_index(synthetic, stub, Path(tmp))
        _, load_seconds = timed(lambda: load_index(Path(tmp), synthetic, stub.model_id))
    return {
        "stub_build_cold_s": cold.seconds,
        "stub_build_warm_s": warm.seconds,
        "stub_warm_reused": warm.reused,
        "load_index_s": load_seconds,
    }
