"""Read the translation files under ``knowledge/translations/<language>/``.

Each language has a folder with, per FAQ file, a file of the same name holding the translated
answers (``- id: …``, ``translated_from: ja``, ``source_hash: …``, ``answer: …``), and
``_texts.yml`` with the short texts (page titles, publishers, line names, hours) keyed by their
Japanese wording. Problems are collected as issues naming file, line and field; nothing raises.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue, Severity
from knowledge.content.yaml_source import LocatedList, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES

__all__ = [
    "CANONICAL_LANGUAGE",
    "SHORT_TEXTS_FILE",
    "TRANSLATION_FIELDS",
    "AnswerTranslation",
    "LanguageTranslations",
    "load_translations",
    "source_hash",
]

CANONICAL_LANGUAGE = "ja"
"""The language every answer is written in first; all others are translated from it."""

SHORT_TEXTS_FILE = "_texts.yml"
TRANSLATION_FIELDS = ("id", "translated_from", "source_hash", "answer")
_HASH_LENGTH = 12


def source_hash(text: str) -> str:
    """The short hash a translation records of the text it was made from (12 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_HASH_LENGTH]


@dataclass(frozen=True)
class AnswerTranslation:
    """One entry's answer in one language, with what it was translated from.

    Attributes:
        entry_id: The FAQ entry it translates.
        language: The language it is written in.
        text: The translated answer.
        translated_from: The language of the source text (``ja``).
        source_hash: :func:`source_hash` of the source text when it was translated.
        file: The translation file.
        line: The line where the item starts.
        answer_line: The line of its ``answer`` field.
    """

    entry_id: str
    language: str
    text: str
    translated_from: str
    source_hash: str
    file: Path
    line: int
    answer_line: int


@dataclass
class LanguageTranslations:
    """Everything one language's folder holds.

    Attributes:
        language: The folder's language.
        answers: By entry id.
        short_texts: Japanese wording → translation.
        short_text_lines: Japanese wording → ``(file, line)`` of its translation.
        files: The translation files read (answer files only).
        folder: The language's folder.
    """

    language: str
    folder: Path = Path(".")
    answers: dict[str, AnswerTranslation] = field(default_factory=dict)
    short_texts: dict[str, str] = field(default_factory=dict)
    short_text_lines: dict[str, tuple[Path, int]] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)


def load_translations(translations_dir: Path) -> tuple[dict[str, LanguageTranslations], list[Issue]]:
    """Read every language folder under ``translations_dir`` (missing folder: no translations).

    Returns:
        ``(by language, issues)``; items with errors are left out.
    """
    issues: list[Issue] = []
    by_language: dict[str, LanguageTranslations] = {}
    if not translations_dir.is_dir():
        return by_language, issues
    for folder in sorted(path for path in translations_dir.iterdir() if path.is_dir()):
        language = folder.name
        if language not in LANGUAGES or language == CANONICAL_LANGUAGE:
            issues.append(
                Issue(folder, 0, "", f"{language!r} is not a language to translate into; expected one of "
                      f"{' '.join(code for code in LANGUAGES if code != CANONICAL_LANGUAGE)}")
            )  # fmt: skip
            continue
        translations = LanguageTranslations(language, folder)
        for path in sorted(folder.glob("*.yml")):
            if path.name == SHORT_TEXTS_FILE:
                issues += _read_short_texts(path, translations)
            else:
                translations.files.append(path)
                issues += _read_answers(path, translations)
        by_language[language] = translations
    return by_language, issues


def _items(reader: FieldReader, path: Path) -> LocatedList | None:
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        reader.report(exc.line, "", exc.message)
        return None
    if document is None:
        reader.report(0, "", "file is empty; expected a list of items", Severity.WARNING)
        return None
    if not isinstance(document, LocatedList):
        reader.report(line_of(document, default=1), "", "expected a list of items (each starting with '- ')")
        return None
    return document


def _read_answers(path: Path, translations: LanguageTranslations) -> list[Issue]:
    reader = FieldReader(path)
    items = _items(reader, path)
    for position, raw in enumerate(items or []):
        errors_before = reader.error_count
        mapping = reader.mapping(raw, line_of(items, position), f"[{position}]")
        if mapping is None:
            continue
        entry_id = reader.identifier(mapping, "id", f"[{position}]")
        where = entry_id or f"[{position}]"
        reader.known_keys(mapping, TRANSLATION_FIELDS, where)
        origin = reader.text(mapping, "translated_from", where)
        if origin is not None and origin != CANONICAL_LANGUAGE:
            reader.report(
                line_of(mapping, "translated_from"),
                f"{where}.translated_from",
                f"translations are made from {CANONICAL_LANGUAGE!r}, not {origin!r}",
            )
        if isinstance(mapping.get("source_hash"), int):
            reader.report(
                line_of(mapping, "source_hash"),
                f"{where}.source_hash",
                f'write the hash in quotes (source_hash: "{mapping["source_hash"]}"): YAML reads digits as a number',
            )
            continue
        hashed = reader.text(mapping, "source_hash", where)
        text = reader.text(mapping, "answer", where)
        if reader.error_count > errors_before:
            continue
        earlier = translations.answers.get(entry_id)
        if earlier is not None:
            reader.report(
                line_of(mapping, "id"),
                f"{where}.id",
                f"{entry_id!r} is already translated in {earlier.file.name}:{earlier.line}",
            )
            continue
        translations.answers[entry_id] = AnswerTranslation(
            entry_id=entry_id,
            language=translations.language,
            text=text,
            translated_from=origin,
            source_hash=str(hashed),
            file=path,
            line=line_of(items, position),
            answer_line=line_of(mapping, "answer"),
        )
    return reader.issues


def _read_short_texts(path: Path, translations: LanguageTranslations) -> list[Issue]:
    reader = FieldReader(path)
    items = _items(reader, path)
    language = translations.language
    for position, raw in enumerate(items or []):
        mapping = reader.mapping(raw, line_of(items, position), f"[{position}]")
        if mapping is None:
            continue
        reader.known_keys(mapping, (CANONICAL_LANGUAGE, language), f"[{position}]")
        source = reader.text(mapping, CANONICAL_LANGUAGE, f"[{position}]")
        text = reader.text(mapping, language, f"[{position}]")
        if source is None or text is None:
            continue
        if source in translations.short_texts:
            earlier = translations.short_text_lines[source][1]
            reader.report(
                line_of(mapping, CANONICAL_LANGUAGE),
                f"[{position}].{CANONICAL_LANGUAGE}",
                f"{source!r} is already translated at line {earlier}",
                Severity.WARNING,
            )
            continue
        translations.short_texts[source] = text
        translations.short_text_lines[source] = (path, line_of(mapping, language))
    return reader.issues
