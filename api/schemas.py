"""Request and response bodies of the public chat API (the contract other clients rely on)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, Literal, Optional

from pydantic import BaseModel, Field, StrictStr, validator

__all__ = [
    "SESSION_ID_PATTERN",
    "AnswerOut",
    "ButtonOut",
    "ChatRequest",
    "ChatResponse",
    "ErrorOut",
    "HandoffOut",
    "MessageOut",
    "SuggestionOut",
]

SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"
Language = Literal["ja", "en", "zh", "ko", "es", "pt", "vi", "tl", "th", "id", "ne"]
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ChatRequest(BaseModel):
    """One message from a resident."""

    session_id: StrictStr = Field(
        ..., regex=SESSION_ID_PATTERN, description="1–64 of [A-Za-z0-9_-]; one per conversation."
    )
    message: StrictStr = Field(
        ..., min_length=1, max_length=1000, description="What the resident typed (1–1000 chars)."
    )
    language: Optional[Language] = Field(  # noqa: UP045 (pydantic v1 needs Optional on Python 3.10)
        None, description="Reply language chosen by the resident; overrides detection for the session."
    )

    @validator("message")
    def _printable(cls, value: str) -> str:  # noqa: N805 (pydantic validators are classmethods)
        cleaned = _CONTROL.sub("", value).strip()
        if not cleaned:
            raise ValueError("message must contain visible text")
        return cleaned


class ButtonOut(BaseModel):
    """A quick reply: show ``title``, send ``payload`` as the next message."""

    title: str
    payload: str


class MessageOut(BaseModel):
    """One bot message."""

    text: str
    buttons: list[ButtonOut] = []


class AnswerOut(BaseModel):
    """The FAQ entry this turn answered with."""

    faq_id: str
    topic: str
    score: float
    source: str


class SuggestionOut(BaseModel):
    """A did-you-mean choice."""

    faq_id: str
    topic: str
    question: str
    score: float


class HandoffOut(BaseModel):
    """Where to call, and the reference the operator can look up."""

    reference: str
    phone: str
    hours: str
    open_now: bool
    interpreter: bool


def _nullable(*fields: str) -> Callable[[dict[str, Any], type], None]:
    """Mark ``fields`` as nullable in the JSON schema (pydantic v1 leaves ``Optional`` fields non-null)."""

    def extra(schema: dict[str, Any], _: type) -> None:
        properties = schema.get("properties", {})
        for name in fields:
            field = properties[name]
            title = field.pop("title", None)
            properties[name] = {"anyOf": [field, {"type": "null"}], **({"title": title} if title else {})}
        schema["required"] = sorted(set(schema.get("required", [])) | set(fields))

    return extra


class ChatResponse(BaseModel):
    """The bot's turn (every field is always present; ``answer`` and ``handoff`` may be null)."""

    session_id: str
    language: Language
    messages: list[MessageOut]
    answer: Optional[AnswerOut]  # noqa: UP045
    suggestions: list[SuggestionOut]
    handoff: Optional[HandoffOut]  # noqa: UP045

    class Config:
        """Document null-ability in the OpenAPI schema."""

        schema_extra = staticmethod(_nullable("answer", "handoff"))


class ErrorOut(BaseModel):
    """A refusal (413, 429, 503) in the resident's language, with the phone number where useful."""

    error: str
    message: str
    language: Language = "ja"
    phone: Optional[str] = None  # noqa: UP045

    class Config:
        """Document null-ability in the OpenAPI schema."""

        schema_extra = staticmethod(_nullable("phone"))
