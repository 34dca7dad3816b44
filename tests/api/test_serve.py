"""The launcher (``python -m api.serve``): proxy headers, busy ports, and SIGTERM/SIGINT stopping every server."""

from __future__ import annotations

import asyncio
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from starlette.requests import Request
from starlette.responses import PlainTextResponse

from api.serve import APP, isolated, uvicorn_options
from api.settings import ApiSettings
from bot.train import MODEL
from knowledge.settings import PROJECT_ROOT
from tests.conftest import STACK_ADMIN_TOKEN

STOP_WITHIN_SECONDS = 15


# --------------------------------------------------------------------------- proxy headers


async def echo_client(scope, receive, send):
    """Answers with the client address the app sees (``request.client``, as ``api.core.auth.client_address``)."""
    request = Request(scope, receive)
    await PlainTextResponse(f"{request.client.host} {request.url.scheme}")(scope, receive, send)


def seen_by_the_app(settings: ApiSettings, *, peer: str, headers: dict[str, str]) -> str:
    """What the app sees as client and scheme when ``peer`` connects through uvicorn configured as the launcher does."""
    options = {key: value for key, value in uvicorn_options(settings).items() if key != "factory"}
    config = uvicorn.Config(echo_client, **options)
    config.load()
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
        "path": "/", "raw_path": b"/", "query_string": b"", "root_path": "", "server": ("127.0.0.1", 8000),
        "client": (peer, 40000), "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    body: list[bytes] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if message["type"] == "http.response.body":
            body.append(message.get("body", b""))

    asyncio.run(config.loaded_app(scope, receive, send))
    return b"".join(body).decode()


SPOOFED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def test_by_default_a_spoofed_forwarded_for_does_not_change_the_client_address():
    settings = ApiSettings()
    assert uvicorn_options(settings)["proxy_headers"] is False
    assert seen_by_the_app(settings, peer="127.0.0.1", headers=SPOOFED) == "127.0.0.1 http"


def test_trusted_proxies_alone_may_set_the_client_address():
    settings = ApiSettings(trusted_proxies="127.0.0.1, 10.0.0.0/24")
    assert uvicorn_options(settings)["forwarded_allow_ips"] == "127.0.0.1,10.0.0.0/24"
    assert seen_by_the_app(settings, peer="127.0.0.1", headers=SPOOFED) == "203.0.113.7 https"
    assert seen_by_the_app(settings, peer="10.0.0.9", headers=SPOOFED) == "203.0.113.7 https"
    assert seen_by_the_app(settings, peer="198.51.100.2", headers=SPOOFED) == "198.51.100.2 http"
    # a client's own X-Forwarded-For that the proxy appended to: the proxy's entry (last) wins
    chained = {"X-Forwarded-For": "203.0.113.7, 192.0.2.44"}
    assert seen_by_the_app(settings, peer="127.0.0.1", headers=chained).startswith("192.0.2.44 ")


def test_trusted_proxies_are_a_comma_or_json_list_of_addresses(monkeypatch):
    monkeypatch.setenv("NENKIN_TRUSTED_PROXIES", '["::1", "172.28.0.2"]')
    assert ApiSettings().trusted_proxies == "::1,172.28.0.2"
    monkeypatch.setenv("NENKIN_TRUSTED_PROXIES", "nginx")
    with pytest.raises(ValueError, match="'nginx' is not an IP address or network"):
        ApiSettings()


def test_the_api_is_served_from_the_application_factory():
    module, _, name = APP.partition(":")
    assert (PROJECT_ROOT / Path(*module.split("."))).with_suffix(".py").exists() and name == "app"


# --------------------------------------------------------------------------- the launcher


def launcher_environment(folder: Path, **overrides: str) -> dict[str, str]:
    _, environment = isolated(folder, admin_token=STACK_ADMIN_TOKEN, rate_limit_per_minute=600, rate_limit_burst=200)
    return {**os.environ, **environment, "PYTHONPATH": str(PROJECT_ROOT), **overrides}


def start_launcher(environment: dict[str, str]) -> tuple[subprocess.Popen, queue.Queue]:
    """``python -m api.serve`` with its output lines arriving in the returned queue (``None`` at the end)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "api.serve"], cwd=PROJECT_ROOT, env=environment,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: queue.Queue = queue.Queue()

    def pump() -> None:
        for line in process.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    return process, lines


def wait_for_line(lines: queue.Queue, text: str, timeout: float) -> list[str]:
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        if line is None:
            break
        seen.append(line)
        if text in line:
            return seen
    raise AssertionError(f"{text!r} did not appear within {timeout:.0f}s:\n{''.join(seen)[-3000:]}")


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children in their own process groups included)."""
    parents: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    parent = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (FileNotFoundError, ProcessLookupError):
                continue
            parents.setdefault(parent, []).append(int(entry))
    found, frontier = [], [pid]
    while frontier:
        for child in parents.get(frontier.pop(), []):
            found.append(child)
            frontier.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def stopped_within(process: subprocess.Popen, servers: list[int], seconds: float) -> float:
    """Seconds until the launcher and every server in ``servers`` were gone (fails after ``seconds``)."""
    began = time.monotonic()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        raise
    while any(alive(pid) for pid in servers) and time.monotonic() - began < seconds:
        time.sleep(0.1)
    assert not [pid for pid in servers if alive(pid)], "servers left running after the launcher exited"
    return time.monotonic() - began


def test_a_busy_port_is_refused_before_anything_starts(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        environment = launcher_environment(tmp_path, NENKIN_RASA_PORT=str(port))
        result = subprocess.run(
            [sys.executable, "-m", "api.serve"], cwd=PROJECT_ROOT, env=environment,
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
    assert result.returncode == 1
    assert result.stdout == ""  # nothing claims to be starting or running
    assert result.stderr == (
        f"port {port} is in use (is nenkin-assistant already running? stop it, or set NENKIN_RASA_PORT)\n"
    )
    assert not (tmp_path / "log").exists()


def test_two_servers_on_one_port_are_refused(tmp_path):
    environment = launcher_environment(tmp_path)
    environment["NENKIN_ACTIONS_PORT"] = environment["NENKIN_API_PORT"]
    result = subprocess.run(
        [sys.executable, "-m", "api.serve"], cwd=PROJECT_ROOT, env=environment,
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1 and "NENKIN_API_PORT and NENKIN_ACTIONS_PORT are both" in result.stderr


def require_model() -> None:
    if not MODEL.exists():
        pytest.fail("no trained Rasa model: run `make train` (make test does this first)")


@pytest.mark.model
@pytest.mark.stack
def test_sigterm_stops_every_server_and_exits_0(tmp_path):
    require_model()
    process, lines = start_launcher(launcher_environment(tmp_path))
    try:
        wait_for_line(lines, "nenkin-assistant is running", 300)
        servers = descendants(process.pid)
        commands = {" ".join(Path(f"/proc/{pid}/cmdline").read_text().split("\0")[1:4]) for pid in servers}
        assert commands >= {"-m actions.server --port", "-m bot.serve rasa", "-m api.serve api"}, commands
        process.send_signal(signal.SIGTERM)
        took = stopped_within(process, servers, STOP_WITHIN_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, took
    assert "stopped." in wait_for_line(lines, "stopped.", 5)[-1]


@pytest.mark.model
@pytest.mark.stack
def test_sigint_while_starting_stops_what_has_started_and_exits_0(tmp_path):
    """Ctrl-C reaches only the launcher (the servers have their own process groups); it stops them itself."""
    require_model()
    process, lines = start_launcher(launcher_environment(tmp_path))
    try:
        wait_for_line(lines, "starting Rasa", 60)
        deadline = time.monotonic() + 60
        while len(servers := descendants(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert len(servers) == 2, "the action server and Rasa did not start"
        time.sleep(2)  # both are loading; the launcher waits for their health checks
        process.send_signal(signal.SIGINT)
        stopped_within(process, servers, STOP_WITHIN_SECONDS)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0
    assert "stopped." in wait_for_line(lines, "stopped.", 5)[-1]
