"""``{line:…}``, ``{phone:…}``, ``{hours:…}``, ``{name:…}`` and ``{amount:…}`` in FAQ answers.

Answers never type a phone number, opening hours or a per-year amount: they name it, and the
text is filled in from ``contacts.yml`` and ``amounts.yml`` when the answer is shown, so a number
changes in one place. The wording around the values comes from ``messages.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from knowledge.content.fiscal_year import fiscal_year_of
from knowledge.content.schema import ContactLine, KnowledgeBase, Office, Source
from knowledge.languages import group_digits, in_language

__all__ = ["Placeholder", "cite", "find_placeholders", "placeholder_problems", "render_answer"]

_PLACEHOLDER = re.compile(r"\{(?P<kind>[a-z_]+):(?P<target>[a-z0-9_-]+)(?::(?P<variant>[a-z_]+)|@(?P<year>\d{4}))?\}")
_BRACED = re.compile(r"\{[^{}]*\}")
_LINE_KINDS = ("line", "name", "phone", "hours")
_PHONE_VARIANTS = ("abroad", "ip_phone", "other")


@dataclass(frozen=True)
class Placeholder:
    """One placeholder as written: ``{phone:nenkin_dial:abroad}`` or ``{amount:ID@2025}``."""

    text: str
    kind: str
    target: str
    variant: str | None = None
    year: int | None = None


def _placeholder(match: re.Match[str]) -> Placeholder:
    year = match["year"]
    return Placeholder(match[0], match["kind"], match["target"], match["variant"], int(year) if year else None)


def find_placeholders(text: str) -> list[Placeholder]:
    """Every well-formed placeholder in ``text``, in order."""
    return [_placeholder(match) for match in _PLACEHOLDER.finditer(text)]


def placeholder_problems(text: str, knowledge: KnowledgeBase) -> list[str]:
    """What is wrong with the placeholders in ``text`` (unknown kinds, lines, amounts or years)."""
    problems = []
    for braced in _BRACED.findall(text):
        if not _PLACEHOLDER.fullmatch(braced):
            problems.append(f"{braced} is not a placeholder; write e.g. {{line:nenkin_dial}} or {{amount:ID}}")
    for placeholder in find_placeholders(text):
        problem = _problem(placeholder, knowledge)
        if problem:
            problems.append(f"{placeholder.text}: {problem}")
    return problems


def _problem(placeholder: Placeholder, knowledge: KnowledgeBase) -> str | None:
    if placeholder.kind == "amount":
        amount = knowledge.amounts.get(placeholder.target)
        if amount is None:
            return f"no amount {placeholder.target!r} in amounts.yml ({', '.join(sorted(knowledge.amounts)) or 'none'})"
        if placeholder.variant is not None:
            return "an amount takes a year as @2026, not a :variant"
        if placeholder.year is not None and placeholder.year not in amount.by_fiscal_year:
            return f"amounts.yml has no FY{placeholder.year} value for {placeholder.target!r}"
        return None
    if placeholder.kind not in _LINE_KINDS:
        return f"unknown kind {placeholder.kind!r}; expected line, name, phone, hours or amount"
    if placeholder.year is not None:
        return "only amounts take a year"
    line = knowledge.contact_lines.get(placeholder.target)
    office = knowledge.offices.get(placeholder.target)
    if line is None and office is None:
        known = ", ".join(sorted([*knowledge.contact_lines, *knowledge.offices]))
        return f"no contact line or office {placeholder.target!r} in contacts.yml ({known})"
    if office is not None and placeholder.kind not in ("line", "name"):
        return f"{placeholder.target!r} is an office with many branches: use {{line:{placeholder.target}}}"
    if placeholder.variant is not None:
        if placeholder.kind != "phone":
            return "only phone takes a variant (:abroad, :ip_phone)"
        if line is not None and line.phone_for(placeholder.variant) is None:
            return f"line {placeholder.target!r} has no {placeholder.variant!r} number in contacts.yml"
    return None


def render_answer(text: str, knowledge: KnowledgeBase, language: str, today: date) -> str:
    """``text`` with every placeholder replaced by its value in ``language`` as of ``today``.

    Raises:
        KeyError: For a placeholder the validator would have rejected.
    """
    fiscal_year = fiscal_year_of(today)

    return _PLACEHOLDER.sub(lambda match: _render(_placeholder(match), knowledge, language, fiscal_year), text)


def _render(placeholder: Placeholder, knowledge: KnowledgeBase, language: str, fiscal_year: int) -> str:
    messages = knowledge.messages
    if placeholder.kind == "amount":
        amount = knowledge.amounts[placeholder.target]
        number, year = amount.for_year(placeholder.year or fiscal_year)
        if year is None:
            return messages.get("amount_fixed", language, value=group_digits(number, language))
        return messages.get("amount_in_year", language, value=group_digits(number, language), year=year)
    office = knowledge.offices.get(placeholder.target)
    if office is not None:
        return (
            _office(office, knowledge, language) if placeholder.kind == "line" else in_language(office.name, language)
        )
    line = knowledge.contact_lines[placeholder.target]
    if placeholder.kind == "name":
        return in_language(line.name, language)
    if placeholder.kind == "hours":
        return in_language(line.hours.summary, language)
    if placeholder.kind == "phone":
        if placeholder.variant is None:
            return line.phone
        phone = line.phone_for(placeholder.variant)
        if phone is None:
            raise KeyError(f"line {line.id!r} has no {placeholder.variant!r} number")
        return phone
    return _line(line, knowledge, language)


def _line(line: ContactLine, knowledge: KnowledgeBase, language: str) -> str:
    messages = knowledge.messages
    alternatives = "".join(
        messages.get("line_alternative", language, when=in_language(alt.when, language), phone=alt.phone)
        for alt in line.alt_phones
    )
    return messages.get(
        "line_text",
        language,
        name=in_language(line.name, language),
        phone=line.phone,
        alternatives=alternatives,
        hours=in_language(line.hours.summary, language),
    )


def _office(office: Office, knowledge: KnowledgeBase, language: str) -> str:
    return knowledge.messages.get(
        "office_text",
        language,
        name=in_language(office.name, language),
        note=in_language(office.note, language),
        citation=cite(office.directory, knowledge, language),
    )


def cite(source: Source, knowledge: KnowledgeBase, language: str) -> str:
    """One source as residents see it: ``日本年金機構「title」 https://…``."""
    return knowledge.messages.get(
        "source_citation",
        language,
        publisher=in_language(source.publisher, language),
        title=in_language(source.title, language),
        url=source.url,
    )
