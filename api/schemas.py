"""Request and response bodies of the API: the public chat contract, the widget's data, the admin API.

The chat contract is what other clients rely on (README, "The web API"); every route declares
its response model and its error responses with these, so ``/openapi.json`` documents them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, Field, StrictStr, validator

from knowledge.languages import LANGUAGES

__all__ = [
    "SESSION_ID_PATTERN",
    "VISIBLE_TEXT_PATTERN",
    "AnalyticsOut",
    "AnswerOut",
    "ButtonOut",
    "CalendarDay",
    "ChatRequest",
    "ChatResponse",
    "DetailOut",
    "ErrorOut",
    "HandoffOut",
    "HandoffsOut",
    "HealthKnowledgeOut",
    "HealthOut",
    "IssueOut",
    "Language",
    "LanguageOut",
    "LanguagesOut",
    "MessageOut",
    "ReloadFailedOut",
    "ReloadJobOut",
    "ReloadOut",
    "ReloadRejectedOut",
    "SuggestionOut",
    "TicketOut",
    "UiTextOut",
]

SESSION_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}(?![\s\S])"
r"""A whole session id: ``(?![\s\S])`` ends the string in both Python and ECMAScript (``$`` would allow a newline)."""
VISIBLE_TEXT_PATTERN = r"^[\s\S]*[^\x00-\x20\x7f]"
"""Some character that is not an ASCII control character or space (anchored, so Python's match and a JSON
Schema search accept the same texts)."""
Language = Literal[LANGUAGES]  # type: ignore[valid-type]  # the one list of codes, as an enum in the schema
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# pydantic v1 needs Optional on Python 3.10: hence `noqa: UP045` below.


def _config(*nullable: str, orm_mode: bool = False) -> type:
    """A model ``Config`` documenting ``nullable`` fields as such in the JSON schema (pydantic v1 does not)."""

    def extra(schema: dict[str, Any], _: type) -> None:
        properties = schema.get("properties", {})
        for name in nullable:
            field = properties[name]
            title = field.pop("title", None)
            properties[name] = {"anyOf": [field, {"type": "null"}], **({"title": title} if title else {})}
        schema["required"] = sorted(set(schema.get("required", [])) | set(nullable))

    return type("Config", (), {"schema_extra": staticmethod(extra), "orm_mode": orm_mode})


class ChatRequest(BaseModel):
    """One message from a resident."""

    session_id: StrictStr = Field(
        ...,
        regex=SESSION_ID_PATTERN,
        description="1–64 of [A-Za-z0-9_-] and nothing else (no trailing newline); one per conversation. An id "
        "that holds a personal number is never stored as it is: the assistant keeps a keyed hash of it instead.",
    )
    message: StrictStr = Field(
        ...,
        min_length=1,
        max_length=1000,
        regex=VISIBLE_TEXT_PATTERN,
        description="What the resident typed (1–1000 characters, at least one that is not an ASCII control "
        "character or space; other control characters are dropped). Text the assistant cannot use (punctuation "
        "only) gets a request to rephrase.",
    )
    language: Optional[Language] = Field(  # noqa: UP045
        None, description="Reply language chosen by the resident; overrides detection for the session."
    )

    class Config:
        """``language`` may be sent as ``null`` (no choice): say so in the schema."""

        @staticmethod
        def schema_extra(schema: dict[str, Any], _: type) -> None:
            """Document ``language`` as one of the codes or null."""
            field = schema["properties"]["language"]
            title, description = field.pop("title", None), field.pop("description", None)
            schema["properties"]["language"] = {
                "anyOf": [field, {"type": "null"}],
                **({"title": title} if title else {}),
                **({"description": description} if description else {}),
            }

    @validator("session_id", "message", "language", pre=True)
    def _unicode(cls, value: object) -> object:  # noqa: N805 (pydantic validators are classmethods)
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(f"must be valid Unicode text (no lone surrogate; position {exc.start})") from None
        return value

    @validator("message")
    def _printable(cls, value: str) -> str:  # noqa: N805
        cleaned = _CONTROL.sub("", value)
        return cleaned.strip() or cleaned  # an ideographic space alone stays: Rasa asks to rephrase


class ButtonOut(BaseModel):
    """A quick reply: show ``title``, send ``payload`` as the next message."""

    title: str
    payload: str


class MessageOut(BaseModel):
    """One bot message."""

    text: str
    buttons: list[ButtonOut] = []


class SourceOut(BaseModel):
    """An official page the answer rests on, in the resident's language."""

    publisher: str
    title: str
    url: str


class AnswerOut(BaseModel):
    """The FAQ entry this turn answered with."""

    faq_id: str
    topic: str
    score: float
    language: Language
    sources: list[SourceOut]


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


class ChatResponse(BaseModel):
    """The bot's turn (every field is always present; ``answer`` and ``handoff`` may be null)."""

    session_id: str
    language: Language
    messages: list[MessageOut]
    answer: Optional[AnswerOut]  # noqa: UP045
    suggestions: list[SuggestionOut]
    handoff: Optional[HandoffOut]  # noqa: UP045

    Config = _config("answer", "handoff")


class ErrorOut(BaseModel):
    """A refusal (413, 429, 503) in the resident's language, with the phone number where useful."""

    error: str
    message: str
    language: Language = "ja"
    phone: Optional[str] = None  # noqa: UP045

    Config = _config("phone")


class DetailOut(BaseModel):
    """A refusal of the admin API (401, 404, 429 …): what went wrong."""

    detail: str


class HealthKnowledgeOut(BaseModel):
    """The knowledge being served."""

    entries: int
    build: Optional[str]  # noqa: UP045

    Config = _config("build")


class HealthOut(BaseModel):
    """Each component's state (``ok`` or what is wrong); ``status`` is ``degraded`` unless all are ok."""

    status: Literal["ok", "degraded"]
    components: dict[str, str]
    knowledge: HealthKnowledgeOut


class LanguageOut(BaseModel):
    """One language the assistant serves."""

    code: Language
    name: str = Field(..., description="The language's name in itself (日本語, English, Tiếng Việt …).")
    dir: Literal["ltr", "rtl"] = Field(..., description="Writing direction.")


class LanguagesOut(BaseModel):
    """The languages the assistant serves, in menu order."""

    default: Language
    languages: list[LanguageOut]


UiTextOut = dict[str, dict[str, str]]
"""Language code → the widget's text key (camelCase, e.g. ``inputLabel``) → text."""


class TranscriptLineOut(BaseModel):
    """One line of a conversation, as stored (redacted)."""

    role: Literal["user", "bot"]
    text: str

    Config = _config(orm_mode=True)  # read from knowledge.store.records.TranscriptLine


class TicketOut(BaseModel):
    """A hand-off ticket as the admin API shows it."""

    reference: str
    created_at: datetime
    language: str
    topic: Optional[str]  # noqa: UP045
    status: Literal["open", "closed"]
    line_id: str
    closed_at: Optional[datetime]  # noqa: UP045
    transcript: list[TranscriptLineOut]

    Config = _config("topic", "closed_at", orm_mode=True)  # read from knowledge.store.records.Ticket


class CalendarDay(date):
    """A query parameter that is a calendar date written ``YYYY-MM-DD`` and nothing else.

    pydantic v1's ``date`` would also take numbers as Unix times, which the schema's ``format: date`` does not allow.
    """

    @classmethod
    def __get_validators__(cls) -> Iterator[Callable[[Any], date]]:
        """Pydantic v1's hook."""
        yield cls._parse

    @classmethod
    def __modify_schema__(cls, schema: dict[str, Any]) -> None:
        """Document it as an RFC 3339 full date."""
        schema.update(type="string", format="date")

    @classmethod
    def _parse(cls, value: Any) -> date:
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            raise ValueError("expected a date written YYYY-MM-DD")
        return date.fromisoformat(value)  # a ValueError names an impossible day ("month must be in 1..12")


class HandoffsOut(BaseModel):
    """One page of the hand-off queue, newest first, and how many tickets match the filters in all."""

    handoffs: list[TicketOut] = Field(..., description="This page: newest first (then by reference).")
    total: int = Field(..., ge=0, description="Tickets matching the filters, on every page.")
    limit: int = Field(..., ge=1, le=200, description="The page size asked for.")
    offset: int = Field(..., ge=0, description="Matching tickets before this page.")


class IssueOut(BaseModel):
    """One finding of the knowledge validator."""

    file: str = Field(..., description="Relative to the project when inside it.")
    line: int
    field: str
    message: str
    severity: Literal["error", "warning"]


class ReloadOut(BaseModel):
    """A successful reload: the new build and the validator's warnings."""

    status: Literal["reloaded"] = "reloaded"
    build: str
    entries: int
    variants: int
    embedded: int
    reused: int
    seconds: float
    warnings: list[IssueOut]


class ReloadRejectedOut(BaseModel):
    """The knowledge files have errors; nothing was rebuilt and the old index keeps serving."""

    status: Literal["rejected"] = "rejected"
    errors: list[IssueOut]


class ReloadFailedOut(BaseModel):
    """The reload did not happen: another one is running (409), or the build failed (a failed job's result)."""

    status: Literal["busy", "failed"]
    detail: str


class ReloadJobOut(BaseModel):
    """A knowledge reload running in the background: poll ``status_url`` until it has succeeded or failed."""

    job_id: str
    status: Literal["queued", "running", "succeeded", "failed"] = Field(
        ..., description="`queued` and `running` change; `succeeded` and `failed` are final."
    )
    status_url: str = Field(..., description="`GET` it for the job's current state (path on this API server).")
    created_at: datetime
    started_at: Optional[datetime]  # noqa: UP045
    finished_at: Optional[datetime]  # noqa: UP045
    result: Optional[Union[ReloadOut, ReloadRejectedOut, ReloadFailedOut]] = Field(  # noqa: UP007, UP045
        ...,
        description="Null until the job is finished; then the new build (`status` `reloaded`), the validator's "
        "errors (`rejected`: nothing was rebuilt) or what failed (`failed`); the old index keeps serving "
        "unless the job succeeded.",
    )

    class Config:
        """The times and ``result`` may be null: say so in the schema."""

        @staticmethod
        def schema_extra(schema: dict[str, Any], model: type) -> None:
            """Nullable times as :func:`_config` does; ``result`` is one of three bodies or null."""
            _config("started_at", "finished_at").schema_extra(schema, model)  # type: ignore[attr-defined]
            result = schema["properties"]["result"]
            result["anyOf"] = [*result["anyOf"], {"type": "null"}]


class PeriodOut(BaseModel):
    """The period the figures cover (ISO 8601 with the zone)."""

    from_: str = Field(..., alias="from")
    to: str
    days: int


class FeedbackRowOut(BaseModel):
    """Votes on one FAQ entry's answers."""

    faq_id: str
    helpful: int
    not_helpful: int


class UnansweredOut(BaseModel):
    """Similar questions the assistant could not answer, counted together (redacted)."""

    text: str
    count: int
    languages: dict[str, int]
    examples: list[str]


class DayOut(BaseModel):
    """One calendar day in Japan time."""

    date: str
    conversations: int
    messages: int
    handoffs: int


class AnalyticsOut(BaseModel):
    """Usage figures (see :func:`knowledge.store.analytics.compute_analytics`)."""

    period: PeriodOut
    conversations: int
    messages: int
    answer_rate: float
    did_you_mean_rate: float
    handoff_rate: float
    deflection_rate: float
    feedback_per_faq: list[FeedbackRowOut]
    top_unanswered: list[UnansweredOut]
    volume_per_language: dict[str, int]
    daily: list[DayOut]
