"""``action_handoff``: the right phone line, open now or next opening, and a ticket for the operator."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import NenkinAction
from actions.conversation import transcript
from actions.payload import turn_payload
from actions.services import Services
from actions.slots import SLOT_HANDOFF_OFFERED, SLOT_LAST_FAQ, SLOT_LAST_TOPIC, SLOT_MISSES
from knowledge.contact.handoff import HandoffInfo, describe_handoff, format_moment
from knowledge.content.placeholders import render_answer
from knowledge.store.records import TranscriptLine, record_event, ticket_for_handoff

__all__ = ["ActionHandoff", "hand_off"]

log = logging.getLogger(__name__)


def _answered_line(tracker: Tracker, services: Services) -> str | None:
    """The ``handoff_line`` of the entry answered last in this conversation, if it names one."""
    faq_id = tracker.get_slot(SLOT_LAST_FAQ)
    try:
        return services.knowledge.entry(faq_id).handoff_line if faq_id else None
    except KeyError:  # the entry was removed by a knowledge reload
        return None


def _known_topic(tracker: Tracker, services: Services) -> str | None:
    """The conversation's topic if the loaded knowledge has it (a slot may hold anything a client sent)."""
    topic = tracker.get_slot(SLOT_LAST_TOPIC)
    return topic if isinstance(topic, str) and topic in services.knowledge.topics else None


def _reference(
    tracker: Tracker, services: Services, language: str, topic: str | None, info: HandoffInfo, lines: list[str]
) -> str | None:
    """The ticket to name: a new one, or the session's newest open one once it has its most open tickets.

    ``None`` if the store refuses the conversation's values (then there is no ticket, but still the phone line).
    """
    try:
        ticket = ticket_for_handoff(
            services.engine,
            max_open=services.settings.max_handoffs_per_session,
            session_id=tracker.sender_id,
            language=language,
            topic=topic,
            line_id=info.line.id,
            transcript=[*transcript(tracker), *(TranscriptLine("bot", line) for line in lines)],
            now=services.clock(),
        )
    except ValueError as exc:
        log.error("hand-off without a ticket: %s", exc)
        return None
    if not ticket.created:
        log.info("hand-off cap reached: %s named again", ticket.reference)
    return ticket.reference


def hand_off(
    dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
) -> list[dict[str, Any]]:
    """Tell the resident where to call and give the ticket's reference (shared with affirm/deny handling).

    A session gets at most ``max_handoffs_per_session`` open tickets; past that the reply is the
    same, naming its newest open ticket (see :func:`knowledge.store.records.ticket_for_handoff`).
    """
    knowledge = services.knowledge
    messages = knowledge.messages
    topic = _known_topic(tracker, services)
    line_id = _answered_line(tracker, services)
    info = describe_handoff(knowledge, topic, language, services.clock(), line_id=line_id)
    lines = []
    if line_id in knowledge.offices:
        office = render_answer(f"{{line:{line_id}}}", knowledge, language, services.clock().date())
        lines.append(messages.get("handoff_office", language, office=office))
    lines.append(messages.get("handoff", language, line_name=info.name, phone=info.phone, hours=info.hours))
    for when, phone in info.alternatives:
        lines.append(messages.get("handoff_alt_phone", language, when=when, phone=phone))
    if info.open_now:
        lines.append(messages.get("handoff_open_now", language, closes=f"{info.closes_at:%H:%M}"))
    elif info.next_open is not None:
        lines.append(messages.get("handoff_closed_now", language, next_open=format_moment(info.next_open, language)))
    if info.interpreter:
        lines.append(messages.get("interpreter", language))
    reference = _reference(tracker, services, language, topic, info, lines)
    if reference is not None:
        lines.append(messages.get("handoff_reference", language, reference=reference))
    dispatcher.utter_message(text="\n".join(lines))
    dispatcher.utter_message(json_message=turn_payload(language, handoff=(info, reference) if reference else None))
    if reference is not None:
        record_event(services.engine, session_id=tracker.sender_id, kind="handoff", language=language, topic=topic)
    return [SlotSet(SLOT_MISSES, 0.0), SlotSet(SLOT_HANDOFF_OFFERED, False)]


class ActionHandoff(NenkinAction):
    """Hands the resident off to a phone line."""

    def name(self) -> str:
        """``action_handoff``."""
        return "action_handoff"

    def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
    ) -> list[dict[str, Any]]:
        """See :func:`hand_off`."""
        return hand_off(dispatcher, tracker, services, language)
