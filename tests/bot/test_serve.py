"""The launcher of Rasa and the action server: commands, environment, interfaces and the shared secret."""

from __future__ import annotations

import subprocess
import sys

import pytest

from bot.serve import THREAD_DEFAULTS, running_stack, server_commands, server_environment, stack_addresses
from bot.settings import get_bot_settings
from knowledge.settings import PROJECT_ROOT


def test_rasa_runs_through_this_module_on_loopback_and_actions_through_our_server():
    commands = server_commands(5005, 5055, python="py")
    rasa = commands["rasa"]
    assert rasa[:5] == ["py", "-m", "bot.serve", "rasa", "run"]
    assert rasa[rasa.index("--port") + 1] == "5005" and rasa[rasa.index("--interface") + 1] == "127.0.0.1"
    assert rasa[rasa.index("--endpoints") + 1] == "bot/endpoints.yml"
    assert commands["actions"] == ["py", "-m", "actions.server", "--port", "5055"]
    assert server_commands(5005, 5055, python="py", rasa_host="0.0.0.0")["rasa"][-5] == "0.0.0.0"


def test_interfaces_come_from_the_settings(monkeypatch):
    monkeypatch.setenv("NENKIN_RASA_HOST", "10.0.0.5")
    get_bot_settings.cache_clear()
    try:
        assert stack_addresses(6005, 6055) == {
            "NENKIN_RASA_PORT": ("10.0.0.5", 6005),
            "NENKIN_ACTIONS_PORT": ("127.0.0.1", 6055),
        }
    finally:
        get_bot_settings.cache_clear()


def test_one_compute_thread_per_server_unless_the_environment_says_otherwise(monkeypatch):
    for name in THREAD_DEFAULTS:
        monkeypatch.delenv(name, raising=False)
    environment = server_environment("http://127.0.0.1:5055")
    assert environment["NENKIN_ENCODER_THREADS"] == environment["OMP_NUM_THREADS"] == "1"
    assert environment["NENKIN_ACTIONS_URL"] == "http://127.0.0.1:5055/webhook"

    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    overridden = server_environment("http://127.0.0.1:5055", {"NENKIN_ENCODER_THREADS": "4"})
    assert overridden["OMP_NUM_THREADS"] == "2" and overridden["NENKIN_ENCODER_THREADS"] == "4"


def test_endpoints_send_the_internal_token_to_the_action_server(monkeypatch):
    from rasa.utils.endpoints import read_endpoint_config

    monkeypatch.setenv("NENKIN_ACTIONS_URL", "http://127.0.0.1:5055/webhook")
    monkeypatch.setenv("NENKIN_INTERNAL_TOKEN", "shared-secret-0123456789")
    for name in ("NENKIN_TRACKER_DB", "NENKIN_PG_HOST", "NENKIN_PG_TRACKER_DB", "NENKIN_PG_USER", "NENKIN_PG_PASSWORD"):
        monkeypatch.setenv(name, "x")  # the whole file is read, so every ${…} must be set
    for name in ("NENKIN_PG_PORT", "NENKIN_REDIS_PORT"):
        monkeypatch.setenv(name, "1")
    monkeypatch.setenv("NENKIN_REDIS_HOST", "x")
    for endpoints in ("bot/endpoints.yml", "deploy/endpoints.yml"):
        action_endpoint = read_endpoint_config(str(PROJECT_ROOT / endpoints), "action_endpoint")
        assert action_endpoint.headers == {"X-Nenkin-Internal-Token": "shared-secret-0123456789"}, endpoints
        assert action_endpoint.token is None  # a query-string token would end up in access logs


def test_a_stack_needs_the_internal_token():
    with pytest.raises(ValueError, match="internal_token is empty"), running_stack(1, 2, internal_token=""):
        pass


def test_rasa_command_line_runs_through_the_launcher():
    result = subprocess.run(
        [sys.executable, "-m", "bot.serve", "rasa", "--version"],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Rasa Version" in result.stdout and "3.6." in result.stdout
