"""The action server: loopback only, and nothing but /health without the internal token."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from actions.server import create_action_app
from api.serve import free_port
from bot.processes import stop_processes, wait_until_up
from knowledge.settings import INTERNAL_TOKEN_HEADER, PROJECT_ROOT

TOKEN = "action-server-test-token-0123456789"
ACTION_CALL = {
    "next_action": "action_greet",
    "sender_id": "s1",
    "version": "3.6.2",
    "domain": {},
    "tracker": {"sender_id": "s1", "slots": {}, "latest_message": {}, "events": [], "latest_action_name": None},
}


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as handle:
            for row in list(handle)[1:]:
                local, state = row.split()[1], row.split()[3]
                address, _, hex_port = local.partition(":")
                if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
                    found.add(address)
    return found


@pytest.fixture(scope="module")
def action_server(tmp_path_factory) -> Iterator[str]:
    """``python -m actions.server`` with the launcher's defaults (no preloading: no model needed)."""
    port = free_port()
    folder = tmp_path_factory.mktemp("actions")
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NENKIN_INTERNAL_TOKEN": TOKEN,
        "NENKIN_PRELOAD_SERVICES": "0",
        "NENKIN_DATABASE_URL": f"sqlite:///{folder / 'nenkin.db'}",
    }
    environment.pop("NENKIN_ACTIONS_HOST", None)
    with open(folder / "actions.log", "wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "actions.server", "--port", str(port)],
            cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", [process], 120)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_processes([process])


def test_it_listens_on_loopback_only(action_server):
    port = int(action_server.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, not 0.0.0.0


def test_health_needs_no_token(action_server):
    assert httpx.get(f"{action_server}/health").json() == {"status": "ok"}


@pytest.mark.parametrize(
    "headers", [{}, {INTERNAL_TOKEN_HEADER: "wrong"}, {INTERNAL_TOKEN_HEADER: TOKEN[:-1]}, {"token": TOKEN}]
)
def test_webhook_and_action_list_refuse_without_the_right_token(action_server, headers):
    webhook = httpx.post(f"{action_server}/webhook", json=ACTION_CALL, headers=headers)
    assert webhook.status_code == 401 and webhook.json() == {"error": f"missing or wrong {INTERNAL_TOKEN_HEADER}"}
    assert httpx.get(f"{action_server}/actions", headers=headers).status_code == 401
    forged = httpx.post(f"{action_server}/webhook?token={TOKEN}", json=ACTION_CALL, headers=headers)
    assert forged.status_code == 401  # only the header counts


def test_with_the_token_actions_run(action_server):
    headers = {INTERNAL_TOKEN_HEADER: TOKEN}
    listed = httpx.get(f"{action_server}/actions", headers=headers)
    assert listed.status_code == 200 and {"name": "action_handoff"} in listed.json()
    answered = httpx.post(f"{action_server}/webhook", json=ACTION_CALL, headers=headers, timeout=30)
    assert answered.status_code == 200, answered.text
    assert answered.json()["responses"]


def test_it_refuses_to_start_without_a_token():
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NENKIN_INTERNAL_TOKEN": "",
        "NENKIN_PRELOAD_SERVICES": "0",
    }
    result = subprocess.run(
        [sys.executable, "-m", "actions.server", "--port", str(free_port())],
        cwd=PROJECT_ROOT, env=environment, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    assert "NENKIN_INTERNAL_TOKEN must have at least 16 characters" in result.stderr


def test_a_short_token_is_refused():
    with pytest.raises(ValueError, match="at least 16 characters"):
        create_action_app("short")
