"""Where the servers spend their CPU: py-spy samples of each server, summarized by frame and package.

py-spy is not in ``requirements.lock``; without it the profile is skipped with a hint.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bootstrap import ROOT
from measure import Report, log

from load_bench.processes import Server


def py_spy() -> str | None:
    """The py-spy executable next to this interpreter or on PATH."""
    candidate = Path(sys.executable).with_name("py-spy")
    return str(candidate) if candidate.exists() else shutil.which("py-spy")


def start_profiles(servers: list[Server], seconds: float, folder: Path) -> list[tuple[str, subprocess.Popen, Path]]:
    """Start py-spy (raw collapsed stacks, 100 Hz, without pausing the server) on every server."""
    spy = py_spy()
    if spy is None:
        log("py-spy not found (.venv/bin/pip install py-spy); skipping the profile")
        return []
    running = []
    for server in servers:
        output = folder / f"{server.name}.txt"
        command = [spy, "record", "--pid", str(server.pid), "--duration", str(int(seconds)), "--rate", "100"]
        command += ["--format", "raw", "--output", str(output), "--nonblocking"]
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        running.append((server.name, process, output))
    return running


def collect_profiles(running: list[tuple[str, subprocess.Popen, Path]], top: int = 25) -> Report:
    """Wait for py-spy and summarize each server's samples by frame (inclusive and self share)."""
    profiles = {}
    for name, process, output in running:
        _, stderr = process.communicate(timeout=120)
        if process.returncode != 0 or not output.exists():
            log(f"py-spy on {name} failed: {stderr.decode(errors='replace').strip()[-300:]}")
            continue
        profiles[name] = summarize_stacks(output.read_text(encoding="utf-8", errors="replace"), top)
    return profiles


IDLE_LEAVES = (
    "serve (sanic/server/runners.py:",
    "asyncio_run (uvicorn/_compat.py:",
    "run_forever (",
    "select (",
    "wait (threading.py:",
)
"""Leaf frames of event loops and worker threads waiting for work."""


def summarize_stacks(collapsed: str, top: int) -> Report:
    """Inclusive and self sample shares per frame, and self share per package, from collapsed stacks.

    Shares are of the busy samples (event loops waiting in :data:`IDLE_LEAVES` are left out).
    """
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    packages: Counter[str] = Counter()
    total = idle = 0
    for line in collapsed.splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        frames = [frame for frame in stack.split(";") if not frame.startswith(("process ", "thread "))]
        if not frames:
            continue
        if frames[-1].startswith(IDLE_LEAVES):
            idle += count
            continue
        total += count
        for frame in set(frames):
            inclusive[frame] += count
        own[frames[-1]] += count
        packages[_package_of(frames[-1])] += count

    def share(counter: Counter[str]) -> list[tuple[str, float]]:
        return [(frame, round(count / total, 4)) for frame, count in counter.most_common(top)] if total else []

    return {
        "samples": total,
        "idle_samples": idle,
        "inclusive": share(inclusive),
        "self": share(own),
        "self_by_package": share(packages),
    }


def _package_of(frame: str) -> str:
    """The top-level package (or stdlib module) of a py-spy frame ``function (package/file.py:line)``."""
    location = frame.rpartition("(")[2].rstrip(")").rsplit(":", 1)[0]
    location = location.split("site-packages/", 1)[-1].removeprefix(str(ROOT) + "/")
    return location.split("/", 1)[0].removesuffix(".py")
