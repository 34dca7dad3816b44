"""Validate-then-build for knowledge reloads."""

from __future__ import annotations

import json
import subprocess

import pytest

from api.reload import ReloadFailedError, ReloadRejectedError, rebuild
from knowledge.settings import KnowledgeSettings

REPORT = {"build": "20261126-000000-abc", "entries": 3, "variants": 30, "embedded": 1, "reused": 29, "seconds": 0.4}


def _settings(knowledge_dir, tmp_path):
    return KnowledgeSettings(knowledge_dir=knowledge_dir, index_dir=tmp_path / "index")


def _runner(returncode=0, stdout="", stderr=""):
    calls = []

    def run(command, **kwargs):
        calls.append((command, kwargs))
        return subprocess.CompletedProcess(command, returncode, stdout, stderr)

    run.calls = calls
    return run


def test_valid_files_are_built_in_a_child_process(knowledge_dir, tmp_path):
    run = _runner(stdout="progress…\n" + json.dumps(REPORT) + "\n")
    report = rebuild(_settings(knowledge_dir, tmp_path), run=run)
    assert report.build.build == REPORT["build"] and report.build.embedded == 1
    ((command, kwargs),) = run.calls
    assert command[1:] == ["-m", "knowledge", "build", "--json"]
    assert kwargs["env"]["NENKIN_KNOWLEDGE_DIR"] == str(knowledge_dir)
    assert kwargs["env"]["NENKIN_INDEX_DIR"] == str(tmp_path / "index")


def test_broken_files_are_rejected_before_building(knowledge_dir, tmp_path):
    faq = next((knowledge_dir / "faq").glob("*.yml"))
    faq.write_text(faq.read_text(encoding="utf-8") + "\n- id: [unclosed\n", encoding="utf-8")
    run = _runner()
    with pytest.raises(ReloadRejectedError) as caught:
        rebuild(_settings(knowledge_dir, tmp_path), run=run)
    assert run.calls == []
    assert any(issue.path.name == faq.name and issue.line for issue in caught.value.issues)


def test_failed_build_reports_the_end_of_its_error_output(knowledge_dir, tmp_path):
    run = _runner(returncode=1, stderr="loading model\nOSError: [Errno 28] No space left on device\n")
    with pytest.raises(ReloadFailedError, match="No space left"):
        rebuild(_settings(knowledge_dir, tmp_path), run=run)


def test_build_without_a_report_is_a_failure(knowledge_dir, tmp_path):
    with pytest.raises(ReloadFailedError, match="no report"):
        rebuild(_settings(knowledge_dir, tmp_path), run=_runner(stdout="nothing useful"))
