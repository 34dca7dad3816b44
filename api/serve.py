"""Start the whole assistant (action server, Rasa, web API), wait until healthy, stop all on Ctrl-C or SIGTERM.

``python -m api.serve`` is what ``make run`` runs; ``python -m api.serve api`` runs the web API
alone (as ``deploy/`` does). Ports, interfaces and paths come from the ``NENKIN_*`` settings; logs
go to ``<var_dir>/log/``.

- Before starting anything it checks that the API's, Rasa's and the action server's ports are
  free, and refuses with one line naming the port otherwise.
- Without ``NENKIN_ADMIN_TOKEN`` a random token is generated once into ``<var_dir>/admin-token``
  (readable only by you) and printed. Without ``NENKIN_INTERNAL_TOKEN`` the secret the three
  servers share is generated the same way into ``<var_dir>/internal-token``; every server gets
  it as ``NENKIN_INTERNAL_TOKEN`` (the API sends it to Rasa, Rasa to the action server).
- The API believes ``X-Forwarded-For`` and ``X-Forwarded-Proto`` only from the addresses in
  ``NENKIN_TRUSTED_PROXIES`` (none by default: the client address is the connection's peer).
- SIGTERM or SIGINT stops every server (SIGTERM to each process group, SIGKILL after
  :data:`bot.processes.STOP_GRACE_SECONDS`) and exits 0.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.settings import ApiSettings, get_api_settings
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
from bot.serve import Stack, running_stack, stack_addresses
from bot.train import MODEL
from knowledge.settings import PROJECT_ROOT

__all__ = [
    "APP",
    "Assistant",
    "admin_token",
    "free_port",
    "internal_token",
    "isolated",
    "main",
    "running_assistant",
    "serve_api",
    "uvicorn_options",
]

APP = "api.main:app"
"""The application factory uvicorn serves."""


def admin_token(settings: ApiSettings) -> tuple[str, Path | None]:
    """The configured admin token, or one generated once and kept in ``var_dir/admin-token``.

    Returns:
        The token and the file it is kept in (``None`` when it came from the environment).
    """
    return kept_secret(settings.admin_token, settings.var_dir / "admin-token")


def internal_token(settings: ApiSettings) -> tuple[str, Path | None]:
    """The servers' shared secret: configured, or generated once and kept in ``var_dir/internal-token``."""
    return kept_secret(settings.internal_token, settings.var_dir / "internal-token")


def free_port() -> int:
    """An unused loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def uvicorn_options(settings: ApiSettings) -> dict[str, Any]:
    """How uvicorn serves :data:`APP`: proxy headers believed only from ``settings.trusted_proxies``.

    uvicorn's own default trusts ``X-Forwarded-For`` from loopback, which would let anyone on
    this machine (or any local proxy that passes the header on) pick their client address
    and so escape the rate limits and the admin lockout.
    """
    trusted = settings.trusted_proxies
    return {
        "host": settings.api_host,
        "port": settings.api_port,
        "factory": True,
        "ws": "none",  # Rasa pins a websockets that uvicorn's WebSocket support cannot import
        "server_header": False,
        "proxy_headers": bool(trusted),
        **({"forwarded_allow_ips": trusted} if trusted else {}),
    }


def serve_api(settings: ApiSettings) -> None:
    """Run the web API in this process until stopped."""
    import uvicorn

    uvicorn.run(APP, **uvicorn_options(settings))


def isolated(
    folder: Path, *, admin_token: str, rate_limit_per_minute: int, rate_limit_burst: int
) -> tuple[ApiSettings, dict[str, str]]:
    """ApiSettings and environment for an assistant on free loopback ports with all its data in ``folder``.

    Database, Rasa tracker store, logs and generated files go to ``folder`` (tests, benchmarks);
    pass both to :func:`running_assistant`, or the environment alone to ``python -m api.serve``.
    """
    ports = {"NENKIN_API_PORT": free_port(), "NENKIN_RASA_PORT": free_port(), "NENKIN_ACTIONS_PORT": free_port()}
    environment = {
        "NENKIN_DATABASE_URL": f"sqlite:///{folder / 'nenkin.db'}",
        "NENKIN_TRACKER_DB": str(folder / "tracker.db"),
        "NENKIN_VAR_DIR": str(folder),
        "NENKIN_ADMIN_TOKEN": admin_token,
        "NENKIN_RATE_LIMIT_PER_MINUTE": str(rate_limit_per_minute),
        "NENKIN_RATE_LIMIT_BURST": str(rate_limit_burst),
        **{name: str(port) for name, port in ports.items()},
    }
    settings = ApiSettings(
        api_port=ports["NENKIN_API_PORT"],
        rasa_port=ports["NENKIN_RASA_PORT"],
        actions_port=ports["NENKIN_ACTIONS_PORT"],
        admin_token=admin_token,
        var_dir=folder,
        tracker_db=folder / "tracker.db",
        database_url=environment["NENKIN_DATABASE_URL"],
    )
    return settings, environment


@dataclass
class Assistant:
    """The running assistant."""

    url: str
    stack: Stack
    api: subprocess.Popen


@contextmanager
def running_assistant(
    settings: ApiSettings, *, env: dict[str, str] | None = None, log_dir: Path | None = None, timeout: float = 300
) -> Iterator[Assistant]:
    """Run the action server, Rasa and the API (ports from ``settings``), then stop all three at once.

    Args:
        settings: Ports, paths, the admin token and the trusted proxies.
        env: Extra environment for all three processes.
        log_dir: Where each process writes ``<name>.log`` (default: inherit stdout).
        timeout: Seconds to wait until everything is healthy.
    """
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NENKIN_ADMIN_TOKEN": admin_token(settings)[0],
        "NENKIN_INTERNAL_TOKEN": internal_token(settings)[0],
        "NENKIN_API_HOST": settings.api_host,
        "NENKIN_API_PORT": str(settings.api_port),
        "NENKIN_RASA_PORT": str(settings.rasa_port),
        "NENKIN_ACTIONS_PORT": str(settings.actions_port),
        "NENKIN_TRUSTED_PROXIES": settings.trusted_proxies,
        **(env or {}),
    }
    with running_stack(
        settings.rasa_port,
        settings.actions_port,
        internal_token=environment["NENKIN_INTERNAL_TOKEN"],
        env=environment,
        log_dir=log_dir,
        timeout=timeout,
    ) as stack:
        command = [sys.executable, "-m", "api.serve", "api"]
        api = start_server(command, env=environment, log_path=log_dir / "api.log" if log_dir else None)
        assistant = Assistant(f"http://{reachable_host(settings.api_host)}:{settings.api_port}", stack, api)
        try:
            wait_until_up(f"{assistant.url}/api/health", [*stack.processes, api], timeout)
            yield assistant
        finally:
            stop_processes([api, *stack.processes])


def main(argv: Sequence[str] | None = None) -> int:
    """Run everything until stopped (``api``: the web API alone)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    settings = get_api_settings()
    if arguments[:1] == ["api"]:
        serve_api(settings)
        return 0
    problem = port_problem(
        {
            "NENKIN_API_PORT": (settings.api_host, settings.api_port),
            **stack_addresses(settings.rasa_port, settings.actions_port),
        }
    )
    if problem:
        print(problem, file=sys.stderr)
        return 1
    if not MODEL.exists():
        print("no trained Rasa model: run `make train` (make run does this)", file=sys.stderr)
        return 2
    _, token_file = admin_token(settings)
    log_dir = settings.var_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    try:
        with stop_on_signals():
            print(f"starting Rasa, the action server and the API (logs in {log_dir}) …", flush=True)
            with running_assistant(settings, log_dir=log_dir) as assistant:
                where = f"kept in {token_file}" if token_file else "from NENKIN_ADMIN_TOKEN"
                print(
                    f"\nnenkin-assistant is running: {assistant.url}/\n"
                    f"  call-centre console: {assistant.url}/console  (admin token {where})\n"
                    f"  API docs:            {assistant.url}/docs\n"
                    "Press Ctrl-C to stop.",
                    flush=True,
                )
                processes = [*assistant.stack.processes, assistant.api]
                while all(process.poll() is None for process in processes):
                    time.sleep(1)
                print(f"a server stopped unexpectedly; see the logs in {log_dir}", file=sys.stderr)
                return 1
    except Stopped:
        print("\nstopped.", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"could not start: {exc}; see the logs in {log_dir}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
