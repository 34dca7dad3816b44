"""Read ``knowledge/not_covered.yml``: subjects the assistant does not answer, with example questions.

::

    - id: health_insurance
      label: {ja: 健康保険・国民健康保険, en: Health insurance}
      questions:
        ja: [保険証をなくした 再発行したい, ...]
        en: [lost my health insurance card, ...]

A missing file means no such subjects. Every mistake is reported with its line; nothing
in the file is silently dropped.
"""

from __future__ import annotations

from pathlib import Path

from knowledge.content.faq_loader import read_questions
from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue
from knowledge.content.schema import REQUIRED_ANSWER_LANGUAGES, NotCoveredSubject
from knowledge.content.yaml_source import LocatedList, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES

__all__ = ["NOT_COVERED_FIELDS", "load_not_covered"]

NOT_COVERED_FIELDS = ("id", "label", "questions")


def load_not_covered(path: Path) -> tuple[tuple[NotCoveredSubject, ...], list[Issue]]:
    """Parse the not-covered subjects; a missing or empty file means none."""
    reader = FieldReader(path)
    if not path.exists():
        return (), []
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        return (), [Issue(path, exc.line, "", exc.message)]
    if document is None:
        return (), []
    if not isinstance(document, LocatedList):
        reader.report(line_of(document, default=1), "", "expected a list of subjects (each starting with '- id:')")
        return (), reader.issues
    subjects: dict[str, NotCoveredSubject] = {}
    for position, raw in enumerate(document):
        line = line_of(document, position)
        errors_before = reader.error_count
        mapping = reader.mapping(raw, line, f"[{position}]")
        if mapping is None:
            continue
        subject_id = reader.identifier(mapping, "id", f"[{position}]")
        field = subject_id or f"[{position}]"
        reader.known_keys(mapping, NOT_COVERED_FIELDS, field)
        label = reader.language_texts(mapping, "label", field, languages=LANGUAGES, required=REQUIRED_ANSWER_LANGUAGES)
        questions, _ = read_questions(reader, mapping, field)
        if subject_id is None or not questions or reader.error_count > errors_before:
            continue  # reported; a subject with mistakes is left out, like an FAQ entry
        if subject_id in subjects:
            reader.report(line, f"{subject_id}.id", f"subject {subject_id!r} is defined twice")
            continue
        subjects[subject_id] = NotCoveredSubject(subject_id, label, questions, file=path, line=line)
    return tuple(subjects.values()), reader.issues
