"""The REST channel, redacting personal numbers before the message reaches Rasa's tracker store."""

from __future__ import annotations

from rasa.core.channels.rest import RestInput
from sanic.request import Request

from knowledge.text.redaction import redact

__all__ = ["RedactingRestInput"]


class RedactingRestInput(RestInput):
    """Like ``rest`` (same webhook, ``/webhooks/rest/webhook``), but stores only redacted text."""

    @classmethod
    def name(cls) -> str:
        """Keeps the standard REST webhook path."""
        return "rest"

    def _extract_message(self, req: Request) -> str | None:
        message = super()._extract_message(req)
        return redact(message).text if isinstance(message, str) else message
