"""The shapes of the knowledge: FAQ entries, topics and contact lines.

Plain frozen dataclasses, built by :mod:`knowledge.content.loader` from the YAML files
staff maintain. Nothing here reads files or knows about embeddings.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from functools import cached_property
from pathlib import Path

from knowledge.content.glossary import Glossary
from knowledge.languages import in_language

__all__ = [
    "CANONICAL_ANSWER_LANGUAGE",
    "CORE_TOPICS",
    "NOT_COVERED_TOPIC",
    "REQUIRED_ANSWER_LANGUAGES",
    "REQUIRED_QUESTION_LANGUAGES",
    "REQUIRED_TOPICS",
    "AltPhone",
    "Amount",
    "ContactLine",
    "FaqEntry",
    "KnowledgeBase",
    "Messages",
    "NotCoveredSubject",
    "Office",
    "OpeningHours",
    "Source",
    "Topic",
]


def _index_hash(payload: dict[str, object]) -> str:
    """A short stable hash of what the search index holds for one entry or subject."""
    return hashlib.sha256(json.dumps(payload, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


REQUIRED_QUESTION_LANGUAGES: tuple[str, ...] = ("ja",)
REQUIRED_ANSWER_LANGUAGES: tuple[str, ...] = ("ja", "en")
"""Languages every label, title and name must be written in where it is defined."""

CANONICAL_ANSWER_LANGUAGE = "ja"
"""The language an FAQ file writes each answer in; the other languages are translations of it
(``knowledge/translations/<language>/``, or written inline under ``answer:``)."""

REQUIRED_TOPICS: tuple[str, ...] = (
    "exemption",
    "student_payment_special",
    "payment_postponement",
    "additional_payment",
    "deferred_pension",
    "employer_premium_deferral",
    "e_filing",
    "nenkin_net",
    "premium_payment",
    "enrollment",
    "pension_statement",
    "consultation_booking",
    "tax_documents",
    "benefit_notice",
    "standard_remuneration",
    "foreign_language_support",
    "contact",
    "old_age_claim",
    "disability_pension",
    "survivors_pension",
    "death_procedures",
    "supplementary_benefit",
    "voluntary_enrollment",
    "lump_sum_withdrawal",
    "working_pensioner",
    "pension_division",
    "living_abroad",
)
"""Topic ids the product relies on; ``topics.yml`` must define each (staff may add more)."""

CORE_TOPICS: frozenset[str] = frozenset(REQUIRED_TOPICS[:8])
"""The four core areas (exemptions and their schemes, deferral, e-filing, Nenkin Net) by topic id;
their entries carry question variants in all 11 languages."""


@dataclass(frozen=True)
class Topic:
    """A subject area that FAQ entries belong to."""

    id: str
    label: Mapping[str, str]


@dataclass(frozen=True)
class Source:
    """An official page a resident can open to check an answer.

    Attributes:
        title: The page's title per language (ja and en at least).
        url: An https address on an official site.
        publisher: Who publishes the page, per language (from ``official_sites.yml`` or the entry).
        report: A section of the annual report, kept for staff only.
    """

    title: Mapping[str, str]
    url: str
    publisher: Mapping[str, str]
    report: str | None = None


@dataclass(frozen=True)
class Amount:
    """An amount that answers refer to as ``{amount:ID}`` (``knowledge/amounts.yml``).

    Attributes:
        id: The id answers use.
        label: What the amount is, per language.
        by_fiscal_year: Value per fiscal year (keyed by the year the fiscal year starts in).
        value: The value of an amount that is not revised each year.
        sources: Where the values were checked.
        file: The file the amount came from.
        line: The line where the amount starts.
    """

    id: str
    label: Mapping[str, str]
    by_fiscal_year: Mapping[int, int]
    value: int | None
    sources: tuple[Source, ...]
    file: Path = field(default=Path("?"), compare=False)
    line: int = field(default=0, compare=False)

    def for_year(self, fiscal_year: int) -> tuple[int, int | None]:
        """The value that applies in ``fiscal_year``: ``(value, the fiscal year it is for)``.

        A fixed amount has no year (``None``). Otherwise the value of ``fiscal_year`` itself, or,
        when the table has none yet, of the latest earlier year (so the answer says which year).

        Raises:
            KeyError: If the table has no value for ``fiscal_year`` or any year before it.
        """
        if self.value is not None:
            return self.value, None
        years = [year for year in self.by_fiscal_year if year <= fiscal_year]
        if not years:
            raise KeyError(f"amount {self.id!r} has no value for FY{fiscal_year} or earlier")
        year = max(years)
        return self.by_fiscal_year[year], year


@dataclass(frozen=True)
class Office:
    """A kind of counter with many branches (e.g. pension offices): where to find the one to visit.

    Attributes:
        id: The id answers (``{line:ID}``) and ``handoff_line`` use.
        name: Display name per language ("your local pension office").
        directory: The official page listing every branch with its address, phone and hours.
        note: A short note per language (e.g. "hours differ by office").
    """

    id: str
    name: Mapping[str, str]
    directory: Source
    note: Mapping[str, str]


@dataclass(frozen=True)
class FaqEntry:
    """One question-and-answer entry.

    Attributes:
        id: Stable, unique identifier (kebab-case).
        topic: A topic id.
        questions: Question variants per language code.
        answer: Answer text per language code.
        sources: The official pages the facts come from.
        last_reviewed: When staff last checked the entry.
        related: Ids of related entries.
        handoff_line: Contact line id best suited to this entry, if any.
        file: The YAML file the entry came from.
        line: The line where the entry starts.
        question_lines: The file line of each question variant.
        field_lines: The file line of each top-level field.
        answer_locations: Where each language's answer is written: ``(file, line)`` (an FAQ file or a
            translation file).
    """

    id: str
    topic: str
    questions: Mapping[str, tuple[str, ...]]
    answer: Mapping[str, str]
    sources: tuple[Source, ...]
    last_reviewed: date
    related: tuple[str, ...] = ()
    handoff_line: str | None = None
    file: Path = field(default=Path("?"), compare=False)
    line: int = field(default=0, compare=False)
    question_lines: Mapping[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)
    answer_locations: Mapping[str, tuple[Path, int]] = field(default_factory=dict, compare=False, repr=False)

    def field_line(self, name: str) -> int:
        """The file line of top-level field ``name``, or the entry's line if unknown."""
        return self.field_lines.get(name, self.line)

    def answer_location(self, language: str) -> tuple[Path, int]:
        """The file and line where the answer in ``language`` is written (default: the entry's ``answer``)."""
        return self.answer_locations.get(language, (self.file, self.field_line("answer")))

    def question_line(self, language: str, position: int) -> int:
        """The file line of ``questions[language][position]``, or the entry's line if unknown."""
        lines = self.question_lines.get(language, ())
        return lines[position] if position < len(lines) else self.line

    def index_hash(self) -> str:
        """Hash of everything the search index depends on (id, topic, questions)."""
        payload = {
            "id": self.id,
            "topic": self.topic,
            "questions": {k: list(v) for k, v in sorted(self.questions.items())},
        }
        return _index_hash(payload)

    def answer_in(self, language: str) -> tuple[str, str]:
        """The answer in ``language``, else English, else Japanese.

        Returns:
            ``(language_used, text)``.
        """
        for candidate in (language, "en", "ja"):
            if candidate in self.answer:
                return candidate, self.answer[candidate]
        raise KeyError(f"FAQ {self.id} has no answer in {language}, en or ja")


@dataclass(frozen=True)
class OpeningHours:
    """When a phone line answers, as staff describe it in ``contacts.yml``.

    Attributes:
        weekly: Weekday (0 = Monday) to ``(open, close)``; days absent are closed.
        second_saturday: Hours on the second Saturday of the month, if open then.
        closed_on_national_holidays: Whether national holidays close the line.
        second_saturday_open_on_holidays: The second Saturday stays open even on a holiday.
        closed_dates: ``(month, day)`` pairs closed every year (e.g. 29 Dec–3 Jan).
        after_monday_holiday_close: When Monday is a holiday, the next open day closes at this time.
        summary: Human-readable hours per language.
    """

    weekly: Mapping[int, tuple[time, time]]
    second_saturday: tuple[time, time] | None
    closed_on_national_holidays: bool
    second_saturday_open_on_holidays: bool
    closed_dates: tuple[tuple[int, int], ...]
    after_monday_holiday_close: time | None
    summary: Mapping[str, str]


@dataclass(frozen=True)
class AltPhone:
    """Another number of a line and when to use it.

    Attributes:
        phone: The number as dialled (``+81-3-…`` from abroad).
        when: When to use it, per language.
        kind: What it is for, as answers name it in ``{phone:LINE:KIND}``: ``ip_phone`` or ``abroad``.
    """

    phone: str
    when: Mapping[str, str]
    kind: str = "other"


@dataclass(frozen=True)
class ContactLine:
    """A phone line residents can be handed off to.

    Attributes:
        id: Stable identifier referenced by ``handoff_line``.
        name: Display name per language.
        phone: Main number as dialled in Japan.
        alt_phones: Other numbers with when to use them (from 050 IP phones, from abroad).
        purpose: What the line is for, per language.
        topics: Topic ids this line is the right place for.
        interpreter: Whether interpretation in the ten languages is offered through it.
        hours: When the line answers.
        sources: The official pages these facts were checked on.
    """

    id: str
    name: Mapping[str, str]
    phone: str
    alt_phones: tuple[AltPhone, ...]
    topics: tuple[str, ...]
    interpreter: bool
    hours: OpeningHours
    sources: tuple[Source, ...]
    purpose: Mapping[str, str] = field(default_factory=dict)

    def phone_for(self, kind: str) -> str | None:
        """The alternative number of ``kind`` (``abroad``, ``ip_phone``), if the line has one."""
        return next((alt.phone for alt in self.alt_phones if alt.kind == kind), None)


@dataclass(frozen=True)
class Messages:
    """Message texts by key and language."""

    texts: Mapping[str, Mapping[str, str]]

    def get(self, key: str, language: str, **values: object) -> str:
        """The message ``key`` in ``language`` (else English, else Japanese), filled with ``values``.

        Raises:
            KeyError: If there is no such message or a placeholder has no value.
        """
        by_language = self.texts.get(key)
        if by_language is None:
            raise KeyError(f"no message {key!r} in messages.yml")
        text = in_language(by_language, language)
        try:
            return text.format(**values)
        except KeyError as exc:
            raise KeyError(f"message {key!r} needs a value for {exc.args[0]!r}") from None


NOT_COVERED_TOPIC = "~not_covered"
"""The topic the search index gives example questions of subjects the FAQ does not answer."""


@dataclass(frozen=True)
class NotCoveredSubject:
    """A subject residents ask about that this assistant does not answer (``not_covered.yml``).

    Its example questions are indexed like an entry's, so a question closest to them is
    recognised as not covered instead of being answered with an unrelated entry.

    Attributes:
        id: Identifier, unique among subjects.
        label: Name per language (ja and en at least), for staff and reports.
        questions: Example questions per language.
    """

    id: str
    label: Mapping[str, str]
    questions: Mapping[str, tuple[str, ...]]
    file: Path = field(default=Path("not_covered.yml"), compare=False)
    line: int = field(default=0, compare=False)

    @property
    def index_id(self) -> str:
        """The id its questions carry in the search index (never an FAQ id: ids cannot start with ``~``)."""
        return f"~not-covered:{self.id}"

    def index_hash(self) -> str:
        """Hash of everything the search index depends on (id and questions)."""
        payload = {"id": self.index_id, "questions": {k: list(v) for k, v in sorted(self.questions.items())}}
        return _index_hash(payload)


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything loaded from a knowledge folder."""

    entries: tuple[FaqEntry, ...]
    topics: Mapping[str, Topic]
    contact_lines: Mapping[str, ContactLine]
    default_line: str | None = None
    timezone: str = "Asia/Tokyo"
    interpretation: Mapping[str, object] = field(default_factory=dict)
    messages: Messages = field(default_factory=lambda: Messages({}))
    glossary: Glossary = field(default_factory=Glossary)
    amounts: Mapping[str, Amount] = field(default_factory=dict)
    offices: Mapping[str, Office] = field(default_factory=dict)
    not_covered: tuple[NotCoveredSubject, ...] = ()

    @cached_property
    def _by_id(self) -> dict[str, FaqEntry]:
        return {entry.id: entry for entry in self.entries}

    def entry(self, faq_id: str) -> FaqEntry:
        """The entry with ``faq_id``.

        Raises:
            KeyError: If there is no such entry.
        """
        try:
            return self._by_id[faq_id]
        except KeyError:
            raise KeyError(f"no FAQ entry with id {faq_id!r}") from None
