"""A resident's message as it enters the system: redacted once, language-detected once.

:func:`prepare_incoming` is the one place where a message's text is redacted and
its language detected. The web API calls it for every chat message; the result
travels with the message to Rasa as metadata (:meth:`Incoming.metadata`), is
stored with the user event in the tracker, and the NLU component and the actions
read it back (:meth:`Incoming.from_metadata`) instead of detecting or redacting
again. The language to *reply* in also depends on the session (an explicit choice,
the language so far): that is :func:`knowledge.text.langid.with_session_language`
applied to this detection, not a second detection.

Button payloads (``/choose_faq{"faq_id": "…"}``) carry no language evidence: their
detection is ``None`` and the session's language holds.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.languages import LANGUAGES
from knowledge.text.langid import Detection, detect_language
from knowledge.text.numbers import MASKED
from knowledge.text.redaction import contains_personal_number, redact

__all__ = ["METADATA_KEY", "Incoming", "prepare_incoming", "stored_session_id"]

METADATA_KEY = "nenkin"
"""Key of the prepared message in the metadata Rasa stores with each user message."""

_MAX_REASON = 120


@dataclass(frozen=True)
class Incoming:
    """A prepared message.

    Attributes:
        text: The text with personal numbers masked: the only form stored or searched.
        redacted: Kinds of personal data that were masked (empty when none).
        detection: The language of the text alone, or ``None`` for a button payload.
    """

    text: str
    redacted: tuple[str, ...]
    detection: Detection | None

    @property
    def is_payload(self) -> bool:
        """Whether the message is a button payload (an intent with entities) rather than typed text."""
        return self.detection is None

    def metadata(self) -> dict[str, Any]:
        """The JSON-serialisable form that travels with the message (under :data:`METADATA_KEY`)."""
        detected = None
        if self.detection is not None:
            detected = {
                "language": self.detection.language,
                "confidence": round(self.detection.confidence, 4),
                "reason": self.detection.reason,
                "kana": self.detection.kana,
            }
        return {"redacted": list(self.redacted), "detected": detected}

    @classmethod
    def from_metadata(cls, text: str, metadata: Mapping[str, Any] | None) -> Incoming | None:
        """The prepared message stored with ``text``, or ``None`` if ``metadata`` holds none (or a malformed one).

        Args:
            text: The (already redacted) text the metadata belongs to.
            metadata: A user message's metadata (the value under :data:`METADATA_KEY` is read).
        """
        prepared = (metadata or {}).get(METADATA_KEY)
        if not isinstance(prepared, Mapping):
            return None
        redacted = prepared.get("redacted")
        if not isinstance(redacted, list) or not all(isinstance(kind, str) for kind in redacted):
            return None
        detected = prepared.get("detected")
        if detected is None:
            return cls(text, tuple(redacted), None)
        if not isinstance(detected, Mapping):
            return None
        language, confidence = detected.get("language"), detected.get("confidence")
        reason, kana = detected.get("reason"), detected.get("kana")
        if (
            language not in LANGUAGES
            or not isinstance(confidence, (int, float))
            or not isinstance(reason, str)
            or not isinstance(kana, bool)
        ):
            return None
        detection = Detection(language, float(confidence), reason[:_MAX_REASON], kana)
        return cls(text, tuple(redacted), detection)


def prepare_incoming(text: str) -> Incoming:
    """Redact ``text`` and detect its language (on the redacted text, placeholders left out).

    Args:
        text: The message exactly as the resident sent it.
    """
    redaction = redact(text)
    if redaction.text.startswith("/"):
        return Incoming(redaction.text, redaction.found, None)
    detection = detect_language(MASKED.sub(" ", redaction.text))
    return Incoming(redaction.text, redaction.found, detection)


def stored_session_id(session_id: str, secret: str) -> str:
    """The id a session is known by everywhere behind the edge (Rasa's tracker, tickets, events).

    A client's own id is kept unless it holds a personal number (a resident, or a client
    program, may use a phone or pension number as the conversation id); such an id is
    replaced by a keyed hash, the same for every message of the session and on every
    replica sharing ``secret``, that reveals nothing of the number.

    Args:
        session_id: The id the client sent (1–64 of ``[A-Za-z0-9_-]``).
        secret: A server secret (the internal token); the hash cannot be reversed without it.
    """
    if not contains_personal_number(session_id, fragments=False):
        return session_id
    digest = hmac.new(secret.encode(), session_id.encode(), hashlib.sha256).hexdigest()
    return f"h-{digest[:40]}"
