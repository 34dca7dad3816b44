"""Schema-driven fuzzing of the public and admin API (schemathesis): no input may cause a 5xx.

The app runs in-process with a scripted Rasa stand-in and a temporary store; knowledge reloads use
a stand-in build step (the real one is covered in test_admin.py and by the reload unit tests).
"""

from __future__ import annotations

import functools
import json
import subprocess
import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from api.deps import get_rebuild
from api.main import create_app
from api.reload import rebuild
from knowledge.store.database import connect
from tests.api.conftest import ADMIN_TOKEN, FakeRasa, settings_in

_folder = Path(tempfile.mkdtemp(prefix="nenkin-fuzz-"))
_settings = settings_in(
    _folder, rate_limit_per_minute=100_000, rate_limit_burst=100_000, admin_failures_per_minute=100_000
)
_report = {"build": "fuzz", "entries": 127, "variants": 1, "embedded": 0, "reused": 1, "seconds": 0.0}


def _fake_build(command, **kwargs):
    return subprocess.CompletedProcess(command, 0, json.dumps(_report) + "\n", "")


(_folder / "index").mkdir()
(_folder / "index" / "CURRENT").write_text("fuzz", encoding="utf-8")  # health checks see an index
app = create_app(_settings, backend=FakeRasa(), engine=connect(_settings.database_url))
app.dependency_overrides[get_rebuild] = lambda: functools.partial(rebuild, run=_fake_build)
schema = schemathesis.openapi.from_asgi("/openapi.json", app)
CHECKS = [not_a_server_error, response_schema_conformance]


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_with_the_admin_token(case):
    case.call_and_validate(headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_without_a_token(case):
    case.call_and_validate(checks=[not_a_server_error])
