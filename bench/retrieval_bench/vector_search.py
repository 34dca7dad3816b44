"""Section 4: exact flat search vs HNSW over a large corpus (1M by default) of clustered 384-d unit vectors.

The vectors are random but clustered with a decaying noise spectrum, so their structure resembles
sentence embeddings; nothing here uses the model or the knowledge.
"""

from __future__ import annotations

from functools import partial

import faiss
import numpy as np
from measure import Report, latency_summary, load_average, log, peak_rss_mb, time_each, timed, with_cpu_share

from retrieval_bench.config import Config
from retrieval_bench.machine import DEFAULT_FAISS_THREADS
from retrieval_bench.vectors import DIMENSION, unit_rows


def clustered_vectors(count: int, centres: np.ndarray, rng: np.random.Generator, chunk: int = 100_000) -> np.ndarray:
    """Unit vectors around random cluster centres.

    Each vector is ``centre + noise``, normalised. The noise has a decaying
    per-dimension spectrum (std ∝ i^-0.5, total norm ≈ 0.75), so the data has a
    low effective dimension like real sentence embeddings rather than being
    uniformly spread over all 384 dimensions.
    """
    dimension = centres.shape[1]
    scales = np.arange(1, dimension + 1, dtype=np.float32) ** -0.5
    scales *= 0.75 / np.sqrt(np.sum(scales**2))
    out = np.empty((count, dimension), dtype=np.float32)
    for start in range(0, count, chunk):
        size = min(chunk, count - start)
        noise = rng.standard_normal((size, dimension), dtype=np.float32) * scales
        out[start : start + size] = unit_rows(centres[rng.integers(len(centres), size=size)] + noise)
    return out


def index_bytes(index: faiss.Index) -> int:
    """Serialized size of ``index`` (≈ its memory footprint)."""
    return int(faiss.serialize_index(index).nbytes)


def single_query_latency(index: faiss.Index, queries: np.ndarray, threads: int, k: int = 10) -> Report:
    """Latency of one-query-at-a-time searches with faiss limited to ``threads``."""
    faiss.omp_set_num_threads(threads)
    try:
        for row in range(min(5, len(queries))):
            index.search(queries[row : row + 1], k)
        return latency_summary(time_each(lambda row: index.search(queries[row : row + 1], k), range(len(queries))))
    finally:
        faiss.omp_set_num_threads(DEFAULT_FAISS_THREADS)


def recall_at(truth: np.ndarray, found: np.ndarray) -> float:
    """Mean share of the true neighbours found, per query."""
    k = truth.shape[1]
    return float(np.mean([len(set(t) & set(f)) / k for t, f in zip(truth, found, strict=True)]))


def bench_vector_search(config: Config) -> Report:
    """IndexFlatIP vs IndexHNSWFlat (M=32, efConstruction=80) on clustered unit vectors."""
    rng = np.random.default_rng(config.seed + 2)
    centres = unit_rows(rng.standard_normal((config.clusters, DIMENSION), dtype=np.float32))
    log(f"generating {config.vectors:,} clustered vectors")
    data = clustered_vectors(config.vectors, centres, rng)
    queries = clustered_vectors(max(config.latency_queries, config.recall_queries), centres, rng)
    latency_queries = queries[: config.latency_queries]
    report: Report = {
        "vectors": config.vectors,
        "dimension": DIMENSION,
        "clusters": config.clusters,
        "latency_queries": config.latency_queries,
        "recall_queries": len(queries),
        "faiss_default_threads": DEFAULT_FAISS_THREADS,
        "load_average_before": load_average(),
    }
    flat, flat_build = timed(partial(_flat_index, data))
    (_, truth), truth_seconds = timed(partial(flat.search, queries, 10))
    log("timing flat single-query search")
    report["flat"] = {
        "build_s": flat_build,
        "bytes": index_bytes(flat),
        "batch_search_s": truth_seconds,
        "latency_1_thread": single_query_latency(flat, latency_queries, 1),
        "latency_default_threads": single_query_latency(flat, latency_queries, DEFAULT_FAISS_THREADS),
        "top1_score_mean": float(flat.search(queries[:100], 1)[0].mean()),
    }
    del flat
    log(f"building HNSW over {config.vectors:,} vectors (the slow part)")
    hnsw, hnsw_build = with_cpu_share(partial(_hnsw_index, data, m=32, ef_construction=80))
    del data
    report["hnsw"] = {
        "m": 32,
        "ef_construction": 80,
        "build_s": hnsw_build["wall_s"],
        "build_cpu_share": hnsw_build["cpu_share"],
        "bytes": index_bytes(hnsw),
        "by_ef_search": [_hnsw_run(hnsw, ef, queries, latency_queries, truth) for ef in config.ef_search],
    }
    report["peak_rss_mb"] = peak_rss_mb()
    report["load_average_after"] = load_average()
    return report


def _flat_index(data: np.ndarray) -> faiss.Index:
    index = faiss.IndexFlatIP(data.shape[1])
    index.add(data)
    return index


def _hnsw_index(data: np.ndarray, m: int, ef_construction: int) -> faiss.Index:
    index = faiss.IndexHNSWFlat(data.shape[1], m, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = ef_construction
    index.add(data)
    return index


def _hnsw_run(
    index: faiss.Index, ef_search: int, queries: np.ndarray, latency_queries: np.ndarray, truth: np.ndarray
) -> Report:
    index.hnsw.efSearch = ef_search
    found = index.search(queries, 10)[1]
    return {
        "ef_search": ef_search,
        "recall_at_10": recall_at(truth, found),
        "recall_at_1": float(np.mean(found[:, 0] == truth[:, 0])),
        "latency_1_thread": single_query_latency(index, latency_queries, 1),
        "latency_default_threads": single_query_latency(index, latency_queries, DEFAULT_FAISS_THREADS),
    }
