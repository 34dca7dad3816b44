"""Starting and stopping server processes: process groups, grace then SIGKILL, signals, ports, kept secrets."""

from __future__ import annotations

import os
import signal
import socket
import stat
import subprocess
import sys
import time

import pytest

from bot.processes import (
    Stopped,
    kept_secret,
    port_problem,
    reachable_host,
    start_server,
    stop_on_signals,
    stop_processes,
)

# A server that starts a helper of its own (as the API's knowledge reload does) and writes its pid.
PARENT_WITH_CHILD = """
import subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
print(child.pid, flush=True)
time.sleep(300)
"""
IGNORES_SIGTERM = """
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ready", flush=True)
time.sleep(300)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is gone but not yet reaped
    except FileNotFoundError:
        return False


def started(code: str, tmp_path, name: str) -> tuple[subprocess.Popen, str]:
    log = tmp_path / f"{name}.log"
    process = start_server([sys.executable, "-c", code], env=dict(os.environ), log_path=log)
    deadline = time.monotonic() + 30
    while not log.read_text().strip() and time.monotonic() < deadline:
        time.sleep(0.05)
    return process, log.read_text().strip()


def test_each_server_gets_its_own_process_group_and_stopping_it_stops_its_children(tmp_path):
    process, child = started(PARENT_WITH_CHILD, tmp_path, "parent")
    assert os.getpgid(process.pid) == process.pid != os.getpgid(0)
    stop_processes([process], grace=5)
    assert process.returncode == -signal.SIGTERM
    deadline = time.monotonic() + 5
    while alive(int(child)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(int(child))


def test_a_server_that_ignores_sigterm_is_killed_after_the_grace_period(tmp_path):
    stubborn, _ = started(IGNORES_SIGTERM, tmp_path, "stubborn")
    polite, _ = started(PARENT_WITH_CHILD, tmp_path, "polite")
    began = time.monotonic()
    stop_processes([stubborn, polite], grace=1)
    assert time.monotonic() - began < 3  # one grace period for all, not one each
    assert stubborn.returncode == -signal.SIGKILL and polite.returncode == -signal.SIGTERM


def test_the_first_signal_becomes_stopped_and_later_ones_are_ignored_while_stopping():
    previous = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Stopped, match="SIGTERM"), stop_on_signals():
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
    assert signal.getsignal(signal.SIGTERM) is previous


def test_busy_and_duplicate_ports_are_named_with_the_setting_to_change():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        message = port_problem({"NENKIN_API_PORT": ("127.0.0.1", port)})
        assert message == (
            f"port {port} is in use (is nenkin-assistant already running? stop it, or set NENKIN_API_PORT)"
        )
        assert "NENKIN_RASA_PORT" in port_problem({"NENKIN_RASA_PORT": ("0.0.0.0", port)})
    assert port_problem({"NENKIN_API_PORT": ("127.0.0.1", port)}) is None
    both = port_problem({"NENKIN_API_PORT": ("127.0.0.1", port), "NENKIN_RASA_PORT": ("127.0.0.1", port)})
    assert both == f"NENKIN_API_PORT and NENKIN_RASA_PORT are both {port}: give each server its own port"


def test_secrets_are_generated_once_readable_only_by_the_owner(tmp_path):
    path = tmp_path / "var" / "internal-token"
    secret, kept_in = kept_secret("", path)
    assert kept_in == path and len(secret) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert kept_secret("", path) == (secret, path)
    assert kept_secret("configured-secret", path) == ("configured-secret", None)


def test_servers_on_every_interface_are_reached_over_loopback():
    assert reachable_host("0.0.0.0") == "127.0.0.1"
    assert reachable_host("10.0.0.5") == "10.0.0.5"
    assert reachable_host("::1") == "[::1]"
