"""The structured ``json_message`` every turn sends alongside its text, for the web API to pass on."""

from __future__ import annotations

from typing import Any, TypedDict

from knowledge.contact.handoff import HandoffInfo
from knowledge.content.answers import ShownAnswer
from knowledge.content.schema import FaqEntry
from knowledge.retrieval.search import Hit

__all__ = ["AnswerPayload", "HandoffPayload", "SourcePayload", "SuggestionPayload", "TurnPayload", "turn_payload"]


class SourcePayload(TypedDict):
    """One official page the answer rests on, in the resident's language."""

    publisher: str
    title: str
    url: str


class AnswerPayload(TypedDict):
    """The FAQ entry this turn answered with."""

    faq_id: str
    topic: str
    score: float
    language: str
    sources: list[SourcePayload]


class SuggestionPayload(TypedDict):
    """One did-you-mean choice."""

    faq_id: str
    topic: str
    question: str
    score: float


class HandoffPayload(TypedDict):
    """The phone line and ticket of a hand-off."""

    reference: str
    phone: str
    hours: str
    open_now: bool
    interpreter: bool


class TurnPayload(TypedDict):
    """Everything structured about one bot turn."""

    language: str
    answer: AnswerPayload | None
    suggestions: list[SuggestionPayload]
    handoff: HandoffPayload | None


def turn_payload(
    language: str,
    *,
    answer: tuple[FaqEntry, float, ShownAnswer] | None = None,
    suggestions: list[Hit] | None = None,
    handoff: tuple[HandoffInfo, str] | None = None,
) -> dict[str, Any]:
    """Build the payload of one turn.

    Args:
        language: The language the reply is written in.
        answer: The answered entry, its score and the answer as shown.
        suggestions: Did-you-mean hits.
        handoff: The hand-off description and the ticket reference.
    """
    payload: TurnPayload = {
        "language": language,
        "answer": None,
        "suggestions": [
            {"faq_id": h.faq_id, "topic": h.topic, "question": h.question, "score": round(h.score, 4)}
            for h in suggestions or []
        ],
        "handoff": None,
    }
    if answer is not None:
        entry, score, shown = answer
        payload["answer"] = {
            "faq_id": entry.id,
            "topic": entry.topic,
            "score": round(score, 4),
            "language": shown.language,
            "sources": [{"publisher": c.publisher, "title": c.title, "url": c.url} for c in shown.citations],
        }
    if handoff is not None:
        info, reference = handoff
        payload["handoff"] = {
            "reference": reference,
            "phone": info.phone,
            "hours": info.hours,
            "open_now": info.open_now,
            "interpreter": info.interpreter,
        }
    return dict(payload)
