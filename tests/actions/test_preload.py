"""``NENKIN_PRELOAD_SERVICES=1`` loads the services when the action server imports the actions."""

from __future__ import annotations

import os
import subprocess
import sys

from knowledge.settings import PROJECT_ROOT


def _import_actions(tmp_path, preload: bool) -> subprocess.CompletedProcess:
    environment = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "NENKIN_KNOWLEDGE_DIR": str(tmp_path / "no-knowledge-here"),
        "NENKIN_PRELOAD_SERVICES": "1" if preload else "0",
    }
    return subprocess.run(
        [sys.executable, "-c", "import actions"], env=environment, capture_output=True, text=True, check=False
    )


def test_import_loads_the_services_when_asked(tmp_path):
    result = _import_actions(tmp_path, preload=True)
    assert result.returncode != 0
    assert "no-knowledge-here" in result.stderr  # it really tried to load the knowledge at import


def test_plain_import_loads_nothing(tmp_path):
    assert _import_actions(tmp_path, preload=False).returncode == 0
