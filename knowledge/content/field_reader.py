"""Typed reads from located YAML that record an :class:`Issue` instead of raising.

Each knowledge file is read by one :class:`FieldReader`; every problem is
collected with its line and dotted field path, so staff see all mistakes in
a file at once rather than one per run.
"""

from __future__ import annotations

import contextlib
import difflib
import re
from collections.abc import Collection
from datetime import date
from pathlib import Path
from typing import Any

from knowledge.content.issues import Issue, Severity
from knowledge.content.yaml_source import LocatedDict, line_of

__all__ = ["FieldReader"]

_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]{1,79}$")


class FieldReader:
    """Reads fields of one file, collecting issues.

    Args:
        path: The file being read, used in every issue.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.issues: list[Issue] = []

    def report(self, line: int, field: str, message: str, severity: Severity = Severity.ERROR) -> None:
        """Record one issue."""
        self.issues.append(Issue(self.path, line, field, message, severity))

    @property
    def error_count(self) -> int:
        """How many errors (not warnings) were recorded so far: compare before and after reading a part."""
        return sum(1 for issue in self.issues if issue.severity is Severity.ERROR)

    def mapping(self, value: Any, line: int, field: str) -> LocatedDict | None:
        """``value`` if it is a mapping, else record an error and return None."""
        if isinstance(value, LocatedDict):
            return value
        self.report(line, field, f"expected a mapping of keys to values, got {_kind(value)}")
        return None

    def known_keys(self, mapping: LocatedDict, allowed: Collection[str], field: str) -> None:
        """Flag keys that are not in ``allowed``, suggesting the closest known one."""
        for key in mapping:
            if key not in allowed:
                close = difflib.get_close_matches(str(key), list(allowed), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else f"; expected one of {', '.join(sorted(allowed))}"
                self.report(line_of(mapping, key), _join(field, key), f"unknown field {key!r}{hint}")

    def text(self, mapping: LocatedDict, key: str, field: str, *, required: bool = True) -> str | None:
        """A non-empty string field (surrounding whitespace removed)."""
        if key not in mapping or mapping[key] is None:
            if required:
                self.report(line_of(mapping), _join(field, key), "is required")
            return None
        value = mapping[key]
        if not isinstance(value, str):
            self.report(line_of(mapping, key), _join(field, key), f"expected text, got {_kind(value)} {value!r}")
            return None
        if not value.strip():
            self.report(line_of(mapping, key), _join(field, key), "must not be empty")
            return None
        return value.strip()

    def identifier(self, mapping: LocatedDict, key: str, field: str, *, required: bool = True) -> str | None:
        """A lowercase id of letters, digits, ``-`` and ``_``."""
        value = self.text(mapping, key, field, required=required)
        if value is not None and not _ID_PATTERN.match(value):
            self.report(
                line_of(mapping, key),
                _join(field, key),
                f"{value!r} is not a valid id (2–80 lowercase letters, digits, '-' or '_')",
            )
            return None
        return value

    def text_list(self, mapping: LocatedDict, key: str, field: str, *, required: bool = False) -> list[str]:
        """A list of non-empty strings; a single string is accepted as a one-item list."""
        if key not in mapping or mapping[key] is None:
            if required:
                self.report(line_of(mapping), _join(field, key), "is required")
            return []
        value = mapping[key]
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.report(line_of(mapping, key), _join(field, key), f"expected a list, got {_kind(value)}")
            return []
        items: list[str] = []
        for i, item in enumerate(value):
            item_field = f"{_join(field, key)}[{i}]"
            if not isinstance(item, str):
                self.report(
                    line_of(value, i, line_of(mapping, key)), item_field, f"expected text, got {_kind(item)} {item!r}"
                )
            elif not item.strip():
                self.report(line_of(value, i, line_of(mapping, key)), item_field, "must not be empty")
            else:
                items.append(item.strip())
        return items

    def language_map(
        self, mapping: LocatedDict, key: str, field: str, *, languages: Collection[str], required: Collection[str]
    ) -> LocatedDict | None:
        """A mapping keyed by language code; flags unknown and missing languages."""
        if key not in mapping or mapping[key] is None:
            self.report(line_of(mapping), _join(field, key), f"is required (with {', '.join(required)})")
            return None
        value = self.mapping(mapping[key], line_of(mapping, key), _join(field, key))
        if value is None:
            return None
        for language in value:
            if language not in languages:
                self.report(
                    line_of(value, language),
                    _join(field, key, language),
                    f"unknown language code {language!r}; expected one of {' '.join(languages)}",
                )
        for language in required:
            if language not in value:
                self.report(line_of(mapping, key), _join(field, key), f"missing required language {language!r}")
        return value

    def language_texts(
        self, mapping: LocatedDict, key: str, field: str, *, languages: Collection[str], required: Collection[str]
    ) -> dict[str, str]:
        """A mapping of language code to non-empty text (see :meth:`language_map`)."""
        texts = self.language_map(mapping, key, field, languages=languages, required=required)
        result: dict[str, str] = {}
        for language in texts or {}:
            if language in languages:
                value = self.text(texts, language, _join(field, key))
                if value is not None:
                    result[language] = value
        return result

    def review_date(self, mapping: LocatedDict, key: str, field: str) -> date | None:
        """A YAML date (``2026-11-26``) that is not in the future."""
        if key not in mapping or mapping[key] is None:
            self.report(line_of(mapping), _join(field, key), "is required (a date such as 2026-11-26)")
            return None
        value = mapping[key]
        if isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = date.fromisoformat(value.strip())
        if not isinstance(value, date):
            self.report(line_of(mapping, key), _join(field, key), f"expected a date such as 2026-11-26, got {value!r}")
            return None
        if value > date.today():
            self.report(line_of(mapping, key), _join(field, key), f"{value} is in the future", Severity.WARNING)
        return value

    def boolean(self, mapping: LocatedDict, key: str, field: str, *, default: bool) -> bool:
        """A true/false field."""
        value = mapping.get(key, default)
        if not isinstance(value, bool):
            self.report(line_of(mapping, key), _join(field, key), f"expected true or false, got {value!r}")
            return default
        return value


def _join(*parts: object) -> str:
    return ".".join(str(part) for part in parts if part not in (None, ""))


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__
