"""The retrieval benchmark's Markdown report (the tables pasted into docs/performance.md)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

Report = dict[str, Any]


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
