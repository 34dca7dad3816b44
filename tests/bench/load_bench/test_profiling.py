from bootstrap import ROOT
from load_bench.profiling import IDLE_LEAVES, _package_of, summarize_stacks

COLLAPSED = f"""\
process 1;thread 1;main (api/serve.py:10);run_forever (asyncio/base_events.py:600);select (selectors.py:469) 80
process 1;thread 2;handle (actions/answer_faq.py:40);search ({ROOT}/knowledge/retrieval/search.py:90);\
forward (/x/site-packages/torch/nn/module.py:1500) 30
process 1;thread 2;handle (actions/answer_faq.py:40);search ({ROOT}/knowledge/retrieval/search.py:90) 10
process 1;thread 3;json_dumps (json/encoder.py:200) 10
not a stack line
"""


def test_idle_samples_are_left_out_of_the_shares():
    summary = summarize_stacks(COLLAPSED, top=10)
    assert summary["samples"] == 50
    assert summary["idle_samples"] == 80
    assert any("select (" in leaf for leaf in IDLE_LEAVES)


def test_inclusive_and_self_shares_per_frame():
    summary = summarize_stacks(COLLAPSED, top=10)
    inclusive = dict(summary["inclusive"])
    own = dict(summary["self"])
    assert inclusive["handle (actions/answer_faq.py:40)"] == 0.8
    assert own["forward (/x/site-packages/torch/nn/module.py:1500)"] == 0.6
    assert own[f"search ({ROOT}/knowledge/retrieval/search.py:90)"] == 0.2
    assert summary["self"][0][1] >= summary["self"][-1][1]


def test_self_share_by_package():
    assert dict(summarize_stacks(COLLAPSED, top=10)["self_by_package"]) == {"torch": 0.6, "knowledge": 0.2, "json": 0.2}


def test_top_limits_every_list():
    summary = summarize_stacks(COLLAPSED, top=1)
    assert len(summary["inclusive"]) == len(summary["self"]) == len(summary["self_by_package"]) == 1


def test_only_idle_samples_give_empty_shares():
    summary = summarize_stacks("process 1;thread 1;wait (threading.py:320) 5\n", top=5)
    assert summary == {"samples": 0, "idle_samples": 5, "inclusive": [], "self": [], "self_by_package": []}


def test_package_of_a_frame():
    assert _package_of("forward (/venv/lib/python3.10/site-packages/torch/nn/module.py:1500)") == "torch"
    assert _package_of(f"search ({ROOT}/knowledge/retrieval/search.py:90)") == "knowledge"
    assert _package_of("select (selectors.py:469)") == "selectors"
