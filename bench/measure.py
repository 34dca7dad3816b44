"""Measuring helpers every benchmark shares: progress lines, timers, latency statistics, CPU, machine facts.

Nothing here knows about the assistant; the retrieval and load benchmarks (``retrieval_bench/``,
``load_bench/``) build on it, and ``report/`` turns what they measured into Markdown.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

T = TypeVar("T")
Report = dict[str, Any]
"""What a benchmark measured, as written to its JSON file."""


def log(message: str) -> None:
    """Print a progress line to stderr."""
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def load_average() -> list[float]:
    """The 1/5/15-minute load averages (other work on the machine skews latency)."""
    return [round(x, 2) for x in os.getloadavg()]


def warn_if_busy() -> None:
    """Warn on stderr when other work competes for the CPUs (latencies will be inflated)."""
    busy = os.getloadavg()[0]
    if busy > 0.5 * (os.cpu_count() or 1):
        log(f"warning: load average {busy:.1f} on {os.cpu_count()} CPUs; other processes will skew the numbers")


def wait_for_idle(below: float, at_most: float, *, poll_s: float = 5.0) -> Report:
    """Poll the 1-minute load average until it is below ``below``, for at most ``at_most`` seconds.

    Args:
        below: Load average to wait for.
        at_most: Seconds to wait at most (0: do not wait).
        poll_s: Seconds between two looks.

    Returns:
        The load average ``before`` and ``after``, and ``waited_s``.
    """
    started = time.monotonic()
    initial = load_average()
    while at_most > 0 and os.getloadavg()[0] >= below:
        if time.monotonic() - started >= at_most:
            log(f"load average still {os.getloadavg()[0]:.2f} after {at_most:.0f} s; measuring anyway")
            break
        time.sleep(poll_s)
    waited = time.monotonic() - started
    if waited > 1:
        log(f"waited {waited:.0f} s for the machine to settle (load {initial[0]} → {load_average()[0]})")
    return {"before": initial, "after": load_average(), "waited_s": round(waited, 1)}


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    """Call ``fn`` once.

    Returns:
        Its result and the wall time in seconds.
    """
    started = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - started


def time_each(fn: Callable[[Any], Any], items: Sequence[Any]) -> list[float]:
    """Wall time in seconds of ``fn(item)`` for every item, in order."""
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


def with_cpu_share(fn: Callable[[], T]) -> tuple[T, Report]:
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


def latency_summary(samples_s: Sequence[float]) -> dict[str, Any]:
    """Latency statistics in milliseconds (numpy's linear interpolation).

    Args:
        samples_s: Durations in seconds.

    Returns:
        n, mean, p50, p95, p99, min and max in ms; only ``n`` (0) when there are no samples.
    """
    if not len(samples_s):
        return {"n": 0}
    ms = np.asarray(samples_s, dtype=np.float64) * 1000.0
    p50, p95, p99 = np.percentile(ms, [50, 95, 99])
    return {
        "n": len(ms),
        "mean_ms": float(ms.mean()),
        "p50_ms": float(p50),
        "p95_ms": float(p95),
        "p99_ms": float(p99),
        "min_ms": float(ms.min()),
        "max_ms": float(ms.max()),
    }


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo, or the platform's processor string."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def total_memory_gib() -> float | None:
    """Physical memory in GiB from /proc/meminfo, if readable."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024**2, 1)
    except OSError:
        pass
    return None


def machine_facts(environment_variables: Sequence[str]) -> dict[str, Any]:
    """CPU, memory, platform and Python, plus the values of ``environment_variables`` (thread settings)."""
    return {
        "cpu": cpu_model(),
        "logical_cpus": os.cpu_count(),
        "memory_gib": total_memory_gib(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "environment": {name: os.environ.get(name) for name in environment_variables},
    }


def write_json(path: Path, data: dict[str, Any]) -> None:
    """Write a benchmark's numbers as indented UTF-8 JSON, creating the folder."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
