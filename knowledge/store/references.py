"""Hand-off reference codes: the code a resident reads out to the operator (``NK-7F3KQ9``)."""

from __future__ import annotations

import re
import secrets
import unicodedata

__all__ = ["REFERENCE_ALPHABET", "new_reference", "normalize_reference"]

REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
"""Crockford base 32: no I, L, O or U, so codes survive being read out on the phone."""


def new_reference() -> str:
    """A random code like ``NK-7F3KQ9`` (about a billion possibilities)."""
    return "NK-" + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))


_REFERENCE_NOISE = re.compile(r"[\s_\-\u2010-\u2015\u2212\u30fc\uff70]")
"""Spaces, underscores and the dashes people type between ``NK`` and the code (after NFKC, so full-width ones too)."""
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})


def normalize_reference(text: str, *, partial: bool = False) -> str | None:
    """A reference as staff type it (or a resident reads it out) in its stored form, ``NK-7F3KQ9``.

    Full-width characters (NFKC), case, spaces, underscores and dashes (``-``, ``‐``, ``−``, ``ー``
    …) are ignored, the ``NK`` prefix is optional, and O, I and L read as 0, 1 and 1 (the
    alphabet has none of them): ``nk 7f3kq9``, ``７Ｆ３ＫＱ９`` and ``NK－7F3KQ9`` all give ``NK-7F3KQ9``.

    Args:
        text: What was typed.
        partial: Also accept part of a reference, as typed into a search box: 1 to 6 code
            characters (the result is then ``NK-`` and those characters).

    Returns:
        The reference, or ``None`` if ``text`` cannot be one (or, with ``partial``, part of one).
    """
    code = _REFERENCE_NOISE.sub("", unicodedata.normalize("NFKC", text)).upper().translate(_LOOKALIKES)
    if code.startswith("NK") and (partial or len(code) == 8):
        code = code[2:]
    lengths = range(1, 7) if partial else (6,)
    if len(code) not in lengths or any(ch not in REFERENCE_ALPHABET for ch in code):
        return None
    return f"NK-{code}"
