"""Keep residents' words out of Rasa's logs.

Rasa's structured logs carry message texts, parse data and events under known keys
(``text``, ``user_message``, ``parse_data_text`` …) and pass them through an
"anonymizer" that does nothing unless a plugin supplies a pipeline. We replace it with
one that puts a placeholder in place of every such value, so an error in Rasa logs what
happened and where, never what the resident wrote (already redacted at the API, but
still theirs).
"""

from __future__ import annotations

from typing import Any

__all__ = ["HIDDEN", "MESSAGE_KEYS", "hide", "hide_message_texts"]

HIDDEN = "[hidden]"
MESSAGE_KEYS = frozenset(
    {
        # The keys Rasa 3.6 itself treats as personal (rasa.utils.log_utils._anonymizer) …
        "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
        "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
        "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
        "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
        "json_message",
        # … and others that hold conversation content.
        "metadata", "parse_data", "tracker", "events",
    }
)  # fmt: skip
"""Structured-log keys whose values are hidden."""


def hide(_logger: Any, _method: str, event_dict: dict[str, Any]) -> dict[str, Any]:
    """A structlog processor: every value under :data:`MESSAGE_KEYS` becomes :data:`HIDDEN`."""
    for key in MESSAGE_KEYS & event_dict.keys():
        event_dict[key] = HIDDEN
    return event_dict


def hide_message_texts() -> bool:
    """Make Rasa's logging set-up use :func:`hide` (call before Rasa configures logging).

    Returns:
        Whether it is in place (``False`` if this Rasa has no anonymizer hook to replace).
    """
    from rasa.utils import log_utils

    if not hasattr(log_utils, "_anonymizer"):
        return False
    log_utils._anonymizer = hide
    return True
