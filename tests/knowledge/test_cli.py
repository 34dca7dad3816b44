import io
import json
import os
import re
import subprocess
import sys

import pytest

from knowledge import cli
from knowledge.settings import get_retrieval_settings
from tests.conftest import DATA, PROJECT_ROOT, seed_cache


@pytest.fixture
def env(monkeypatch, tmp_path, knowledge_dir, real_embedder):
    """Settings pointing at the small test knowledge and a private index; the model is loaded once per session."""
    monkeypatch.setenv("NENKIN_KNOWLEDGE_DIR", str(knowledge_dir))
    monkeypatch.setenv("NENKIN_INDEX_DIR", str(tmp_path / "index"))
    monkeypatch.setattr(cli, "load_embedder", lambda settings: real_embedder)
    monkeypatch.setattr("knowledge.retrieval_setup.load_embedder", lambda settings: real_embedder)
    get_retrieval_settings.cache_clear()
    yield knowledge_dir
    get_retrieval_settings.cache_clear()


def run(*argv, stdin=""):
    out = io.StringIO()
    code = cli.main(list(argv), stdin=io.StringIO(stdin), stdout=out)
    return code, out.getvalue()


@pytest.mark.model
def test_validate_clean_knowledge_exits_zero(env):
    code, out = run("validate")
    assert code == 0
    # The small test folder is valid; its few question variants only draw editorial warnings.
    assert re.search(r"3 entries checked: 0 error\(s\), \d+ warning\(s\)$", out.strip()) and ": error:" not in out


@pytest.mark.model
def test_validate_reports_file_line_field_and_exits_one(env, capsys):
    (env / "faq" / "broken.yml").write_text("- id: broken\n  topic: exemption\n  source: x\n", encoding="utf-8")
    code, out = run("validate", "--no-embeddings")
    assert code == 1
    assert "broken.yml:1: error: broken.questions: is required (with ja)" in out
    code, out = run("validate", "--no-embeddings", "--json")
    issues = json.loads(out)["issues"]
    assert code == 1 and {"file", "line", "field", "message", "severity"} == set(issues[0])


def test_validate_syntax_error_names_line(env):
    (env / "faq" / "broken.yml").write_text("- id: a\n  questions: {ja: [x]\n", encoding="utf-8")
    code, out = run("validate", "--no-embeddings")
    assert code == 1
    assert "broken.yml:3: error:" in out


@pytest.mark.model
def test_build_then_search_json(env):
    code, out = run("build")
    assert code == 0 and "3 entries, 10 question variants (10 embedded, 0 from cache)" in out
    code, out = run("search", "学生で保険料が払えない", "--json", "-k", "2")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"query", "hits"} and result["query"] == "学生で保険料が払えない"
    assert len(result["hits"]) == 2
    assert set(result["hits"][0]) == {"faq_id", "topic", "score", "probability", "question"}
    assert result["hits"][0]["faq_id"] == "student-special"
    assert 0 < result["hits"][0]["probability"] <= 1


@pytest.mark.model
def test_build_trains_the_classifier_with_the_configured_strength(env, monkeypatch, tmp_path):
    monkeypatch.setenv("NENKIN_CLASSIFIER_C", "12.5")
    get_retrieval_settings.cache_clear()
    assert run("build")[0] == 0
    build = (tmp_path / "index" / "CURRENT").read_text().strip()
    manifest = json.loads((tmp_path / "index" / "builds" / build / "manifest.json").read_text())
    assert manifest["classifier"] == {"file": "classifier.npz", "c": 12.5}


@pytest.mark.model
def test_search_reads_one_query_per_line_from_stdin(env):
    run("build")
    code, out = run("search", "--json", stdin="How do I register for Nenkin Net?\n\n免除を申請したい\n")
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(lines) == 2
    assert lines[0]["hits"][0]["faq_id"] == "nenkin-net-register"
    assert lines[1]["hits"][0]["faq_id"] == "exemption-overview"


@pytest.mark.model
def test_search_table_shows_tier(env):
    run("build")
    code, out = run("search", "学特の申請方法")
    assert code == 0 and out.startswith("学特の申請方法  →  answer") and "student-special" in out


@pytest.mark.model
def test_build_refuses_invalid_knowledge(env, capsys):
    (env / "faq" / "broken.yml").write_text("- id: broken\n", encoding="utf-8")
    code, _ = run("build")
    assert code == 1
    assert "index not built" in capsys.readouterr().err


@pytest.mark.model
def test_search_without_index_or_with_stale_index_exits_two(env, capsys):
    code, _ = run("search", "免除")
    assert code == 2 and "No search index" in capsys.readouterr().err
    run("build")
    faq = env / "faq" / "sample.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("学特の申請方法", "学特って何"), encoding="utf-8")
    code, _ = run("search", "免除")
    assert code == 2 and "stale" in capsys.readouterr().err


def test_bad_k_exits_two(env, capsys):
    code, _ = run("search", "免除", "-k", "0")
    assert code == 2 and "-k must be at least 1" in capsys.readouterr().err


def test_missing_model_exits_two_with_instructions(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("NENKIN_EMBEDDING_MODEL", str(tmp_path / "no-model"))
    monkeypatch.setenv("NENKIN_KNOWLEDGE_DIR", str(DATA / "knowledge"))
    get_retrieval_settings.cache_clear()
    try:
        code, _ = run("validate")
    finally:
        get_retrieval_settings.cache_clear()
    assert code == 2 and "make model" in capsys.readouterr().err


@pytest.mark.model
def test_python_dash_m_knowledge_end_to_end_on_the_shipped_knowledge(tmp_path):
    """The real commands, in a subprocess, offline, on the knowledge we ship."""
    seed_cache(tmp_path / "index")
    environ = {**os.environ, "HF_HUB_OFFLINE": "1", "NENKIN_INDEX_DIR": str(tmp_path / "index")}
    environ.pop("NENKIN_KNOWLEDGE_DIR", None)

    def knowledge(*args, stdin=None):
        return subprocess.run(
            [sys.executable, "-m", "knowledge", *args],
            cwd=PROJECT_ROOT,
            env=environ,
            input=stdin,
            capture_output=True,
            text=True,
            timeout=600,
        )

    built = knowledge("build")
    assert built.returncode == 0, built.stderr
    single = knowledge("search", "収入が少ないので国民年金保険料の免除を受けたい", "--json")
    assert single.returncode == 0, single.stderr
    result = json.loads(single.stdout)
    assert result["hits"] and result["hits"][0]["topic"] == "exemption"
    batch = knowledge("search", "--json", stdin="ねんきんネット 登録\nCan I delay my pension to get more?\n")
    first, second = (json.loads(line) for line in batch.stdout.splitlines())
    assert first["hits"][0]["topic"] == "nenkin_net"
    assert second["hits"][0]["topic"] == "deferred_pension"
