"""``/api/admin/*``: token checks, the hand-off queue and knowledge reloads."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
from datetime import datetime, timezone

import pytest
from fastapi.testclient import TestClient

from api import admin
from api.app import create_app
from api.reload import rebuild
from knowledge.settings import PROJECT_ROOT
from knowledge.store.records import TranscriptLine, create_ticket

from .conftest import ADMIN_TOKEN

WHEN = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)


def _ticket(engine, text="免除の相談をしたい", language="ja"):
    transcript = [TranscriptLine("user", text), TranscriptLine("bot", "ねんきんダイヤルへどうぞ")]
    return create_ticket(
        engine, session_id="s1", language=language, topic="exemption", line_id="nenkin_dial",
        transcript=transcript, now=WHEN,
    )  # fmt: skip


def test_admin_routes_need_the_token(client):
    routes = [
        ("get", "/api/admin/handoffs"),
        ("get", "/api/admin/handoffs/NK-000000"),
        ("post", "/api/admin/handoffs/NK-000000/close"),
        ("post", "/api/admin/knowledge/reload"),
        ("get", "/api/admin/analytics?days=7"),
    ]
    assert client.get("/api/admin/handoffs").headers["WWW-Authenticate"] == "Bearer"
    for method, path in routes[1:]:
        assert getattr(client, method)(path).status_code == 401, path
        wrong = getattr(client, method)(path, headers={"Authorization": "Bearer wrong-token-wrong-token"})
        assert wrong.status_code == 401, path


def test_token_brute_force_is_throttled(client):
    statuses = [
        client.get("/api/admin/handoffs", headers={"Authorization": f"Bearer guess-{n}"}).status_code for n in range(15)
    ]
    assert statuses[:10] == [401] * 10
    assert set(statuses[10:]) == {429}
    throttled = client.get("/api/admin/handoffs", headers={"Authorization": "Bearer guess"})
    assert int(throttled.headers["Retry-After"]) >= 1


def test_handoff_queue_detail_and_close(client, api_engine, admin_headers):
    reference = _ticket(api_engine, text="電話は090-1234-5678です")
    listed = client.get("/api/admin/handoffs", headers=admin_headers).json()["handoffs"]
    assert [t["reference"] for t in listed] == [reference]
    ticket = listed[0]
    assert {"reference", "created_at", "language", "topic", "status", "transcript"} <= set(ticket)
    assert ticket["status"] == "open" and ticket["topic"] == "exemption" and ticket["language"] == "ja"
    assert ticket["transcript"][0]["role"] == "user"
    assert "090-1234-5678" not in json.dumps(ticket, ensure_ascii=False)

    detail = client.get(f"/api/admin/handoffs/{reference.lower()}", headers=admin_headers)
    assert detail.status_code == 200 and detail.json()["reference"] == reference

    closed = client.post(f"/api/admin/handoffs/{reference}/close", headers=admin_headers).json()
    assert closed["status"] == "closed" and closed["closed_at"]
    assert client.get("/api/admin/handoffs?status=open", headers=admin_headers).json() == {"handoffs": []}
    assert len(client.get("/api/admin/handoffs?status=closed", headers=admin_headers).json()["handoffs"]) == 1


def test_unknown_reference_is_404(client, admin_headers):
    assert client.get("/api/admin/handoffs/NK-ZZZZZZ", headers=admin_headers).status_code == 404
    assert client.post("/api/admin/handoffs/NK-ZZZZZZ/close", headers=admin_headers).status_code == 404


def test_bad_query_parameters_are_422(client, admin_headers):
    assert client.get("/api/admin/handoffs?status=maybe", headers=admin_headers).status_code == 422
    assert client.get("/api/admin/analytics?days=0", headers=admin_headers).status_code == 422


@pytest.fixture
def editable_client(api_settings, fake_rasa, api_engine, tmp_path):
    """An app whose knowledge folder is a writable copy of the shipped one."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    settings = api_settings.copy(update={"knowledge_dir": knowledge})
    with TestClient(create_app(settings, backend=fake_rasa, engine=api_engine)) as test_client:
        yield test_client, knowledge


def test_reload_with_a_broken_file_returns_the_errors_and_builds_nothing(editable_client, admin_headers, tmp_path):
    client, knowledge = editable_client
    broken = knowledge / "faq" / "exemption.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  topic: exemption", "  topic: exemptoin", 1))
    response = client.post("/api/admin/knowledge/reload", headers=admin_headers)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "rejected"
    error = body["errors"][0]
    assert error["file"].endswith("exemption.yml") and error["line"] > 0 and "exemptoin" in error["message"]
    assert not (tmp_path / "index").exists()


def test_reload_runs_the_build_and_reports_it(editable_client, admin_headers, monkeypatch):
    client, _ = editable_client
    report = {"build": "b2", "entries": 127, "variants": 4000, "embedded": 2, "reused": 3998, "seconds": 1.5}

    def run(command, **kwargs):
        return subprocess.CompletedProcess(command, 0, json.dumps(report) + "\n", "")

    monkeypatch.setattr(admin, "rebuild", functools.partial(rebuild, run=run))
    response = client.post("/api/admin/knowledge/reload", headers=admin_headers)
    assert response.status_code == 200
    assert response.json() | {"warnings": []} == {"status": "reloaded", **report, "warnings": []}


def test_reload_build_failure_keeps_serving_and_says_why(editable_client, admin_headers, monkeypatch):
    client, _ = editable_client

    def run(command, **kwargs):
        return subprocess.CompletedProcess(command, 1, "", "OSError: [Errno 30] Read-only file system\n")

    monkeypatch.setattr(admin, "rebuild", functools.partial(rebuild, run=run))
    response = client.post("/api/admin/knowledge/reload", headers=admin_headers)
    assert response.status_code == 500
    assert "Read-only file system" in response.json()["detail"]
    assert client.post("/api/chat", json={"session_id": "s", "message": "免除"}).status_code == 200


def test_cookie_token_is_accepted(client, api_engine):
    _ticket(api_engine)
    client.cookies.set("nenkin_admin", ADMIN_TOKEN)
    assert client.get("/api/admin/handoffs").status_code == 200
