"""Sizes of one retrieval benchmark run: the default, ``--quick`` and the options that change them."""

from __future__ import annotations

from dataclasses import dataclass


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
"""The ``--quick`` smoke run (~1 min): small samples, 50k vectors."""
