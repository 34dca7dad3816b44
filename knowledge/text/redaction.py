r"""Mask personal numbers in resident messages before anything is stored, searched or logged.

Masked, each replaced by one placeholder: basic pension numbers ``[PENSION_NUMBER]``,
My Numbers ``[MY_NUMBER]``, phone numbers ``[PHONE]``, e-mail addresses ``[EMAIL]``,
postal codes ``[POSTAL_CODE]``, card-like numbers ``[CARD_NUMBER]``, the numeric part
of street addresses ``[ADDRESS_NUMBER]`` and any other number of 4 digits or more
that is not an ordinary quantity ``[NUMBER]`` (long runs, and the fragments of a
number split over two messages). Kept: amounts, years, ages, durations,
percentages, dates and times (``17,920円``, ``¥17,920``, ``令和8年度``, ``60歳``,
``120か月``, ``0.7%``, ``1,000 yen``, ``in 2026``, ``2026-04-01``, ``8:30``). The
exact rules are in :mod:`knowledge.text.numbers`.

Matching never looks at the raw text but at its matching view
(:mod:`knowledge.text.digits`): NFKC, format characters dropped, every digit
script and kanji numerals as ASCII digits. So ``７３１８\\u200b４０２９５７``,
``七三一八四〇二九五七``, ``०९०-७३१८-४०६१``, ``𝟕𝟑𝟏𝟖…``, ``+８１ ９０ …`` and
``taro＠example．jp`` are all found. Only the matched spans are replaced; every
other character of the message is returned exactly as it was written, which is
what the FAQ search then sees. Numbers inside URLs and inside button payloads
(``/choose_faq{"faq_id": "…"}``) are masked like any other; a masked bare JSON
number in a payload is quoted (``{"id": "[NUMBER]"}``) so the payload stays JSON.

Redacting a redacted text changes nothing. Any ``str`` is accepted (lone
surrogates, control characters, long texts); the patterns are linear, with no
nested repetition to backtrack through.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.text.digits import fold_text, matching_view
from knowledge.text.numbers import ADDRESS, BLANK, CARD, MY_NUMBER, NUMBER, PENSION, PHONE, POSTAL, find_numbers

__all__ = ["EMAIL", "KINDS", "PLACEHOLDERS", "Redaction", "contains_personal_number", "redact", "redact_payload"]

EMAIL = "email"
KINDS = (EMAIL, PENSION, MY_NUMBER, PHONE, CARD, POSTAL, ADDRESS, NUMBER)
"""Every kind :func:`redact` reports, in the order :attr:`Redaction.found` lists them."""
PLACEHOLDERS = {
    EMAIL: "[EMAIL]",
    PENSION: "[PENSION_NUMBER]",
    MY_NUMBER: "[MY_NUMBER]",
    PHONE: "[PHONE]",
    CARD: "[CARD_NUMBER]",
    POSTAL: "[POSTAL_CODE]",
    ADDRESS: "[ADDRESS_NUMBER]",
    NUMBER: "[NUMBER]",
}
"""What replaces each kind in the text."""

_LOCAL_PART = re.compile(r"[A-Za-z0-9._%+-]+")
_DOMAIN = re.compile(r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@dataclass(frozen=True)
class Redaction:
    """A redacted text and the kinds of personal data that were masked.

    Attributes:
        text: The text with every personal number replaced by its placeholder.
        found: The kinds masked, in :data:`KINDS` order, without repeats.
    """

    text: str
    found: tuple[str, ...]

    @property
    def changed(self) -> bool:
        """True when anything was masked."""
        return bool(self.found)


def _emails(view: str) -> list[tuple[int, int, str]]:
    """E-mail addresses, scanning each run of address characters once (no backtracking over long runs)."""
    found, position = [], 0
    while local := _LOCAL_PART.search(view, position):
        domain = _DOMAIN.match(view, local.end())
        if domain:
            found.append((local.start(), domain.end(), EMAIL))
        position = domain.end() if domain else local.end()
    return found


def _spans(text: str) -> list[tuple[int, int, str]]:
    """The spans of ``text`` to mask, in order, with their kind."""
    view = matching_view(text)
    working = view.view
    found: list[tuple[int, int, str]] = []
    if "@" in working:
        found = _emails(working)
        chars = list(working)
        for start, end, _kind in found:
            chars[start:end] = BLANK * (end - start)
        working = "".join(chars)
    found += [(number.start, number.end, number.kind) for number in find_numbers(working)]
    spans: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found):
        first, last = view.original_span(start, end)
        if spans and first < spans[-1][1]:  # two matches inside one folded character
            first = spans[-1][1]
        if first < last:
            spans.append((first, last, kind))
    return spans


def _bare_json_value(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands where a JSON value does, outside any string (``{"id": 7318}``)."""
    before, after = text[max(0, start - 64) : start].rstrip()[-1:], text[end : end + 64].lstrip()[:1]
    return before in (":", "[", ",") and after in (",", "}", "]")


def redact(text: str) -> Redaction:
    """Replace personal numbers in ``text`` with placeholders such as ``[PENSION_NUMBER]``.

    Args:
        text: A resident's message (or a button payload), exactly as received.

    Returns:
        The masked text and the kinds found.
    """
    pieces: list[str] = []
    kinds: set[str] = set()
    last = 0
    payload = text.lstrip().startswith("/")  # a button payload: /intent{"entity": value}
    for start, end, kind in _spans(text):
        placeholder = PLACEHOLDERS[kind]
        if payload and _bare_json_value(text, start, end):
            placeholder = f'"{placeholder}"'
        pieces += [text[last:start], placeholder]
        kinds.add(kind)
        last = end
    if not kinds:
        return Redaction(text, ())
    pieces.append(text[last:])
    return Redaction("".join(pieces), tuple(kind for kind in KINDS if kind in kinds))


def contains_personal_number(text: str, *, fragments: bool = True) -> bool:
    """Whether :func:`redact` would mask anything in ``text``.

    Args:
        text: Any string, e.g. a session id to reject or hash.
        fragments: Count 4-7 digit fragments (``[NUMBER]`` of fewer than 8 digits). Random
            identifiers often hold such runs: 0.9% of the web client's 22-character base64url
            session ids do (in a sample of 100,000), and none of that sample holds any other
            kind. For an id, pass ``False``, or hash every id instead of rejecting any.
    """
    return any(
        fragments or kind != NUMBER or len(re.findall("[0-9]", fold_text(text[start:end]))) >= 8
        for start, end, kind in _spans(text)
    )


def redact_payload(value: Any) -> tuple[Any, tuple[str, ...]]:
    """Redact every string inside a JSON-like value (entity values, feedback payloads).

    Strings are redacted with :func:`redact`; an int or float whose digits would be
    masked becomes its placeholder string; dictionaries keep their keys, lists and
    tuples become lists; anything else is returned as is.

    Args:
        value: A value decoded from JSON (or built from dicts, lists, strings, numbers).

    Returns:
        The redacted copy and the kinds found anywhere in it, in :data:`KINDS` order.
    """
    kinds: set[str] = set()

    def walk(item: Any) -> Any:
        if isinstance(item, str) or (isinstance(item, (int, float)) and not isinstance(item, bool)):
            redaction = redact(item if isinstance(item, str) else str(item))
            kinds.update(redaction.found)
            return redaction.text if redaction.changed or isinstance(item, str) else item
        if isinstance(item, Mapping):
            return {key: walk(inner) for key, inner in item.items()}
        if isinstance(item, (list, tuple)):
            return [walk(inner) for inner in item]
        return item

    return walk(value), tuple(kind for kind in KINDS if kind in kinds)
