from report.load import render

from tests.bench.samples import load_results


def test_render_tables():
    lines = render(load_results()).splitlines()
    assert lines[0] == "## Load (quick run, 2026-12-01 10:00)"
    assert lines[2] == (
        'Stack environment: `{"NENKIN_ENCODER_THREADS": "2"}`; machine load before measuring: '
        "[0.6, 0.5, 0.4] (waited 30.0 s)."
    )
    assert "| 1 | 100 | 0 | 12.3 | 300 | 600 | 900 | 99 | 0.5 → 1.5 |" in lines
    assert "| 1 | 0.10 | 0.50 | 0.90 | 0.05 | None | 25% |" in lines
    assert "| 10 | 0.10 | 0.50 | 0.90 | 0.05 | 123.4 | 25% |" in lines
    assert "| sessions | greeting | handoff | question |" in lines
    assert "| 1 | 100 / 200 | – | 400 / 800 |" in lines
    assert "| 10 | 100 / 200 | – | 400 / 800 |" in lines
    assert "| rasa | 800 | 900 | 950 |" in lines
    assert "| **all** | 1490 | 1700 | 1780 |" in lines
    assert "Profile" not in "\n".join(lines)


def test_render_lists_errors_by_outcome():
    lines = render(load_results(errors={"502": 3, "ReadTimeout": 1})).splitlines()
    assert "| 10 | 1000 | 4 (502: 3, ReadTimeout: 1) | 12.3 | 300 | 600 | 900 | 99 | 0.5 → 1.5 |" in lines


def test_render_profile():
    markdown = render(load_results(profile=True))
    assert "Profile (py-spy, share of non-idle samples):" in markdown
    assert "- **actions** (500 busy samples) self time by package: torch 60%, faiss 10%" in markdown
