"""Start the Rasa server and the action server together (``make run`` and end-to-end tests).

``python -m bot.serve`` runs both in the foreground until Ctrl-C; ports come
from ``NENKIN_RASA_PORT`` (5005) and ``NENKIN_ACTIONS_PORT`` (5055).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from bot.train import MODEL
from knowledge.settings import PROJECT_ROOT

__all__ = ["SERVERS", "Stack", "main", "running_stack", "wait_until_up"]


SERVERS = ("actions", "rasa")
"""The servers of a stack, in start order (``Stack.processes`` follows it)."""


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
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NENKIN_ACTIONS_URL": f"{actions_url}/webhook",
        "NENKIN_PRELOAD_SERVICES": "1",
        "NENKIN_TRACKER_DB": os.environ.get("NENKIN_TRACKER_DB", str(PROJECT_ROOT / "var" / "rasa_tracker.db")),
        **(env or {}),
    }
    Path(environment["NENKIN_TRACKER_DB"]).parent.mkdir(parents=True, exist_ok=True)
    python = sys.executable
    commands = {
        "actions": [python, "-m", "rasa_sdk", "--actions", "actions", "--port", str(actions_port)],
        "rasa": [
            python, "-m", "rasa", "run", "--model", str(MODEL), "--port", str(rasa_port), "--interface", "127.0.0.1",
            "--credentials", "bot/credentials.yml", "--endpoints", "bot/endpoints.yml",
        ],
    }  # fmt: skip

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


def main() -> int:
    """Run both servers until interrupted."""
    if not MODEL.exists():
        print("no trained Rasa model: run `make train` (make run does this)", file=sys.stderr)
        return 2
    rasa_port = int(os.environ.get("NENKIN_RASA_PORT", "5005"))
    actions_port = int(os.environ.get("NENKIN_ACTIONS_PORT", "5055"))
    with running_stack(rasa_port, actions_port) as stack:
        print(f"Rasa REST webhook: {stack.rasa_url}/webhooks/rest/webhook  (actions: {stack.actions_url})", flush=True)
        try:
            while all(p.poll() is None for p in stack.processes):
                time.sleep(1)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
