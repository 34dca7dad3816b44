"""Question search over the FAQ index: best variant per entry, reranked by the entry classifier, with tiers.

Each entry's *similarity* is the cosine similarity of its best variant. Entries are
ranked by similarity plus ``rerank_weight`` times the entry classifier's probability
(:mod:`knowledge.retrieval.entry_classifier`), which settles close calls between neighbouring
entries; the confidence tier is decided on the top hit's similarity alone, so the
thresholds keep their calibrated meaning. Example questions of subjects the FAQ does not
answer (``not_covered.yml``) are indexed too: they are never returned as hits, but when one
ranks first the question is not answered outright.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, replace
from enum import Enum

from knowledge.content.glossary import Glossary
from knowledge.content.schema import NOT_COVERED_TOPIC
from knowledge.retrieval.embedding import Embedder
from knowledge.retrieval.entry_classifier import DEFAULT_RERANK_WEIGHT
from knowledge.retrieval.index import FaqIndex, Variant

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
        probability: The entry classifier's probability for the entry (``None`` without a classifier).
        relevance: What hits are ranked by: ``score`` plus the rerank weight times ``probability``
            (``None`` when ranked by ``score`` alone).
    """

    faq_id: str
    topic: str
    score: float
    question: str
    language: str
    probability: float | None = None
    relevance: float | None = None

    @property
    def rank_score(self) -> float:
        """``relevance`` when set, else ``score``: the value the search ordered this hit by."""
        return self.score if self.relevance is None else self.relevance


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
    """Searches FAQ entries by question similarity, reranked by the index's entry classifier.

    Args:
        index: The loaded variant index.
        embedder: Encoder for queries; must be the model the index was built with.
        thresholds: Tier cut-offs.
        glossary: Romanised spellings of Japanese terms; non-Japanese questions are searched with
            the terms they contain added (see :mod:`knowledge.content.glossary`).
        rerank_weight: Weight of the entry classifier's probability in the ranking (0 ranks by
            similarity alone).

    Raises:
        ValueError: If the embedder is not the index's model, or the weight is negative.
    """

    def __init__(
        self,
        index: FaqIndex,
        embedder: Embedder,
        thresholds: Thresholds,
        glossary: Glossary | None = None,
        *,
        rerank_weight: float = DEFAULT_RERANK_WEIGHT,
    ) -> None:
        if embedder.model_id != index.model_id:
            raise ValueError(f"embedder {embedder.model_id!r} does not match index model {index.model_id!r}")
        if rerank_weight < 0:
            raise ValueError(f"rerank_weight must not be negative, got {rerank_weight}")
        self.index = index
        self.embedder = embedder
        self.thresholds = thresholds
        self.glossary = glossary or Glossary()
        self.rerank_weight = rerank_weight

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
            Up to ``k`` hits, one per entry, each scored by its best variant and ranked by that
            score plus ``rerank_weight`` times the entry's probability.
        """
        return self._ranked(text, k, language, topics)[0]

    def _ranked(
        self, text: str, k: int, language: str | None, topics: Collection[str] | None
    ) -> tuple[list[Hit], bool]:
        """The top ``k`` entry hits, and whether a not-covered subject ranked above every entry."""
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        text = text.strip()
        if not text or self.index.size == 0:
            return [], False
        vector = self.embedder.embed_queries([self.glossary.expand(text)])[0]
        # Enough variants that k distinct entries survive even if every top
        # variant belongs to the same few entries or subjects.
        pool = self.index.nearest(vector, (k + 1) * self.index.max_variants_per_entry)
        best, best_in_language = _best_per_entry(pool, language, topics)
        classifier = self.index.classifier
        probabilities = classifier.probabilities(vector) if classifier is not None else None
        hits = [self._hit(faq_id, variant, score, probabilities) for faq_id, (variant, score) in best.items()]
        if classifier is not None:
            hits.sort(key=lambda hit: hit.rank_score, reverse=True)
        not_covered_first = bool(hits) and hits[0].topic == NOT_COVERED_TOPIC
        entries = [hit for hit in hits if hit.topic != NOT_COVERED_TOPIC][:k]
        return [self._shown_in(hit, best_in_language.get(hit.faq_id), language) for hit in entries], not_covered_first

    def _hit(self, faq_id: str, variant: Variant, score: float, probabilities: dict[str, float] | None) -> Hit:
        """One entry's hit showing its best variant, with probability and relevance when classified."""
        score = round(score, 6)
        probability = relevance = None
        if probabilities is not None:
            probability = round(probabilities.get(faq_id, 0.0), 6)
            if self.rerank_weight > 0:
                relevance = round(score + self.rerank_weight * probability, 6)
        return Hit(faq_id, variant.topic, score, variant.question, variant.language, probability, relevance)

    def _shown_in(self, hit: Hit, in_language: Variant | None, language: str | None) -> Hit:
        """``hit`` showing its best variant in ``language``, else the entry's first one in it, else as it is."""
        shown = in_language or (language and self.index.first_variant(hit.faq_id, language))
        return replace(hit, question=shown.question, language=shown.language) if shown else hit

    def query(
        self, text: str, k: int = 5, *, language: str | None = None, topics: Collection[str] | None = None
    ) -> SearchResult:
        """Like :meth:`search`, with the confidence tier of the best hit.

        A question that ranks a not-covered subject (``not_covered.yml``) above every entry is
        never answered outright: at best its entries are offered as did-you-mean choices.
        """
        hits, not_covered_first = self._ranked(text, k, language, topics)
        tier = self.thresholds.tier(hits[0].score if hits else None)
        if not_covered_first and tier is Tier.ANSWER:
            tier = Tier.SUGGEST
        return SearchResult(text, hits, tier)


def _best_per_entry(
    pool: list[tuple[Variant, float]], language: str | None, topics: Collection[str] | None
) -> tuple[dict[str, tuple[Variant, float]], dict[str, Variant]]:
    """Per entry (in pool order): its best variant and score, and its best variant in ``language``."""
    best: dict[str, tuple[Variant, float]] = {}
    best_in_language: dict[str, Variant] = {}
    for variant, score in pool:  # pool is sorted best first
        if topics is not None and variant.topic not in topics:
            continue
        best.setdefault(variant.faq_id, (variant, score))
        if variant.language == language:
            best_in_language.setdefault(variant.faq_id, variant)
    return best, best_in_language
