"""The languages the assistant serves: the one list every part of the project uses.

Japanese plus the ten languages of the pension service's telephone
interpretation service. Python code imports :data:`LANGUAGES`; the widget and
the console read the same list from ``GET /api/languages``.
"""

from __future__ import annotations

__all__ = ["LANGUAGES", "is_language"]

LANGUAGES: tuple[str, ...] = ("ja", "en", "zh", "ko", "es", "pt", "vi", "tl", "th", "id", "ne")
"""Every language the assistant serves: Japanese plus the ten interpretation languages."""


def is_language(value: object) -> bool:
    """Whether ``value`` is one of :data:`LANGUAGES` (any other value, ``None`` included, is not)."""
    return isinstance(value, str) and value in LANGUAGES
