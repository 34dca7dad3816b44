"""Measuring helpers the benchmark scripts share: progress lines, latency statistics, machine facts."""

from __future__ import annotations

import json
import os
import platform
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import numpy as np


def log(message: str) -> None:
    """Print a progress line to stderr."""
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def load_average() -> list[float]:
    """The 1/5/15-minute load averages (other work on the machine skews latency)."""
    return [round(x, 2) for x in os.getloadavg()]


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
