"""Assemble the retrieval stack from settings: knowledge, embedder, index, searcher.

The CLI, the Rasa actions and the web API all start here, so they agree on
which model, index folder and thresholds are in force.
"""

from __future__ import annotations

from knowledge.content.loader import load_knowledge_base
from knowledge.content.schema import KnowledgeBase
from knowledge.retrieval.caches import QueryVectorCache
from knowledge.retrieval.embedding import Embedder, SentenceTransformerEmbedder
from knowledge.retrieval.index import load_index, set_search_threads
from knowledge.retrieval.search import FaqSearcher, Thresholds
from knowledge.settings import RetrievalSettings

__all__ = ["QUERY_CACHE_SIZE", "load_embedder", "open_searcher", "thresholds_from"]

QUERY_CACHE_SIZE = 4096
"""Distinct questions whose vectors a searcher built here remembers (about 6 MiB)."""


def load_embedder(settings: RetrievalSettings) -> SentenceTransformerEmbedder:
    """The configured encoder; its ``model_id`` is the setting as written, so manifests stay portable.

    Raises:
        ModelUnavailableError: With instructions when the model is missing.
    """
    return SentenceTransformerEmbedder(
        settings.resolved_embedding_model(),
        model_id=settings.embedding_model,
        threads=settings.encoder_threads,
        batch_size=settings.encode_batch_size,
    )


def thresholds_from(settings: RetrievalSettings) -> Thresholds:
    """Tier thresholds from settings."""
    return Thresholds(answer=settings.answer_threshold, suggest=settings.suggest_threshold)


def open_searcher(
    settings: RetrievalSettings,
    *,
    knowledge: KnowledgeBase | None = None,
    embedder: Embedder | None = None,
) -> FaqSearcher:
    """A searcher over the current index, refusing a stale one; sets faiss's threads (``faiss_threads``).

    Args:
        settings: Where the knowledge, model and index are.
        knowledge: Already loaded knowledge (loaded from settings when omitted).
        embedder: Already loaded encoder, used as it is (when omitted, the configured one is loaded and
            wrapped in a :class:`QueryVectorCache` of :data:`QUERY_CACHE_SIZE` questions; pass the
            searcher's embedder on to a reloaded searcher to keep its cache).

    Raises:
        KnowledgeError: If the knowledge files have errors.
        ModelUnavailableError: If the model is missing.
        IndexUnavailableError: If the index is missing, unreadable or stale.
    """
    knowledge = knowledge or load_knowledge_base(settings.knowledge_dir)
    if embedder is None:
        embedder = QueryVectorCache(load_embedder(settings), max_size=QUERY_CACHE_SIZE)
    index = load_index(settings.index_dir, knowledge, embedder.model_id)
    set_search_threads(settings.faiss_threads)
    return FaqSearcher(
        index, embedder, thresholds_from(settings), knowledge.glossary, rerank_weight=settings.rerank_weight
    )
