"""Mask personal numbers in resident messages before anything is stored or logged.

Covers basic pension numbers (4 + 6 digits), 12-digit My Numbers, phone
numbers, e-mail addresses, postal codes and the numeric part of street
addresses, in half- or full-width digits with any common separator. The
result says which kinds were found, so the assistant can warn the resident.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Redaction", "redact"]

_D = "[0-9０-９]"  # half- or full-width digit
_SEP = r"[-‐‑–—－ー−\s]?"  # optional separator
_DASH = "[-‐‑–—－ー−]"
_START = "(?<![0-9０-９])"  # not in the middle of a longer number
_END = "(?![0-9０-９])"
_KANA_OR_KANJI = r"[\u3040-\u30ff\u4e00-\u9fff]"

_PHONE = "|".join(
    (
        rf"(?:\+81|＋８１){_SEP}{_D}{{1,4}}{_SEP}{_D}{{1,4}}{_SEP}{_D}{{3,4}}{_END}",
        rf"{_START}[0０]{_D}{{1,4}}[-‐‑–—－ー−(（)）\s]{_D}{{1,4}}[-‐‑–—－ー−)）\s]{_D}{{3,4}}{_END}",
        rf"{_START}[0０]{_D}{{9,10}}{_END}",
    )
)
_POSTAL_CODE = rf"〒\s*{_D}{{3}}{_DASH}?{_D}{{4}}{_END}|{_START}{_D}{{3}}{_DASH}{_D}{{4}}{_END}"
_ADDRESS_NUMBER = (
    rf"(?<={_KANA_OR_KANJI}){_D}{{1,4}}(?:丁目|番地?|号|{_DASH})(?:{_D}{{1,4}}(?:番地?|号|{_DASH})?){{1,3}}"
)

# Order matters: longer and more specific patterns first.
_PATTERNS: tuple[tuple[str, str, re.Pattern[str]], ...] = (
    ("email", "[EMAIL]", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("my_number", "[MY_NUMBER]", re.compile(rf"{_START}{_D}{{4}}{_SEP}{_D}{{4}}{_SEP}{_D}{{4}}{_END}")),
    ("phone", "[PHONE]", re.compile(_PHONE)),
    ("pension_number", "[PENSION_NUMBER]", re.compile(rf"{_START}{_D}{{4}}{_SEP}{_D}{{6}}{_END}")),
    ("postal_code", "[POSTAL_CODE]", re.compile(_POSTAL_CODE)),
    ("address_number", "[ADDRESS_NUMBER]", re.compile(_ADDRESS_NUMBER)),
    ("long_number", "[NUMBER]", re.compile(rf"{_START}{_D}{{8,}}{_END}")),
)


@dataclass(frozen=True)
class Redaction:
    """A redacted text and the kinds of personal data that were masked."""

    text: str
    found: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """True when anything was masked."""
        return bool(self.found)


def redact(text: str) -> Redaction:
    """Replace personal numbers in ``text`` with placeholders such as ``[PENSION_NUMBER]``.

    Args:
        text: A resident's message.

    Returns:
        The masked text and the kinds found, in pattern order, without repeats.
    """
    found: list[str] = []
    for kind, placeholder, pattern in _PATTERNS:
        text, count = pattern.subn(placeholder, text)
        if count:
            found.append(kind)
    return Redaction(text, tuple(found))
