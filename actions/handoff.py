"""``action_handoff``: the right phone line, open now or next opening, and a ticket for the operator."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import NenkinAction
from actions.conversation import transcript
from actions.payload import turn_payload
from actions.services import Services
from actions.slots import SLOT_HANDOFF_OFFERED, SLOT_LAST_FAQ, SLOT_LAST_TOPIC, SLOT_MISSES
from knowledge.contact.handoff import describe_handoff, format_moment
from knowledge.store.records import TranscriptLine, create_ticket, record_event

__all__ = ["ActionHandoff", "hand_off"]


def _answered_line(tracker: Tracker, services: Services) -> str | None:
    """The ``handoff_line`` of the entry answered last in this conversation, if it names one."""
    faq_id = tracker.get_slot(SLOT_LAST_FAQ)
    try:
        return services.knowledge.entry(faq_id).handoff_line if faq_id else None
    except KeyError:  # the entry was removed by a knowledge reload
        return None


def hand_off(
    dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
) -> list[dict[str, Any]]:
    """Create the ticket and tell the resident where to call (shared with affirm/deny handling)."""
    knowledge = services.knowledge
    messages = knowledge.messages
    topic = tracker.get_slot(SLOT_LAST_TOPIC)
    info = describe_handoff(knowledge, topic, language, services.clock(), line_id=_answered_line(tracker, services))
    lines = [messages.get("handoff", language, line_name=info.name, phone=info.phone, hours=info.hours)]
    for when, phone in info.alternatives:
        lines.append(messages.get("handoff_alt_phone", language, when=when, phone=phone))
    if info.open_now:
        lines.append(messages.get("handoff_open_now", language, closes=f"{info.closes_at:%H:%M}"))
    elif info.next_open is not None:
        lines.append(messages.get("handoff_closed_now", language, next_open=format_moment(info.next_open, language)))
    if info.interpreter:
        lines.append(messages.get("interpreter", language))
    history = [*transcript(tracker), *(TranscriptLine("bot", line) for line in lines)]
    reference = create_ticket(
        services.engine,
        session_id=tracker.sender_id,
        language=language,
        topic=topic,
        line_id=info.line.id,
        transcript=history,
        now=services.clock(),
    )
    lines.append(messages.get("handoff_reference", language, reference=reference))
    dispatcher.utter_message(text="\n".join(lines))
    dispatcher.utter_message(json_message=turn_payload(language, handoff=(info, reference)))
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
