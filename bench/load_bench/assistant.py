"""The assistant under load: started like ``make run`` in a temporary folder, or found already running."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from urllib.parse import urlparse

from measure import log

from api.settings import ApiSettings, get_api_settings
from load_bench.processes import Server, pids_listening_on


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
