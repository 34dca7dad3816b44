"""The checkable facts of an answer: numbers, amounts, fractions, times, phone numbers, placeholders, URLs.

A translation must state the same facts as the Japanese answer, however each language
writes them. :func:`extract_facts` reduces a text to those facts in one canonical form:

- ``{line:nenkin_dial}`` and the other placeholders, and ``https://…`` addresses, verbatim;
- phone numbers (three or more dash-joined digit groups) as their digits;
- fractions: ``4分の3``, ``4分之3``, ``4분의 3`` and ``3/4`` are all ``3/4``;
- times of day: ``8時`` and ``8:00`` are ``8:00``, ``17時15分`` is ``17:15`` (``24時間`` is a duration);
- era years become Gregorian: ``平成20年`` and ``Heisei 20`` are ``2008``;
- month names are month numbers: ``April``, ``abril``, ``เมษายน`` and ``अप्रिल`` are ``4``;
- numbers in any digits (``๑๒``, ``१२`` and full-width ``１２`` too), with their grouping and decimal
  marks read as written (``350,000``, ``350.000``, ``3,50,000``, ``0.7``, ``0,7``) and large-number
  words applied: ``35万``, ``35만``, ``350 mil``, ``3.5 लाख``, ``3 แสน 5 หมื่น`` are all ``350000``.

Words for small numbers ("two", "一度") are not facts: answers write numbers in digits. A Japanese
count of one (``1か月につき``, ``年1回``, ``1人``) is *optional*: "per month", "once a year" and
"a person" say it without a digit. Disease names such as ``COVID-19`` are words, not numbers.
Pure functions, no knowledge files.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Fact", "FactDifference", "compare_facts", "extract_facts"]


@dataclass(frozen=True)
class Fact:
    """One fact in canonical form.

    Attributes:
        kind: ``placeholder``, ``url``, ``phone``, ``fraction``, ``time``, ``number``, or ``optional``
            (a Japanese count of one a translation may state or leave to its words).
        value: The canonical value (``350000``, ``3/4``, ``8:30``, ``{line:nenkin_dial}``).
    """

    kind: str
    value: str

    def __str__(self) -> str:
        return self.value


_PLACEHOLDER = re.compile(r"\{[a-z_]+:[^{}\s]+\}")
_URL = re.compile(r"https?://[^\s<>\"'）」』】、。，]+")
_URL_TRAILING = ".,;:)!?"
_PHONE = re.compile(r"\+?\d{1,5}(?:-\d{1,5}){2,}")
_ERA = re.compile(r"(令和|平成|昭和|Reiwa|Heisei|Showa|Shōwa)\s*(元|\d{1,2})", re.IGNORECASE)
_ERA_START = {"令和": 2018, "reiwa": 2018, "平成": 1988, "heisei": 1988, "昭和": 1925, "showa": 1925, "shōwa": 1925}
_CLOCK = re.compile(r"(?<![\d:])(\d{1,2}):(\d{2})(?![\d:])")
_JA_CLOCK = re.compile(r"(\d{1,2})時(?!間)(?:(\d{1,2})分)?")
_FRACTIONS = (
    (re.compile(r"(\d+)\s*分の\s*(\d+)"), False),  # 4分の3: denominator first
    (re.compile(r"(\d+)\s*分之\s*(\d+)"), False),
    (re.compile(r"(\d+)\s*분의\s*(\d+)"), False),
    (re.compile(r"(?<![\d/])(\d+)\s*/\s*(\d+)(?![\d/])"), True),  # 3/4: numerator first
)
_NAMES_WITH_DIGITS = re.compile(r"COVID[-‐ ]?19", re.IGNORECASE)
_COUNT_OF_ONE = re.compile(r"(?<![\d.,])1(?=\s?(?:か月|ヶ月|カ月|箇月|回|人|枚|週間|つ|点|件|通|年間|年(?![\d度])))")
_NUMBER = re.compile(r"\d(?:[\d,.]*\d)?")

_MULTIPLIERS: dict[str, int] = {
    "億": 10**8, "亿": 10**8, "억": 10**8, "万": 10**4, "萬": 10**4, "만": 10**4, "千": 10**3, "천": 10**3,
    "करोड": 10**7, "लाख": 10**5, "हजार": 10**3,
    "ล้าน": 10**6, "แสน": 10**5, "หมื่น": 10**4, "พัน": 10**3,
    "triệu": 10**6, "nghìn": 10**3, "ngàn": 10**3,
    "million": 10**6, "millions": 10**6, "millón": 10**6, "millones": 10**6, "milhão": 10**6, "milhões": 10**6,
    "milyon": 10**6, "juta": 10**6, "ribu": 10**3, "mil": 10**3,
}  # fmt: skip
_CJK_MULTIPLIERS = frozenset("億亿억万萬만千천")
_LATIN_MULTIPLIERS = sorted(
    (word for word in _MULTIPLIERS if unicodedata.name(word[0]).startswith("LATIN")), key=len, reverse=True
)
_SCRIPT_MULTIPLIERS = sorted(set(_MULTIPLIERS) - set(_LATIN_MULTIPLIERS), key=len, reverse=True)
_MULTIPLIER_AFTER = re.compile(
    # Words of Latin-script languages end where the letters end ("mil", not "milímetro"); Thai, Devanagari
    # and CJK words run on into the next word with no space ("ล้านเยน", "35万円").
    r"\s?("
    + "|".join(map(re.escape, _SCRIPT_MULTIPLIERS))
    + "|"
    + "|".join(rf"{re.escape(word)}(?![^\W\d_])" for word in _LATIN_MULTIPLIERS)
    + ")",
    re.IGNORECASE,
)

_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("january", "february", "march", "april", "", "june", "july", "august", "september", "october",
           "november", "december"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre|setiembre",
           "octubre", "noviembre", "diciembre"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"),
    "id": ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
           "november", "desember"),
    "tl": ("enero", "pebrero", "marso", "abril", "mayo", "hunyo", "hulyo", "agosto", "setyembre|septiyembre",
           "oktubre", "nobyembre", "disyembre"),
}  # fmt: skip
_LATIN_MONTH_LANGUAGES = {"en": ("en",), "es": ("es",), "pt": ("pt",), "id": ("id", "en"), "tl": ("tl", "en")}
_THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")  # fmt: skip
_NEPALI_MONTHS = ("जनवरी", "फेब्रुअरी|फेब्रुवरी", "मार्च", "अप्रिल|अप्रैल", "", "", "जुलाई", "अगस्ट|अगस्त",
                  "सेप्टेम्बर|सेप्टेम्बर|सेप्टेम्बर", "अक्टोबर|अक्टुबर", "नोभेम्बर|नवम्बर", "डिसेम्बर|दिसम्बर")  # fmt: skip
_NEAR_DIGIT_MONTHS: dict[str, tuple[tuple[str, int], ...]] = {
    # Month names that are also everyday words count only next to a number ("May 2026", "जुन 1").
    "en": (("May", 5),),  # Tagalog "may" means "there is": Tagalog writes the month Mayo
    "ne": (("मे", 5), ("जुन", 6)),
}


def _fold(text: str) -> str:
    """NFKC, then every Unicode decimal digit (Thai, Devanagari …) as ASCII; kanji numerals stay words."""
    out = []
    for char in unicodedata.normalize("NFKC", text):
        value = unicodedata.decimal(char, None) if char >= "\x80" else None
        out.append(str(value) if value is not None else char)
    return "".join(out)


def _plain_number(token: str) -> Decimal | None:
    """``token`` (digits with ``,`` or ``.`` marks) as a number, reading the marks as the writer meant them.

    Both marks: the last one is the decimal mark. One kind of mark: grouping when the last group has
    three digits (``350,000``, ``3,50,000``, ``1.000.000``) and the number does not start with ``0``;
    otherwise a single mark is the decimal mark (``0.7``, ``16,5``).
    """
    marks = {mark for mark in token if mark in ",."}
    if not marks:
        return Decimal(token)
    if len(marks) == 2:
        decimal_mark = max(",.", key=token.rfind)
        grouping = "," if decimal_mark == "." else "."
        normalized = token.replace(grouping, "").replace(decimal_mark, ".")
    else:
        mark = marks.pop()
        groups = token.split(mark)
        if len(groups[-1]) == 3 and not token.startswith("0") and all(1 <= len(g) <= 3 for g in groups):
            normalized = "".join(groups)
        elif len(groups) == 2:
            normalized = f"{groups[0]}.{groups[1]}"
        else:
            return None
    try:
        return Decimal(normalized)
    except InvalidOperation:
        return None


def _canonical(number: Decimal) -> str:
    if number == number.to_integral_value():
        return str(int(number))
    return format(number.normalize(), "f")


class _Reader:
    """Collects facts and blanks out what it took, so later patterns do not read it again."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.facts: dict[Fact, str] = {}

    def take(self, pattern: re.Pattern[str], make: Callable[[re.Match[str]], Fact | None]) -> None:
        """Record ``make(match)`` for each match and blank the match out (kept as is when ``make`` gives None)."""

        def replace(match: re.Match[str]) -> str:
            fact = make(match)
            if fact is None:
                return match.group(0)
            self.facts.setdefault(fact, match.group(0).strip())
            return " " * len(match.group(0))

        self.text = pattern.sub(replace, self.text)

    def drop(self, pattern: re.Pattern[str]) -> None:
        """Blank out every match of ``pattern`` without recording a fact."""
        self.text = pattern.sub(lambda match: " " * len(match.group(0)), self.text)

    def add(self, fact: Fact, surface: str) -> None:
        self.facts.setdefault(fact, surface)


def _url(match: re.Match[str]) -> Fact:
    return Fact("url", match.group(0).rstrip(_URL_TRAILING))


def _era_year(match: re.Match[str]) -> Fact:
    year = 1 if match.group(2) == "元" else int(match.group(2))
    return Fact("number", str(_ERA_START[match.group(1).lower()] + year))


def _clock(match: re.Match[str]) -> Fact | None:
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour > 24 or minute > 59:
        return None
    return Fact("time", f"{hour}:{minute:02d}")


def _fraction(numerator_first: bool) -> Callable[[re.Match[str]], Fact]:
    def make(match: re.Match[str]) -> Fact:
        first, second = match.group(1), match.group(2)
        numerator, denominator = (first, second) if numerator_first else (second, first)
        return Fact("fraction", f"{int(numerator)}/{int(denominator)}")

    return make


def _month_facts(reader: _Reader, language: str) -> None:
    if language in _LATIN_MONTH_LANGUAGES:
        for table in _LATIN_MONTH_LANGUAGES[language]:
            for number, names in enumerate(_MONTHS[table], start=1):
                if names:
                    pattern = re.compile(rf"(?<![^\W\d_])(?:{names})(?![^\W\d_])", re.IGNORECASE)
                    reader.take(pattern, lambda _m, n=number: Fact("number", str(n)))
    elif language == "th":
        for number, name in enumerate(_THAI_MONTHS, start=1):
            reader.take(re.compile(name), lambda _m, n=number: Fact("number", str(n)))
    elif language == "ne":
        for number, names in enumerate(_NEPALI_MONTHS, start=1):
            if names:
                reader.take(re.compile(f"(?:{names})"), lambda _m, n=number: Fact("number", str(n)))
    for word, number in _NEAR_DIGIT_MONTHS.get(language, ()):
        near = rf"(?<![^\W\d_]){word}(?![^\W\d_])(?=[\s,]{{0,3}}\d)|(?<=\d)[\s,]{{0,3}}{word}(?![^\W\d_])"
        if word[0].isupper():  # "April and May": a capital inside a sentence is the month, "May I" is not
            near += rf"|(?<=[^.!?:\s] ){word}(?![^\W\d_])"
        reader.take(re.compile(near), lambda _m, n=number: Fact("number", str(n)))


def _numbers(reader: _Reader) -> None:
    text = reader.text
    position = 0
    while match := _NUMBER.search(text, position):
        total, end, surface_start = Decimal(0), match.start(), match.start()
        value = _plain_number(match.group(0))
        if value is None:
            reader.add(Fact("number", match.group(0)), match.group(0))
            position = match.end()
            continue
        end = match.end()
        while True:  # 1億2,000万, 3 แสน 5 หมื่น, 35万: sum each number times its word
            multiplier = _MULTIPLIER_AFTER.match(text, end)
            if multiplier is None:
                total += value
                break
            total += value * _MULTIPLIERS[multiplier.group(1).lower()]
            end = multiplier.end()
            following = re.compile(r"\s?(\d(?:[\d,.]*\d)?)").match(text, end)
            if following is None:
                break
            next_multiplier = _MULTIPLIER_AFTER.match(text, following.end())
            next_value = _plain_number(following.group(1))
            if next_value is None:
                break
            if next_multiplier is None:
                if multiplier.group(1) in _CJK_MULTIPLIERS and following.group(0)[0].isdigit():
                    total += next_value  # 1万7,920
                    end = following.end()
                break
            if _MULTIPLIERS[next_multiplier.group(1).lower()] >= _MULTIPLIERS[multiplier.group(1).lower()]:
                break
            value, end = next_value, following.end()
        reader.add(Fact("number", _canonical(total)), text[surface_start:end].strip())
        position = end


def extract_facts(text: str, language: str) -> dict[Fact, str]:
    """The facts ``text`` (written in ``language``) states, each with how it was first written.

    Args:
        text: An answer, with its placeholders not yet filled in.
        language: The language code the text is written in (for month names).

    Returns:
        Each fact mapped to its surface form in ``text`` (for reports).
    """
    reader = _Reader(text)
    reader.take(_PLACEHOLDER, lambda m: Fact("placeholder", m.group(0)))
    reader.take(_URL, _url)
    reader.text = _fold(reader.text)
    reader.drop(_NAMES_WITH_DIGITS)
    if language == "ja":
        reader.take(_COUNT_OF_ONE, lambda _m: Fact("optional", "1"))
    reader.take(_PHONE, lambda m: Fact("phone", re.sub(r"\D", "", m.group(0))))
    reader.take(_ERA, _era_year)
    reader.take(_CLOCK, _clock)
    reader.take(_JA_CLOCK, _clock)
    for pattern, numerator_first in _FRACTIONS:
        reader.take(pattern, _fraction(numerator_first))
    _month_facts(reader, language)
    _numbers(reader)
    return reader.facts


@dataclass(frozen=True)
class FactDifference:
    """How a translation's facts differ from its source's.

    Attributes:
        missing: Facts of the source the translation does not state, with the source's wording.
        extra: Facts the translation states that the source does not, with the translation's wording.
    """

    missing: dict[Fact, str]
    extra: dict[Fact, str]

    def __bool__(self) -> bool:
        return bool(self.missing or self.extra)


def compare_facts(source: str, source_language: str, translation: str, language: str) -> FactDifference:
    """Which facts of ``source`` the ``translation`` lacks, and which it adds.

    Facts are compared as sets: a translation may repeat a number the source states once.
    """
    expected = extract_facts(source, source_language)
    found = extract_facts(translation, language)
    optional = {Fact("number", fact.value) for fact in expected if fact.kind == "optional"}
    return FactDifference(
        missing={fact: surface for fact, surface in expected.items() if fact not in found and fact.kind != "optional"},
        extra={fact: surface for fact, surface in found.items() if fact not in expected and fact not in optional},
    )
