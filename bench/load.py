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

The pieces live in ``bench/load_bench/`` (traffic, server sampling, levels, py-spy, the assistant),
the Markdown in ``bench/report/load.py``; this script parses the options, runs and writes the results.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

import httpx
from bootstrap import ROOT  # project on sys.path, offline hub; before any project import
from load_bench.assistant import attached_servers, keep_logs, own_assistant
from load_bench.config import QUICK, Config
from load_bench.levels import run_levels
from measure import Report, load_average, log, machine_facts, write_json
from report.load import render

from api.settings import get_api_settings

DEFAULT_OUTPUT = ROOT / "bench" / "results" / "load.json"
THREAD_VARIABLES = (
    "NENKIN_ENCODER_THREADS",
    "NENKIN_QUERY_CACHE_SIZE",
    "OMP_NUM_THREADS",
    "ACTION_SERVER_SANIC_WORKERS",
    "SANIC_WORKERS",
)


def machine_info() -> Report:
    """What the numbers were measured on."""
    return {**machine_facts(THREAD_VARIABLES), "httpx": httpx.__version__}


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
