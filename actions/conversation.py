"""Reading the tracker: the resident's language, text, session and transcript."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from knowledge.languages import LANGUAGES
from knowledge.store.records import TranscriptLine
from knowledge.text.langid import detect_language
from knowledge.text.redaction import redact

__all__ = [
    "SLOT_LANGUAGE",
    "SLOT_LANGUAGE_CHOICE",
    "chosen_language",
    "language_of",
    "language_slots",
    "latest_text",
    "transcript",
]

SLOT_LANGUAGE = "language"
"""The session's language: the explicit choice, else the last detected language."""
SLOT_LANGUAGE_CHOICE = "language_choice"
"""A language the resident named (website menu or API request); it holds for the rest of the session."""


def latest_text(tracker: Tracker) -> str:
    """The resident's latest message, redacted."""
    return redact(tracker.latest_message.get("text") or "").text


def _metadata_language(parse_data: dict[str, Any] | None) -> str | None:
    metadata = (parse_data or {}).get("metadata") or {}
    language = metadata.get("language")
    return language if language in LANGUAGES else None


def chosen_language(tracker: Tracker) -> str | None:
    """The language the resident explicitly chose for this session, if any.

    The latest message's metadata ``language`` (the website's language menu, or
    ``language`` in an API request) wins; then the ``language_choice`` slot;
    then the most recent such metadata earlier in the session, so later messages
    sent without it keep the choice.
    """
    latest = _metadata_language(tracker.latest_message)
    if latest is not None:
        return latest
    slot = tracker.get_slot(SLOT_LANGUAGE_CHOICE)
    if slot in LANGUAGES:
        return slot
    for event in reversed(tracker.events):
        if event.get("event") == "session_started":
            break
        if event.get("event") == "user":
            earlier = _metadata_language(event) or _metadata_language(event.get("parse_data"))
            if earlier is not None:
                return earlier
    return None


def language_of(tracker: Tracker) -> str:
    """The language to reply in.

    An explicit choice (see :func:`chosen_language`) wins for the whole
    session. Otherwise the latest message is detected with the session's
    language as prior (the NLU component ran the same detection without it),
    which keeps that language for messages that carry no evidence ("ok", "1",
    a Japanese term quoted in a foreign-language session, a button payload).
    """
    chosen = chosen_language(tracker)
    if chosen is not None:
        return chosen
    session = tracker.get_slot(SLOT_LANGUAGE)
    prior = session if session in LANGUAGES else None
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):  # a button payload says nothing about the language
        return prior or "ja"
    return detect_language(text, prior=prior).language


def language_slots(tracker: Tracker, language: str) -> list[dict[str, Any]]:
    """Events that remember ``language`` (and an explicit choice) for the rest of the session."""
    events = [SlotSet(SLOT_LANGUAGE, language)]
    chosen = chosen_language(tracker)
    if chosen is not None and tracker.get_slot(SLOT_LANGUAGE_CHOICE) != chosen:
        events.append(SlotSet(SLOT_LANGUAGE_CHOICE, chosen))
    return events


def transcript(tracker: Tracker, limit: int = 40) -> list[TranscriptLine]:
    """The last ``limit`` user and bot lines of the conversation, user lines redacted."""
    lines = []
    for event in tracker.events:
        text = event.get("text")
        if not text:
            continue
        if event.get("event") == "user" and not text.startswith("/"):
            lines.append(TranscriptLine("user", redact(text).text))
        elif event.get("event") == "bot":
            lines.append(TranscriptLine("bot", text))
    return lines[-limit:]
