"""Question search over the FAQ index: best variant per entry, with confidence tiers."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import Enum

from knowledge.embedding import Embedder
from knowledge.glossary import Glossary
from knowledge.index import FaqIndex, Variant

__all__ = ["FaqSearcher", "Hit", "SearchResult", "Thresholds", "Tier"]


class Tier(str, Enum):
    """How sure the search is about its best hit."""

    ANSWER = "answer"
    """Confident: answer with the top entry."""
    SUGGEST = "suggest"
    """Plausible: offer the top entries as did-you-mean choices."""
    NONE = "none"
    """Nothing close enough: ask to rephrase or hand off."""


@dataclass(frozen=True)
class Thresholds:
    """Score cut-offs for the tiers (cosine similarity of unit vectors).

    Raises:
        ValueError: If a value is outside [0, 1] or ``suggest`` exceeds ``answer``.
    """

    answer: float
    suggest: float

    def __post_init__(self) -> None:
        if not (0.0 <= self.suggest <= self.answer <= 1.0):
            raise ValueError(f"need 0 <= suggest <= answer <= 1, got suggest={self.suggest}, answer={self.answer}")

    def tier(self, score: float | None) -> Tier:
        """The tier of a top score (``None`` when there was no hit)."""
        if score is None or score < self.suggest:
            return Tier.NONE
        return Tier.ANSWER if score >= self.answer else Tier.SUGGEST


@dataclass(frozen=True)
class Hit:
    """One FAQ entry that matches a query.

    Attributes:
        faq_id: The entry.
        topic: Its topic.
        score: Cosine similarity of the best-matching variant.
        question: The variant to show: the best one in the requested language
            when the entry has that language, else the best overall.
        language: The language of ``question``.
    """

    faq_id: str
    topic: str
    score: float
    question: str
    language: str


@dataclass(frozen=True)
class SearchResult:
    """Hits for one query, best first, and the tier of the best one."""

    query: str
    hits: list[Hit]
    tier: Tier

    @property
    def best(self) -> Hit | None:
        """The top hit, if any."""
        return self.hits[0] if self.hits else None


class FaqSearcher:
    """Searches FAQ entries by question similarity.

    Args:
        index: The loaded variant index.
        embedder: Encoder for queries; must be the model the index was built with.
        thresholds: Tier cut-offs.
        glossary: Romanised spellings of Japanese terms; non-Japanese questions are searched with
            the terms they contain added (see :mod:`knowledge.glossary`).

    Raises:
        ValueError: If the embedder is not the index's model.
    """

    def __init__(
        self, index: FaqIndex, embedder: Embedder, thresholds: Thresholds, glossary: Glossary | None = None
    ) -> None:
        if embedder.model_id != index.model_id:
            raise ValueError(f"embedder {embedder.model_id!r} does not match index model {index.model_id!r}")
        self.index = index
        self.embedder = embedder
        self.thresholds = thresholds
        self.glossary = glossary or Glossary()

    def search(
        self, text: str, k: int = 5, *, language: str | None = None, topics: Collection[str] | None = None
    ) -> list[Hit]:
        """Entries most similar to ``text``, best first.

        Args:
            text: The resident's question.
            k: How many entries at most.
            language: Preferred language for the displayed question of each hit.
            topics: When given, only entries of these topics are returned.

        Returns:
            Up to ``k`` hits, one per entry, scored by their best variant.
        """
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        text = text.strip()
        if not text or self.index.size == 0:
            return []
        vector = self.embedder.embed_queries([self.glossary.expand(text)])[0]
        # Enough variants that k distinct entries survive even if every top
        # variant belongs to the same few entries.
        pool = self.index.nearest(vector, k * self.index.max_variants_per_entry)
        return _aggregate(pool, k, language, topics, self.index)

    def query(
        self, text: str, k: int = 5, *, language: str | None = None, topics: Collection[str] | None = None
    ) -> SearchResult:
        """Like :meth:`search`, with the confidence tier of the best hit."""
        hits = self.search(text, k, language=language, topics=topics)
        return SearchResult(text, hits, self.thresholds.tier(hits[0].score if hits else None))


def _aggregate(
    pool: list[tuple[Variant, float]], k: int, language: str | None, topics: Collection[str] | None, index: FaqIndex
) -> list[Hit]:
    best: dict[str, tuple[Variant, float]] = {}
    best_in_language: dict[str, Variant] = {}
    for variant, score in pool:  # pool is sorted best first
        if topics is not None and variant.topic not in topics:
            continue
        best.setdefault(variant.faq_id, (variant, score))
        if variant.language == language:
            best_in_language.setdefault(variant.faq_id, variant)
    hits = []
    for faq_id, (variant, score) in list(best.items())[:k]:
        shown = best_in_language.get(faq_id) or (language and index.first_variant(faq_id, language)) or variant
        hits.append(Hit(faq_id, variant.topic, round(score, 6), shown.question, shown.language))
    return hits
