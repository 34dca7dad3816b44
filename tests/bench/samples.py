"""Small results in the shapes ``bench/retrieval.py`` and ``bench/load.py`` write to their JSON files."""


def latency(p50, n=10):
    return {
        "n": n,
        "mean_ms": p50 * 1.1,
        "p50_ms": p50,
        "p95_ms": p50 * 2,
        "p99_ms": p50 * 3,
        "min_ms": 1,
        "max_ms": 99,
    }


def section(wall):
    return {
        "wall_s": wall,
        "cpu_s": wall * 1.8,
        "cpu_share": 1.8,
        "load_before": [0.1, 0.2, 0.3],
        "load_after": [1, 1, 1],
    }


def retrieval_results(*, vectors=True, full=False, errors=0):
    synthetic = {
        "entries": 10_000,
        "variants": 100_000,
        "mean_chars": 31.25,
        "encoder_sample": 2_000,
        "encoder_batch_size": 64,
        "encoder_texts_per_s": 120.0,
        "faiss_add_s": 0.0521,
        "stub_build_cold_s": 12.5,
        "stub_build_warm_s": 2.25,
        "stub_warm_reused": 100_000,
        "load_index_s": 0.5,
        "extrapolated_full_build_s": 845.83,
    }
    if full:
        synthetic |= {"measured_full_build_s": 900.0, "measured_full_embedded": 100_000}
    results = {
        "mode": "full" if full else "default",
        "started": "2026-12-01T10:00:00",
        "machine": {
            "cpu": "AMD EPYC",
            "logical_cpus": 2,
            "memory_gib": 23.5,
            "python": "3.10.13",
            "torch": "2.1",
            "torch_threads": 2,
            "faiss": "1.8.0",
            "faiss_threads": 2,
            "load_average_at_start": [0.1, 0.2, 0.3],
            "sentence_transformers": "5.0",
        },
        "model": "models/multilingual-e5-small",
        "model_load_s": 3.04,
        "knowledge_entries": 128,
        "knowledge_errors": errors,
        "query_latency": {
            "index_variants": 7293,
            "faiss_k": 450,
            "faiss_search_threads": 1,
            "search": latency(20.0),
            "encoder": latency(18.0),
            "faiss": latency(0.4567),
            "encoder_1_thread": latency(25.0),
            "first_search_ms": 31.6,
            "mean_query_chars": 49.1,
            "top1_is_source": 0.9667,
            "query_kinds": {"verbatim": 10},
            "load_average": {"before": [0.1], "after": [0.2]},
        },
        "batch_encoding": [{"batch_size": 1, "texts": 128, "seconds": 2.6, "texts_per_s": 49.23}],
        "shipped_build": {
            "entries": 128,
            "variants": 7293,
            "cold": {"runs": 3, "median_s": 60.0, "min_s": 59.0, "max_s": 61.0, "embedded": 7293, "reused": 0},
            "warm": {"runs": 3, "median_s": 0.1, "min_s": 0.09, "max_s": 0.11, "embedded": 0, "reused": 7293},
            "load_index_ms": 22.5,
        },
        "synthetic_build": synthetic,
        "sections": {"shipped_build": section(180.0), "query_latency": section(6.0)},
        "runtime_s": 480.0,
    }
    if vectors:
        run = {"latency_1_thread": latency(0.5), "latency_default_threads": latency(0.3)}
        results["vector_search"] = {
            "vectors": 1_000_000,
            "dimension": 384,
            "clusters": 1_000,
            "latency_queries": 200,
            "recall_queries": 1_000,
            "faiss_default_threads": 2,
            "load_average_before": [0.1, 0.1, 0.1],
            "load_average_after": [1.9, 1.0, 0.5],
            "flat": {"build_s": 1.2, "bytes": 1_536_000_000, "batch_search_s": 3.4, **run},
            "hnsw": {
                "m": 32,
                "ef_construction": 80,
                "build_s": 300.0,
                "build_cpu_share": 1.95,
                "bytes": 1_800_000_000,
                "by_ef_search": [{"ef_search": 64, "recall_at_10": 0.98765, "recall_at_1": 0.995, **run}],
            },
            "peak_rss_mb": 6144.0,
        }
    return results


def level(sessions, *, errors=None, profile_kind=True):
    errors = errors or {}
    by_kind = {"question": latency(400.0), "greeting": latency(100.0)}
    if not profile_kind:
        by_kind["handoff"] = {"n": 0}
    return {
        "sessions": sessions,
        "requests": 100 * sessions,
        "errors": sum(errors.values()),
        "errors_by_outcome": errors,
        "messages_per_s": 12.345,
        "latency": latency(300.0),
        "latency_by_kind": by_kind,
        "cpu_share": {"api": 0.1, "rasa": 0.5, "actions": 0.9, "load_client": 0.05},
        "server_cpu_ms_per_message": 123.4 if sessions > 1 else None,
        "repeated_question_share": 0.25,
        "memory": {"peak_rss_mib": {"api": 100.0, "rasa": 900.0, "actions": 700.0}, "peak_rss_total_mib": 1700.0},
        "load_before": [0.5, 0.4, 0.3],
        "load_after": [1.5, 0.9, 0.5],
    }


def load_results(*, profile=False, errors=None):
    return {
        "mode": "quick",
        "started": "2026-12-01 10:00",
        "stack_env": {"NENKIN_ENCODER_THREADS": "2"},
        "idle_wait": {"before": [1.0], "after": [0.6, 0.5, 0.4], "waited_s": 30.0},
        "memory_idle_rss_mib": {"api": 90.0, "rasa": 800.0, "actions": 600.0},
        "hwm_mib_at_end": {"api": 110.0, "rasa": 950.0, "actions": 720.0},
        "levels": [level(1), level(10, errors=errors, profile_kind=False)],
        "profile": (
            {"servers": {"actions": {"samples": 500, "self_by_package": [["torch", 0.6], ["faiss", 0.1]]}}}
            if profile
            else {}
        ),
    }
