"""Checks of loaded FAQ answers that need the whole knowledge base.

:func:`serving_problems` finds what would make an answer wrong to show (a placeholder that cannot
be filled, a phone number typed in the text): errors, so the loader refuses the knowledge.
:func:`editorial_warnings` finds what staff should re-check (a review over a year old, a fiscal
year already past, an amount with no value for the current year, too few question variants, a
long answer): warnings from ``python -m knowledge validate``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from knowledge.content.fiscal_year import fiscal_year_of, fiscal_years_named
from knowledge.content.issues import Issue, Severity
from knowledge.content.placeholders import placeholder_problems
from knowledge.content.schema import CANONICAL_ANSWER_LANGUAGE, FaqEntry, KnowledgeBase
from knowledge.languages import LANGUAGES

__all__ = [
    "MAX_ANSWER_SENTENCES",
    "MIN_VARIANTS",
    "REVIEW_INTERVAL",
    "editorial_warnings",
    "serving_problems",
]

REVIEW_INTERVAL = timedelta(days=365)
"""An entry not reviewed for longer than this is flagged."""
MIN_VARIANTS: dict[str, int] = {language: 3 for language in LANGUAGES} | {"ja": 8}
"""Question variants each entry should have per language."""
MAX_ANSWER_SENTENCES = 6
_TYPED_PHONE = re.compile(
    r"(?<![\d{])(?:[+＋][8８][1１][-‐－ー\s]?|[0０])\d{1,4}[-‐－ー\s]\d{1,4}[-‐－ー\s]\d{3,4}(?!\d)"
)
"""A phone number as typed, in ASCII or full-width digits (``\\d`` matches both)."""
_SENTENCE_END = re.compile(r"[。！？]|[.!?](?=\s|$)")


def serving_problems(knowledge: KnowledgeBase) -> list[Issue]:
    """Errors in answers that could not be shown right: bad placeholders, typed phone numbers."""
    issues: list[Issue] = []
    for entry in knowledge.entries:
        for language, text in entry.answer.items():
            path, line = entry.answer_location(language)
            field = f"{entry.id}.answer.{language}"
            problems = placeholder_problems(text, knowledge)
            problems += [
                f"types the phone number {phone.strip()!r}; write {{line:ID}} or {{phone:ID}}"
                for phone in _TYPED_PHONE.findall(text)
            ]
            issues += [Issue(path, line, field, problem) for problem in problems]
    return issues


def editorial_warnings(knowledge: KnowledgeBase, today: date) -> list[Issue]:
    """Warnings on review dates, past fiscal years, amounts, variants and answer length as of ``today``.

    One finding is an error: an amount with no value for ``today``'s fiscal year or any earlier
    one, which an answer could not show.
    """
    current_year = fiscal_year_of(today)
    issues: list[Issue] = []
    for entry in knowledge.entries:
        issues += _answer_warnings(entry, current_year)
        issues += _review_issues(entry, today)
        issues += _variant_issues(entry)
    issues += _amount_issues(knowledge, current_year)
    return issues


def _issue(entry: FaqEntry, field: str, message: str, severity: Severity = Severity.ERROR) -> Issue:
    return Issue(entry.file, entry.field_line(field.split(".")[0]), f"{entry.id}.{field}", message, severity)


def _answer_warnings(entry: FaqEntry, current_year: int) -> list[Issue]:
    """Warnings on the Japanese answer (translations state the same facts: the translation check sees to it)."""
    issues = []
    text = entry.answer.get(CANONICAL_ANSWER_LANGUAGE, "")
    field = f"answer.{CANONICAL_ANSWER_LANGUAGE}"
    past = sorted({year for year in fiscal_years_named(text) if year < current_year})
    if past:
        years = ", ".join(f"FY{year}" for year in past)
        issues.append(
            _issue(
                entry,
                field,
                f"names {years}, before the current FY{current_year}: re-check that it is still true, "
                "or move the amount to amounts.yml",
                Severity.WARNING,
            )
        )
    sentences = len(_SENTENCE_END.findall(text))
    if sentences > MAX_ANSWER_SENTENCES:
        issues.append(
            _issue(entry, field, f"has {sentences} sentences; keep to {MAX_ANSWER_SENTENCES}", Severity.WARNING)
        )
    return issues


def _review_issues(entry: FaqEntry, today: date) -> list[Issue]:
    if today - entry.last_reviewed <= REVIEW_INTERVAL:
        return []
    return [
        _issue(
            entry,
            "last_reviewed",
            f"last reviewed on {entry.last_reviewed}, over a year ago: re-check it against its sources",
            Severity.WARNING,
        )
    ]


def _variant_issues(entry: FaqEntry) -> list[Issue]:
    issues = []
    for language, minimum in MIN_VARIANTS.items():
        count = len(entry.questions.get(language, ()))
        if count < minimum:
            issues.append(
                _issue(
                    entry,
                    f"questions.{language}" if count else "questions",
                    f"has {count} question variant(s) in {language}; write at least {minimum}",
                    Severity.WARNING,
                )
            )
    return issues


def _amount_issues(knowledge: KnowledgeBase, current_year: int) -> list[Issue]:
    issues = []
    for amount in knowledge.amounts.values():
        if amount.value is None and current_year not in amount.by_fiscal_year:
            earlier = [year for year in amount.by_fiscal_year if year < current_year]
            if not earlier:
                issues.append(
                    Issue(
                        amount.file,
                        amount.line,
                        f"{amount.id}.by_fiscal_year",
                        f"has no value for FY{current_year} or any earlier year; answers that use it cannot be shown",
                    )
                )
                continue
            latest = max(earlier)
            issues.append(
                Issue(
                    amount.file,
                    amount.line,
                    f"{amount.id}.by_fiscal_year",
                    f"has no FY{current_year} value (latest FY{latest}); answers show the FY{latest} amount, "
                    "labelled with its year",
                    Severity.WARNING,
                )
            )
    return issues
