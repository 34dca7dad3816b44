"""Turn Rasa REST replies into the public chat response (pure; no FastAPI, no HTTP)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["merge_replies"]


def _buttons(raw: Any) -> list[dict[str, str]]:
    if not isinstance(raw, list):
        return []
    return [
        {"title": str(button.get("title", "")), "payload": str(button.get("payload", ""))}
        for button in raw
        if isinstance(button, dict) and button.get("title") and button.get("payload")
    ]


def merge_replies(replies: Sequence[dict[str, Any]], *, fallback_language: str) -> dict[str, Any] | None:
    """Merge the bot messages of one turn into the chat response body (without ``session_id``).

    Text messages become ``messages`` (with their buttons); our actions' custom
    ``json_message`` payloads give ``language``, ``answer``, ``suggestions`` and
    ``handoff`` (later payloads win for non-empty fields).

    Args:
        replies: The list Rasa's REST webhook returned.
        fallback_language: The language when no payload names one.

    Returns:
        The merged body, or ``None`` when no action of ours ran (no custom
        payload: the action server did not answer).
    """
    merged: dict[str, Any] = {
        "language": fallback_language,
        "messages": [],
        "answer": None,
        "suggestions": [],
        "handoff": None,
    }
    seen_payload = False
    for reply in replies:
        if not isinstance(reply, dict):
            continue
        text = reply.get("text")
        buttons = _buttons(reply.get("buttons"))
        if isinstance(text, str) and text:
            merged["messages"].append({"text": text, "buttons": buttons})
        elif buttons and merged["messages"]:
            merged["messages"][-1]["buttons"].extend(buttons)
        custom = reply.get("custom")
        if isinstance(custom, dict):
            seen_payload = True
            merged["language"] = custom.get("language") or merged["language"]
            for field in ("answer", "handoff"):
                if custom.get(field):
                    merged[field] = custom[field]
            if custom.get("suggestions"):
                merged["suggestions"] = list(custom["suggestions"])
    return merged if seen_payload else None
