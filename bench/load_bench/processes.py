"""CPU time and memory of the assistant's servers, read from ``/proc`` while the load runs.

A server is its main process and every process below it (Sanic forks workers); processes of an
assistant that is already running are found by the port they listen on.
"""

from __future__ import annotations

import asyncio
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def read_status(pid: int) -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` of ``pid`` in KiB (empty when the process is gone)."""
    values = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    except (OSError, ValueError, IndexError):
        return {}
    return values


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of ``pid`` (all its threads) so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def children_of() -> dict[int, list[int]]:
    """Parent pid → child pids of every process."""
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        tree[parent].append(int(entry.name))
    return tree


def with_descendants(pid: int) -> list[int]:
    """``pid`` and all processes below it (e.g. Sanic worker processes)."""
    tree, found, todo = children_of(), [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(tree.get(current, []))
    return found


def pids_listening_on(port: int) -> list[int]:
    """Processes holding a TCP socket that listens on ``port`` (IPv4 or IPv6)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            columns = line.split()
            if columns[3] == "0A" and int(columns[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(columns[9])
    wanted = {f"socket:[{inode}]" for inode in inodes}
    if not wanted:
        return []
    return [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit() and _holds(entry, wanted)]


def _holds(process: Path, targets: set[str]) -> bool:
    """Whether the process ``/proc/<pid>`` has a file descriptor pointing at one of ``targets``.

    A descriptor closed while the folder is read (a busy server, or this process's own listing of
    ``fd/``) is skipped, not taken for the whole process being gone.
    """
    try:
        descriptors = list((process / "fd").iterdir())
    except OSError:
        return False
    for descriptor in descriptors:
        try:
            if os.readlink(descriptor) in targets:
                return True
        except OSError:
            continue
    return False


@dataclass
class Server:
    """One server of the assistant and its processes (the main pid and any workers it forked)."""

    name: str
    pid: int

    def pids(self) -> list[int]:
        """The main process and its descendants, now."""
        return with_descendants(self.pid)

    def cpu(self) -> float:
        """CPU seconds of all its processes so far."""
        return sum(cpu_seconds(pid) for pid in self.pids())

    def rss_kib(self) -> int:
        """Resident memory of all its processes now."""
        return sum(read_status(pid).get("VmRSS", 0) for pid in self.pids())

    def hwm_kib(self) -> int:
        """Sum of each process's peak resident memory (``VmHWM``) so far."""
        return sum(read_status(pid).get("VmHWM", 0) for pid in self.pids())


@dataclass
class MemoryWatch:
    """Samples the servers' resident memory while a level runs."""

    servers: list[Server]
    peak: dict[str, int] = field(default_factory=dict)
    peak_total: int = 0

    def sample(self) -> None:
        """Read every server's RSS once and keep the maxima."""
        total = 0
        for server in self.servers:
            rss = server.rss_kib()
            total += rss
            self.peak[server.name] = max(self.peak.get(server.name, 0), rss)
        self.peak_total = max(self.peak_total, total)

    async def run(self, interval: float = 0.25) -> None:
        """Sample every ``interval`` seconds until cancelled."""
        while True:
            self.sample()
            await asyncio.sleep(interval)
