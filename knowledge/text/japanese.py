"""Japanese word segmentation with SudachiPy and its bundled core dictionary.

Used by the Rasa tokenizer component and available to retrieval. Each word
keeps its character offsets and Sudachi's normalised form, which unifies
spelling variants (ねんきん → 年金, 出来る/できる, full-width → half-width).
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

__all__ = ["Word", "segment"]

_local = threading.local()
_MODES = ("A", "B", "C")


@dataclass(frozen=True)
class Word:
    """One word: its surface text, offsets in the input, and normalised form."""

    text: str
    start: int
    end: int
    normalized: str


def _tokenizer(mode: str) -> tuple[object, object]:
    cache = getattr(_local, "tokenizers", None)
    if cache is None:
        cache = _local.tokenizers = {}
    if mode not in cache:
        from sudachipy import Dictionary, SplitMode

        cache[mode] = (Dictionary().create(mode=getattr(SplitMode, mode)), getattr(SplitMode, mode))
    return cache[mode]


def _is_separator(text: str) -> bool:
    return all(unicodedata.category(ch)[0] in "ZPC" or ch.isspace() for ch in text)


def segment(text: str, *, mode: str = "C") -> list[Word]:
    """Split ``text`` into words, dropping spaces and punctuation.

    Args:
        text: Any text (non-Japanese words come back as they are).
        mode: Sudachi split mode: ``A`` (short units), ``B`` (middle) or ``C`` (named entities whole).

    Returns:
        Words in order, with offsets into ``text``.
    """
    if mode not in _MODES:
        raise ValueError(f"split mode must be one of {_MODES}, got {mode!r}")
    if not text:
        return []
    tokenizer, split_mode = _tokenizer(mode)
    words = []
    for morpheme in tokenizer.tokenize(text, split_mode):
        surface = morpheme.surface()
        if surface and not _is_separator(surface):
            # Sudachi transliterates English words into katakana; keep them as they are.
            normalized = surface.lower() if surface.isascii() else morpheme.normalized_form()
            words.append(Word(surface, morpheme.begin(), morpheme.end(), normalized))
    return words
