"""Starting and stopping the servers' processes: process groups, signals, health polls, ports, secrets.

Shared by the launchers (``python -m api.serve``, ``python -m bot.serve``) and the tests that start
servers. Each server runs in its own process group, so stopping it also stops whatever it started,
and a signal to the launcher (or Ctrl-C in its terminal) reaches the servers only through the launcher,
which stops them all at once.
"""

from __future__ import annotations

import errno
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

from knowledge.settings import PROJECT_ROOT

__all__ = [
    "STOP_GRACE_SECONDS",
    "Stopped",
    "kept_secret",
    "port_problem",
    "reachable_host",
    "start_server",
    "stop_on_signals",
    "stop_processes",
    "wait_until_up",
]

STOP_GRACE_SECONDS = 10.0
"""How long servers get to exit after SIGTERM before they are killed."""


class Stopped(BaseException):
    """SIGTERM or SIGINT reached a launcher: unwind (stopping the servers) and exit 0."""


def start_server(command: Sequence[str], *, env: Mapping[str, str], log_path: Path | None = None) -> subprocess.Popen:
    """Start one server in its own process group (appending to ``log_path``, else inheriting stdout)."""
    if log_path is None:
        return subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, start_new_session=True)
    with open(log_path, "ab") as output:  # the child keeps its own descriptor
        return subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def _signal_group(process: subprocess.Popen, signum: int) -> None:
    """Send ``signum`` to the process group ``process`` leads, or to ``process`` alone if it leads none."""
    try:
        if os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, signum)
        else:
            process.send_signal(signum)
    except ProcessLookupError:
        pass


def stop_processes(processes: Sequence[subprocess.Popen], *, grace: float = STOP_GRACE_SECONDS) -> None:
    """SIGTERM every process (and its group) at once, wait up to ``grace`` seconds in all, then SIGKILL the rest."""
    running = [process for process in processes if process.poll() is None]
    for process in running:
        _signal_group(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for process in running:
        try:
            process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.wait()


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn the first SIGTERM or SIGINT into :class:`Stopped` (later ones are ignored while stopping)."""

    def stop(signum: int, _frame: object) -> None:
        for name in (signal.SIGTERM, signal.SIGINT):
            signal.signal(name, signal.SIG_IGN)
        raise Stopped(signal.Signals(signum).name)

    previous = {name: signal.signal(name, stop) for name in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for name, handler in previous.items():
            signal.signal(name, handler)


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
                name = " ".join(map(str, process.args[2:5]))
                raise RuntimeError(f"{name} exited with code {process.returncode} while starting")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (loopback URL we built)
                return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    raise TimeoutError(f"{url} did not come up within {timeout:.0f}s")


def kept_secret(configured: str, path: Path) -> tuple[str, Path | None]:
    """``configured`` if set, else a random secret generated once into ``path`` (mode 0600).

    Returns:
        The secret and the file it is kept in (``None`` when it was configured).
    """
    if configured:
        return configured, None
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), path
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return secret, path


def port_problem(ports: Mapping[str, tuple[str, int]]) -> str | None:
    """Why the servers cannot listen where they should, in one line, or ``None`` when every port is free.

    Args:
        ports: Setting name (e.g. ``NENKIN_API_PORT``) → the interface and port it stands for.
    """
    seen: dict[int, str] = {}
    for variable, (host, port) in ports.items():
        if port in seen:
            return f"{seen[port]} and {variable} are both {port}: give each server its own port"
        seen[port] = variable
        try:
            family, kind, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
            with socket.socket(family, kind) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the servers do: TIME_WAIT is free
                probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} is in use (is nenkin-assistant already running? stop it, or set {variable})"
            return f"cannot listen on {host} port {port} ({exc}): check {variable.replace('_PORT', '_HOST')}"
    return None


def reachable_host(host: str) -> str:
    """Where this machine reaches a server listening on ``host`` (in a URL)."""
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 (every interface includes loopback)
        return "127.0.0.1"
    return f"[{host}]" if ":" in host else host
