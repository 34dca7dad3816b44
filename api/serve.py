"""Start the whole assistant (action server, Rasa, web API), wait until healthy, stop all on Ctrl-C.

``python -m api.serve`` is what ``make run`` runs. Ports and paths come from the
``NENKIN_*`` settings; logs go to ``<var_dir>/log/``. Without
``NENKIN_ADMIN_TOKEN`` a random token is generated once into
``<var_dir>/admin-token`` (readable only by you) and printed.
"""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from api.settings import ApiSettings, get_api_settings
from bot.serve import Stack, running_stack, wait_until_up
from bot.train import MODEL
from knowledge.settings import PROJECT_ROOT

__all__ = ["Assistant", "admin_token", "free_port", "isolated", "main", "running_assistant"]


def admin_token(settings: ApiSettings) -> tuple[str, Path | None]:
    """The configured admin token, or one generated once and kept in ``var_dir/admin-token``.

    Returns:
        The token and the file it is kept in (``None`` when it came from the environment).
    """
    if settings.admin_token:
        return settings.admin_token, None
    path = settings.var_dir / "admin-token"
    if path.exists():
        return path.read_text(encoding="utf-8").strip(), path
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(token + "\n")
    return token, path


def free_port() -> int:
    """An unused loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def isolated(
    folder: Path, *, admin_token: str, rate_limit_per_minute: int, rate_limit_burst: int
) -> tuple[ApiSettings, dict[str, str]]:
    """ApiSettings and environment for an assistant on free loopback ports with all its data in ``folder``.

    Database, Rasa tracker store, logs and generated files go to ``folder`` (tests, benchmarks);
    pass both to :func:`running_assistant`.
    """
    environment = {
        "NENKIN_DATABASE_URL": f"sqlite:///{folder / 'nenkin.db'}",
        "NENKIN_TRACKER_DB": str(folder / "tracker.db"),
        "NENKIN_VAR_DIR": str(folder),
        "NENKIN_RATE_LIMIT_PER_MINUTE": str(rate_limit_per_minute),
        "NENKIN_RATE_LIMIT_BURST": str(rate_limit_burst),
    }
    settings = ApiSettings(
        api_port=free_port(),
        rasa_port=free_port(),
        actions_port=free_port(),
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
    """Run the action server, Rasa and the API on loopback (ports from ``settings``), then stop them.

    Args:
        settings: Ports, paths and the admin token.
        env: Extra environment for all three processes.
        log_dir: Where each process writes ``<name>.log`` (default: inherit stdout).
        timeout: Seconds to wait until everything is healthy.
    """
    token, _ = admin_token(settings)
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NENKIN_ADMIN_TOKEN": token,
        "NENKIN_RASA_PORT": str(settings.rasa_port),
        "NENKIN_ACTIONS_PORT": str(settings.actions_port),
        **(env or {}),
    }
    with running_stack(
        settings.rasa_port, settings.actions_port, env=environment, log_dir=log_dir, timeout=timeout
    ) as stack:
        output = open(log_dir / "api.log", "wb") if log_dir else None  # noqa: SIM115 (lives with the process)
        command = [
            sys.executable, "-m", "uvicorn", "api.app:app", "--factory",
            "--host", settings.api_host, "--port", str(settings.api_port), "--no-server-header", "--ws", "none",
        ]  # fmt: skip
        api = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
        )
        assistant = Assistant(f"http://{settings.api_host}:{settings.api_port}", stack, api)
        try:
            wait_until_up(f"{assistant.url}/api/health", [*stack.processes, api], timeout)
            yield assistant
        finally:
            Stack("", "", [api]).stop()


def main() -> int:
    """Run everything until interrupted."""
    if not MODEL.exists():
        print("no trained Rasa model: run `make train` (make run does this)", file=sys.stderr)
        return 2
    settings = get_api_settings()
    _, token_file = admin_token(settings)
    log_dir = settings.var_dir / "log"
    log_dir.mkdir(parents=True, exist_ok=True)
    print(f"starting Rasa, the action server and the API (logs in {log_dir}) …", flush=True)
    try:
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
    except KeyboardInterrupt:
        print("\nstopped.", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(f"could not start: {exc}; see the logs in {log_dir}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
