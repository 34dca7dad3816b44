import json
import time

import measure
import pytest


def test_latency_summary_in_milliseconds():
    stats = measure.latency_summary([0.001, 0.002, 0.003, 0.004, 0.010])
    assert stats["n"] == 5
    assert stats["min_ms"] == pytest.approx(1.0)
    assert stats["max_ms"] == pytest.approx(10.0)
    assert stats["mean_ms"] == pytest.approx(4.0)
    assert stats["p50_ms"] == pytest.approx(3.0)
    assert stats["p95_ms"] == pytest.approx(8.8)  # numpy's linear interpolation
    assert stats["min_ms"] <= stats["p50_ms"] <= stats["p95_ms"] <= stats["p99_ms"] <= stats["max_ms"]


def test_latency_summary_of_nothing_is_only_a_count():
    assert measure.latency_summary([]) == {"n": 0}


def test_timed_returns_the_result_and_the_wall_time():
    result, seconds = measure.timed(lambda: time.sleep(0.01) or "done")
    assert result == "done"
    assert 0.009 <= seconds < 1.0


def test_time_each_times_every_item_in_order():
    seen = []
    samples = measure.time_each(seen.append, [3, 1, 2])
    assert seen == [3, 1, 2]
    assert len(samples) == 3 and all(s >= 0 for s in samples)


def test_with_cpu_share_describes_the_cpu_a_call_got():
    def spin():
        deadline = time.process_time() + 0.05
        while time.process_time() < deadline:
            pass
        return 42

    result, share = measure.with_cpu_share(spin)
    assert result == 42
    assert set(share) == {"wall_s", "cpu_s", "cpu_share", "load_before", "load_after"}
    assert share["cpu_s"] >= 0.03  # os.times() counts in clock ticks of 10 ms
    assert share["cpu_share"] == pytest.approx(share["cpu_s"] / share["wall_s"])
    assert len(share["load_before"]) == 3


def test_wait_for_idle_does_not_wait_when_told_not_to(monkeypatch):
    monkeypatch.setattr(measure.os, "getloadavg", lambda: (9.0, 9.0, 9.0))
    monkeypatch.setattr(measure.time, "sleep", lambda s: pytest.fail("slept"))
    report = measure.wait_for_idle(0.7, 0)
    assert report["before"] == [9.0, 9.0, 9.0]
    assert report["waited_s"] < 1


def test_wait_for_idle_polls_until_the_machine_settles(monkeypatch):
    loads = iter([2.0, 1.5, 0.5, 0.5, 0.5])
    current = [2.0]

    def getloadavg():
        return (current[0], 1.0, 1.0)

    def sleep(seconds):
        assert seconds == 5.0
        current[0] = next(loads)

    monkeypatch.setattr(measure.os, "getloadavg", getloadavg)
    monkeypatch.setattr(measure.time, "sleep", sleep)
    report = measure.wait_for_idle(0.7, 60)
    assert report["before"][0] == 2.0
    assert report["after"][0] == 0.5


def test_wait_for_idle_gives_up_after_at_most_seconds(monkeypatch):
    clock = [0.0]
    monkeypatch.setattr(measure.os, "getloadavg", lambda: (3.0, 3.0, 3.0))
    monkeypatch.setattr(measure.time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(measure.time, "sleep", lambda s: clock.__setitem__(0, clock[0] + s))
    report = measure.wait_for_idle(0.7, 12, poll_s=5)
    assert report["waited_s"] == 15.0
    assert report["after"][0] == 3.0


def test_warn_if_busy(monkeypatch, capsys):
    monkeypatch.setattr(measure.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(measure.os, "getloadavg", lambda: (0.4, 0.0, 0.0))
    measure.warn_if_busy()
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(measure.os, "getloadavg", lambda: (1.7, 0.0, 0.0))
    measure.warn_if_busy()
    assert "warning: load average 1.7 on 2 CPUs" in capsys.readouterr().err


def test_machine_facts_name_the_environment_variables(monkeypatch):
    monkeypatch.setenv("NENKIN_ENCODER_THREADS", "2")
    monkeypatch.delenv("OMP_NUM_THREADS", raising=False)
    facts = measure.machine_facts(["NENKIN_ENCODER_THREADS", "OMP_NUM_THREADS"])
    assert facts["environment"] == {"NENKIN_ENCODER_THREADS": "2", "OMP_NUM_THREADS": None}
    assert facts["logical_cpus"] >= 1 and facts["python"].startswith("3.")


def test_write_json_creates_the_folder_and_keeps_japanese_readable(tmp_path):
    path = tmp_path / "results" / "load.json"
    measure.write_json(path, {"kind": "免除", "n": 1})
    text = path.read_text(encoding="utf-8")
    assert "免除" in text and text.endswith("\n")
    assert json.loads(text) == {"kind": "免除", "n": 1}
