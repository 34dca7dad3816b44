"""Read FAQ entries from ``knowledge/faq/*.yml``, collecting issues per field."""

from __future__ import annotations

from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue, Severity
from knowledge.content.official_sites import OfficialSites
from knowledge.content.schema import CANONICAL_ANSWER_LANGUAGE, REQUIRED_QUESTION_LANGUAGES, FaqEntry
from knowledge.content.sources_loader import read_sources
from knowledge.content.yaml_source import LocatedDict, LocatedList, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES

__all__ = ["FAQ_FIELDS", "faq_files", "load_faq_file", "read_questions"]

FAQ_FIELDS = ("id", "topic", "questions", "answer", "source", "last_reviewed", "related", "handoff_line")


def faq_files(faq_dir: Path) -> list[Path]:
    """The FAQ files in ``faq_dir``, sorted for stable ids and output."""
    return sorted([*faq_dir.glob("*.yml"), *faq_dir.glob("*.yaml")])


def load_faq_file(path: Path, sites: OfficialSites | None = None) -> tuple[list[FaqEntry], list[Issue]]:
    """Parse one FAQ file.

    Entries with errors are left out of the returned list; their issues say why.

    Args:
        path: A YAML file whose top level is a list of entries.
        sites: The official sites sources may cite (default: ``*.go.jp`` and municipal sites only).

    Returns:
        ``(entries, issues)``.
    """
    reader = FieldReader(path)
    sites = sites or OfficialSites()
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        return [], [Issue(path, exc.line, "", exc.message)]
    if document is None:
        reader.report(0, "", "file is empty; expected a list of FAQ entries", Severity.WARNING)
        return [], reader.issues
    if not isinstance(document, LocatedList):
        reader.report(line_of(document, default=1), "", "expected a list of FAQ entries (each starting with '- id:')")
        return [], reader.issues
    entries = []
    for position, raw in enumerate(document):
        entry = _read_entry(reader, raw, line_of(document, position), position, sites)
        if entry is not None:
            entries.append(entry)
    return entries, reader.issues


def _read_entry(reader: FieldReader, raw: object, line: int, position: int, sites: OfficialSites) -> FaqEntry | None:
    errors_before = reader.error_count
    mapping = reader.mapping(raw, line, f"[{position}]")
    if mapping is None:
        return None
    entry_id = reader.identifier(mapping, "id", f"[{position}]")
    field = entry_id or f"[{position}]"
    reader.known_keys(mapping, FAQ_FIELDS, field)
    topic = reader.identifier(mapping, "topic", field)
    questions, question_lines = read_questions(reader, mapping, field)
    answer, answer_lines = _read_answer(reader, mapping, field)
    sources = read_sources(reader, mapping, "source", field, sites)
    reviewed = reader.review_date(mapping, "last_reviewed", field)
    related = reader.text_list(mapping, "related", field)
    handoff_line = reader.identifier(mapping, "handoff_line", field, required=False)
    if reader.error_count > errors_before:
        return None
    return FaqEntry(
        id=entry_id,
        topic=topic,
        questions=questions,
        answer=answer,
        sources=sources,
        last_reviewed=reviewed,
        related=tuple(related),
        handoff_line=handoff_line,
        file=reader.path,
        line=line,
        question_lines=question_lines,
        field_lines=dict(mapping.key_lines),
        answer_locations={language: (reader.path, line) for language, line in answer_lines.items()},
    )


def read_questions(
    reader: FieldReader, mapping: LocatedDict, field: str
) -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[int, ...]]]:
    """``mapping``'s question variants per language, and the line of each (repeats are warned about)."""
    by_language = reader.language_map(
        mapping, "questions", field, languages=LANGUAGES, required=REQUIRED_QUESTION_LANGUAGES
    )
    questions: dict[str, tuple[str, ...]] = {}
    lines: dict[str, tuple[int, ...]] = {}
    for language in by_language or {}:
        if language not in LANGUAGES:
            continue
        variants = reader.text_list(by_language, language, f"{field}.questions", required=True)
        raw = by_language[language]
        kept: dict[str, int] = {}
        for i, variant in enumerate(variants):
            variant_line = line_of(raw, i, line_of(by_language, language))
            if variant in kept:
                reader.report(
                    variant_line,
                    f"{field}.questions.{language}[{i}]",
                    f"repeats an earlier variant: {variant!r}",
                    Severity.WARNING,
                )
            kept.setdefault(variant, variant_line)
        questions[language] = tuple(kept)
        lines[language] = tuple(kept.values())
    return questions, lines


def _read_answer(reader: FieldReader, mapping: LocatedDict, field: str) -> tuple[dict[str, str], dict[str, int]]:
    """The answer per language written in the FAQ file (Japanese required), and the line of each."""
    by_language = reader.language_map(
        mapping, "answer", field, languages=LANGUAGES, required=(CANONICAL_ANSWER_LANGUAGE,)
    )
    answer: dict[str, str] = {}
    lines: dict[str, int] = {}
    for language in by_language or {}:
        if language in LANGUAGES:
            text = reader.text(by_language, language, f"{field}.answer")
            if text is not None:
                answer[language] = text
                lines[language] = line_of(by_language, language)
    return answer, lines
