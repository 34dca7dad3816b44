"""Reading the tracker: the prepared latest message, the reply language, the transcript.

Messages arrive prepared (redacted, language detected) by
:func:`knowledge.text.incoming.prepare_incoming` where they entered; nothing here
redacts or detects again. The reply language combines that detection with the
session (:func:`knowledge.text.langid.with_session_language`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.slots import SLOT_LANGUAGE, SLOT_LANGUAGE_CHOICE
from knowledge.languages import is_language
from knowledge.store.records import TranscriptLine
from knowledge.text.incoming import METADATA_KEY, Incoming
from knowledge.text.langid import with_session_language

__all__ = [
    "chosen_language",
    "incoming",
    "language_of",
    "language_slots",
    "latest_text",
    "transcript",
]


def latest_text(tracker: Tracker) -> str:
    """The resident's latest message (redacted where it entered)."""
    return tracker.latest_message.get("text") or ""


def incoming(tracker: Tracker) -> Incoming | None:
    """The latest message as prepared where it entered, or ``None`` if it carries no preparation.

    The web API sends the preparation as message metadata; for a message that reached
    Rasa another way (``rasa test``), the NLU component prepared it and put it in the
    parse data.
    """
    parse_data: Mapping[str, Any] = tracker.latest_message or {}
    text = parse_data.get("text") or ""
    prepared = Incoming.from_metadata(text, parse_data.get("metadata"))
    return prepared or Incoming.from_metadata(text, {METADATA_KEY: parse_data.get(METADATA_KEY)})


def _metadata_language(parse_data: Mapping[str, Any] | None) -> str | None:
    metadata = (parse_data or {}).get("metadata") or {}
    language = metadata.get("language")
    return language if is_language(language) else None


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
    if is_language(slot):
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

    An explicit choice (see :func:`chosen_language`) wins for the whole session.
    Otherwise the latest message's detection, with the session's language kept for
    messages that carry no evidence ("ok", "1", a Japanese term quoted in a
    foreign-language session, a button payload).
    """
    chosen = chosen_language(tracker)
    if chosen is not None:
        return chosen
    session = tracker.get_slot(SLOT_LANGUAGE)
    prior = session if is_language(session) else None
    prepared = incoming(tracker)
    if prepared is None or prepared.detection is None:
        return prior or "ja"
    return with_session_language(prepared.detection, prior).language


def language_slots(tracker: Tracker, language: str) -> list[dict[str, Any]]:
    """Events that remember ``language`` (and an explicit choice) for the rest of the session."""
    events = [SlotSet(SLOT_LANGUAGE, language)]
    chosen = chosen_language(tracker)
    if chosen is not None and tracker.get_slot(SLOT_LANGUAGE_CHOICE) != chosen:
        events.append(SlotSet(SLOT_LANGUAGE_CHOICE, chosen))
    return events


def transcript(tracker: Tracker, limit: int = 40) -> list[TranscriptLine]:
    """The last ``limit`` user and bot lines of the conversation (user lines were redacted where they entered)."""
    lines = []
    for event in tracker.events:
        text = event.get("text")
        if not text:
            continue
        if event.get("event") == "user" and not text.startswith("/"):
            lines.append(TranscriptLine("user", text))
        elif event.get("event") == "bot":
            lines.append(TranscriptLine("bot", text))
    return lines[-limit:]
