"""Two action-server replicas behind one balancer, sharing one database, under the real Rasa and API."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from api.serve import free_port, internal_token, isolated, running_assistant
from bot.processes import stop_processes, wait_until_up
from bot.serve import server_commands
from knowledge.settings import PROJECT_ROOT
from tests.conftest import STACK_ADMIN_TOKEN
from tests.support.browser import serve_app
from tests.support.round_robin import RoundRobin

pytestmark = [pytest.mark.model, pytest.mark.stack]


@pytest.fixture(scope="module")
def replicated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replicas")
    settings, isolated_env = isolated(
        folder, admin_token=STACK_ADMIN_TOKEN, rate_limit_per_minute=600, rate_limit_burst=200
    )
    environment = {
        **os.environ, **isolated_env, "PYTHONPATH": str(PROJECT_ROOT), "NENKIN_PRELOAD_SERVICES": "1",
        "NENKIN_INTERNAL_TOKEN": internal_token(settings)[0],  # the one running_assistant gives the stack
    }  # fmt: skip
    second_port = free_port()
    with open(folder / "actions-2.log", "wb") as log:
        second = subprocess.Popen(
            server_commands(settings.rasa_port, second_port, python=sys.executable)["actions"],
            cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{second_port}/health", [second], 240)
        balancer = RoundRobin([f"http://127.0.0.1:{settings.actions_port}", f"http://127.0.0.1:{second_port}"])
        with serve_app(balancer.app) as balancer_url:
            overrides = {**isolated_env, "NENKIN_ACTIONS_URL": f"{balancer_url}/webhook"}
            with running_assistant(settings, env=overrides, log_dir=folder) as running:
                yield running, settings, balancer
    finally:
        stop_processes([second])


def test_both_replicas_serve_and_share_the_database(replicated):
    running, settings, balancer = replicated
    references = []
    with httpx.Client(base_url=running.url, timeout=60) as client:
        for n in range(4):
            session = f"replica-{n}"
            answer = client.post("/api/chat", json={"session_id": session, "message": "国民年金の免除を申請したい"})
            assert answer.status_code == 200 and answer.json()["answer"] is not None
            handoff = client.post("/api/chat", json={"session_id": session, "message": "/request_human"})
            references.append(handoff.json()["handoff"]["reference"])
        listed = client.get("/api/admin/handoffs", headers={"Authorization": f"Bearer {settings.admin_token}"})
    assert all(count >= 2 for count in balancer.served.values()) and len(balancer.served) == 2, balancer.served
    assert len(set(references)) == 4
    assert {ticket["reference"] for ticket in listed.json()["handoffs"]} == set(references)
