"""Find the numbers in a matching view (:mod:`knowledge.text.digits`) and say which are personal.

A *candidate* is a run of ASCII digit groups joined by separators: up to three
spaces, or up to two of ``- ‐ ‒ – — ― − ー ─ . · ・ / _ ( )`` with spaces around
them, or one comma between digits (``7318,402957``). A leading ``+`` or ``(`` belongs
to it (``+81 (90) …``, ``(090) …``); parentheses must balance inside it, so
``1) 7318`` or ``(7318402957)`` do not pull in their neighbours; a leading
enumeration ``(1)`` is left out. Line breaks and ``:`` never join: times such as
``8:30`` or ``17:15:00`` are set aside first.

Each candidate, with ``n`` its number of digits, is decided in this order:

1. ``+`` then 8-15 digits: **phone** (any country, ``+81 90 …``, ``+63 917 …``).
2. 7 digits after ``〒`` or a postal-code word: **postal code**.
3. Ordinary shapes are kept: dates with a 4-digit year (``2026-04-01``,
   ``2026/4/1``, ``01/04/2026``, ``2026. 4. 1``, ``2026-04``), year ranges
   (``2020-2026``, ``2026-27``), amounts with thousands separators up to 9 digits
   (``17,920``, ``1.000.000``, ``16,590.50``) and short decimals (``0.7``, ``16,5``).
4. 10 or 11 digits starting with 0, unless written 4+6: **phone** (``090-7318-4061``,
   ``03-6700-1165``, ``090.7318.4061``, ``(090) 7318 4061``); ``81`` written as a
   group, then 9 or 10 digits (or 0 and 10 digits): **phone** (``81-90-7318-4061``).
5. 3+4 digits joined by a dash: **postal code** (``100-8916``).
6. Fewer than 8 digits, dash-joined groups of at most 4 digits right after kana or
   kanji (one space allowed) and no unit after: **address number** (``霞が関1-2-2``).
7. Fewer than 8 digits in a short date shape (``4/1``, ``12-31``, ``R8.4.1`` → ``8.4.1``): kept.
8. 10 digits: **pension number**; 12: **My Number**; 13-19: **card number**.
9. 8 digits or more otherwise: **number**, except an amount of at most 9 digits
   with a currency or unit next to it (``20000000円``, ``¥1000-2000``).
10. 4-7 digits: a **number** (a fragment: a resident may send ``7318`` and then
    ``402957``), unless it is an ordinary quantity: a unit follows (``円 年 か月 歳
    % yen años tháng เดือน वर्ष`` …, see :mod:`knowledge.text.quantity_words`), a
    currency or era marker precedes (``¥ $ Rp FY 令和`` …), it is the other end of a
    range whose end carries one (``1000~2000円``), or it is one group of 4 digits
    between 1900 and 2099, a plausible year (``in 2026``, ``FY2026``; a Thai
    Buddhist-era year 2400-2699 after ``ปี``/``พ.ศ.``) — except in a message that
    says it gives a number or part of one (``番号``, ``number``, ``số``, ``前半`` …,
    see ``NAMES_A_NUMBER``) or holds nothing but digits: there ``2019`` is the first
    part of a number split over two messages.
11. 1-3 digits: kept.

Before these rules, a candidate whose space-separated parts are each ordinary on
their own (a date with a 4-digit year, an amount, a year range, or a part with a
unit after or a marker before it) is kept whole: ``2026/4/1 2026/5/1``,
``¥17,920 2026年度``. A bare year or a decimal does not count as such a part, so
``1985 402957`` and ``7.3 1/8 4.0 2.9 5.7`` stay one number. A list of at most 8
digits made only of 2-digit numbers and fractions (``age 35 45 59``, ``3/4 1/4``)
is kept too; spaced single digits (``7 3 1 8``) are not such a list.

Addresses written with units are found by their own pattern first: ``N丁目…``,
``N番地…``, ``N番N号`` anywhere (``3丁目5番12号``, ``三丁目五番十二号``), and two
or more groups joined by those units right after kana or kanji.

Known costs: bare 4-7 digit numbers without a unit (``16980``, ``port 8000``,
``Q1 2026``) are masked as fragments, and an official phone number a resident
quotes is masked like any phone number.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cached_property

from knowledge.text.number_shapes import DASHES, is_date, is_ordinary_shape, normal_separator
from knowledge.text.quantity_words import (
    MARKER_BEFORE,
    NAMES_A_NUMBER,
    POSTAL_BEFORE,
    RANGE_BETWEEN,
    THAI_YEAR_BEFORE,
    UNIT_AFTER,
)

__all__ = ["ADDRESS", "BLANK", "CARD", "MY_NUMBER", "NUMBER", "PENSION", "PHONE", "POSTAL", "Found", "find_numbers"]

PENSION, MY_NUMBER, PHONE = "pension_number", "my_number", "phone"
CARD, POSTAL, ADDRESS, NUMBER = "card_number", "postal_code", "address_number", "number"

BLANK = "\x00"
"""Stands in the view for characters already decided (never a digit, separator or letter)."""

_DIGITS = "0123456789"
_JOINERS = re.escape(DASHES + "./_・·‧∙⁄∕") + r"()"
_SEP = rf"(?:[ ]{{0,2}}(?:[{_JOINERS}][ ]{{0,2}}){{1,2}}|[ ]{{1,3}}|,)"
_CANDIDATE = re.compile(rf"(?<![0-9])(?:(?:\([ ]?)?\+[ ]{{0,2}}|\([ ]?)?[0-9]+(?:{_SEP}[0-9]+)*(?:[ ]?\))?")
_TOKEN = re.compile(r"[0-9]+|[^0-9]+")
_ENUMERATION = re.compile(r"\([ ]?[1-9][0-9]?[ ]?\)")
_TIME = re.compile(r"(?<![0-9:])(?:[01]?[0-9]|2[0-9]):[0-5][0-9](?::[0-5][0-9])?(?![0-9]|:[0-9])")
_KANA_KANJI = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ADDRESS_PART = "[0-9十]{1,4}(?![0-9])"
_ADDRESS_UNIT = "丁目|番地|番|号"
_ADDRESS_NEXT = rf"[ ]?{_ADDRESS_PART}(?:{_ADDRESS_UNIT}|[{re.escape(DASHES)}])?"
_ADDRESS = re.compile(rf"(?<![0-9]){_ADDRESS_PART}(?:{_ADDRESS_UNIT})(?:{_ADDRESS_NEXT}){{0,3}}")
_POSTAL_MARK = re.compile(r"〒[ ]{0,2}\Z")
_BEFORE = 24  # characters of context looked at before a number


@dataclass(frozen=True)
class Found:
    """A personal number in the view: ``view[start:end]`` is of ``kind``."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class _Candidate:
    start: int
    end: int
    groups: tuple[str, ...]
    seps: tuple[str, ...]  # between groups, as written
    offsets: tuple[int, ...]  # view index of each group
    plus: bool

    @property
    def digits(self) -> str:
        return "".join(self.groups)

    @property
    def lengths(self) -> tuple[int, ...]:
        return tuple(len(group) for group in self.groups)


def _whitespace_parts(c: _Candidate) -> list[_Candidate]:
    """``c`` cut at the separators that are only spaces (``2026/4/1 2026/5/1`` → two dates)."""
    cuts = [0] + [i + 1 for i, sep in enumerate(c.seps) if not sep.strip(" ")] + [len(c.groups)]
    parts = []
    for first, stop in itertools.pairwise(cuts):
        start = c.start if first == 0 else c.offsets[first]
        end = c.offsets[stop - 1] + len(c.groups[stop - 1])
        plus = c.plus and first == 0
        parts.append(
            _Candidate(start, end, c.groups[first:stop], c.seps[first : stop - 1], c.offsets[first:stop], plus)
        )
    return parts


class _Around:
    """What surrounds a candidate in the view, looked up only when a rule needs it."""

    def __init__(self, view: str, c: _Candidate) -> None:
        self.view, self.c = view, c

    @cached_property
    def before(self) -> str:
        return self.view[max(0, self.c.start - _BEFORE) : self.c.start]

    @cached_property
    def unit(self) -> bool:
        """A unit follows (``円``, ``yen`` …)."""
        return UNIT_AFTER.match(self.view, self.c.end) is not None

    @cached_property
    def marker(self) -> bool:
        """A currency or era marker precedes (``¥``, ``令和`` …)."""
        return MARKER_BEFORE.search(self.before) is not None


def _ordinary_part(c: _Candidate, view: str) -> bool:
    """Whether one space-separated part of a candidate is a quantity on its own.

    Short dates and decimals do not count: ``7.3 1/8 4.0 2.9 5.7`` is a number written oddly, not five quantities.
    """
    if is_ordinary_shape(c.groups, c.seps, decimals=False):
        return True
    around = _Around(view, c)
    return around.unit or around.marker


def _small(c: _Candidate) -> bool:
    """A 2-digit number or a fraction such as ``3/4``: a list of them is not a personal number."""
    if len(c.groups) == 1:
        return len(c.groups[0]) == 2
    return len(c.groups) == 2 and c.seps[0] == "/" and max(c.lengths) <= 2


def _after_kana_or_kanji(view: str, start: int) -> bool:
    index = start - 1
    if index >= 0 and view[index] == " ":
        index -= 1
    return index >= 0 and re.match(f"[{_KANA_KANJI}]", view[index]) is not None


def _kind(c: _Candidate, around: _Around) -> str | None:
    digits, n = c.digits, len(c.digits)
    if c.plus and 8 <= n <= 15:
        return PHONE
    if n == 7 and POSTAL_BEFORE.search(around.before):
        return POSTAL
    if is_ordinary_shape(c.groups, c.seps):
        return None
    if digits[0] == "0" and n in (10, 11) and c.lengths != (4, 6):
        return PHONE
    if len(c.groups) >= 2 and c.groups[0] == "81" and (n - 2 in (9, 10) or (digits[2] == "0" and n == 13)):
        return PHONE
    if c.lengths == (3, 4) and normal_separator(c.seps[0]) == "-":
        return POSTAL
    dash_joined = c.seps and all(sep in DASHES and len(sep) == 1 for sep in c.seps)
    if n < 8 and dash_joined and max(c.lengths) <= 4 and _after_kana_or_kanji(around.view, c.start) and not around.unit:
        return ADDRESS
    if n < 8 and is_date(c.groups, c.seps, short=True):
        return None
    if n in (10, 12) or 13 <= n <= 19:
        return {10: PENSION, 12: MY_NUMBER}.get(n, CARD)
    if n >= 8:
        dashes = sum(normal_separator(sep) == "-" for sep in c.seps)
        amount_like = dashes <= 1 and all(sep in (",", ".") or normal_separator(sep) == "-" for sep in c.seps)
        return None if n <= 9 and amount_like and (around.unit or around.marker) else NUMBER
    if n >= 4:
        return None if _year_alone(c, around) or around.unit or around.marker else NUMBER
    return None


MASKED = re.compile(r"\[[A-Z_]+\]")
"""A placeholder redaction put in the text (``[PHONE]``, ``[NUMBER]`` …)."""


def _names_a_number(view: str) -> bool:
    """The message says it gives a number or part of one ("番号の前半は2019"), or is nothing but the digits.

    Then a 4-digit group that looks like a year is a fragment of a number split over messages.
    """
    words = MASKED.sub(" ", view)  # "[NUMBER]" from an earlier redaction names nothing
    return NAMES_A_NUMBER.search(words) is not None or not re.search(r"[^\W\d_]", words)


def _year_alone(c: _Candidate, around: _Around) -> bool:
    if len(c.groups) != 1 or len(c.digits) != 4:
        return False
    value = int(c.digits)
    if 2400 <= value <= 2699 and THAI_YEAR_BEFORE.search(around.before) is not None:
        return True  # "ปี 2569": the word says year
    return 1900 <= value <= 2099 and not _names_a_number(around.view)


def _candidates(view: str) -> list[_Candidate]:
    """Candidates whose parentheses balance (unbalanced ones and enumerations are cut off and searched again)."""
    cuts: list[int] = []
    for match in _CANDIDATE.finditer(view):
        text, opened = match.group(), []
        enumeration = _ENUMERATION.match(text)
        if enumeration and enumeration.end() < len(text):
            cuts += [match.start(), match.start() + enumeration.end() - 1]
        for offset, char in enumerate(text):
            if char == "(":
                opened.append(offset)
            elif char == ")" and opened:
                opened.pop()
            elif char == ")":
                cuts.append(match.start() + offset)
        cuts += [match.start() + offset for offset in opened]
    if cuts:
        chars = list(view)
        for index in cuts:
            chars[index] = BLANK
        view = "".join(chars)
    found = []
    for match in _CANDIDATE.finditer(view):
        tokens = _TOKEN.findall(match.group())
        lead = tokens[0] if tokens[0][0] not in _DIGITS else ""
        inner = tokens[1:] if lead else tokens
        if inner[-1][0] not in _DIGITS:
            inner = inner[:-1]
        groups, seps = tuple(inner[0::2]), tuple(inner[1::2])
        offsets, position = [], match.start() + len(lead)
        for token in inner:
            if token[0] in _DIGITS:
                offsets.append(position)
            position += len(token)
        found.append(_Candidate(match.start(), match.end(), groups, seps, tuple(offsets), "+" in lead))
    return found


def _decide(view: str, candidates: list[_Candidate]) -> list[Found]:
    decided: list[tuple[str | None, _Around]] = []
    for c in candidates:
        around = _Around(view, c)
        if any(not sep.strip(" ") for sep in c.seps):
            parts = _whitespace_parts(c)
            small_list = len(c.digits) <= 8 and all(_small(part) for part in parts)
            if small_list or all(_ordinary_part(part, view) for part in parts):
                decided.append((None, around))
                continue
        decided.append((_kind(c, around), around))
    found = []
    for index, (c, (kind, _around)) in enumerate(zip(candidates, decided, strict=True)):
        if kind == NUMBER and len(c.digits) <= 9 and _in_kept_range(view, candidates, decided, index):
            continue
        if kind == POSTAL:
            mark = _POSTAL_MARK.search(view, max(0, c.start - 3), c.start)
            found.append(Found(mark.start() if mark else c.start, c.end, kind))
        elif kind is not None:
            found.append(Found(c.start, c.end, kind))
    return found


def _in_kept_range(
    view: str, candidates: list[_Candidate], decided: list[tuple[str | None, _Around]], index: int
) -> bool:
    """Whether candidate ``index`` is one end of a range whose kept other end has a marker before or a unit after."""
    c = candidates[index]
    if index > 0:
        kind, around = decided[index - 1]
        if kind is None and RANGE_BETWEEN.fullmatch(view, candidates[index - 1].end, c.start) and around.marker:
            return True
    if index + 1 < len(candidates):
        kind, around = decided[index + 1]
        if kind is None and RANGE_BETWEEN.fullmatch(view, c.end, candidates[index + 1].start) and around.unit:
            return True
    return False


def find_numbers(view: str) -> list[Found]:
    """The personal numbers in ``view``, in order, not overlapping.

    Args:
        view: A matching view (see :func:`knowledge.text.digits.matching_view`), where
            characters already decided (e-mail addresses) may be :data:`BLANK`.
    """
    chars = list(view)
    for match in _TIME.finditer(view):
        chars[match.start() : match.end()] = BLANK * (match.end() - match.start())
    view = "".join(chars)
    addresses = []
    match = _ADDRESS.search(view)
    while match:
        text = match.group()
        parts = len(re.findall("[0-9十]+", text))
        by_units = "丁目" in text or "番地" in text or ("番" in text and "号" in text)
        if not by_units and (parts < 2 or not _after_kana_or_kanji(view, match.start())):
            match = _ADDRESS.search(view, match.start() + 1)  # a shorter address may start inside
            continue
        addresses.append(Found(match.start(), match.end(), ADDRESS))
        chars[match.start() : match.end()] = BLANK * (match.end() - match.start())
        match = _ADDRESS.search(view, match.end())
    working = "".join(chars)
    return sorted(addresses + _decide(working, _candidates(working)), key=lambda found: found.start)
