"""Section 1: warm query latency of the real search path, and of its encoder and faiss parts alone."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

import faiss
import numpy as np
import torch
from measure import Report, latency_summary, load_average, time_each, timed

from knowledge.content.schema import KnowledgeBase
from knowledge.retrieval.embedding import SentenceTransformerEmbedder
from knowledge.retrieval.index import load_index, set_search_threads
from knowledge.retrieval.search import FaqSearcher
from knowledge.retrieval_setup import thresholds_from
from knowledge.settings import RetrievalSettings
from retrieval_bench.config import Config
from retrieval_bench.machine import DEFAULT_FAISS_THREADS, DEFAULT_TORCH_THREADS
from retrieval_bench.queries import make_queries

Samples = list[float]


def bench_query_latency(
    knowledge: KnowledgeBase,
    embedder: SentenceTransformerEmbedder,
    settings: RetrievalSettings,
    config: Config,
    index_dir: Path,
) -> Report:
    """Warm latency of the real search path, and of its encoder and faiss parts alone.

    Loads the shipped index built by :func:`retrieval_bench.shipped_build.bench_shipped_build`, then times
    ``FaqSearcher.search(text, k=5)``, ``embed_queries([text])`` and the raw
    faiss search with the pool size the searcher uses.
    """
    rng = np.random.default_rng(config.seed)
    queries = make_queries(knowledge, config.warmup + config.queries, rng)
    index = load_index(index_dir, knowledge, embedder.model_id)
    set_search_threads(settings.faiss_threads)  # as open_searcher does in the servers
    searcher = FaqSearcher(index, embedder, thresholds_from(settings), rerank_weight=settings.rerank_weight)
    texts = [query for _, _, query in queries]
    _, first_search = timed(lambda: searcher.search(texts[0], k=5))
    for text in texts[1 : config.warmup]:
        searcher.search(text, k=5)
    timed_queries = queries[config.warmup :]
    timed_texts = [query for _, _, query in timed_queries]
    load_before = load_average()
    samples, top1 = _interleaved_timings(searcher, timed_queries)
    report = {
        "index_variants": index.size,
        "mean_query_chars": float(np.mean([len(t) for t in texts])),
        "faiss_k": 5 * index.max_variants_per_entry,
        "faiss_search_threads": faiss.omp_get_max_threads(),
        "first_search_ms": first_search * 1000,
        "query_kinds": _count_kinds(timed_queries),
        "top1_is_source": top1,
        **{path: latency_summary(durations) for path, durations in samples.items()},
    }
    report["encoder_1_thread"] = _encoder_one_thread(embedder, timed_texts)
    report["load_average"] = {"before": load_before, "after": load_average()}
    return report


def _count_kinds(queries: Sequence[tuple[str, str, str]]) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for _, kind, _ in queries:
        kinds[kind] = kinds.get(kind, 0) + 1
    return dict(sorted(kinds.items()))


def _interleaved_timings(
    searcher: FaqSearcher, queries: Sequence[tuple[str, str, str]]
) -> tuple[dict[str, Samples], float]:
    """Per query, time the full search, then the encoder alone, then faiss alone.

    Interleaving keeps the three series comparable: slow drifts of the machine
    (frequency, noisy neighbours) hit all of them alike.

    Returns:
        Durations per path (``search``, ``encoder``, ``faiss``), and the share of
        queries whose best hit is the entry the query was made from (a sanity
        check that the path really works).
    """
    index, embedder = searcher.index, searcher.embedder
    k = min(5 * index.max_variants_per_entry, index.size)
    samples: dict[str, Samples] = {"search": [], "encoder": [], "faiss": []}
    right = 0
    for faq_id, _, text in queries:
        t0 = time.perf_counter()
        hits = searcher.search(text, k=5)
        t1 = time.perf_counter()
        vector = embedder.embed_queries([text])
        t2 = time.perf_counter()
        index.index.search(vector, k)
        t3 = time.perf_counter()
        samples["search"].append(t1 - t0)
        samples["encoder"].append(t2 - t1)
        samples["faiss"].append(t3 - t2)
        right += bool(hits) and hits[0].faq_id == faq_id
    return samples, right / len(queries)


def _encoder_one_thread(embedder: SentenceTransformerEmbedder, texts: Sequence[str]) -> Report:
    """Encoder latency with torch limited to one thread (``NENKIN_ENCODER_THREADS=1``)."""
    torch.set_num_threads(1)
    try:
        for text in texts[:10]:
            embedder.embed_queries([text])
        return latency_summary(time_each(lambda t: embedder.embed_queries([t]), texts))
    finally:
        torch.set_num_threads(DEFAULT_TORCH_THREADS)
        faiss.omp_set_num_threads(DEFAULT_FAISS_THREADS)
