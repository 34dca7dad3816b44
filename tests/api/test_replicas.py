"""Two action-server replicas behind one balancer, sharing one database, under the real Rasa and API."""

from __future__ import annotations

import os
import subprocess
import sys

import httpx
import pytest

from api.serve import running_assistant
from bot.serve import Stack, wait_until_up
from knowledge.settings import PROJECT_ROOT, Settings
from tests.conftest import STACK_ADMIN_TOKEN, free_port
from tests.support.browser import serve_app
from tests.support.round_robin import RoundRobin

pytestmark = [pytest.mark.model, pytest.mark.stack]


@pytest.fixture(scope="module")
def replicated(tmp_path_factory):
    folder = tmp_path_factory.mktemp("replicas")
    settings = Settings(
        api_port=free_port(), rasa_port=free_port(), actions_port=free_port(), admin_token=STACK_ADMIN_TOKEN,
        var_dir=folder, tracker_db=folder / "tracker.db", database_url=f"sqlite:///{folder / 'nenkin.db'}",
    )  # fmt: skip
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NENKIN_DATABASE_URL": settings.database_url,
        "NENKIN_TRACKER_DB": str(settings.tracker_db),
        "NENKIN_PRELOAD_SERVICES": "1",
    }
    second_port = free_port()
    with open(folder / "actions-2.log", "wb") as log:
        second = subprocess.Popen(
            [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(second_port)],
            cwd=PROJECT_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until_up(f"http://127.0.0.1:{second_port}/health", [second], 240)
        balancer = RoundRobin([f"http://127.0.0.1:{settings.actions_port}", f"http://127.0.0.1:{second_port}"])
        with serve_app(balancer.app) as balancer_url:
            overrides = {key: environment[key] for key in ("NENKIN_DATABASE_URL", "NENKIN_TRACKER_DB")}
            overrides["NENKIN_ACTIONS_URL"] = f"{balancer_url}/webhook"
            with running_assistant(settings, env=overrides, log_dir=folder) as running:
                yield running, settings, balancer
    finally:
        Stack("", "", [second]).stop()


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
