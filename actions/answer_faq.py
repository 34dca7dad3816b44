"""``action_answer_faq``: vector search, then answer, did-you-mean, or ask again / offer a person."""

from __future__ import annotations

import json
from typing import Any
from zoneinfo import ZoneInfo

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.base import NenkinAction, say
from actions.conversation import latest_text
from actions.payload import turn_payload
from actions.services import Services
from actions.slots import SLOT_HANDOFF_OFFERED, SLOT_LAST_FAQ, SLOT_LAST_TOPIC, SLOT_MISSES
from knowledge.content.answers import show_answer
from knowledge.retrieval.search import Hit, Tier
from knowledge.store.records import record_event

__all__ = ["INTENT_TOPICS", "ActionAnswerFaq", "answer_entry", "suggest"]

INTENT_TOPICS: dict[str, frozenset[str]] = {
    "ask_exemption": frozenset({"exemption", "student_payment_special", "payment_postponement", "additional_payment"}),
    "ask_deferral": frozenset({"deferred_pension", "employer_premium_deferral", "payment_postponement"}),
    "ask_e_filing": frozenset({"e_filing"}),
    "ask_nenkin_net": frozenset({"nenkin_net"}),
}
"""Topic intents narrow the search: hits in these topics are preferred."""
TOPIC_PREFERENCE = 0.02
"""Bonus on the search's ranking score for hits in the topics of a confidently classified topic intent."""


def _button(title: str, intent: str, **entities: str) -> dict[str, str]:
    return {
        "title": title,
        "payload": f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}",
    }


def answer_entry(
    dispatcher: CollectingDispatcher, services: Services, faq_id: str, score: float, language: str
) -> list[dict[str, Any]]:
    """Utter one FAQ answer with its source and "Did this help?" buttons."""
    knowledge = services.knowledge
    entry = knowledge.entry(faq_id)
    today = services.clock().astimezone(ZoneInfo(knowledge.timezone)).date()
    shown = show_answer(entry, knowledge, language, today)
    if shown.language != language:
        say(dispatcher, services, "language_fallback", language)
    messages = knowledge.messages
    dispatcher.utter_message(text=f"{shown.text}\n\n{shown.sources_text}")
    dispatcher.utter_message(
        text=messages.get("did_this_help", language),
        buttons=[
            _button(messages.get("button_helpful", language), "feedback_helpful", faq_id=faq_id),
            _button(messages.get("button_not_helpful", language), "feedback_not_helpful", faq_id=faq_id),
        ],
    )
    dispatcher.utter_message(json_message=turn_payload(language, answer=(entry, score, shown)))
    return [SlotSet(SLOT_LAST_FAQ, faq_id), SlotSet(SLOT_LAST_TOPIC, entry.topic), SlotSet(SLOT_MISSES, 0.0)]


def suggest(dispatcher: CollectingDispatcher, services: Services, hits: list[Hit], language: str, key: str) -> None:
    """Utter did-you-mean buttons for ``hits`` under message ``key``."""
    buttons = [_button(hit.question, "choose_faq", faq_id=hit.faq_id) for hit in hits]
    dispatcher.utter_message(text=services.knowledge.messages.get(key, language), buttons=buttons)
    dispatcher.utter_message(json_message=turn_payload(language, suggestions=hits))


def _preferred(hits: list[Hit], topics: frozenset[str] | None) -> list[Hit]:
    if not topics:
        return hits
    return sorted(hits, key=lambda h: h.rank_score + (TOPIC_PREFERENCE if h.topic in topics else 0.0), reverse=True)


_TIER_ORDER = (Tier.NONE, Tier.SUGGEST, Tier.ANSWER)


def _capped(tier: Tier, search_tier: Tier) -> Tier:
    """``tier``, but never more confident than the search's own verdict (e.g. a not-covered subject ranked first)."""
    return min(tier, search_tier, key=_TIER_ORDER.index)


class ActionAnswerFaq(NenkinAction):
    """Answers from the FAQ index in three confidence tiers."""

    def name(self) -> str:
        """``action_answer_faq``."""
        return "action_answer_faq"

    def respond(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
    ) -> list[dict[str, Any]]:
        """Answer a chosen suggestion directly; otherwise search the latest message."""
        chosen = next(tracker.get_latest_entity_values("faq_id"), None)
        session = tracker.sender_id
        if chosen and chosen in {e.id for e in services.knowledge.entries}:
            entry = services.knowledge.entry(chosen)
            record_event(
                services.engine,
                session_id=session,
                kind="answer",
                language=language,
                faq_id=chosen,
                topic=entry.topic,
                score=1.0,
            )
            return answer_entry(dispatcher, services, chosen, 1.0, language)
        text = latest_text(tracker)
        if not any(ch.isalnum() for ch in text):  # punctuation or symbols only: nothing to search for
            return self._missed(dispatcher, tracker, services, language)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        settings = services.settings
        result = services.searcher.query(text, settings.max_suggestions + 2, language=language)
        hits = _preferred(result.hits, INTENT_TOPICS.get(intent))
        best = hits[0] if hits else None
        tier = _capped(services.searcher.thresholds.tier(best.score if best else None), result.tier)
        record_event(
            services.engine,
            session_id=session,
            kind=tier.value,
            language=language,
            faq_id=best.faq_id if best else None,
            topic=best.topic if best else None,
            score=best.score if best else None,
            text=text,
        )
        if tier is Tier.ANSWER:
            return answer_entry(dispatcher, services, best.faq_id, best.score, language)
        if tier is Tier.SUGGEST:
            close = [h for h in hits if h.score >= settings.suggest_threshold][: settings.max_suggestions]
            suggest(dispatcher, services, close, language, "did_you_mean")
            return [SlotSet(SLOT_MISSES, 0.0), SlotSet(SLOT_LAST_TOPIC, best.topic)]
        return self._missed(dispatcher, tracker, services, language)

    @staticmethod
    def _missed(
        dispatcher: CollectingDispatcher, tracker: Tracker, services: Services, language: str
    ) -> list[dict[str, Any]]:
        misses = (tracker.get_slot(SLOT_MISSES) or 0.0) + 1
        if misses < 2:
            say(dispatcher, services, "ask_rephrase", language)
            dispatcher.utter_message(json_message=turn_payload(language))
            return [SlotSet(SLOT_MISSES, misses)]
        messages = services.knowledge.messages
        dispatcher.utter_message(
            text=messages.get("offer_handoff", language),
            buttons=[_button(messages.get("button_talk_to_person", language), "request_human")],
        )
        dispatcher.utter_message(json_message=turn_payload(language))
        return [SlotSet(SLOT_MISSES, misses), SlotSet(SLOT_HANDOFF_OFFERED, True)]
