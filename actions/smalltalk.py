"""Greeting, goodbye, thanks, "are you a bot?" and out-of-scope replies."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.base import NenkinAction, say
from actions.payload import turn_payload
from actions.services import Services
from knowledge.store.records import record_event

__all__ = ["ActionBotChallenge", "ActionGoodbye", "ActionGreet", "ActionOutOfScope", "ActionYouAreWelcome"]


class _MessageAction(NenkinAction):
    """Says fixed messages from ``messages.yml`` (abstract: subclasses name the messages)."""

    messages: tuple[str, ...] = ()
    event_kind = "smalltalk"

    def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
    ) -> list[dict[str, Any]]:
        for key in self.messages:
            say(dispatcher, services, key, language)
        dispatcher.utter_message(json_message=turn_payload(language))
        record_event(services.engine, session_id=tracker.sender_id, kind=self.event_kind, language=language)
        return []


class ActionGreet(_MessageAction):
    """Greet and warn against typing personal numbers."""

    messages = ("greeting", "personal_data_notice")

    def name(self) -> str:
        """``action_greet``."""
        return "action_greet"


class ActionGoodbye(_MessageAction):
    """Say goodbye."""

    messages = ("goodbye",)

    def name(self) -> str:
        """``action_goodbye``."""
        return "action_goodbye"


class ActionYouAreWelcome(_MessageAction):
    """Answer thanks."""

    messages = ("you_are_welcome",)

    def name(self) -> str:
        """``action_you_are_welcome``."""
        return "action_you_are_welcome"


class ActionBotChallenge(_MessageAction):
    """Say that this is an automated assistant."""

    messages = ("bot_challenge",)

    def name(self) -> str:
        """``action_bot_challenge``."""
        return "action_bot_challenge"


class ActionOutOfScope(_MessageAction):
    """Say that only pension questions are answered."""

    messages = ("out_of_scope",)
    event_kind = "none"

    def name(self) -> str:
        """``action_out_of_scope``."""
        return "action_out_of_scope"
