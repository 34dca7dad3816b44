"""``POST /api/admin/knowledge/reload``: validate, rebuild (a stand-in build here), swap in; refusals."""

from __future__ import annotations

import functools
import json
import shutil
import subprocess

import pytest
from fastapi.testclient import TestClient

from api.deps import get_rebuild
from api.main import create_app
from api.reload import rebuild
from knowledge.settings import PROJECT_ROOT

REPORT = {"build": "b2", "entries": 127, "variants": 4000, "embedded": 2, "reused": 3998, "seconds": 1.5}


@pytest.fixture
def editable(api_settings, fake_rasa, api_engine, tmp_path):
    """(client, knowledge folder, app): an app whose knowledge folder is a writable copy of the shipped one."""
    knowledge = tmp_path / "knowledge"
    shutil.copytree(PROJECT_ROOT / "knowledge", knowledge, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    settings = api_settings.copy(update={"knowledge_dir": knowledge})
    app = create_app(settings, backend=fake_rasa, engine=api_engine)
    with TestClient(app) as test_client:
        yield test_client, knowledge, app


def _build_step(returncode=0, stdout="", stderr=""):
    """The real rebuild with its child process replaced by a finished one."""

    def run(command, **kwargs):
        return subprocess.CompletedProcess(command, returncode, stdout, stderr)

    return lambda: functools.partial(rebuild, run=run)


def test_reload_with_a_broken_file_returns_the_errors_and_builds_nothing(editable, admin_headers, tmp_path):
    client, knowledge, _ = editable
    broken = knowledge / "faq" / "exemption.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  topic: exemption", "  topic: exemptoin", 1))
    response = client.post("/api/admin/knowledge/reload", headers=admin_headers)
    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "rejected"
    error = body["errors"][0]
    assert error["file"].endswith("exemption.yml") and error["line"] > 0 and "exemptoin" in error["message"]
    assert error["severity"] == "error" and error["field"]
    assert not (tmp_path / "index").exists()


def test_reload_without_a_widget_message_is_rejected_before_building(editable, admin_headers, tmp_path):
    client, knowledge, app = editable
    built = []
    app.dependency_overrides[get_rebuild] = lambda: built.append
    messages = knowledge / "messages.yml"
    text = messages.read_text(encoding="utf-8")
    start = text.index("ui_send:\n")
    messages.write_text(text[:start] + text[text.index("\n\n", start) + 2 :], encoding="utf-8")
    response = client.post("/api/admin/knowledge/reload", headers=admin_headers)
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "ui_send" and error["file"].endswith("messages.yml")
    assert built == []
    assert client.get("/api/ui-text").json()["en"]["send"] == "Send"  # the old messages keep serving


def test_reload_runs_the_build_and_reports_it(editable, admin_headers):
    client, _, app = editable
    app.dependency_overrides[get_rebuild] = _build_step(stdout=json.dumps(REPORT) + "\n")
    response = client.post("/api/admin/knowledge/reload", headers=admin_headers)
    assert response.status_code == 200
    assert response.json() | {"warnings": []} == {"status": "reloaded", **REPORT, "warnings": []}


def test_reload_build_failure_keeps_serving_and_says_why(editable, admin_headers):
    client, _, app = editable
    app.dependency_overrides[get_rebuild] = _build_step(1, stderr="OSError: [Errno 30] Read-only file system\n")
    response = client.post("/api/admin/knowledge/reload", headers=admin_headers)
    assert response.status_code == 500
    assert response.json()["status"] == "failed"
    assert "Read-only file system" in response.json()["detail"]
    assert client.post("/api/chat", json={"session_id": "s", "message": "免除"}).status_code == 200


def test_a_second_reload_while_one_runs_is_409(editable, admin_headers):
    client, _, app = editable
    state = app.state.nenkin
    with state.reload_lock:
        response = client.post("/api/admin/knowledge/reload", headers=admin_headers)
    assert response.status_code == 409
    assert response.json() == {"status": "busy", "detail": "a reload is already running"}
    assert state.reload_lock.acquire(blocking=False)  # released again
    state.reload_lock.release()


def test_a_reload_swaps_in_the_edited_messages(editable, admin_headers):
    client, knowledge, app = editable
    app.dependency_overrides[get_rebuild] = _build_step(stdout=json.dumps(REPORT) + "\n")
    messages = knowledge / "messages.yml"
    messages.write_text(messages.read_text(encoding="utf-8").replace("  en: Send\n", "  en: Send it\n", 1))
    assert client.post("/api/admin/knowledge/reload", headers=admin_headers).status_code == 200
    assert client.get("/api/ui-text").json()["en"]["send"] == "Send it"
