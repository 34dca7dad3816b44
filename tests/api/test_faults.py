"""Faults on a really running assistant: servers killed and restarted, data surviving a crash.

These tests run their own assistant (not the session's shared one) because they kill its servers.
"""

from __future__ import annotations

import json
import sqlite3

import httpx
import pytest

from tests.conftest import assistant_in

pytestmark = [pytest.mark.model, pytest.mark.stack]


@pytest.fixture(scope="module")
def faulty(tmp_path_factory):
    with assistant_in(tmp_path_factory.mktemp("faults")) as running:
        yield running


@pytest.fixture(scope="module")
def chat(faulty):
    running, _, _ = faulty
    with httpx.Client(base_url=running.url, timeout=60) as client:

        def send(session: str, message: str, language: str | None = None) -> httpx.Response:
            body = {"session_id": session, "message": message, **({"language": language} if language else {})}
            return client.post("/api/chat", json=body)

        yield send


def test_action_server_killed_gives_503_with_phone_then_recovers_without_restarting_the_api(faulty, chat):
    running, _, _ = faulty
    assert chat("fault-1", "国民年金の免除を申請したい").status_code == 200

    running.stack.kill("actions")
    down = chat("fault-1", "学生納付特例について教えて")
    assert down.status_code == 503
    assert down.json()["phone"] == "0570-05-1165" and "0570-05-1165" in down.json()["message"]
    health = httpx.get(f"{running.url}/api/health", timeout=10)
    assert health.status_code == 503 and health.json()["components"]["actions"] != "ok"

    running.stack.restart("actions")
    again = chat("fault-1", "学生納付特例について教えて")
    assert again.status_code == 200 and again.json()["answer"] is not None
    assert running.api.poll() is None


def test_rasa_restart_keeps_the_session(faulty, chat):
    running, _, _ = faulty
    first = chat("fault-2", "Can I postpone my national pension payments as a student?", language="en")
    assert first.status_code == 200 and first.json()["language"] == "en"

    running.stack.restart("rasa")

    handoff = chat("fault-2", "/request_human")
    assert handoff.status_code == 200
    body = handoff.json()
    assert body["language"] == "en"  # the language slot came back from the tracker store
    assert body["handoff"]["reference"].startswith("NK-")


def test_tickets_and_feedback_survive_a_hard_kill(faulty, chat):
    running, settings, folder = faulty
    reply = chat("fault-3", "付加年金について知りたい").json()
    faq_id = (reply["answer"] or reply["suggestions"][0])["faq_id"]
    assert chat("fault-3", f'/feedback_helpful{{"faq_id":"{faq_id}"}}').status_code == 200
    reference = chat("fault-3", "/request_human").json()["handoff"]["reference"]

    running.stack.kill("actions")  # SIGKILL: no clean shutdown, WAL not checkpointed

    with sqlite3.connect(folder / "nenkin.db") as connection:
        tickets = connection.execute("SELECT reference FROM handoff_tickets").fetchall()
        votes = connection.execute("SELECT faq_id, helpful FROM feedback WHERE session_id = 'fault-3'").fetchall()
    assert (reference,) in tickets
    assert votes == [(faq_id, 1)]
    running.stack.restart("actions")
    ticket = httpx.get(
        f"{running.url}/api/admin/handoffs/{reference}",
        headers={"Authorization": f"Bearer {settings.admin_token}"},
        timeout=10,
    )
    assert ticket.status_code == 200 and json.dumps(ticket.json())
