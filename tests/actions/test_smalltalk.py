import pytest

from actions.smalltalk import ActionBotChallenge, ActionGoodbye, ActionGreet, ActionOutOfScope, ActionYouAreWelcome
from tests.actions.conftest import payloads, run, slots, tracker


@pytest.mark.parametrize(
    ("action", "keys"),
    [
        (ActionGreet(), ["greeting", "personal_data_notice"]),
        (ActionGoodbye(), ["goodbye"]),
        (ActionYouAreWelcome(), ["you_are_welcome"]),
        (ActionBotChallenge(), ["bot_challenge"]),
        (ActionOutOfScope(), ["out_of_scope"]),
    ],
)
def test_replies_in_the_detected_language(services, action, keys):
    messages, events = run(action, tracker("xin chào bạn", "greet"))
    assert [m["text"] for m in messages if m.get("text")] == [f"vi:{key}" for key in keys]
    assert payloads(messages) == [{"language": "vi", "answer": None, "suggestions": [], "handoff": None}]
    assert slots(events) == {"language": "vi"}


def test_session_language_carries_over_an_ambiguous_message(services):
    messages, _ = run(ActionYouAreWelcome(), tracker("ok", "thank", slots={"language": "tl"}))
    assert messages[0]["text"] == "tl:you_are_welcome"


def test_action_names_match_the_domain():
    import yaml

    from tests.conftest import PROJECT_ROOT

    domain = yaml.safe_load((PROJECT_ROOT / "bot" / "domain.yml").read_text(encoding="utf-8"))
    from rasa_sdk.executor import ActionExecutor

    executor = ActionExecutor()
    executor.register_package("actions")
    assert set(executor.actions) == set(domain["actions"])
