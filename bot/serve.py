"""Start the Rasa server and the action server together (``make run`` and end-to-end tests).

``python -m bot.serve`` runs both in the foreground until Ctrl-C or SIGTERM; ports and interfaces
come from ``NENKIN_RASA_PORT`` / ``NENKIN_RASA_HOST`` (5005, 127.0.0.1) and
``NENKIN_ACTIONS_PORT`` / ``NENKIN_ACTIONS_HOST`` (5055, 127.0.0.1).

Each server runs in its own process group, so a signal to the launcher stops every server and
whatever they started (:func:`bot.processes.stop_processes`). The servers share ``NENKIN_INTERNAL_TOKEN``:
Rasa sends it to the action server (``bot/endpoints.yml``), the action server
(``actions/server.py``) refuses calls without it, and Rasa's REST channel requires it from the web API.

Both servers run with one compute thread per process (:data:`THREAD_DEFAULTS`,
overridable from the environment), and Rasa runs through
``python -m bot.serve rasa …``, which first installs :func:`bot.speedups.install_rasa_speedups`
(see ``docs/performance.md``, "Load").
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.log_privacy import hide_message_texts
from bot.processes import (
    Stopped,
    kept_secret,
    port_problem,
    reachable_host,
    start_server,
    stop_on_signals,
    stop_processes,
    wait_until_up,
)
from bot.settings import get_bot_settings
from bot.speedups import install_rasa_speedups
from bot.train import MODEL
from knowledge.settings import PROJECT_ROOT

__all__ = [
    "SERVERS",
    "THREAD_DEFAULTS",
    "Stack",
    "main",
    "run_rasa",
    "running_stack",
    "server_commands",
    "server_environment",
    "stack_addresses",
]

SERVERS = ("actions", "rasa")
"""The servers of a stack, in start order (``Stack.processes`` follows it)."""

THREAD_DEFAULTS = {"NENKIN_ENCODER_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
"""One compute thread per server process unless the environment says otherwise.

A second torch thread shortens one query on an idle machine (26 → 18 ms), but
under load it competes with Rasa and the web API for the same cores: 29 instead
of 47 messages/s at 10 sessions on 2 cores (bench/load.py, docs/performance.md).
"""


@dataclass
class Stack:
    """The two running servers."""

    rasa_url: str
    actions_url: str
    processes: list[subprocess.Popen]
    launch: Callable[[str], subprocess.Popen] | None = None
    """Starts one server by name again (for restarts)."""

    def health_url(self, name: str) -> str:
        """The URL that answers 200 once server ``name`` is up."""
        return f"{self.actions_url}/health" if name == "actions" else f"{self.rasa_url}/"

    def kill(self, name: str) -> None:
        """Kill server ``name`` at once (SIGKILL), as a crash would."""
        process = self.processes[SERVERS.index(name)]
        process.kill()
        process.wait(timeout=30)

    def restart(self, name: str, *, timeout: float = 240) -> None:
        """Stop server ``name`` if it still runs, start it again and wait until it is up."""
        if self.launch is None:
            raise RuntimeError("this stack cannot restart its servers")
        index = SERVERS.index(name)
        stop_processes([self.processes[index]])
        self.processes[index] = self.launch(name)
        wait_until_up(self.health_url(name), [self.processes[index]], timeout)

    def stop(self) -> None:
        """Stop both servers (see :func:`bot.processes.stop_processes`)."""
        stop_processes(self.processes)


def stack_addresses(rasa_port: int, actions_port: int) -> dict[str, tuple[str, int]]:
    """Setting → (interface, port) of each server of the stack, for :func:`bot.processes.port_problem`."""
    settings = get_bot_settings()
    return {
        "NENKIN_RASA_PORT": (settings.rasa_host, rasa_port),
        "NENKIN_ACTIONS_PORT": (settings.actions_host, actions_port),
    }


@contextmanager
def running_stack(
    rasa_port: int,
    actions_port: int,
    *,
    internal_token: str,
    env: dict[str, str] | None = None,
    log_dir: Path | None = None,
    timeout: float = 240,
) -> Iterator[Stack]:
    """Start the action server and Rasa (interfaces from ``NENKIN_*_HOST``) and stop them afterwards.

    Args:
        rasa_port: Port of the Rasa server (REST webhook).
        actions_port: Port of the action server.
        internal_token: The secret Rasa sends to the action server and requires from the web API.
        env: Extra environment (e.g. ``NENKIN_DATABASE_URL``).
        log_dir: Where to write ``actions.log`` and ``rasa.log`` (default: inherit stdout).
        timeout: Seconds to wait for both to answer.
    """
    if not internal_token:
        raise ValueError("internal_token is empty: Rasa and the action server would refuse each other")
    settings = get_bot_settings()
    actions_url = f"http://{reachable_host(settings.actions_host)}:{actions_port}"
    rasa_url = f"http://{reachable_host(settings.rasa_host)}:{rasa_port}"
    environment = {**server_environment(actions_url, env), "NENKIN_INTERNAL_TOKEN": internal_token}
    Path(environment["NENKIN_TRACKER_DB"]).parent.mkdir(parents=True, exist_ok=True)
    commands = server_commands(rasa_port, actions_port, rasa_host=settings.rasa_host)

    def launch(name: str) -> subprocess.Popen:
        return start_server(commands[name], env=environment, log_path=log_dir / f"{name}.log" if log_dir else None)

    processes: list[subprocess.Popen] = []
    try:
        for name in SERVERS:
            processes.append(launch(name))
        stack = Stack(rasa_url, actions_url, processes, launch)
        for name in SERVERS:
            wait_until_up(stack.health_url(name), processes, timeout)
        yield stack
    finally:
        stop_processes(processes)


def server_environment(actions_url: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of both servers: :data:`THREAD_DEFAULTS`, then ours, then ``env`` (later wins).

    Args:
        actions_url: Base URL of the action server (Rasa calls its ``/webhook``).
        env: Extra or overriding variables.
    """
    return {
        **THREAD_DEFAULTS,
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NENKIN_ACTIONS_URL": f"{actions_url}/webhook",
        "NENKIN_PRELOAD_SERVICES": "1",
        "NENKIN_TRACKER_DB": str(get_bot_settings().tracker_db),
        **(env or {}),
    }


def server_commands(
    rasa_port: int, actions_port: int, python: str = sys.executable, *, rasa_host: str = "127.0.0.1"
) -> dict[str, list[str]]:
    """The command line of each server: ``actions.server``, and Rasa through :func:`run_rasa`.

    The action server takes its interface from ``NENKIN_ACTIONS_HOST`` (in the environment it inherits).
    """
    return {
        "actions": [python, "-m", "actions.server", "--port", str(actions_port)],
        "rasa": [
            python, "-m", "bot.serve", "rasa", "run", "--model", str(MODEL), "--port", str(rasa_port),
            "--interface", rasa_host, "--credentials", "bot/credentials.yml", "--endpoints", "bot/endpoints.yml",
        ],
    }  # fmt: skip


def run_rasa(arguments: Sequence[str]) -> int:
    """Run the ``rasa`` command line (e.g. ``run --model …``) in this process, with the speed-ups installed."""
    install_rasa_speedups()
    hide_message_texts()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *arguments]
    rasa_main()
    return 0


def main() -> int:
    """Run both servers until stopped (``python -m bot.serve rasa …`` runs Rasa alone, see :func:`run_rasa`)."""
    if sys.argv[1:2] == ["rasa"]:
        return run_rasa(sys.argv[2:])
    settings = get_bot_settings()
    problem = port_problem(stack_addresses(settings.rasa_port, settings.actions_port))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if not MODEL.exists():
        print("no trained Rasa model: run `make train` (make run does this)", file=sys.stderr)
        return 2
    token, _ = kept_secret(settings.internal_token, settings.var_dir / "internal-token")
    try:
        with (
            stop_on_signals(),
            running_stack(settings.rasa_port, settings.actions_port, internal_token=token) as stack,
        ):
            print(
                f"Rasa REST webhook: {stack.rasa_url}/webhooks/rest/webhook  (actions: {stack.actions_url})", flush=True
            )
            while all(p.poll() is None for p in stack.processes):
                time.sleep(1)
            print("a server stopped unexpectedly", file=sys.stderr)
            return 1
    except Stopped:
        return 0


if __name__ == "__main__":
    sys.exit(main())
