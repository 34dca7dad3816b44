import yaml

from actions.slots import SLOTS
from tests.conftest import PROJECT_ROOT


def test_the_domain_declares_exactly_the_slots_the_actions_use():
    domain = yaml.safe_load((PROJECT_ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    assert set(domain["slots"]) == set(SLOTS)
