"""Reading the tracker: the resident's language, text, session and transcript."""

from __future__ import annotations

from rasa_sdk import Tracker

from knowledge.langid import detect_language
from knowledge.redaction import redact
from knowledge.schema import LANGUAGES
from knowledge.store.records import TranscriptLine

__all__ = ["SLOT_LANGUAGE", "language_of", "latest_text", "transcript"]

SLOT_LANGUAGE = "language"


def latest_text(tracker: Tracker) -> str:
    """The resident's latest message, redacted."""
    return redact(tracker.latest_message.get("text") or "").text


def language_of(tracker: Tracker) -> str:
    """The language to reply in.

    An explicit choice (message metadata ``language``, e.g. from the website's
    language menu) wins; otherwise the latest message is detected, with the
    session's language as prior for messages that carry no evidence.
    """
    metadata = tracker.latest_message.get("metadata") or {}
    chosen = metadata.get("language")
    if chosen in LANGUAGES:
        return chosen
    prior = tracker.get_slot(SLOT_LANGUAGE)
    text = tracker.latest_message.get("text") or ""
    if text.startswith("/"):  # a button payload says nothing about the language
        return prior if prior in LANGUAGES else "ja"
    return detect_language(text, prior=prior if prior in LANGUAGES else None).language


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
