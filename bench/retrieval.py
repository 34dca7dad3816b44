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

The sections live in ``bench/retrieval_bench/`` (one module each), the Markdown in
``bench/report/retrieval.py``; this script parses the options, runs the sections and writes the results.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from bootstrap import ROOT  # project on sys.path, offline hub; before any project import
from measure import Report, log, timed, warn_if_busy, with_cpu_share, write_json
from report.retrieval import render
from retrieval_bench.batch_encoding import bench_batch_encoding
from retrieval_bench.config import QUICK, Config
from retrieval_bench.machine import machine_info
from retrieval_bench.queries import load_shipped_knowledge
from retrieval_bench.query_latency import bench_query_latency
from retrieval_bench.shipped_build import bench_shipped_build
from retrieval_bench.synthetic_build import bench_synthetic_build
from retrieval_bench.vector_search import bench_vector_search

from knowledge.retrieval_setup import load_embedder
from knowledge.settings import get_retrieval_settings

DEFAULT_OUTPUT = ROOT / "bench" / "results" / "retrieval.json"


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
