r"""The matching view of a text: numbers as people write them, folded to ASCII, mapped back to the original.

Redaction never matches the raw text. Each character is folded on its own:

- format characters (Unicode category Cf: zero-width space, ZWJ/ZWNJ, soft hyphen,
  BOM, word joiner, bidi marks), emoji variation selectors, the keycap mark and
  control characters other than white space are dropped;
- line breaks become ``"\\n"``, every other white space (ideographic space, tab,
  no-break space …) one ``" "``;
- NFKC: full-width ``１２３`` and ``＠``, circled ``①`` and ``⑩``, parenthesised
  ``⑴``, mathematical ``𝟕``, superscripts, ``＋`` and ``ｰ`` become their plain forms;
- every Unicode decimal digit (Devanagari ``७``, Thai ``๗``, Arabic-Indic ``٧``,
  Bengali, Myanmar …), the remaining single numbers such as ``❶``, and kanji
  numerals written digit by digit (``〇一二三四五六七八九`` and ``零``) become ASCII digits.

Folding character by character keeps a map from every view character back to the
original character it came from, so a match in the view is a span of the original
text, and everything outside a match keeps its original characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

__all__ = ["MatchingView", "fold", "fold_text", "matching_view"]

KANJI_DIGITS = {"〇": "0", "零": "0", "一": "1", "二": "2", "三": "3", "四": "4"}
KANJI_DIGITS |= {"五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}
_LINE_BREAKS = frozenset("\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
_INVISIBLE = frozenset("\u034f\u115f\u1160\u17b4\u17b5\u20e3\u3164\uffa0") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def _digit(char: str) -> str:
    """``char`` as ASCII digits if it is a digit or a small number, else unchanged."""
    if char < "\x80":
        return char
    value = unicodedata.decimal(char, None)
    if value is None:
        value = unicodedata.digit(char, None)
    if value is not None:
        return str(value)
    if char in KANJI_DIGITS:
        return KANJI_DIGITS[char]
    if unicodedata.category(char) == "No":
        number = unicodedata.numeric(char, None)
        if number is not None and number == int(number) and 0 <= number <= 100:
            return str(int(number))
    return char


@lru_cache(maxsize=16384)
def fold(char: str) -> str:
    r"""The view form of one character: ``""`` (dropped), ``" "``, ``"\\n"`` or its NFKC form with ASCII digits.

    Args:
        char: One character (any code point, lone surrogates included).
    """
    if char in _LINE_BREAKS:
        return "\n"
    if char.isspace():
        return " "
    category = unicodedata.category(char)
    if category in ("Cf", "Cc") or char in _INVISIBLE or 0xE0100 <= ord(char) <= 0xE01EF:
        return ""
    if category == "Cs" or char < "\x80":
        return char
    return "".join(_digit(part) if not part.isspace() else " " for part in unicodedata.normalize("NFKC", char))


@dataclass(frozen=True)
class MatchingView:
    """A text, its folded view and where each view character came from.

    Attributes:
        text: The original text.
        view: The folded text that patterns are matched against.
        origins: For each view character, the index in ``text`` of the character it came from.
    """

    text: str
    view: str
    origins: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``text`` that the view span ``[start, end)`` came from.

        A span that starts or ends inside the expansion of one character (``⑩`` is
        ``10`` in the view) covers that whole character; characters dropped from the
        view right after the span (a trailing zero-width space) are covered too.

        Args:
            start: First view index (inclusive).
            end: Last view index (exclusive); must be greater than ``start``.
        """
        if not 0 <= start < end <= len(self.view):
            raise ValueError(f"view span must satisfy 0 <= start < end <= {len(self.view)}, got ({start}, {end})")
        first, last = self.origins[start], self.origins[end - 1] + 1
        while last < len(self.text) and fold(self.text[last]) == "":
            last += 1
        return first, last


def matching_view(text: str) -> MatchingView:
    """Fold ``text`` character by character (see the module docstring).

    Args:
        text: Any string.
    """
    parts: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        folded = fold(char)
        if folded:
            parts.append(folded)
            origins.extend([index] * len(folded))
    return MatchingView(text, "".join(parts), tuple(origins))


def fold_text(text: str) -> str:
    r"""Only the view of ``text``: e.g. ``"〇九〇\\u200b－７３"`` → ``"090-73"``."""
    return "".join(fold(char) for char in text)
