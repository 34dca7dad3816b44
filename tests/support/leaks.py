r"""Search everything a running assistant keeps for a personal number, in every form it may have been kept in.

A :class:`Secret` is one number as a resident wrote it, with the words right around it.
It has survived if any of these forms is found:

- its ASCII digit run (``7318402957``; a ``+81`` phone also as ``090…``), when the run
  has 8 digits or more (shorter runs turn up by chance in timestamps and scores);
- the written form exactly as typed, its NFKC form and its folded form
  (:func:`knowledge.text.digits.fold_text`: format characters dropped, every digit
  script and kanji numerals as ASCII), when the number is distinctive on its own
  (8 digits or more, or an e-mail address);
- for a shorter number (a postal code, one fragment of a number split over two
  messages), the written form together with the words before it, or after it
  (``前半は七三一八です``), which makes even a 4-digit fragment distinctive.

Files are searched as raw bytes (:class:`Haystack`), read as UTF-8, as UTF-8 with JSON and
Python escapes undone (``\u4e03``: Rasa's tracker store and SQLAlchemy's JSON columns keep
non-ASCII text escaped), and as UTF-16 in both byte orders at both byte alignments. To
search hundreds of secrets in megabytes of WAL files quickly, every *numeric token* of
those readings (4 or more digits of any script, with the separators people type between
them) is indexed once by its ASCII digits; a secret is looked for only around the tokens
that hold its digits, and e-mails only around at signs. Pages (API answers, console HTML,
logs) are searched directly as text, with escapes, after undoing HTML escaping, and folded.
"""

from __future__ import annotations

import bisect
import codecs
import html
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property

from knowledge.text.digits import KANJI_DIGITS, fold, fold_text

__all__ = ["Haystack", "Secret", "digits_of", "escaped_forms"]

MIN_RUN = 8
"""Shortest digit run looked for on its own."""
MIN_TOKEN = 4
"""Fewest digits a numeric token holds (the shortest fragment looked for)."""
_EMAIL_MARGIN = 100
"""Characters either side of an at sign that an e-mail address written in full-width may take."""
_SEPARATOR = "\n\x00\n"


def _class(chars: set[str]) -> str:
    return "".join(re.escape(char) for char in sorted(chars))


def _numeric_chars() -> set[str]:
    """Every character that folds to ASCII digits (ASCII, every Nd script, circled numbers, kanji numerals …)."""
    numeric = {
        chr(code)
        for code in range(0x20000)
        if not 0xD800 <= code < 0xE000 and unicodedata.numeric(chr(code), None) is not None
    }
    return {char for char in numeric | set(KANJI_DIGITS) if re.search("[0-9]", fold(char))}


def _separating_chars() -> set[str]:
    """What people type between digit groups: spaces, dashes, dots, slashes, brackets, format characters."""
    plain = set(" -‐‑‒–—―−ー─━⁃˗._/,()+・·")
    found = set()
    for code in range(0x10000):
        char = chr(code)
        if 0xD800 <= code < 0xE000 or char in "\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029":
            continue
        category = unicodedata.category(char)
        if category in ("Cf", "Zs", "Pd") or char in plain or unicodedata.normalize("NFKC", char) in plain:
            found.add(char)
    return found


_NUMERIC = r"\d" + _class({char for char in _numeric_chars() if char < "\U00010000" and not char.isdecimal()})
# Only BMP characters besides the Nd category (\d, which covers 𝟕): so the classes compile to fast bitmaps.
_TOKEN = re.compile(f"[{_NUMERIC}](?:[{_class(_separating_chars())}]{{0,8}}[{_NUMERIC}]){{{MIN_TOKEN - 1},}}")
_AT_SIGNS = re.compile("[@＠﹫]")
_NOT_DIGIT = {code: None for code in range(128) if not chr(code).isdigit()}


def digits_of(text: str) -> str:
    """The ASCII digits of ``text`` once folded (every script and kanji numerals count)."""
    return "".join(re.findall("[0-9]", fold_text(text)))


def _skeleton(token: str) -> str:
    return token.translate(_NOT_DIGIT) if token.isascii() else digits_of(token)


def escaped_forms(text: str) -> set[str]:
    """``text`` as JSON (ASCII-only or not) and Python escape it, without the quotes."""
    return {
        json.dumps(text)[1:-1],
        json.dumps(text, ensure_ascii=False)[1:-1],
        repr(text)[1:-1],
        text.encode("unicode_escape").decode("ascii"),
    }


def _unescaped(text: str) -> str:
    r"""``text`` with ``\uXXXX``, ``\xXX`` and the other backslash escapes undone (surrogate pairs joined)."""
    raw = codecs.decode(text.encode("latin-1", "backslashreplace"), "unicode_escape", "replace")
    return raw.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def readings(content: bytes) -> Iterator[tuple[str, str]]:
    """(label, text) for each way ``content`` may hold text: UTF-8, unescaped, UTF-16 LE/BE at both alignments."""
    text = content.decode("utf-8", "replace")
    yield "utf-8", text
    if "\\" in text:
        yield "unescaped", _unescaped(text)
    for codec in ("utf-16-le", "utf-16-be"):
        for shift in (0, 1):
            data = content[shift:]
            yield f"{codec}{'+1' if shift else ''}", data[: len(data) // 2 * 2].decode(codec, "replace")


@dataclass(frozen=True)
class Secret:
    """One personal number as written, with the words around it.

    Attributes:
        label: What it is, for failure messages (``pension number, kanji numerals``).
        written: The number exactly as typed.
        before: The words typed right before it (part of the same message), if any.
        after: The words typed right after it, if any.
        runs: Other ASCII forms it may be stored as: the folded address of an e-mail,
            the domestic digits of a ``+81`` phone number.
    """

    label: str
    written: str
    before: str = ""
    after: str = ""
    runs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not (self.distinctive or self.before or self.after):
            raise ValueError(f"{self.label}: a short number needs the words around it to be looked for")
        if self.email:
            return
        digits = digits_of(self.written)
        if len(digits) < MIN_TOKEN:
            raise ValueError(f"{self.label}: fewer than {MIN_TOKEN} digits cannot be told from other numbers")
        if not any(digits in _skeleton(token) for token in _TOKEN.findall(self.written)):
            raise ValueError(f"{self.label}: {self.written!r} is not one numeric token, so the index cannot find it")

    @cached_property
    def email(self) -> bool:
        """Whether this is an e-mail address."""
        return "@" in fold_text(self.written)

    @cached_property
    def digit_runs(self) -> frozenset[str]:
        """The ASCII digit runs looked for on their own."""
        runs = {run for run in (digits_of(self.written), *self.runs) if run.isdigit()}
        return frozenset(run for run in runs if len(run) >= MIN_RUN)

    @cached_property
    def distinctive(self) -> bool:
        """Whether the written form alone is worth looking for (8 digits or more, or an e-mail)."""
        return len(digits_of(self.written)) >= MIN_RUN or self.email

    @cached_property
    def forms(self) -> frozenset[str]:
        """The texts looked for besides the digit runs.

        A distinctive number alone (as typed, NFKC, folded, and its other non-digit forms);
        a short one only with the words before it and with the words after it (as typed, and folded).
        """
        if self.distinctive:
            forms = {self.written, unicodedata.normalize("NFKC", self.written), fold_text(self.written)}
            return frozenset(forms | {run for run in self.runs if not run.isdigit()})
        contexts = {self.before + self.written if self.before else "", self.written + self.after if self.after else ""}
        contexts.discard("")
        return frozenset(contexts | {fold_text(context) for context in contexts})

    @cached_property
    def needles(self) -> frozenset[str]:
        """Everything looked for, as typed and folded (the digit runs and :attr:`forms`)."""
        return frozenset(self.digit_runs | self.forms | {fold_text(form) for form in self.forms})


class Haystack:
    """Files (raw bytes) and pages (text) to search, indexed once.

    Args:
        files: Name → content of every file to search.
        pages: Name → text of every page to search (API answers, HTML, logs).
    """

    def __init__(self, files: Mapping[str, bytes], pages: Mapping[str, str]) -> None:
        self._readings: list[tuple[str, str]] = []  # (file and how it was read, text)
        self._tokens: list[tuple[int, int, int]] = []  # (reading, start, end) of each numeric token
        self._at_signs: list[tuple[int, int, int]] = []
        skeletons = []
        for name, content in files.items():
            for label, text in readings(content):
                reading = len(self._readings)
                self._readings.append((f"{name} ({label})", text))
                for match in _TOKEN.finditer(text):
                    self._tokens.append((reading, match.start(), match.end()))
                    skeletons.append(_skeleton(match.group()))
                self._at_signs += [(reading, found.start(), found.end()) for found in _AT_SIGNS.finditer(text)]
        self._skeleton_starts, self._skeletons = self._join(skeletons, "|")
        texts = {name: html.unescape(text) for name, text in pages.items()}
        self._page_names = list(texts)
        self._page_starts, self._pages = self._join(list(texts.values()), _SEPARATOR)
        self._folded_starts, self._folded = self._join([fold_text(text) for text in texts.values()], _SEPARATOR)

    @staticmethod
    def _join(parts: list[str], separator: str) -> tuple[list[int], str]:
        starts, position = [], 0
        for part in parts:
            starts.append(position)
            position += len(part) + len(separator)
        return starts, separator.join(parts)

    @staticmethod
    def _parts(joined: str, needle: str, starts: list[int]) -> Iterator[int]:
        """The index of every part of ``joined`` that holds ``needle``."""
        position = joined.find(needle)
        while position >= 0:
            part = bisect.bisect_right(starts, position) - 1
            yield part
            if part + 1 == len(starts):
                return
            position = joined.find(needle, starts[part + 1])

    def _nearby(self, spots: Iterable[tuple[int, int, int]], margin: int) -> Iterator[tuple[str, str, str]]:
        """(place, text, folded text) within ``margin`` characters of each spot."""
        for reading, start, end in spots:
            place, text = self._readings[reading]
            nearby = text[max(0, start - margin) : end + margin]
            yield place, nearby, fold_text(nearby)

    @cached_property
    def _around_at_signs(self) -> list[tuple[str, str, str]]:
        return list(self._nearby(self._at_signs, _EMAIL_MARGIN))

    def _file_places(self, secret: Secret) -> set[str]:
        """Where in the files ``secret`` is: looked for near each token holding its digits, or each at sign."""
        if secret.email:
            nearby = self._around_at_signs
        else:
            spots = set()
            for digits in secret.digit_runs or {digits_of(secret.written)}:
                spots |= {self._tokens[part] for part in self._parts(self._skeletons, digits, self._skeleton_starts)}
            nearby = self._nearby(spots, max(len(needle) for needle in secret.needles) + 16)
        return {
            f"{place}: {needle!r}"
            for place, text, folded in nearby
            for needle in secret.needles
            if needle in text or needle in folded
        }

    def places_of(self, text: str) -> list[str]:
        """Every file reading and page holding ``text`` as it is (slow: for a few probes, not for secrets)."""
        places = [place for place, reading in self._readings if text in reading]
        return places + [self._page_names[part] for part in self._parts(self._pages, text, self._page_starts)]

    def where(self, secret: Secret) -> list[str]:
        """Where any form of ``secret`` was found: one line per place and form, empty if nowhere."""
        found = self._file_places(secret)
        for form in secret.digit_runs | secret.forms:
            for text in {form, *escaped_forms(form)}:
                found |= {f"{self._page_names[i]}: {text!r}" for i in self._parts(self._pages, text, self._page_starts)}
            folded = fold_text(form)
            parts = self._parts(self._folded, folded, self._folded_starts)
            found |= {f"{self._page_names[i]} (folded): {folded!r}" for i in parts}
        return sorted(f"{secret.label} {secret.written!r} found in {place}" for place in found)
