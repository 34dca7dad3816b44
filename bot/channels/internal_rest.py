"""The REST channel only the web API may call: messages arrive already redacted and language-detected.

Same webhook as Rasa's ``rest`` channel (``/webhooks/rest/webhook``), with checks:
the request must carry the internal token (header ``X-Nenkin-Internal-Token``) that
only the web API knows; the sender id must be a session id the API accepts; the
metadata may hold only the resident's explicit ``language`` and the message as
prepared by :func:`knowledge.text.incoming.prepare_incoming`, which it must hold.
Anything else is refused before Rasa sees or stores it.
"""

from __future__ import annotations

import hmac
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.settings import get_bot_settings
from knowledge.languages import is_language
from knowledge.settings import INTERNAL_TOKEN_HEADER
from knowledge.store.limits import MAX_SESSION_ID, is_session_id
from knowledge.text.incoming import METADATA_KEY, Incoming

__all__ = ["InternalRestInput", "refusal"]

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
"""Longest text accepted (the API allows 1,000 characters; masking can lengthen a message)."""
_METADATA_KEYS = frozenset({"language", METADATA_KEY})


def refusal(request: Request, token: str) -> tuple[int, str] | None:
    """Why a webhook request must be refused, as ``(status, reason)``, or ``None`` if it may pass.

    Args:
        request: The incoming request.
        token: The internal token the request must carry (empty: refuse everything).
    """
    if not token or not hmac.compare_digest(request.headers.get(INTERNAL_TOKEN_HEADER, ""), token):
        return 401, "missing or wrong internal token"
    try:
        body = request.json
    except Exception:
        return 400, "body is not JSON"
    if not isinstance(body, dict):
        return 400, "body must be a JSON object"
    sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not is_session_id(sender):
        return 400, f"sender must be 1-{MAX_SESSION_ID} of [A-Za-z0-9_-]"
    if not isinstance(text, str) or not text or len(text) > MAX_MESSAGE_CHARS:
        return 400, f"message must be a string of 1-{MAX_MESSAGE_CHARS} characters"
    if not isinstance(metadata, dict) or not set(metadata) <= _METADATA_KEYS:
        return 400, f"metadata may hold only {sorted(_METADATA_KEYS)}"
    if "language" in metadata and not is_language(metadata["language"]):
        return 400, "metadata.language is not one of our languages"
    if Incoming.from_metadata(text, metadata) is None:
        return 400, f"metadata.{METADATA_KEY} must hold the message as prepared by the web API"
    return None


class InternalRestInput(RestInput):
    """Rasa's REST channel behind the internal token, accepting only messages the web API prepared."""

    @classmethod
    def name(cls) -> str:
        """Keeps the standard REST webhook path."""
        return "rest"

    def __init__(self, token: str | None = None) -> None:
        self.token = get_bot_settings().internal_token if token is None else token
        if not self.token:
            log.error("NENKIN_INTERNAL_TOKEN is not set: the REST channel refuses every message")

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InternalRestInput:
        """The channel with the token from the settings (credentials.yml needs no entries)."""
        return cls()

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        """Rasa's REST routes, with every webhook request checked first."""
        blueprint = super().blueprint(on_new_message)

        @blueprint.middleware("request")
        async def check(request: Request) -> HTTPResponse | None:
            if request.method != "POST":
                return None
            refused = refusal(request, self.token)
            if refused is None:
                return None
            status, reason = refused
            log.warning("REST webhook refused (%d): %s", status, reason)
            return response.json({"error": reason}, status=status)

        return blueprint
