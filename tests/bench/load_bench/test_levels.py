import pytest
from load_bench.levels import summarize_level
from load_bench.traffic import Sample


def sample(started, duration, kind="question", outcome="200", language="ja", repeated=False):
    return Sample(started, started + duration, kind, language, outcome, repeated)


SAMPLES = [
    sample(9.8, 0.5),  # started before the window: not counted, but it completes inside it
    sample(10.0, 0.2, repeated=True),
    sample(11.0, 0.4, language="en"),
    sample(12.0, 0.1, kind="greeting"),
    sample(13.0, 1.0, outcome="502"),
    sample(19.5, 1.0, outcome="ReadTimeout"),  # started inside, ends after the window
    sample(20.0, 0.1),  # started at the window's end: not counted
]


def summary(**extra):
    cpu = {"api": 1.0, "rasa": 2.0, "actions": 3.0, "load_client": 0.5}
    return summarize_level(10, SAMPLES, (10.0, 20.0), cpu, extra)


def test_only_requests_started_inside_the_window_count():
    level = summary()
    assert level["sessions"] == 10
    assert level["duration_s"] == 10.0
    assert level["requests"] == 5
    assert level["latency"]["n"] == 5
    assert level["languages"] == {"ja": 4, "en": 1}


def test_throughput_counts_replies_that_arrived_inside_the_window():
    level = summary()
    assert level["completed_in_window"] == 5
    assert level["messages_per_s"] == pytest.approx(0.5)


def test_errors_by_outcome():
    level = summary()
    assert level["errors"] == 2
    assert level["errors_by_outcome"] == {"502": 1, "ReadTimeout": 1}


def test_latency_by_kind_and_repeated_questions():
    level = summary()
    assert set(level["latency_by_kind"]) == {"greeting", "question"}
    assert level["latency_by_kind"]["greeting"]["p50_ms"] == pytest.approx(100.0)
    assert level["latency_by_kind"]["question"]["n"] == 4
    assert level["repeated_question_share"] == pytest.approx(0.25)


def test_cpu_share_and_server_cpu_per_message_leave_out_the_load_client():
    level = summary()
    assert level["cpu_share"] == {"api": 0.1, "rasa": 0.2, "actions": 0.3, "load_client": 0.05}
    assert level["server_cpu_ms_per_message"] == pytest.approx(1000.0 * 6.0 / 5)


def test_extra_facts_are_kept_and_an_empty_level_does_not_divide_by_zero():
    level = summarize_level(1, [], (0.0, 0.0), {}, {"memory": {"peak_rss_total_mib": 1.0}})
    assert level["memory"] == {"peak_rss_total_mib": 1.0}
    assert level["messages_per_s"] == 0.0
    assert level["server_cpu_ms_per_message"] is None
    assert level["repeated_question_share"] is None
    assert level["latency"] == {"n": 0}
