"""Shared shape of our actions: resolve services and language, then respond."""

from __future__ import annotations

import abc
import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.conversation import incoming, language_of, language_slots
from actions.payload import turn_payload
from actions.services import Services, get_services
from knowledge.contact.handoff import choose_line
from knowledge.store.database import DatabaseError

__all__ = ["NenkinAction", "say"]

log = logging.getLogger(__name__)


def say(dispatcher: CollectingDispatcher, services: Services, key: str, language: str, **values: Any) -> str:
    """Utter message ``key`` from ``messages.yml`` in ``language``; returns the text."""
    text = services.knowledge.messages.get(key, language, **values)
    dispatcher.utter_message(text=text)
    return text


class NenkinAction(Action, abc.ABC):
    """Base for our actions (abstract, so the SDK does not register it)."""

    @abc.abstractmethod
    def name(self) -> str:
        """The action name used in the domain."""

    @abc.abstractmethod
    def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
    ) -> list[dict[str, Any]]:
        """Utter the reply and return extra events."""

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Resolve language and services, warn about masked personal data, respond, remember the language."""
        services = get_services()
        language = language_of(tracker)
        prepared = incoming(tracker)
        if prepared is not None and prepared.redacted:
            # Personal numbers were masked where the message entered: tell the resident not to send them.
            say(dispatcher, services, "personal_data_notice", language)
        try:
            events = self.respond(dispatcher, tracker, services, language)
        except DatabaseError as exc:
            log.error("%s: %s", self.name(), exc)
            say(dispatcher, services, "error", language, phone=choose_line(services.knowledge, None).phone)
            events = []
        if not any(message.get("custom") for message in dispatcher.messages):
            dispatcher.utter_message(json_message=turn_payload(language))  # the API relies on one per turn
        return [*language_slots(tracker, language), *events]
