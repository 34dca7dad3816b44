"""Load benchmark: mixed chat traffic against the whole running assistant, at rising concurrency.

Run from the repository root (never part of the test suite)::

    .venv/bin/python bench/load.py            # default run (~3.5 min): 1, 5, 10, 25, 50 sessions × 30 s
    .venv/bin/python bench/load.py --quick    # smoke run (< 2 min): 1, 10, 50 sessions × 8 s
    .venv/bin/python bench/load.py --profile  # then sample each server with py-spy at 10 sessions (+1 min)

By default the script starts its own assistant exactly as ``make run`` does
(``api.serve.running_assistant``: action server, Rasa, web API on loopback),
with a temporary database, tracker store and logs, and the chat rate limit
raised (all traffic comes from one address). ``--url`` points it at an
assistant that is already running instead; its processes are then found by
their listening ports.

Every virtual session is closed-loop (the next message is sent when the reply
arrived, no think time) and plays scripted conversations: a greeting, one to
three FAQ questions in its language (shipped question variants, lightly
perturbed), sometimes a did-you-mean click, a "helpful" click, a thank-you or a
hand-off. Sessions are Japanese 60 % of the time, each other language 4 %.

Per concurrency level: requests, errors (by status or exception), p50/p95/p99
latency of ``POST /api/chat``, messages per second, CPU seconds of each server
process (``/proc/<pid>/stat``) and their peak memory (``VmRSS`` sampled, and
``VmHWM`` from ``/proc/<pid>/status``). A Markdown report goes to stdout,
progress to stderr and every number to ``bench/results/load.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx
from bootstrap import ROOT  # project on sys.path, offline hub; before any project import
from measure import latency_summary, load_average, log, machine_facts, write_json

from api.settings import ApiSettings, get_api_settings
from knowledge.content.loader import load_knowledge_base
from knowledge.languages import LANGUAGES

DEFAULT_OUTPUT = ROOT / "bench" / "results" / "load.json"
SERVER_NAMES = ("api", "rasa", "actions")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
JAPANESE_SHARE = 0.6
THREAD_VARIABLES = (
    "NENKIN_ENCODER_THREADS",
    "NENKIN_QUERY_CACHE_SIZE",
    "OMP_NUM_THREADS",
    "ACTION_SERVER_SANIC_WORKERS",
    "SANIC_WORKERS",
)

GREETINGS = {
    "ja": ["こんにちは", "こんにちは。質問してもいいですか", "はじめまして、よろしくお願いします"],
    "en": ["Hello", "Hi, I have a question about my pension"],
    "zh": ["你好", "您好，请问一下"],
    "ko": ["안녕하세요", "안녕하세요, 질문이 있어요"],
    "es": ["Hola", "Hola, buenas tardes"],
    "pt": ["Olá", "Oi, bom dia"],
    "vi": ["Xin chào", "Chào bạn"],
    "tl": ["Kumusta po", "Hello po"],
    "th": ["สวัสดีครับ", "สวัสดีค่ะ"],
    "id": ["Halo", "Selamat siang"],
    "ne": ["नमस्ते", "नमस्कार"],
}
THANKS = {
    "ja": "ありがとうございました",
    "en": "Thank you!",
    "zh": "谢谢",
    "ko": "감사합니다",
    "es": "Muchas gracias",
    "pt": "Obrigado",
    "vi": "Cảm ơn bạn",
    "tl": "Salamat po",
    "th": "ขอบคุณครับ",
    "id": "Terima kasih",
    "ne": "धन्यवाद",
}

Report = dict[str, Any]


@dataclass(frozen=True)
class Config:
    """Sizes of one benchmark run.

    Attributes:
        levels: Concurrent sessions per level, in order.
        duration: Measured seconds per level.
        warmup: Unmeasured seconds at the start of each level (sessions already running).
        first_warmup: Extra unmeasured seconds before the first level (first requests load lazy state).
        idle_below: Wait until the 1-minute load average is below this before measuring.
        idle_wait: At most this many seconds of waiting for that (0: do not wait).
        seed: Seed of every random choice.
    """

    levels: tuple[int, ...] = (1, 5, 10, 25, 50)
    duration: float = 30.0
    warmup: float = 5.0
    first_warmup: float = 15.0
    idle_below: float = 0.7
    idle_wait: float = 300.0
    seed: int = 20240601


QUICK = Config(levels=(1, 10, 50), duration=8.0, warmup=3.0, first_warmup=8.0, idle_wait=0.0)


# --------------------------------------------------------------------------- helpers


def wait_for_idle(config: Config) -> Report:
    """Poll the load average until it is below ``config.idle_below`` (at most ``config.idle_wait`` seconds)."""
    started = time.monotonic()
    initial = load_average()
    while config.idle_wait > 0 and os.getloadavg()[0] >= config.idle_below:
        if time.monotonic() - started >= config.idle_wait:
            log(f"load average still {os.getloadavg()[0]:.2f} after {config.idle_wait:.0f} s; measuring anyway")
            break
        time.sleep(5)
    waited = time.monotonic() - started
    if waited > 1:
        log(f"waited {waited:.0f} s for the machine to settle (load {initial[0]} → {load_average()[0]})")
    return {"before": initial, "after": load_average(), "waited_s": round(waited, 1)}


# --------------------------------------------------------------------------- processes (/proc)


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
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            targets = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in targets for inode in inodes):
            pids.append(int(entry.name))
    return pids


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


# --------------------------------------------------------------------------- traffic


def question_pool(settings: ApiSettings) -> dict[str, list[str]]:
    """The shipped FAQ question variants by language."""
    pool: dict[str, list[str]] = defaultdict(list)
    for entry in load_knowledge_base(settings.knowledge_dir).entries:
        for language, texts in entry.questions.items():
            pool[language].extend(texts)
    return dict(pool)


def perturb(text: str, language: str, rng: random.Random) -> str:
    """A lightly changed copy of a question variant, as residents type it (typo, politeness, case)."""
    roll = rng.random()
    if roll < 0.35 and len(text) >= 4:
        position = rng.randrange(1, len(text))
        return text[:position] + text[position + 1 :]
    if roll < 0.55:
        if language == "ja":
            stripped = text.rstrip("？?。 ")
            return stripped + ("？" if stripped.endswith("ですか") else "ですか")
        return text.lower()
    if roll < 0.65:
        return text + ("？" if language in ("ja", "zh") else "?")
    return text


def pick_language(rng: random.Random) -> str:
    """Japanese 60 % of the time, each other language equally often."""
    if rng.random() < JAPANESE_SHARE:
        return "ja"
    return rng.choice([code for code in LANGUAGES if code != "ja"])


@dataclass(frozen=True)
class Sample:
    """One request: when it started and ended (monotonic seconds), what it was and how it went."""

    started: float
    ended: float
    kind: str
    language: str
    outcome: str
    """``"200"``, another status code, or an exception name."""
    repeated: bool = False
    """A question whose exact text was already asked in this run (the action server's query cache has it)."""


@dataclass
class Traffic:
    """Closed-loop virtual sessions against ``POST /api/chat``."""

    client: httpx.AsyncClient
    url: str
    pool: dict[str, list[str]]
    asked: set[str] = field(default_factory=set)
    """Question texts sent so far (shared by the levels of a run, like the server's cache)."""
    samples: list[Sample] = field(default_factory=list)
    failures: list[Report] = field(default_factory=list)
    """The first few failed requests (what was sent, what came back), to find out why."""
    stop_at: float = float("inf")

    async def send(self, session: str, message: str, language: str, kind: str, explicit: bool) -> dict | None:
        """One chat turn; records its latency and outcome; returns the reply body when it is a 200."""
        body = {"session_id": session, "message": message, **({"language": language} if explicit else {})}
        repeated = kind == "question" and message in self.asked
        if kind == "question":
            self.asked.add(message)
        started = time.monotonic()
        answer = ""
        try:
            response = await self.client.post(f"{self.url}/api/chat", json=body)
            outcome, reply = str(response.status_code), None
            if response.status_code == 200:
                reply = response.json()
            else:
                answer = response.text[:300]
        except (httpx.HTTPError, ValueError) as exc:
            outcome, reply, answer = type(exc).__name__, None, str(exc)[:300]
        self.samples.append(Sample(started, time.monotonic(), kind, language, outcome, repeated))
        if outcome != "200" and len(self.failures) < 20:
            self.failures.append({"kind": kind, "sent": body, "outcome": outcome, "answer": answer})
        return reply

    async def conversation(self, rng: random.Random) -> None:
        """One scripted conversation of a resident (stops early once the level is over)."""
        language = pick_language(rng)
        session = uuid.UUID(int=rng.getrandbits(128)).hex
        explicit = rng.random() < 0.5  # the chat page's language menu, else detection
        steps = [("greeting", rng.choice(GREETINGS[language]))]
        steps += [("question", None)] * rng.randint(1, 3)
        for kind, text in steps:
            if time.monotonic() >= self.stop_at:
                return
            if kind == "greeting":
                await self.send(session, text, language, kind, explicit)
                continue
            question = perturb(rng.choice(self.pool[language]), language, rng)
            reply = await self.send(session, question, language, kind, explicit) or {}
            if reply.get("suggestions") and rng.random() < 0.7 and time.monotonic() < self.stop_at:
                chosen = rng.choice(reply["suggestions"])["faq_id"]
                payload = f"/choose_faq{json.dumps({'faq_id': chosen})}"
                reply = await self.send(session, payload, language, "did_you_mean_click", explicit) or {}
            if reply.get("answer") and rng.random() < 0.4 and time.monotonic() < self.stop_at:
                payload = f"/feedback_helpful{json.dumps({'faq_id': reply['answer']['faq_id']})}"
                await self.send(session, payload, language, "helpful_click", explicit)
        if time.monotonic() >= self.stop_at:
            return
        ending = rng.random()
        if ending < 0.15:
            await self.send(session, "/request_human", language, "handoff", explicit)
        elif ending < 0.45:
            await self.send(session, THANKS[language], language, "thanks", explicit)

    async def session(self, seed: int) -> None:
        """Conversations one after another until the level is over."""
        rng = random.Random(seed)
        while time.monotonic() < self.stop_at:
            await self.conversation(rng)


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
        window_start, cpu_start, client_start = time.monotonic(), _cpu_by_server(servers), _client_cpu()
        watch.peak, watch.peak_total = {}, 0
        await asyncio.sleep(max(0.0, traffic.stop_at - time.monotonic()))
        window_end, cpu_end, client_end = time.monotonic(), _cpu_by_server(servers), _client_cpu()
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


def _client_cpu() -> float:
    times = os.times()
    return times.user + times.system


# --------------------------------------------------------------------------- profile (py-spy)


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


# --------------------------------------------------------------------------- assistant


def keep_logs(folder: Path, started: datetime) -> Path:
    """Copy the servers' logs and the tracker store out of the temporary folder (into git-ignored ``var/log/``)."""
    target = get_api_settings().var_dir / "log" / f"load-{started:%Y%m%d-%H%M%S}"
    target.mkdir(parents=True, exist_ok=True)
    for path in [*folder.glob("*.log"), *folder.glob("tracker.db*")]:
        shutil.copy2(path, target / path.name)
    return target


@contextmanager
def own_assistant(folder: Path, extra_env: dict[str, str]) -> Iterator[tuple[str, list[Server]]]:
    """Start the assistant like ``make run`` on free ports, with its own database and tracker store in ``folder``."""
    from api.serve import isolated, running_assistant

    settings, environment = isolated(
        folder,
        admin_token="load-benchmark-admin-token-0123456789",
        rate_limit_per_minute=1_000_000,
        rate_limit_burst=100_000,
    )
    environment.update(extra_env)
    with running_assistant(settings, env=environment, log_dir=folder) as running:
        actions, rasa = running.stack.processes
        yield running.url, [Server("api", running.api.pid), Server("rasa", rasa.pid), Server("actions", actions.pid)]


def attached_servers(url: str, settings: ApiSettings) -> list[Server]:
    """The processes of an already running assistant, found by their listening ports."""
    ports = {
        "api": urlparse(url).port or 80,
        "rasa": urlparse(settings.rasa_base_url).port or settings.rasa_port,
        "actions": urlparse(settings.actions_base_url).port or settings.actions_port,
    }
    servers = []
    for name, port in ports.items():
        pids = pids_listening_on(port)
        if not pids:
            log(f"no process listens on port {port} ({name}); its CPU and memory are not reported")
            continue
        servers.append(Server(name, min(pids)))
    return servers


# --------------------------------------------------------------------------- run and report


def machine_info() -> Report:
    """What the numbers were measured on."""
    return {**machine_facts(THREAD_VARIABLES), "httpx": httpx.__version__}


async def run_levels(url: str, servers: list[Server], config: Config, profile: float) -> Report:
    """Warm up, then run every level (and the optional profile) against ``url``."""
    pool, asked = question_pool(get_api_settings()), set()
    idle = wait_for_idle(config)
    memory_idle = {server.name: server.rss_kib() / 1024 for server in servers}
    warmup = _with_duration(config, config.first_warmup)
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
                        _with_duration(config, profile),
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


def _with_duration(config: Config, duration: float) -> Config:
    return Config(**{**asdict(config), "duration": duration})


def render(results: Report) -> str:
    """The Markdown report."""
    out = [f"## Load ({results['mode']} run, {results['started']})", ""]
    out.append(f"Stack environment: `{json.dumps(results['stack_env'])}`; machine load before measuring: ")
    out[-1] += f"{results['idle_wait']['after']} (waited {results['idle_wait']['waited_s']} s)."
    out += ["", "| sessions | requests | errors | msg/s | p50 ms | p95 ms | p99 ms | max ms | load before → after |"]
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for level in results["levels"]:
        latency = level["latency"]
        errors = level["errors"]
        if errors:
            errors = f"{errors} ({', '.join(f'{k}: {v}' for k, v in level['errors_by_outcome'].items())})"
        out.append(
            f"| {level['sessions']} | {level['requests']} | {errors} | {level['messages_per_s']:.1f} | "
            f"{latency.get('p50_ms', 0):.0f} | {latency.get('p95_ms', 0):.0f} | {latency.get('p99_ms', 0):.0f} | "
            f"{latency.get('max_ms', 0):.0f} | {level['load_before'][0]} → {level['load_after'][0]} |"
        )
    out += ["", "CPU seconds per wall second (2 = both cores) and server CPU per message:", ""]
    out.append("| sessions | api | rasa | actions | load client | servers ms CPU / msg | repeated questions |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|")
    for level in results["levels"]:
        share = level["cpu_share"]
        per_message = level["server_cpu_ms_per_message"]
        out.append(
            f"| {level['sessions']} | {share.get('api', 0):.2f} | {share.get('rasa', 0):.2f} | "
            f"{share.get('actions', 0):.2f} | {share.get('load_client', 0):.2f} | "
            f"{per_message if per_message is None else f'{per_message:.1f}'} | "
            f"{level['repeated_question_share'] or 0:.0%} |"
        )
    out += ["", "Latency by message kind (p50 / p95 ms):", ""]
    kinds = sorted({kind for level in results["levels"] for kind in level["latency_by_kind"]})
    out.append("| sessions | " + " | ".join(kinds) + " |")
    out.append("|---:|" + "---:|" * len(kinds))
    for level in results["levels"]:
        cells = []
        for kind in kinds:
            stats = level["latency_by_kind"].get(kind, {"n": 0})
            cells.append(f"{stats['p50_ms']:.0f} / {stats['p95_ms']:.0f}" if stats["n"] else "–")
        out.append(f"| {level['sessions']} | " + " | ".join(cells) + " |")
    out += ["", "Memory (MiB): RSS when idle, peak sampled RSS over all levels, and VmHWM at the end:", ""]
    out.append("| process | idle RSS | peak RSS under load | VmHWM |")
    out.append("|---|---:|---:|---:|")
    peaks = {
        name: max(level["memory"]["peak_rss_mib"].get(name, 0) for level in results["levels"])
        for name in results["memory_idle_rss_mib"]
    }
    for name, idle in results["memory_idle_rss_mib"].items():
        out.append(f"| {name} | {idle:.0f} | {peaks[name]:.0f} | {results['hwm_mib_at_end'].get(name, 0):.0f} |")
    total_peak = max(level["memory"]["peak_rss_total_mib"] for level in results["levels"])
    out.append(f"| **all** | {sum(results['memory_idle_rss_mib'].values()):.0f} | {total_peak:.0f} | ")
    out[-1] += f"{sum(results['hwm_mib_at_end'].values()):.0f} |"
    if results["profile"].get("servers"):
        out += ["", "Profile (py-spy, share of non-idle samples):", ""]
        for name, summary in results["profile"]["servers"].items():
            packages = ", ".join(f"{pkg} {share:.0%}" for pkg, share in summary["self_by_package"][:8])
            out.append(f"- **{name}** ({summary['samples']} busy samples) self time by package: {packages}")
    return "\n".join(out) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="smoke run: levels 1, 10, 50 × 8 s, no idle wait")
    parser.add_argument("--levels", type=lambda text: tuple(int(x) for x in text.split(",")), help="e.g. 1,5,10")
    parser.add_argument("--duration", type=float, help="measured seconds per level")
    parser.add_argument(
        "--idle-wait", type=float, help="max seconds to wait for load average < 0.7 first (default 300, --quick 0)"
    )
    parser.add_argument("--profile", nargs="?", const=20.0, type=float, default=0.0, help="py-spy seconds")
    parser.add_argument("--url", help="measure an already running assistant (e.g. http://127.0.0.1:8000)")
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="extra environment of the started stack"
    )
    parser.add_argument("--seed", type=int)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    return parser.parse_args(argv)


def config_from(args: argparse.Namespace) -> Config:
    """The run's sizes from the options."""
    config = QUICK if args.quick else Config()
    overrides = {"levels": args.levels, "duration": args.duration, "idle_wait": args.idle_wait, "seed": args.seed}
    return Config(**{**asdict(config), **{key: value for key, value in overrides.items() if value is not None}})


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print Markdown and write JSON."""
    args = parse_args(argv)
    config = config_from(args)
    extra_env = dict(item.split("=", 1) for item in args.env)
    started = datetime.now()
    results: Report = {
        "mode": "quick" if args.quick else "default",
        "started": f"{started:%Y-%m-%d %H:%M}",
        "config": asdict(config),
        "machine": machine_info(),
        "stack_env": extra_env,
        "load_average_at_start": load_average(),
    }
    if args.url:
        servers = attached_servers(args.url, get_api_settings())
        results |= asyncio.run(run_levels(args.url.rstrip("/"), servers, config, args.profile))
    else:
        with tempfile.TemporaryDirectory(prefix="nenkin-load-") as folder:
            log(f"starting the assistant in {folder} …")
            clock = time.monotonic()
            with own_assistant(Path(folder), extra_env) as (url, servers):
                results["startup_s"] = round(time.monotonic() - clock, 1)
                log(f"assistant up at {url} after {results['startup_s']} s")
                results |= asyncio.run(run_levels(url, servers, config, args.profile))
            if any(level["errors"] for level in results["levels"]):
                results["logs"] = str(keep_logs(Path(folder), started))
                log(f"there were errors; the servers' logs are in {results['logs']}")
    results["wall_s"] = round((datetime.now() - started).total_seconds(), 1)
    write_json(args.output, results)
    sys.stdout.write(render(results))
    log(f"wrote {args.output} ({results['wall_s']:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
