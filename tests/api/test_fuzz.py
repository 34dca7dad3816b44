"""The API's contract, checked by schemathesis against a running server: ``schemathesis run --checks all``.

The server is the real app under uvicorn on a free loopback port, with the scripted Rasa stand-in,
a temporary store holding a few hand-off tickets (schemathesis gets their references as a
dictionary, so ticket lookups and closing reach real tickets as well as 404s) and a stand-in build
step for knowledge reloads (the real one is covered by the reload tests). Schemathesis runs as its
own command line with every check on (and a 10 s bound on each response: no route may block),
every phase (coverage, fuzzing, and the stateful phase that follows the reload's status links;
examples where the schema gives some), a bounded number of examples per operation and a fixed
seed. The admin lockout is raised: schemathesis probes each admin operation without and
with a wrong token, and 429 there would be an answer its auth check does not expect.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.deps import get_rebuild
from api.main import create_app
from api.reload import rebuild
from knowledge.store.database import connect
from knowledge.store.records import TranscriptLine, create_ticket
from tests.api.conftest import ADMIN_TOKEN, FakeRasa, settings_in

SCHEMATHESIS = [sys.executable, "-m", "schemathesis.cli"]
"""The ``schemathesis`` command of this interpreter."""
SEED = 20261130
REPORT = {"build": "fuzz", "entries": 127, "variants": 1, "embedded": 0, "reused": 1, "seconds": 0.0}


def _fake_build(command, **kwargs):
    return subprocess.CompletedProcess(command, 0, json.dumps(REPORT) + "\n", "")


@contextlib.contextmanager
def serving(app) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free loopback port in a thread; yields its base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, ws="none", log_level="warning", server_header=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(15)
        sock.close()


@pytest.fixture(scope="module")
def live_api(tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """(base URL, folder with the schemathesis config) of the app served over a real socket."""
    folder = tmp_path_factory.mktemp("contract")
    settings = settings_in(
        folder, rate_limit_per_minute=100_000, rate_limit_burst=100_000, admin_failures_per_minute=100_000
    )
    (folder / "index").mkdir()
    (folder / "index" / "CURRENT").write_text("fuzz", encoding="utf-8")  # health checks see an index
    engine = connect(settings.database_url)
    transcript = [TranscriptLine("user", "免除の相談をしたい"), TranscriptLine("bot", "ねんきんダイヤルへどうぞ")]
    references = [
        create_ticket(engine, session_id=f"s{n}", language=language, topic=topic, line_id="nenkin_dial",
                      transcript=transcript)
        for n, (language, topic) in enumerate([("ja", "exemption"), ("en", None), ("vi", "nenkin_net")])
    ]  # fmt: skip
    (folder / "schemathesis.toml").write_text(
        f"[dictionaries.references]\nvalues = {json.dumps(references)}\n\n"
        '[parameters]\n"path.reference" = { dictionary = "references", probability = 0.5 }\n',
        encoding="utf-8",
    )
    app = create_app(settings, backend=FakeRasa(), engine=engine, housekeeping=False)
    app.dependency_overrides[get_rebuild] = lambda: functools.partial(rebuild, run=_fake_build)
    with serving(app) as url:
        yield url, folder


def _schemathesis(url: str, folder: Path, *options: str) -> subprocess.CompletedProcess:
    command = [
        *SCHEMATHESIS, "--config-file", str(folder / "schemathesis.toml"), "--no-color",
        "run", f"{url}/openapi.json", "--checks", "all", "--seed", str(SEED), "--workers", "1",
        "--generation-database", "none", "--request-timeout", "20", "--max-response-time", "10", *options,
    ]  # fmt: skip
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=900, check=False)


def _operations(url: str, prefix: str = "/") -> int:
    """How many operations the served schema has under ``prefix``."""
    paths = httpx.get(f"{url}/openapi.json").json()["paths"]
    return sum(len(methods) for path, methods in paths.items() if path.startswith(prefix))


def test_the_api_keeps_its_contract_with_the_admin_token(live_api):
    url, folder = live_api
    result = _schemathesis(url, folder, "--max-examples", "25", "--header", f"Authorization: Bearer {ADMIN_TOKEN}")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    count = _operations(url)
    assert f"Selected: {count}/{count}" in result.stdout and f"Tested: {count}" in result.stdout
    cases = re.search(r"(\d+) generated, \1 passed", result.stdout)
    assert cases and int(cases.group(1)) > 25 * count, result.stdout[-3000:]


def test_without_a_token_every_admin_operation_refuses_by_contract(live_api):
    url, folder = live_api
    result = _schemathesis(url, folder, "--max-examples", "10")
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    admin = _operations(url, "/api/admin/")
    assert f"Missing authentication: {admin} operations returned only 401/403 responses" in result.stdout
