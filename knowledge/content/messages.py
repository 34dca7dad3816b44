"""The assistant's own wording (greeting, did-you-mean, hand-off …) in every language.

Staff edit ``knowledge/messages.yml``; code only refers to message keys. Every
message must exist in all 11 languages with the same ``{placeholders}``.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue
from knowledge.content.schema import Messages
from knowledge.content.yaml_source import LocatedDict, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES

__all__ = ["REQUIRED_MESSAGES", "load_messages"]

REQUIRED_MESSAGES: tuple[str, ...] = (
    "greeting",
    "personal_data_notice",
    "did_you_mean",
    "ask_rephrase",
    "offer_handoff",
    "answer_source",
    "language_fallback",
    "did_this_help",
    "button_helpful",
    "button_not_helpful",
    "button_talk_to_person",
    "feedback_thanks",
    "feedback_sorry",
    "handoff",
    "handoff_alt_phone",
    "handoff_open_now",
    "handoff_closed_now",
    "handoff_reference",
    "interpreter",
    "out_of_scope",
    "bot_challenge",
    "goodbye",
    "you_are_welcome",
    "anything_else",
    "error",
    "rate_limited",
    "too_large",
)
"""Keys the assistant's code uses; ``messages.yml`` may hold more."""

_FIELD = re.compile(r"^[a-z][a-z0-9_]*$")


def _placeholders(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def load_messages(path: Path) -> tuple[Messages, list[Issue]]:
    """Read and check ``messages.yml``: all languages present, same placeholders, required keys."""
    reader = FieldReader(path)
    texts: dict[str, dict[str, str]] = {}
    try:
        document = load_yaml(path) if path.exists() else None
    except YamlSyntaxError as exc:
        return Messages({}), [Issue(path, exc.line, "", exc.message)]
    if document is None:
        reader.report(0, "", "file is missing or empty")
        return Messages({}), reader.issues
    if not isinstance(document, LocatedDict):
        reader.report(line_of(document, default=1), "", "expected a mapping of message keys to texts per language")
        return Messages({}), reader.issues
    for key in document:
        if not isinstance(key, str) or not _FIELD.match(key):
            reader.report(line_of(document, key), str(key), "message keys are lowercase words joined by '_'")
            continue
        by_language = reader.language_map(document, key, "", languages=LANGUAGES, required=LANGUAGES)
        if by_language is None:
            continue
        texts[key] = _read_languages(reader, by_language, key)
    for key in REQUIRED_MESSAGES:
        if key not in texts and key not in document:
            reader.report(0, key, "required message is missing")
    return Messages(texts), reader.issues


def _read_languages(reader: FieldReader, by_language: LocatedDict, key: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for language in LANGUAGES:
        if language not in by_language:
            continue
        text = reader.text(by_language, language, key)
        if text is None:
            continue
        try:
            names = _placeholders(text)
        except ValueError as exc:
            reader.report(line_of(by_language, language), f"{key}.{language}", f"broken {{placeholder}}: {exc}")
            continue
        reference = _placeholders(result["ja"]) if "ja" in result else names
        if names != reference:
            reader.report(
                line_of(by_language, language),
                f"{key}.{language}",
                f"placeholders {names} differ from Japanese {reference}; keep the same {{names}} in every language",
            )
        result[language] = text
    return result
