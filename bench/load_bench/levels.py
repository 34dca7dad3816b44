"""Running the load: a warm-up, then every concurrency level (and the optional profile rounds), each summarized.

A level runs its sessions for ``warmup + duration`` seconds; only requests started inside the measured
window count, and the servers' CPU and memory are read at its edges (:mod:`load_bench.processes`).
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from measure import Report, latency_summary, load_average, log, process_cpu_seconds, wait_for_idle

from api.settings import get_api_settings
from load_bench.config import Config, with_duration
from load_bench.processes import MemoryWatch, Server
from load_bench.profiling import collect_profiles, start_profiles
from load_bench.traffic import Sample, Traffic, question_pool

SERVER_NAMES = ("api", "rasa", "actions")
"""The servers whose CPU counts towards the CPU per message (not the load client)."""


def summarize_level(
    sessions: int, samples: list[Sample], window: tuple[float, float], cpu: dict[str, float], extra: Report
) -> Report:
    """Latency, throughput, errors and CPU of one level from its samples inside the measured window."""
    start, end = window
    duration = end - start
    inside = [s for s in samples if s.started >= start and s.started < end]
    completed = sum(1 for s in samples if start <= s.ended <= end)
    errors = Counter(s.outcome for s in inside if s.outcome != "200")
    by_kind = {
        kind: latency_summary([s.ended - s.started for s in inside if s.kind == kind])
        for kind in sorted({s.kind for s in inside})
    }
    messages_per_s = completed / duration if duration else 0.0
    questions = [s for s in inside if s.kind == "question"]
    cpu_total = sum(value for name, value in cpu.items() if name in SERVER_NAMES)
    return {
        "sessions": sessions,
        "duration_s": round(duration, 2),
        "requests": len(inside),
        "completed_in_window": completed,
        "messages_per_s": messages_per_s,
        "errors": sum(errors.values()),
        "errors_by_outcome": dict(errors),
        "latency": latency_summary([s.ended - s.started for s in inside]),
        "latency_by_kind": by_kind,
        "languages": dict(Counter(s.language for s in inside)),
        "repeated_question_share": sum(s.repeated for s in questions) / len(questions) if questions else None,
        "cpu_s": cpu,
        "cpu_share": {name: value / duration for name, value in cpu.items()},
        "server_cpu_ms_per_message": 1000.0 * cpu_total / completed if completed else None,
        **extra,
    }


async def run_level(
    url: str,
    asked: set[str],
    pool: dict[str, list[str]],
    servers: list[Server],
    sessions: int,
    warmup: float,
    config: Config,
    label: str = "",
    *,
    round_number: int,
) -> Report:
    """Run ``sessions`` virtual sessions for ``warmup + config.duration`` seconds and summarize the window.

    ``round_number`` (unique per call) seeds the conversations, so no round replays another's questions.
    """
    load_before = load_average()
    limits = httpx.Limits(max_connections=sessions, max_keepalive_connections=sessions)
    async with httpx.AsyncClient(timeout=httpx.Timeout(30.0), limits=limits) as client:
        traffic = Traffic(client, url, pool, asked)
        watch = MemoryWatch(servers)
        watcher = asyncio.create_task(watch.run())
        started = time.monotonic()
        traffic.stop_at = started + warmup + config.duration
        seeds = [config.seed * 100_000 + round_number * 1000 + i for i in range(sessions)]
        tasks = [asyncio.create_task(traffic.session(seed)) for seed in seeds]
        await asyncio.sleep(warmup)
        window_start, cpu_start, client_start = time.monotonic(), _cpu_by_server(servers), process_cpu_seconds()
        watch.peak, watch.peak_total = {}, 0
        await asyncio.sleep(max(0.0, traffic.stop_at - time.monotonic()))
        window_end, cpu_end, client_end = time.monotonic(), _cpu_by_server(servers), process_cpu_seconds()
        watch.sample()
        await asyncio.gather(*tasks)
        watcher.cancel()
    cpu = {name: cpu_end[name] - cpu_start[name] for name in cpu_start}
    cpu["load_client"] = client_end - client_start
    for failure in traffic.failures:
        log(f"failed: {json.dumps(failure, ensure_ascii=False)}")
    memory = {
        "peak_rss_mib": {name: kib / 1024 for name, kib in watch.peak.items()},
        "peak_rss_total_mib": watch.peak_total / 1024,
        "hwm_mib": {server.name: server.hwm_kib() / 1024 for server in servers},
    }
    level = summarize_level(
        sessions,
        traffic.samples,
        (window_start, window_end),
        cpu,
        {
            "memory": memory,
            "load_before": load_before,
            "load_after": load_average(),
            "failures": traffic.failures,
        },
    )
    latency = level["latency"]
    log(
        f"{label}{sessions:>3} sessions: {level['requests']} requests, {level['messages_per_s']:.1f} msg/s, "
        f"p50 {latency.get('p50_ms', 0):.0f} ms, p95 {latency.get('p95_ms', 0):.0f} ms, errors {level['errors']}, "
        f"load {level['load_after'][0]}"
    )
    return level


def _cpu_by_server(servers: list[Server]) -> dict[str, float]:
    return {server.name: server.cpu() for server in servers}


async def run_levels(url: str, servers: list[Server], config: Config, profile: float) -> Report:
    """Warm up, then run every level (and the optional profile) against ``url``."""
    pool, asked = question_pool(get_api_settings()), set()
    idle = wait_for_idle(config.idle_below, config.idle_wait)
    memory_idle = {server.name: server.rss_kib() / 1024 for server in servers}
    warmup = with_duration(config, config.first_warmup)
    await run_level(url, asked, pool, servers, 5, 0.0, warmup, "warm-up: ", round_number=0)
    levels = []
    for number, sessions in enumerate(config.levels, start=1):
        levels.append(await run_level(url, asked, pool, servers, sessions, config.warmup, config, round_number=number))
    profiles: Report = {}
    if profile:
        profiles = {"sessions": 10, "levels": [], "servers": {}}
        for number, server in enumerate(servers, start=len(config.levels) + 1):  # one at a time: py-spy costs CPU
            log(f"profiling {server.name} with py-spy for {profile:.0f} s at 10 sessions")
            with tempfile.TemporaryDirectory(prefix="nenkin-profile-") as folder:
                running = start_profiles([server], profile, Path(folder))
                profiles["levels"].append(
                    await run_level(
                        url,
                        asked,
                        pool,
                        servers,
                        10,
                        2.0,
                        with_duration(config, profile),
                        f"{server.name}: ",
                        round_number=number,
                    )
                )
                profiles["servers"] |= collect_profiles(running)
    return {
        "idle_wait": idle,
        "memory_idle_rss_mib": memory_idle,
        "levels": levels,
        "profile": profiles,
        "hwm_mib_at_end": {server.name: server.hwm_kib() / 1024 for server in servers},
    }
