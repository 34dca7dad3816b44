"""Reading ``knowledge/glossary.yml`` (see :mod:`knowledge.content.glossary`)."""

from __future__ import annotations

from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.glossary import Glossary
from knowledge.content.issues import Issue
from knowledge.content.yaml_source import LocatedDict, YamlSyntaxError, line_of, load_yaml

__all__ = ["load_glossary"]


def load_glossary(path: Path) -> tuple[Glossary, list[Issue]]:
    """Read ``glossary.yml``: a mapping of Japanese terms to lists of spellings (the file is optional).

    Returns:
        The glossary and the issues (unknown shapes, empty spellings, one spelling for two terms).
    """
    if not path.exists():
        return Glossary(), []
    reader = FieldReader(path)
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        return Glossary(), [Issue(path, exc.line, "", exc.message)]
    if document is None:
        return Glossary(), []
    if not isinstance(document, LocatedDict):
        reader.report(line_of(document, default=1), "", "expected a mapping of Japanese terms to lists of spellings")
        return Glossary(), reader.issues
    terms: dict[str, str] = {}
    for term in document:
        if not isinstance(term, str) or not term.strip():
            reader.report(line_of(document, term), str(term), "a Japanese term must be non-empty text")
            continue
        for spelling in reader.text_list(document, term, "", required=True):
            key = spelling.lower()
            if key in terms and terms[key] != term:
                reader.report(line_of(document, term), term, f"spelling {spelling!r} already stands for {terms[key]}")
                continue
            terms[key] = term
    return Glossary(terms), reader.issues
