"""Where each language's translations stand: translated, stale, facts differing, missing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from knowledge.content.issues import Issue, Severity
from knowledge.content.loader import LoadResult
from knowledge.content.translation.files import CANONICAL_LANGUAGE, load_translations, source_hash
from knowledge.languages import LANGUAGES

__all__ = ["LanguageStatus", "MissingTranslation", "translation_status"]


@dataclass(frozen=True)
class MissingTranslation:
    """An entry with no answer in a language, and what a translator needs to add one.

    Attributes:
        entry_id: The entry.
        faq_file: The FAQ file it is defined in.
        line: The line of its Japanese answer.
        source_hash: The hash to give the new translation.
    """

    entry_id: str
    faq_file: Path
    line: int
    source_hash: str


@dataclass
class LanguageStatus:
    """One language's translations.

    Attributes:
        language: The language code.
        entries: How many entries the knowledge has.
        translated: Entries with a current, facts-checked answer in the language.
        stale: Ids whose translation was made from an older Japanese answer.
        differing: Ids whose translation states other facts than the Japanese.
        missing: Entries with no translation at all.
        short_texts_missing: Japanese short texts with no translation.
        issues: The errors and warnings concerning this language.
    """

    language: str
    entries: int = 0
    translated: int = 0
    stale: list[str] = field(default_factory=list)
    differing: list[str] = field(default_factory=list)
    missing: list[MissingTranslation] = field(default_factory=list)
    short_texts_missing: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Every entry and short text translated, none stale or differing, no error."""
        errors = any(issue.severity is Severity.ERROR for issue in self.issues)
        return not (errors or self.stale or self.differing or self.missing or self.short_texts_missing)

    def to_dict(self) -> dict[str, object]:
        """A JSON-friendly form."""
        return {
            "language": self.language,
            "entries": self.entries,
            "translated": self.translated,
            "stale": self.stale,
            "differing": self.differing,
            "missing": [
                {"id": m.entry_id, "faq_file": str(m.faq_file), "line": m.line, "source_hash": m.source_hash}
                for m in self.missing
            ],
            "short_texts_missing": self.short_texts_missing,
            "issues": [issue.to_dict() for issue in self.issues],
        }


def _concerns(issue: Issue, language: str, folder: Path) -> bool:
    return folder in issue.path.parents or issue.field.endswith(f".answer.{language}")


def translation_status(result: LoadResult, knowledge_dir: Path) -> dict[str, LanguageStatus]:
    """The status of every language but Japanese, from a finished load of ``knowledge_dir``."""
    translations_dir = knowledge_dir / "translations"
    translations, _ = load_translations(translations_dir)
    statuses: dict[str, LanguageStatus] = {}
    for language in LANGUAGES:
        if language == CANONICAL_LANGUAGE:
            continue
        status = LanguageStatus(language, entries=len(result.knowledge.entries))
        folder = translations.get(language)
        for entry in result.knowledge.entries:
            japanese = entry.answer.get(CANONICAL_LANGUAGE, "")
            translation = folder.answers.get(entry.id) if folder else None
            if language in entry.answer:
                status.translated += 1
            elif translation is None:
                path, line = entry.answer_location(CANONICAL_LANGUAGE)
                status.missing.append(MissingTranslation(entry.id, path, line, source_hash(japanese)))
            elif translation.source_hash != source_hash(japanese):
                status.stale.append(entry.id)
            else:
                status.differing.append(entry.id)
        status.short_texts_missing = sorted(result.short_texts.missing.get(language, set()))
        status.issues = [issue for issue in result.issues if _concerns(issue, language, translations_dir / language)]
        statuses[language] = status
    return statuses
