"""The names of the slots the actions read and set (declared in ``bot/domain.yml``)."""

from __future__ import annotations

__all__ = [
    "SLOTS",
    "SLOT_HANDOFF_OFFERED",
    "SLOT_LANGUAGE",
    "SLOT_LANGUAGE_CHOICE",
    "SLOT_LAST_FAQ",
    "SLOT_LAST_TOPIC",
    "SLOT_MISSES",
]

SLOT_LANGUAGE = "language"
"""The session's language: the explicit choice, else the last detected language."""
SLOT_LANGUAGE_CHOICE = "language_choice"
"""A language the resident named (website menu or API request); it holds for the rest of the session."""
SLOT_LAST_FAQ = "last_faq_id"
"""The entry answered last (feedback and hand-off refer to it)."""
SLOT_LAST_TOPIC = "last_topic"
"""The topic of the last answer or suggestion (picks the hand-off line)."""
SLOT_MISSES = "miss_count"
"""Questions in a row the assistant could not place; the second one offers a person."""
SLOT_HANDOFF_OFFERED = "handoff_offered"
"""Whether the last turn offered a person (a following yes/no answers that offer)."""

SLOTS: tuple[str, ...] = (
    SLOT_LANGUAGE,
    SLOT_LANGUAGE_CHOICE,
    SLOT_LAST_FAQ,
    SLOT_LAST_TOPIC,
    SLOT_MISSES,
    SLOT_HANDOFF_OFFERED,
)
"""Every slot above; a test checks that the domain declares exactly these."""
