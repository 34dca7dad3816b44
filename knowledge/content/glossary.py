"""Romanised (and foreign-script) spellings of Japanese pension terms, for query expansion.

Foreign residents often write the Japanese word they heard at the counter in Latin letters inside
their own language ("Paano mag-apply ng menjo?"). The multilingual encoder does not know that
"menjo" is 免除, so before embedding a non-Japanese query we append the Japanese terms its
spellings stand for: ``"Paano mag-apply ng menjo?" → "Paano mag-apply ng menjo? (免除)"``.
Staff maintain the spellings in ``knowledge/glossary.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Glossary"]

_KANA = re.compile(r"[\u3040-\u30ff]")


@dataclass(frozen=True)
class Glossary:
    """Spelling → Japanese term (spellings lower-cased)."""

    terms: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        spellings = sorted(self.terms, key=len, reverse=True)  # longest first: "nenkin net" before "nenkin"
        pattern = "|".join(re.escape(s) for s in spellings) or r"(?!x)x"
        object.__setattr__(self, "_pattern", re.compile(rf"(?<!\w)({pattern})(?!\w)", re.IGNORECASE))

    def expand(self, text: str) -> str:
        """``text`` with the Japanese terms of the spellings it contains appended in brackets.

        Japanese text (any kana) is returned unchanged, as is text without a known spelling.
        """
        if not self.terms or _KANA.search(text):
            return text
        found: list[str] = []
        for match in self._pattern.finditer(text):  # type: ignore[attr-defined]
            term = self.terms[match.group(1).lower()]
            if term not in found and term not in text:
                found.append(term)
        return f"{text} ({' '.join(found)})" if found else text
