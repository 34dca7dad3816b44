"""Knowledge reload jobs: ``POST /api/admin/knowledge/reload`` (202) and ``GET …/reload/{job_id}``.

The build step is the real rebuild with its child process replaced by a finished one.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import threading
import time

import pytest
from fastapi.testclient import TestClient

from api.deps import get_rebuild
from api.main import create_app
from api.reload import rebuild
from knowledge.settings import PROJECT_ROOT

REPORT = {"build": "b2", "entries": 127, "variants": 4000, "embedded": 2, "reused": 3998, "seconds": 1.5}
RELOAD = "/api/admin/knowledge/reload"


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


def _finished(client, started, headers, timeout=10.0):
    """Poll the job the 202 ``started`` names until it is final; returns its last state."""
    assert started.status_code == 202, started.text
    url = started.headers["location"]
    assert url == started.json()["status_url"] == f"{RELOAD}/{started.json()['job_id']}"
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(url, headers=headers)
        assert job.status_code == 200
        if job.json()["status"] in ("succeeded", "failed") or time.monotonic() > deadline:
            return job.json()
        time.sleep(0.02)


def test_reload_answers_at_once_with_a_queued_job(editable, admin_headers):
    client, _, app = editable
    app.dependency_overrides[get_rebuild] = _build_step(stdout=json.dumps(REPORT) + "\n")
    started = client.post(RELOAD, headers=admin_headers)
    assert started.status_code == 202
    job = started.json()
    assert job["status"] == "queued" and job["result"] is None and job["started_at"] is None
    assert set(job) == {"job_id", "status", "status_url", "created_at", "started_at", "finished_at", "result"}
    _finished(client, started, admin_headers)


def test_reload_with_a_broken_file_fails_with_the_errors_and_builds_nothing(editable, admin_headers, tmp_path):
    client, knowledge, _ = editable
    broken = knowledge / "faq" / "exemption.yml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("  topic: exemption", "  topic: exemptoin", 1))
    job = _finished(client, client.post(RELOAD, headers=admin_headers), admin_headers)
    assert job["status"] == "failed" and job["finished_at"] >= job["started_at"] >= job["created_at"]
    body = job["result"]
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
    job = _finished(client, client.post(RELOAD, headers=admin_headers), admin_headers)
    assert job["status"] == "failed" and job["result"]["status"] == "rejected"
    (error,) = job["result"]["errors"]
    assert error["field"] == "ui_send" and error["file"].endswith("messages.yml")
    assert built == []
    assert client.get("/api/ui-text").json()["en"]["send"] == "Send"  # the old messages keep serving


def test_reload_runs_the_build_and_reports_it(editable, admin_headers):
    client, _, app = editable
    app.dependency_overrides[get_rebuild] = _build_step(stdout=json.dumps(REPORT) + "\n")
    job = _finished(client, client.post(RELOAD, headers=admin_headers), admin_headers)
    assert job["status"] == "succeeded"
    assert job["result"] | {"warnings": []} == {"status": "reloaded", **REPORT, "warnings": []}


def test_reload_build_failure_keeps_serving_and_says_why(editable, admin_headers):
    client, _, app = editable
    app.dependency_overrides[get_rebuild] = _build_step(1, stderr="OSError: [Errno 30] Read-only file system\n")
    job = _finished(client, client.post(RELOAD, headers=admin_headers), admin_headers)
    assert job["status"] == "failed" and job["result"]["status"] == "failed"
    assert "Read-only file system" in job["result"]["detail"]
    assert client.post("/api/chat", json={"session_id": "s", "message": "免除"}).status_code == 200


def test_a_crashing_build_step_fails_the_job_not_the_server(editable, admin_headers):
    client, _, app = editable

    def crash(settings):
        raise RuntimeError("disk on fire")

    app.dependency_overrides[get_rebuild] = lambda: crash
    job = _finished(client, client.post(RELOAD, headers=admin_headers), admin_headers)
    assert job["status"] == "failed"
    assert job["result"] == {"status": "failed", "detail": "unexpected error: RuntimeError: disk on fire"}


def test_a_second_reload_while_one_runs_is_409_naming_the_running_job(editable, admin_headers):
    client, _, app = editable
    release, entered = threading.Event(), threading.Event()
    finish = _build_step(stdout=json.dumps(REPORT) + "\n")()

    def slow(settings):
        entered.set()
        release.wait(10)
        return finish(settings)

    app.dependency_overrides[get_rebuild] = lambda: slow
    started = client.post(RELOAD, headers=admin_headers)
    assert entered.wait(10)
    running = client.get(started.headers["location"], headers=admin_headers).json()
    assert running["status"] == "running" and running["started_at"] and running["result"] is None
    busy = client.post(RELOAD, headers=admin_headers)
    assert busy.status_code == 409
    assert busy.json() == {"status": "busy", "detail": "a reload is already running"}
    assert busy.headers["location"] == started.headers["location"]
    release.set()
    assert _finished(client, started, admin_headers)["status"] == "succeeded"
    again = client.post(RELOAD, headers=admin_headers)  # the next one may start
    assert again.status_code == 202 and again.json()["job_id"] != started.json()["job_id"]
    _finished(client, again, admin_headers)


def test_a_reload_swaps_in_the_edited_messages(editable, admin_headers):
    client, knowledge, app = editable
    app.dependency_overrides[get_rebuild] = _build_step(stdout=json.dumps(REPORT) + "\n")
    messages = knowledge / "messages.yml"
    messages.write_text(messages.read_text(encoding="utf-8").replace("  en: Send\n", "  en: Send it\n", 1))
    assert _finished(client, client.post(RELOAD, headers=admin_headers), admin_headers)["status"] == "succeeded"
    assert client.get("/api/ui-text").json()["en"]["send"] == "Send it"


def test_unknown_jobs_are_404_and_jobs_need_the_token(editable, admin_headers):
    client, _, app = editable
    missing = client.get(f"{RELOAD}/0123456789abcdef0123456789abcdef", headers=admin_headers)
    assert missing.status_code == 404 and "no such reload job" in missing.json()["detail"]
    app.dependency_overrides[get_rebuild] = _build_step(stdout=json.dumps(REPORT) + "\n")
    started = client.post(RELOAD, headers=admin_headers)
    assert client.get(started.headers["location"]).status_code == 401
    _finished(client, started, admin_headers)


def test_openapi_documents_the_job(editable):
    client, _, _ = editable
    paths = client.get("/openapi.json").json()["paths"]
    start, status = paths[RELOAD]["post"], paths[f"{RELOAD}/{{job_id}}"]["get"]
    assert set(start["responses"]) == {"202", "401", "409", "429"}
    assert start["responses"]["202"]["headers"]["Location"]["required"] is True
    assert start["responses"]["202"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ReloadJobOut"
    }
    assert {"200", "401", "404", "422", "429"} == set(status["responses"])
    assert start["security"] == status["security"] == [{"adminToken": []}]
