"""Choosing the phone line for a hand-off and describing it in the resident's language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from knowledge.contact.hours import line_status
from knowledge.content.schema import ContactLine, KnowledgeBase
from knowledge.languages import in_language

__all__ = ["HandoffInfo", "choose_line", "describe_handoff", "format_moment"]

_WEEKDAYS_JA = "月火水木金土日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class HandoffInfo:
    """Everything a hand-off message and payload need."""

    line: ContactLine
    phone: str
    name: str
    hours: str
    open_now: bool
    closes_at: datetime | None
    next_open: datetime | None
    interpreter: bool
    alternatives: tuple[tuple[str, str], ...] = ()
    """Other numbers of the line as ``(when to use it, phone)``, in the resident's language."""


def choose_line(knowledge: KnowledgeBase, topic: str | None, *, line_id: str | None = None) -> ContactLine:
    """The line for a hand-off: ``line_id`` if it names one, else the one for ``topic``, else the default.

    Args:
        knowledge: Loaded knowledge.
        topic: The conversation's topic, if known.
        line_id: The line the answered FAQ entry names (``handoff_line``), if any.

    Raises:
        LookupError: If ``contacts.yml`` defines no usable line.
    """
    if line_id is not None and line_id in knowledge.contact_lines:
        return knowledge.contact_lines[line_id]
    if topic is not None:
        for line in knowledge.contact_lines.values():
            if topic in line.topics:
                return line
    if knowledge.default_line in knowledge.contact_lines:
        return knowledge.contact_lines[knowledge.default_line]
    raise LookupError("contacts.yml has no default line")


def format_moment(moment: datetime, language: str) -> str:
    """A short local date-time: ``12月7日（月）8:30`` in Japanese, ``Mon 2026-12-07 08:30`` otherwise."""
    if language == "ja":
        return f"{moment.month}月{moment.day}日（{_WEEKDAYS_JA[moment.weekday()]}）{moment.hour}:{moment.minute:02d}"
    return f"{_WEEKDAYS_EN[moment.weekday()]} {moment:%Y-%m-%d %H:%M}"


def describe_handoff(
    knowledge: KnowledgeBase, topic: str | None, language: str, now: datetime, *, line_id: str | None = None
) -> HandoffInfo:
    """Pick the line (see :func:`choose_line`) and say whether it is open at ``now``.

    A resident who needs an interpreter is sent to the interpretation service's line
    (``interpretation.line`` in ``contacts.yml``) when the topic's line has none.

    Args:
        knowledge: Loaded knowledge (contact lines, interpretation service).
        topic: The conversation's topic, if known.
        language: The resident's language.
        now: The current moment (aware).
        line_id: The line the answered FAQ entry names (``handoff_line``), if any.
    """
    line = choose_line(knowledge, topic, line_id=line_id)
    interpretation = knowledge.interpretation or {}
    needs_interpreter = language != "ja" and language in interpretation.get("languages", ())
    interpreting = knowledge.contact_lines.get(str(interpretation.get("line")))
    if needs_interpreter and not line.interpreter and interpreting is not None and interpreting.interpreter:
        # The topic's line speaks only Japanese: send the resident to the line that has interpreters.
        line = interpreting
    status = line_status(line.hours, now, knowledge.timezone)
    interpreter = needs_interpreter and line.interpreter
    return HandoffInfo(
        line=line,
        phone=line.phone,
        name=in_language(line.name, language),
        hours=in_language(line.hours.summary, language),
        open_now=status.open_now,
        closes_at=status.closes_at,
        next_open=status.next_open,
        interpreter=bool(interpreter),
        alternatives=tuple((in_language(alt.when, language), alt.phone) for alt in line.alt_phones),
    )
