"""Section 1, throughput: batch encoding of shipped question variants at several batch sizes."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from measure import Report, timed

from knowledge.content.schema import KnowledgeBase
from knowledge.retrieval.embedding import SentenceTransformerEmbedder
from retrieval_bench.config import Config
from retrieval_bench.queries import question_pool


def bench_batch_encoding(
    knowledge: KnowledgeBase,
    embedder: SentenceTransformerEmbedder,
    config: Config,
    batch_sizes: Sequence[int] = (1, 16, 64, 256),
) -> list[Report]:
    """Throughput of ``embed_queries`` over a sample of shipped question variants at several batch sizes."""
    pool = [text for _, _, text in question_pool(knowledge)]
    rng = np.random.default_rng(config.seed + 3)
    texts = [pool[i] for i in rng.choice(len(pool), size=min(config.batch_sample, len(pool)), replace=False)]
    original = embedder.batch_size
    results = []
    try:
        for batch_size in batch_sizes:
            embedder.batch_size = batch_size
            embedder.embed_queries(texts[:batch_size])
            _, seconds = timed(lambda: embedder.embed_queries(texts))
            results.append({"batch_size": batch_size, "texts": len(texts), "seconds": seconds})
    finally:
        embedder.batch_size = original
    for row in results:
        row["texts_per_s"] = row["texts"] / row["seconds"]
    return results
