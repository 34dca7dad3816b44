"""The languages the assistant serves: the one list every part of the project uses.

Japanese plus the ten languages of the pension service's telephone
interpretation service. Python code imports :data:`LANGUAGES`; the widget and
the console read the same list from ``GET /api/languages``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["FALLBACK_LANGUAGES", "LANGUAGES", "group_digits", "in_language", "is_language"]

LANGUAGES: tuple[str, ...] = ("ja", "en", "zh", "ko", "es", "pt", "vi", "tl", "th", "id", "ne")
"""Every language the assistant serves: Japanese plus the ten interpretation languages."""


def is_language(value: object) -> bool:
    """Whether ``value`` is one of :data:`LANGUAGES` (any other value, ``None`` included, is not)."""
    return isinstance(value, str) and value in LANGUAGES


FALLBACK_LANGUAGES: tuple[str, ...] = ("en", "ja")
"""Where a text missing in the resident's language is taken from, in order."""


def in_language(texts: Mapping[str, str], language: str) -> str:
    """The text for ``language`` from ``texts`` (language code → text), else English, else Japanese.

    The one fallback rule for everything the assistant and the console say.

    Raises:
        KeyError: If ``texts`` has none of them.
    """
    for candidate in (language, *FALLBACK_LANGUAGES):
        text = texts.get(candidate)
        if text:
            return text
    raise KeyError(f"no text in {language}, en or ja among {sorted(texts)}")


_DOT_GROUPING: frozenset[str] = frozenset({"es", "pt", "vi", "id"})
"""Languages that group thousands with a dot (17.920); the others use a comma (17,920)."""


def group_digits(number: int, language: str) -> str:
    """``number`` with its thousands grouped as readers of ``language`` write them: ``17,920`` or ``17.920``."""
    grouped = f"{number:,}"
    return grouped.replace(",", ".") if language in _DOT_GROUPING else grouped
