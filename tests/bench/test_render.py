import json

import pytest
import render
from report import load, retrieval

from tests.bench.samples import load_results, retrieval_results


def test_renderer_is_chosen_by_the_results_content():
    assert render.renderer_for(retrieval_results()) is retrieval.render
    assert render.renderer_for(load_results()) is load.render


def test_unknown_results_are_refused_with_what_was_expected():
    with pytest.raises(ValueError, match=r"expected one of: retrieval \(has 'query_latency'\), load \(has 'levels'\)"):
        render.renderer_for({"results": []})


def test_main_prints_the_markdown_of_a_file(tmp_path, capsys):
    path = tmp_path / "load.json"
    path.write_text(json.dumps(load_results()), encoding="utf-8")
    assert render.main([str(path)]) == 0
    assert capsys.readouterr().out == load.render(load_results())


def test_main_names_the_file_it_cannot_render(tmp_path, capsys):
    path = tmp_path / "other.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(SystemExit):
        render.main([str(path)])
    assert f"{path}: not a result of a known benchmark" in capsys.readouterr().err
