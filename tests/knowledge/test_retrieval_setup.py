"""Assembling the retrieval stack from settings."""

from __future__ import annotations

import pytest

from knowledge import retrieval_setup
from knowledge.content.loader import load_knowledge_base
from knowledge.retrieval.caches import QueryVectorCache
from knowledge.retrieval.index import build_index
from knowledge.settings import RetrievalSettings


@pytest.fixture
def settings(knowledge_dir, fake_embedder, tmp_path):
    build_index(load_knowledge_base(knowledge_dir), fake_embedder, tmp_path / "index")
    return RetrievalSettings(
        knowledge_dir=knowledge_dir,
        index_dir=tmp_path / "index",
        embedding_model=fake_embedder.model_id,
        answer_threshold=0.9,
        suggest_threshold=0.5,
    )


def test_a_loaded_encoder_gets_a_query_cache(settings, fake_embedder, monkeypatch):
    monkeypatch.setattr(retrieval_setup, "load_embedder", lambda _: fake_embedder)
    searcher = retrieval_setup.open_searcher(settings)
    assert isinstance(searcher.embedder, QueryVectorCache) and searcher.embedder.embedder is fake_embedder
    assert searcher.embedder.max_size == retrieval_setup.QUERY_CACHE_SIZE

    fake_embedder.calls.clear()  # the index build's
    first = searcher.query("学特の申請方法", 3)
    again = searcher.query("学特の申請方法", 3)
    assert first == again and first.hits[0].faq_id == "student-special"
    assert fake_embedder.calls == [["学特の申請方法"]]


def test_a_given_encoder_is_used_as_it_is_so_reloads_keep_the_cache(settings, fake_embedder):
    cached = QueryVectorCache(fake_embedder)
    assert retrieval_setup.open_searcher(settings, embedder=cached).embedder is cached
    assert retrieval_setup.open_searcher(settings, embedder=fake_embedder).embedder is fake_embedder


def test_the_rerank_weight_comes_from_settings(settings, fake_embedder):
    assert retrieval_setup.open_searcher(settings, embedder=fake_embedder).rerank_weight == 0.5
    plain = retrieval_setup.open_searcher(settings.copy(update={"rerank_weight": 0.0}), embedder=fake_embedder)
    assert plain.rerank_weight == 0.0


def test_open_searcher_sets_the_faiss_threads(settings, fake_embedder, monkeypatch):
    seen = []
    monkeypatch.setattr(retrieval_setup, "set_search_threads", seen.append)
    retrieval_setup.open_searcher(settings.copy(update={"faiss_threads": 3}), embedder=fake_embedder)
    assert seen == [3]
