"""``action_feedback`` (helpful / not helpful buttons) and ``action_affirm_deny`` (typed yes / no)."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.answer_faq import suggest
from actions.base import NenkinAction, say
from actions.handoff import hand_off
from actions.payload import turn_payload
from actions.services import Services
from actions.slots import SLOT_HANDOFF_OFFERED, SLOT_LAST_FAQ
from knowledge.store.records import record_event, record_feedback

__all__ = ["ActionAffirmDeny", "ActionFeedback", "give_feedback"]

log = logging.getLogger(__name__)


def _previous_question(tracker: Tracker) -> str | None:
    """The last typed user message before the current one."""
    for event in reversed(tracker.events[:-1]):
        text = event.get("text") or ""
        if event.get("event") == "user" and text and not text.startswith("/"):
            return text
    return None


def _known_entry(services: Services, faq_id: object) -> str | None:
    """``faq_id`` if the loaded knowledge has that entry (a button payload may name anything)."""
    if not isinstance(faq_id, str):
        return None
    try:
        return services.knowledge.entry(faq_id).id
    except KeyError:
        return None


def _store_vote(tracker: Tracker, services: Services, language: str, faq_id: object, helpful: bool) -> None:
    """Store the vote and its event if ``faq_id`` names a known entry; anything else is not stored."""
    known = _known_entry(services, faq_id)
    if known is None:
        log.warning("feedback for an unknown FAQ entry not stored")  # the id may hold what a resident typed
        return
    try:
        record_feedback(services.engine, session_id=tracker.sender_id, faq_id=known, helpful=helpful, language=language)
        record_event(
            services.engine,
            session_id=tracker.sender_id,
            kind="feedback",
            language=language,
            faq_id=known,
            score=1.0 if helpful else 0.0,
        )
    except ValueError as exc:
        log.error("feedback not stored: %s", exc)


def give_feedback(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    services: Services,
    language: str,
    faq_id: object,
    helpful: bool,
) -> list[dict[str, Any]]:
    """Store the vote (for a known entry only); on "not helpful" offer other entries and a person.

    The reply is the same whether or not the vote was stored.
    """
    _store_vote(tracker, services, language, faq_id, helpful)
    if helpful:
        say(dispatcher, services, "feedback_thanks", language)
        dispatcher.utter_message(json_message=turn_payload(language))
        return []
    question = _previous_question(tracker)
    hits = []
    if question:
        found = services.searcher.search(question, services.settings.max_suggestions + 1, language=language)
        hits = [h for h in found if h.faq_id != faq_id][: services.settings.max_suggestions]
    suggest(dispatcher, services, hits, language, "feedback_sorry")
    messages = services.knowledge.messages
    dispatcher.utter_message(
        buttons=[{"title": messages.get("button_talk_to_person", language), "payload": "/request_human"}]
    )
    return []


class ActionFeedback(NenkinAction):
    """Records a "Did this help?" button press."""

    def name(self) -> str:
        """``action_feedback``."""
        return "action_feedback"

    def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
    ) -> list[dict[str, Any]]:
        """Vote for the entry named in the button payload (else the last answered entry)."""
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        faq_id = next(tracker.get_latest_entity_values("faq_id"), None) or tracker.get_slot(SLOT_LAST_FAQ)
        if not faq_id:
            say(dispatcher, services, "you_are_welcome", language)
            return []
        return give_feedback(dispatcher, tracker, services, language, faq_id, intent == "feedback_helpful")


class ActionAffirmDeny(NenkinAction):
    """A typed yes/no: accepts an offered hand-off, or rates the last answer."""

    def name(self) -> str:
        """``action_affirm_deny``."""
        return "action_affirm_deny"

    def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
    ) -> list[dict[str, Any]]:
        """Route by what the bot last offered."""
        affirmed = (tracker.latest_message.get("intent") or {}).get("name") == "affirm"
        if tracker.get_slot(SLOT_HANDOFF_OFFERED) and affirmed:
            return hand_off(dispatcher, tracker, services, language)
        last_faq = tracker.get_slot(SLOT_LAST_FAQ)
        if last_faq:
            return give_feedback(dispatcher, tracker, services, language, last_faq, affirmed)
        say(dispatcher, services, "you_are_welcome" if affirmed else "anything_else", language)
        return []
