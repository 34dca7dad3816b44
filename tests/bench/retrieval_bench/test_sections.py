"""The retrieval sections end to end on a tiny knowledge base with the fake encoder (no model)."""

from dataclasses import replace

import pytest
from retrieval_bench.batch_encoding import bench_batch_encoding
from retrieval_bench.config import QUICK
from retrieval_bench.query_latency import bench_query_latency
from retrieval_bench.shipped_build import bench_shipped_build

from knowledge.settings import RetrievalSettings
from tests.bench.retrieval_bench.knowledge import QUESTIONS, tiny_knowledge
from tests.conftest import FakeEmbedder

VARIANTS = sum(len(texts) for questions in QUESTIONS.values() for texts in questions.values())
CONFIG = replace(QUICK, queries=12, warmup=3, build_repeats=2, batch_sample=8)


class BatchingFakeEmbedder(FakeEmbedder):
    batch_size = 64


@pytest.fixture
def built(tmp_path):
    embedder = BatchingFakeEmbedder()
    index_dir = tmp_path / "shipped"
    return embedder, index_dir, bench_shipped_build(tiny_knowledge(), embedder, CONFIG, index_dir)


def test_shipped_build_times_cold_and_warm_builds(built):
    _, index_dir, report = built
    assert (report["entries"], report["variants"]) == (3, VARIANTS)
    assert report["cold"]["runs"] == report["warm"]["runs"] == 2
    assert (report["cold"]["embedded"], report["cold"]["reused"]) == (VARIANTS, 0)
    assert (report["warm"]["embedded"], report["warm"]["reused"]) == (0, VARIANTS)
    assert report["cold"]["min_s"] <= report["cold"]["median_s"] <= report["cold"]["max_s"]
    assert report["load_index_ms"] > 0
    assert (index_dir / "builds").is_dir()  # the last repetition is left for the latency section


def test_query_latency_over_the_built_index(built):
    embedder, index_dir, _ = built
    report = bench_query_latency(tiny_knowledge(), embedder, RetrievalSettings(), CONFIG, index_dir)
    assert report["index_variants"] == VARIANTS
    for path in ("search", "encoder", "faiss", "encoder_1_thread"):
        assert report[path]["n"] == CONFIG.queries, path
    assert sum(report["query_kinds"].values()) == CONFIG.queries
    assert 0.0 <= report["top1_is_source"] <= 1.0
    assert set(report["load_average"]) == {"before", "after"}


def test_batch_encoding_restores_the_batch_size():
    embedder = BatchingFakeEmbedder()
    rows = bench_batch_encoding(tiny_knowledge(), embedder, CONFIG, batch_sizes=(1, 4))
    assert [row["batch_size"] for row in rows] == [1, 4]
    assert all(row["texts"] == 8 and row["texts_per_s"] > 0 for row in rows)
    assert embedder.batch_size == 64
