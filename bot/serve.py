"""Start the Rasa server and the action server together (``make run`` and end-to-end tests).

``python -m bot.serve`` runs both in the foreground until Ctrl-C; ports come
from ``NENKIN_RASA_PORT`` (5005) and ``NENKIN_ACTIONS_PORT`` (5055).

Both servers run with one compute thread per process (:data:`THREAD_DEFAULTS`,
overridable from the environment), and Rasa runs through
``python -m bot.serve rasa …``, which first installs :func:`install_rasa_speedups`
(see ``docs/performance.md``, "Load").
"""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from bot.settings import get_bot_settings
from bot.train import MODEL
from knowledge.settings import PROJECT_ROOT

__all__ = [
    "SERVERS",
    "THREAD_DEFAULTS",
    "Stack",
    "install_rasa_speedups",
    "main",
    "open_tracker_sqlite",
    "run_rasa",
    "running_stack",
    "server_commands",
    "server_environment",
    "wait_until_up",
]

log = logging.getLogger(__name__)

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
        Stack("", "", [self.processes[index]]).stop()
        self.processes[index] = self.launch(name)
        wait_until_up(self.health_url(name), [self.processes[index]], timeout)

    def stop(self) -> None:
        """Terminate both servers (SIGTERM, then SIGKILL after 10 s)."""
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_until_up(url: str, processes: list[subprocess.Popen], timeout: float) -> None:
    """Poll ``url`` until it answers 200, failing early if one of ``processes`` exits.

    Raises:
        RuntimeError: If a process exited while starting.
        TimeoutError: If ``url`` did not answer within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for process in processes:
            if process.poll() is not None:
                raise RuntimeError(f"{process.args[3:5]} exited with code {process.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback URL we built)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up within {timeout:.0f}s")


@contextmanager
def running_stack(
    rasa_port: int,
    actions_port: int,
    *,
    env: dict[str, str] | None = None,
    log_dir: Path | None = None,
    timeout: float = 240,
) -> Iterator[Stack]:
    """Start the action server and Rasa on loopback and stop them afterwards.

    Args:
        rasa_port: Port of the Rasa server (REST webhook).
        actions_port: Port of the action server.
        env: Extra environment (e.g. ``NENKIN_DATABASE_URL``).
        log_dir: Where to write ``actions.log`` and ``rasa.log`` (default: inherit stdout).
        timeout: Seconds to wait for both to answer.
    """
    actions_url = f"http://127.0.0.1:{actions_port}"
    environment = server_environment(actions_url, env)
    Path(environment["NENKIN_TRACKER_DB"]).parent.mkdir(parents=True, exist_ok=True)
    commands = server_commands(rasa_port, actions_port)

    def launch(name: str) -> subprocess.Popen:
        output = open(log_dir / f"{name}.log", "ab") if log_dir else None  # noqa: SIM115 (lives with the process)
        return subprocess.Popen(
            commands[name],
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )

    processes: list[subprocess.Popen] = []
    try:
        for name in SERVERS:
            processes.append(launch(name))
        stack = Stack(f"http://127.0.0.1:{rasa_port}", actions_url, processes, launch)
        for name in SERVERS:
            wait_until_up(stack.health_url(name), processes, timeout)
        yield stack
    finally:
        Stack("", "", processes).stop()


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


def server_commands(rasa_port: int, actions_port: int, python: str = sys.executable) -> dict[str, list[str]]:
    """The command line of each server: the action server, and Rasa through :func:`run_rasa`."""
    return {
        "actions": [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(actions_port)],
        "rasa": [
            python, "-m", "bot.serve", "rasa", "run", "--model", str(MODEL), "--port", str(rasa_port),
            "--interface", "127.0.0.1", "--credentials", "bot/credentials.yml", "--endpoints", "bot/endpoints.yml",
        ],
    }  # fmt: skip


# --------------------------------------------------------------------------- Rasa speed-ups


def install_rasa_speedups() -> list[str]:
    """Make the Rasa server cheaper per message without changing what it answers.

    1. Rasa validates every action-server response with ``jsonschema.validate``,
       which first checks the schema itself against the JSON-Schema metaschema —
       about 20 ms of CPU per message, nearly half of Rasa's time. The validator
       is built once here; a response that fails still goes through Rasa's own
       check, so errors read exactly as before.
    2. The SQLite tracker store opened a new connection per read and write, in
       rollback-journal mode with a full sync on every commit, blocking Rasa's
       event loop. Its engine now keeps pooled connections in WAL mode with
       ``synchronous=NORMAL`` (a commit survives a crash of any process; only
       a power cut can lose the last moments). Other databases are unchanged.

    Idempotent; a speed-up whose Rasa internals are missing (another Rasa
    version) is skipped with a warning.

    Returns:
        The names of the speed-ups in force.
    """
    applied = []
    for name, install in (
        ("action-response-validator", _cache_action_response_validator),
        ("sqlite-tracker-store", _pool_sqlite_tracker_store),
    ):
        try:
            install()
        except (ImportError, AttributeError) as exc:
            log.warning("Rasa speed-up %s not installed: %s", name, exc)
            continue
        applied.append(name)
    return applied


def _cache_action_response_validator() -> None:
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction

    checked = RemoteAction._validate_action_result
    if getattr(checked, "nenkin_speedup", False):
        return
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)

    def validate_action_result(self: Any, result: dict[str, Any]) -> bool:
        return validator.is_valid(result) or checked(self, result)

    validate_action_result.nenkin_speedup = True  # type: ignore[attr-defined]
    RemoteAction._validate_action_result = validate_action_result


def open_tracker_sqlite(path: str) -> sqlite3.Connection:
    """A connection to the SQLite tracker store: WAL, ``synchronous=NORMAL``, 5 s busy timeout.

    ``check_same_thread`` is off because the pool may hand the connection to
    another thread; SQLite serializes access itself.
    """
    from knowledge.store.database import apply_sqlite_pragmas

    connection = sqlite3.connect(path, check_same_thread=False)
    apply_sqlite_pragmas(connection)
    return connection


def _pool_sqlite_tracker_store() -> None:
    from rasa.core import tracker_store
    from sqlalchemy.engine import make_url
    from sqlalchemy.pool import QueuePool

    original = tracker_store.create_engine_kwargs
    if getattr(original, "nenkin_speedup", False):
        return

    def create_engine_kwargs(url: Any) -> dict[str, Any]:
        kwargs = original(url)
        parsed = make_url(url)
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            kwargs.update(poolclass=QueuePool, creator=partial(open_tracker_sqlite, parsed.database))
        return kwargs

    create_engine_kwargs.nenkin_speedup = True  # type: ignore[attr-defined]
    tracker_store.create_engine_kwargs = create_engine_kwargs


def run_rasa(arguments: Sequence[str]) -> int:
    """Run the ``rasa`` command line (e.g. ``run --model …``) in this process, with the speed-ups installed."""
    install_rasa_speedups()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", *arguments]
    rasa_main()
    return 0


def main() -> int:
    """Run both servers until interrupted (``python -m bot.serve rasa …`` runs Rasa alone, see :func:`run_rasa`)."""
    if sys.argv[1:2] == ["rasa"]:
        return run_rasa(sys.argv[2:])
    if not MODEL.exists():
        print("no trained Rasa model: run `make train` (make run does this)", file=sys.stderr)
        return 2
    settings = get_bot_settings()
    with running_stack(settings.rasa_port, settings.actions_port) as stack:
        print(f"Rasa REST webhook: {stack.rasa_url}/webhooks/rest/webhook  (actions: {stack.actions_url})", flush=True)
        try:
            while all(p.poll() is None for p in stack.processes):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
