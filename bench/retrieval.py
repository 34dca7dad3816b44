"""Retrieval benchmark: query latency, index builds and large-scale vector search.

Run from the repository root (never part of the test suite)::

    .venv/bin/python bench/retrieval.py            # default run (~8 min on 2 idle cores)
    .venv/bin/python bench/retrieval.py --quick    # smoke run (~1 min)
    .venv/bin/python bench/retrieval.py --full     # also embed the whole 100k synthetic corpus (+~14 min)

Sections:

1. Warm query latency through ``FaqSearcher.search()`` on the shipped knowledge,
   split into encoder-only and faiss-only time, plus batch-encoding throughput.
2. Build time of the shipped index, cold (empty embedding cache) and warm.
3. Build time of a synthetic 100k-variant corpus (extrapolated unless ``--full``).
4. Flat vs HNSW search over 1M clustered 384-d unit vectors.

A Markdown report goes to stdout, progress to stderr and every number to
``bench/results/retrieval.json``. Indexes are built in temporary folders only.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from functools import partial
from pathlib import Path
from typing import Any

import faiss
import numpy as np
import torch
from bootstrap import ROOT  # project on sys.path, offline hub; before any project import
from measure import latency_summary, load_average, log, machine_facts, write_json

from knowledge.content.issues import KnowledgeError
from knowledge.content.loader import load_knowledge, load_knowledge_base
from knowledge.content.schema import FaqEntry, KnowledgeBase
from knowledge.retrieval.embedding import SentenceTransformerEmbedder
from knowledge.retrieval.index import build_index, load_index, set_search_threads, variants_of
from knowledge.retrieval.search import FaqSearcher
from knowledge.retrieval.service import load_embedder, thresholds_from
from knowledge.settings import RetrievalSettings, get_retrieval_settings

DEFAULT_OUTPUT = ROOT / "bench" / "results" / "retrieval.json"
DIMENSION = 384
SPACELESS_LANGUAGES = frozenset({"ja", "zh"})
DEFAULT_TORCH_THREADS = torch.get_num_threads()
DEFAULT_FAISS_THREADS = faiss.omp_get_max_threads()
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OMP_WAIT_POLICY", "MKL_NUM_THREADS", "NENKIN_ENCODER_THREADS")

Samples = list[float]
Report = dict[str, Any]


@dataclass(frozen=True)
class Config:
    """Sizes of one benchmark run.

    Attributes:
        queries: Timed queries for the FAQ search latency (after warm-up).
        batch_sample: Shipped question variants encoded per batch size for throughput.
        warmup: Untimed queries first.
        build_repeats: Repetitions of the cold and warm shipped-index builds.
        synthetic_entries: Entries of the synthetic corpus.
        variants_per_entry: Question variants per synthetic entry.
        encoder_sample: Synthetic texts actually embedded to measure throughput.
        full_synthetic: Embed the whole synthetic corpus with the real model.
        vectors: Size of the large vector-search corpus.
        clusters: Gaussian cluster centres in that corpus.
        latency_queries: Single queries timed per vector-search configuration.
        recall_queries: Queries for recall@10 of HNSW against the flat index.
        ef_search: HNSW efSearch values to try.
        seed: Seed of every random choice.
    """

    queries: int = 300
    batch_sample: int = 512
    warmup: int = 20
    build_repeats: int = 3
    synthetic_entries: int = 10_000
    variants_per_entry: int = 10
    encoder_sample: int = 2_000
    full_synthetic: bool = False
    vectors: int = 1_000_000
    clusters: int = 1_000
    latency_queries: int = 200
    recall_queries: int = 1_000
    ef_search: tuple[int, ...] = (32, 64, 128)
    seed: int = 20240601


QUICK = Config(
    queries=60,
    batch_sample=128,
    warmup=5,
    build_repeats=1,
    synthetic_entries=1_000,
    encoder_sample=200,
    vectors=50_000,
    clusters=100,
    latency_queries=50,
    recall_queries=200,
)


# --------------------------------------------------------------------------- helpers


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """Call ``fn`` once.

    Returns:
        Its result and the wall time in seconds.
    """
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def time_each(fn: Callable[[Any], Any], items: Sequence[Any]) -> Samples:
    """Wall time in seconds of ``fn(item)`` for every item."""
    samples = []
    for item in items:
        started = time.perf_counter()
        fn(item)
        samples.append(time.perf_counter() - started)
    return samples


def process_cpu_seconds() -> float:
    """User + system CPU time of this process (all threads) so far."""
    times = os.times()
    return times.user + times.system


def with_cpu_share(fn: Callable[[], Any]) -> tuple[Any, Report]:
    """Call ``fn`` once and describe how much CPU it got.

    Returns:
        Its result and ``wall_s``, ``cpu_s``, ``cpu_share`` (CPU seconds per wall
        second: about the thread count on an idle machine, less when other
        processes compete) and the load average before and after.
    """
    load_before, cpu_before = load_average(), process_cpu_seconds()
    result, wall = timed(fn)
    cpu = process_cpu_seconds() - cpu_before
    return result, {
        "wall_s": wall,
        "cpu_s": cpu,
        "cpu_share": cpu / wall if wall else 0.0,
        "load_before": load_before,
        "load_after": load_average(),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """``matrix`` with every row scaled to length 1 (float32, in place when possible)."""
    matrix = np.ascontiguousarray(matrix, dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix


# --------------------------------------------------------------------------- machine


def machine_info() -> Report:
    """What the numbers were measured on."""
    import sentence_transformers
    import transformers

    return {
        **machine_facts(THREAD_VARIABLES),
        "torch": torch.__version__,
        "faiss": faiss.__version__,
        "numpy": np.__version__,
        "sentence_transformers": sentence_transformers.__version__,
        "transformers": transformers.__version__,
        "torch_threads": DEFAULT_TORCH_THREADS,
        "faiss_threads": DEFAULT_FAISS_THREADS,
        "load_average_at_start": load_average(),
    }


def warn_if_busy() -> None:
    """Warn on stderr when other work competes for the CPUs (latencies will be inflated)."""
    busy = os.getloadavg()[0]
    if busy > 0.5 * (os.cpu_count() or 1):
        log(f"warning: load average {busy:.1f} on {os.cpu_count()} CPUs; other processes will skew the numbers")


# --------------------------------------------------------------------------- knowledge and queries


def load_shipped_knowledge(settings: RetrievalSettings) -> tuple[KnowledgeBase, int]:
    """The shipped knowledge; if files currently fail validation, their valid entries.

    Returns:
        The knowledge and how many errors were skipped (0 for a clean load).
    """
    try:
        return load_knowledge_base(settings.knowledge_dir), 0
    except KnowledgeError:
        result = load_knowledge(settings.knowledge_dir)
        log(
            f"knowledge has {len(result.errors)} errors; benchmarking the {len(result.knowledge.entries)} valid entries"
        )
        return result.knowledge, len(result.errors)


def question_pool(knowledge: KnowledgeBase) -> list[tuple[str, str, str]]:
    """Every question variant as ``(faq_id, language, text)``."""
    return [(variant.faq_id, variant.language, variant.question) for variant in variants_of(knowledge)]


def drop_char(text: str, rng: np.random.Generator) -> str:
    """``text`` without one character (a typo), unless it is very short."""
    if len(text) < 4:
        return text
    position = int(rng.integers(1, len(text)))
    return text[:position] + text[position + 1 :]


def add_desuka(text: str) -> str:
    """A Japanese question made politer: trailing punctuation replaced by 'ですか'."""
    stripped = text.rstrip("？?。 ")
    return stripped + ("？" if stripped.endswith("ですか") else "ですか")


def code_switch(text: str, other: str) -> str:
    """A mixed-language query: the start of ``text`` followed by the end of ``other``."""
    return f"{text[: max(4, len(text) // 2)]} {other[len(other) // 2 :]}".strip()


def perturb(language: str, text: str, other: str, rng: np.random.Generator) -> tuple[str, str]:
    """A lightly changed copy of a question variant, as residents would type it.

    Args:
        language: The variant's language.
        text: The variant.
        other: A variant in another language, for code-switched queries.
        rng: Random source.

    Returns:
        ``(kind, query)`` where kind names the change.
    """
    kind = str(rng.choice(["verbatim", "drop_char", "desuka_or_lower", "code_switch"], p=[0.2, 0.35, 0.3, 0.15]))
    if kind == "drop_char":
        return kind, drop_char(text, rng)
    if kind == "desuka_or_lower":
        return ("desuka", add_desuka(text)) if language == "ja" else ("lowercase", text.lower())
    if kind == "code_switch":
        return kind, code_switch(text, other)
    return kind, text


def make_queries(knowledge: KnowledgeBase, count: int, rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """Realistic queries: perturbed variants of every language, some code-switched.

    Returns:
        ``(source_faq_id, kind, query)`` triples.
    """
    pool = question_pool(knowledge)
    queries = []
    for _ in range(count):
        faq_id, language, text = pool[int(rng.integers(len(pool)))]
        others = [t for f, lang, t in pool if f == faq_id and lang != language] or [text]
        kind, query = perturb(language, text, others[int(rng.integers(len(others)))], rng)
        queries.append((faq_id, kind, query))
    return queries


# --------------------------------------------------------------------------- 1. query latency


def bench_query_latency(
    knowledge: KnowledgeBase,
    embedder: SentenceTransformerEmbedder,
    settings: RetrievalSettings,
    config: Config,
    index_dir: Path,
) -> Report:
    """Warm latency of the real search path, and of its encoder and faiss parts alone.

    Loads the shipped index built by :func:`bench_shipped_build`, then times
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


# --------------------------------------------------------------------------- 2. shipped index build


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


# --------------------------------------------------------------------------- 3. synthetic 100k corpus


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
                source="bench/retrieval.py",
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


# --------------------------------------------------------------------------- 4. 1M-vector search


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


# --------------------------------------------------------------------------- report


def fmt(value: float, digits: int = 1) -> str:
    """A number with a fixed number of decimals."""
    return f"{value:,.{digits}f}"


def latency_row(label: str, stats: Report, digits: int = 2) -> str:
    """A Markdown table row of p50/p95/p99/mean."""
    cells = [stats["p50_ms"], stats["p95_ms"], stats["p99_ms"], stats["mean_ms"]]
    return f"| {label} | {stats['n']} | " + " | ".join(fmt(c, digits) for c in cells) + " |"


def render_query_latency(report: Report, batches: Sequence[Report]) -> list[str]:
    """Section 1 as Markdown."""
    lines = [
        f"### 1. Query latency (warm, {report['index_variants']} indexed variants, faiss k={report['faiss_k']}, "
        f"{report.get('faiss_search_threads', '?')} faiss thread(s))",
        "",
        "| Path | n | p50 ms | p95 ms | p99 ms | mean ms |",
        "|---|---:|---:|---:|---:|---:|",
        latency_row("`FaqSearcher.search()` (encode + faiss + aggregate)", report["search"]),
        latency_row("encoder only (`embed_queries([q])`)", report["encoder"]),
        latency_row("faiss only (`IndexIDMap(IndexFlatIP).search`)", report["faiss"], 3),
        latency_row("encoder only, torch 1 thread", report["encoder_1_thread"]),
        "",
        f"First search after loading: {fmt(report['first_search_ms'])} ms. "
        f"Mean query length {fmt(report['mean_query_chars'])} chars. "
        f"Top hit = source entry for {report['top1_is_source']:.1%} of the perturbed queries. "
        f"Query kinds: {report['query_kinds']}. Load average {report['load_average']}.",
        "",
        "| Batch encoding: batch size | texts | seconds | texts/s |",
        "|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {b['batch_size']} | {b['texts']} | {fmt(b['seconds'], 2)} | {fmt(b['texts_per_s'])} |" for b in batches
    ]
    return lines


def render_builds(shipped: Report, synthetic: Report) -> list[str]:
    """Sections 2 and 3 as Markdown."""
    cold, warm = shipped["cold"], shipped["warm"]
    lines = [
        f"### 2. Shipped index build ({shipped['entries']} entries, {shipped['variants']} variants)",
        "",
        "| Build | runs | median s | min s | max s | embedded | from cache |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| cold (empty cache) | {cold['runs']} | {fmt(cold['median_s'], 2)} | {fmt(cold['min_s'], 2)} | "
        f"{fmt(cold['max_s'], 2)} | {cold['embedded']} | {cold['reused']} |",
        f"| warm (all cached) | {warm['runs']} | {fmt(warm['median_s'], 3)} | {fmt(warm['min_s'], 3)} | "
        f"{fmt(warm['max_s'], 3)} | {warm['embedded']} | {warm['reused']} |",
        "",
        f"`load_index()`: {fmt(shipped['load_index_ms'])} ms.",
        "",
        f"### 3. Synthetic corpus build ({synthetic['entries']:,} entries, {synthetic['variants']:,} variants, "
        f"mean {fmt(synthetic['mean_chars'])} chars)",
        "",
        "| Measure | value |",
        "|---|---:|",
        f"| encoder throughput (sample of {synthetic['encoder_sample']:,}, batch {synthetic['encoder_batch_size']}) "
        f"| {fmt(synthetic['encoder_texts_per_s'])} texts/s |",
        f"| faiss add of {synthetic['variants']:,} unit vectors (IndexIDMap+FlatIP) "
        f"| {fmt(synthetic['faiss_add_s'], 3)} s |",
        f"| `build_index` without the model (random vectors), cold | {fmt(synthetic['stub_build_cold_s'], 2)} s |",
        f"| `build_index` without the model, warm (all {synthetic['stub_warm_reused']:,} cached) "
        f"| {fmt(synthetic['stub_build_warm_s'], 2)} s |",
        f"| `load_index()` of that index | {fmt(synthetic['load_index_s'], 2)} s |",
        f"| **full cold build, extrapolated** (variants ÷ throughput + build without model) "
        f"| **{fmt(synthetic['extrapolated_full_build_s'] / 60)} min** |",
    ]
    if "measured_full_build_s" in synthetic:
        lines.append(
            f"| **full cold build, measured** (`--full`, {synthetic['measured_full_embedded']:,} embedded) "
            f"| **{fmt(synthetic['measured_full_build_s'] / 60)} min** |"
        )
    return lines


def render_vector_search(report: Report) -> list[str]:
    """Section 4 as Markdown."""
    flat, hnsw = report["flat"], report["hnsw"]
    threads = report["faiss_default_threads"]
    lines = [
        f"### 4. Vector search: {report['vectors']:,} × {report['dimension']} clustered unit vectors "
        f"({report['clusters']:,} clusters)",
        "",
        f"Latency: single queries, k=10, n={report['latency_queries']}; recall over {report['recall_queries']:,} "
        f"queries against the exact flat result. Default faiss threads = {threads}.",
        "",
        "| Index | build s | size MiB | recall@10 | recall@1 | p50 ms (1 thr) | p95 ms (1 thr) "
        f"| p50 ms ({threads} thr) | p95 ms ({threads} thr) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        _search_row("IndexFlatIP (exact)", flat["build_s"], flat["bytes"], 1.0, 1.0, flat),
    ]
    for run in hnsw["by_ef_search"]:
        label = f"HNSWFlat M={hnsw['m']} efC={hnsw['ef_construction']}, efSearch={run['ef_search']}"
        lines.append(_search_row(label, hnsw["build_s"], hnsw["bytes"], run["recall_at_10"], run["recall_at_1"], run))
    lines += [
        "",
        f"Flat batch search of {report['recall_queries']:,} queries: {fmt(flat['batch_search_s'], 1)} s. "
        f"HNSW build got {fmt(hnsw['build_cpu_share'], 2)} CPU-seconds per second. "
        f"Peak RSS {fmt(report['peak_rss_mb'] / 1024, 1)} GiB. Load average before {report['load_average_before']}, "
        f"after {report['load_average_after']}.",
    ]
    return lines


def _search_row(label: str, build_s: float, size: int, recall10: float, recall1: float, run: Report) -> str:
    one, default = run["latency_1_thread"], run["latency_default_threads"]
    cells = [
        fmt(build_s, 1),
        fmt(size / 1024**2, 0),
        f"{recall10:.4f}",
        f"{recall1:.4f}",
        fmt(one["p50_ms"], 3),
        fmt(one["p95_ms"], 3),
        fmt(default["p50_ms"], 3),
        fmt(default["p95_ms"], 3),
    ]
    return f"| {label} | " + " | ".join(cells) + " |"


def render(results: Report) -> str:
    """The whole Markdown report."""
    machine = results["machine"]
    lines = [
        f"## Retrieval benchmark ({results['mode']} run, {results['started']})",
        "",
        f"{machine['cpu']}, {machine['logical_cpus']} logical CPUs, {machine['memory_gib']} GiB; "
        f"Python {machine['python']}, torch {machine['torch']} ({machine['torch_threads']} threads), "
        f"faiss {machine['faiss']} ({machine['faiss_threads']} threads), "
        f"load average at start {machine['load_average_at_start']}, "
        f"sentence-transformers {machine['sentence_transformers']}. Model {results['model']} "
        f"loaded in {fmt(results['model_load_s'], 1)} s. Knowledge: {results['knowledge_entries']} entries"
        + (f" ({results['knowledge_errors']} load errors skipped)" if results["knowledge_errors"] else "")
        + ".",
        "",
    ]
    lines += render_query_latency(results["query_latency"], results["batch_encoding"])
    lines += ["", *render_builds(results["shipped_build"], results["synthetic_build"])]
    if "vector_search" in results:
        lines += ["", *render_vector_search(results["vector_search"])]
    lines += ["", *render_sections(results["sections"])]
    lines += ["", f"Total benchmark runtime: {fmt(results['runtime_s'] / 60, 1)} min."]
    return "\n".join(lines) + "\n"


def render_sections(sections: Report) -> list[str]:
    """Wall time and CPU share per section (a CPU share well below the thread count means contention)."""
    lines = [
        "### Sections: CPU obtained",
        "",
        "| Section | wall s | CPU s | CPU share | load avg before | load avg after |",
        "|---|---:|---:|---:|---|---|",
    ]
    for name, s in sections.items():
        lines.append(
            f"| {name} | {fmt(s['wall_s'])} | {fmt(s['cpu_s'])} | {fmt(s['cpu_share'], 2)} "
            f"| {s['load_before']} | {s['load_after']} |"
        )
    return lines


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description="Benchmark FAQ retrieval (latency, index builds, 1M-vector search).")
    parser.add_argument("--quick", action="store_true", help="small smoke run (~1 min): 50k vectors, small samples")
    parser.add_argument("--full", action="store_true", help="embed the whole synthetic corpus instead of extrapolating")
    parser.add_argument("--vectors", type=int, help="size of the vector-search corpus (default 1,000,000)")
    parser.add_argument("--skip-vectors", action="store_true", help="skip the large vector-search section")
    parser.add_argument("--seed", type=int, help="random seed")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"JSON file (default {DEFAULT_OUTPUT})")
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> Config:
    """The run's sizes from the options."""
    config = QUICK if args.quick else Config()
    config = replace(config, full_synthetic=args.full)
    if args.vectors:
        config = replace(config, vectors=args.vectors)
    if args.seed is not None:
        config = replace(config, seed=args.seed)
    return config


def run(config: Config, skip_vectors: bool, mode: str) -> Report:
    """Run every section and collect the results."""
    started = time.perf_counter()
    settings = get_retrieval_settings()
    results: Report = {"mode": mode, "started": datetime.now().isoformat(timespec="seconds")}
    warn_if_busy()
    results["machine"] = machine_info()
    results["config"] = asdict(config)
    knowledge, errors = load_shipped_knowledge(settings)
    results["knowledge_entries"], results["knowledge_errors"] = len(knowledge.entries), errors
    embedder, results["model_load_s"] = timed(lambda: load_embedder(settings))
    results["model"] = embedder.model_id
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as workdir:
        index_dir = Path(workdir) / "shipped"
        sections: list[tuple[str, Callable[[], Any]]] = [
            ("shipped_build", lambda: bench_shipped_build(knowledge, embedder, config, index_dir)),
            ("query_latency", lambda: bench_query_latency(knowledge, embedder, settings, config, index_dir)),
            ("batch_encoding", lambda: bench_batch_encoding(knowledge, embedder, config)),
            ("synthetic_build", lambda: bench_synthetic_build(knowledge, embedder, config)),
        ]
        if not skip_vectors:
            sections.append(("vector_search", lambda: bench_vector_search(config)))
        results["sections"] = {}
        for number, (name, bench) in enumerate(sections, start=1):
            log(f"{number}/{len(sections)} {name}")
            results[name], results["sections"][name] = with_cpu_share(bench)
    results["runtime_s"] = time.perf_counter() - started
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print Markdown and write JSON."""
    args = parse_args(argv)
    config = config_from(args)
    results = run(config, args.skip_vectors, "quick" if args.quick else ("full" if args.full else "default"))
    write_json(args.output, results)
    sys.stdout.write(render(results))
    log(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
