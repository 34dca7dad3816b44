"""How good each language's answers are: translated, facts checked, and read as that language.

For ``docs/quality.md`` (``python -m knowledge translations --markdown``): per language, the
entries with a current, facts-checked answer, how many facts (numbers, amounts, dates, times,
placeholders, URLs) those answers were checked for, and how many answer texts the project's
language identification reads as the language they are written in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.content.loader import LoadResult
from knowledge.content.translation.facts import extract_facts
from knowledge.content.translation.files import CANONICAL_LANGUAGE
from knowledge.content.translation.status import translation_status
from knowledge.languages import LANGUAGES
from knowledge.text.langid import detect_language

__all__ = ["LanguageQuality", "render_quality_markdown", "translation_quality"]


@dataclass(frozen=True)
class LanguageQuality:
    """One language's answers.

    Attributes:
        language: The language code.
        entries: How many entries the knowledge has.
        translated: Entries answered in the language (current and facts-checked).
        facts_checked: Facts of the Japanese answers the translations were checked to state.
        stale: Translations made from an older Japanese answer.
        differing: Translations stating other facts than the Japanese.
        detected: Answer texts the language identification reads as this language.
        misread: ``(entry id, detected language)`` for the others.
    """

    language: str
    entries: int
    translated: int
    facts_checked: int
    stale: int
    differing: int
    detected: int
    misread: tuple[tuple[str, str], ...] = field(default=())


def translation_quality(result: LoadResult, knowledge_dir: Path) -> list[LanguageQuality]:
    """The quality of every language's answers in a finished load of ``knowledge_dir`` (Japanese first)."""
    statuses = translation_status(result, knowledge_dir)
    rows = []
    for language in LANGUAGES:
        answered = [entry for entry in result.knowledge.entries if language in entry.answer]
        misread = tuple(
            (entry.id, detected)
            for entry in answered
            if (detected := detect_language(entry.answer[language]).language) != language
        )
        status = statuses.get(language)
        rows.append(
            LanguageQuality(
                language=language,
                entries=len(result.knowledge.entries),
                translated=len(answered),
                facts_checked=0
                if language == CANONICAL_LANGUAGE
                else sum(
                    len(extract_facts(entry.answer[CANONICAL_LANGUAGE], CANONICAL_LANGUAGE)) for entry in answered
                ),
                stale=len(status.stale) if status else 0,
                differing=len(status.differing) if status else 0,
                detected=len(answered) - len(misread),
                misread=misread,
            )
        )
    return rows


def render_quality_markdown(rows: Sequence[LanguageQuality]) -> str:
    """A Markdown table, one row per language, then any answer read as another language."""
    lines = [
        "| language | entries answered | facts checked | stale | facts differ | read as this language |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows:
        facts = "— (source)" if row.language == CANONICAL_LANGUAGE else str(row.facts_checked)
        lines.append(
            f"| {row.language} | {row.translated}/{row.entries} | {facts} | {row.stale} | {row.differing} "
            f"| {row.detected}/{row.translated} |"
        )
    misread = [(row.language, entry_id, detected) for row in rows for entry_id, detected in row.misread]
    if misread:
        lines += ["", "Answers read as another language:", ""]
        lines += [f"- {entry_id} ({language}) reads as {detected}" for language, entry_id, detected in misread]
    return "\n".join(lines)
