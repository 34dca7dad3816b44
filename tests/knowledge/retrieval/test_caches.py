"""The in-memory query vector cache (the disk cache is covered through the index build tests)."""

import numpy as np
import pytest

from knowledge.retrieval.caches import QueryVectorCache


def test_cache_answers_repeated_questions_without_the_encoder(fake_embedder):
    cache = QueryVectorCache(fake_embedder, max_size=8)
    first = cache.embed_queries(["学生の納付特例"])
    again = cache.embed_queries(["学生の納付特例"])
    assert fake_embedder.calls == [["学生の納付特例"]]
    assert (cache.hits, cache.misses) == (1, 1)
    np.testing.assert_array_equal(first, again)
    np.testing.assert_array_equal(first, fake_embedder.embed_queries(["学生の納付特例"]))
    assert (cache.model_id, cache.dimension) == (fake_embedder.model_id, fake_embedder.dimension)


def test_cache_sends_only_new_distinct_texts_to_the_encoder_in_one_call(fake_embedder):
    cache = QueryVectorCache(fake_embedder, max_size=8)
    cache.embed_queries(["a question", "another one"])
    vectors = cache.embed_queries(["another one", "new", "a question", "new"])
    assert fake_embedder.calls == [["a question", "another one"], ["new"]]
    np.testing.assert_array_equal(vectors, fake_embedder.embed_queries(["another one", "new", "a question", "new"]))
    assert vectors.shape == (4, fake_embedder.dimension) and vectors.dtype == np.float32
    assert cache.embed_queries([]).shape == (0, fake_embedder.dimension)


def test_cache_is_bounded_and_drops_the_least_recently_used(fake_embedder):
    cache = QueryVectorCache(fake_embedder, max_size=2)
    cache.embed_queries(["one"])
    cache.embed_queries(["two"])
    cache.embed_queries(["one"])  # "two" is now the least recently used
    cache.embed_queries(["three"])
    assert len(cache) == 2
    fake_embedder.calls.clear()
    cache.embed_queries(["one", "three"])
    cache.embed_queries(["two"])
    assert fake_embedder.calls == [["two"]]
    assert len(cache) == 2


def test_callers_cannot_change_cached_vectors(fake_embedder):
    cache = QueryVectorCache(fake_embedder, max_size=4)
    vectors = cache.embed_queries(["免除"])
    original = vectors.copy()
    vectors[0] *= -1
    np.testing.assert_array_equal(cache.embed_queries(["免除"]), original)


def test_cache_size_must_be_positive(fake_embedder):
    with pytest.raises(ValueError, match="max_size must be at least 1, got 0"):
        QueryVectorCache(fake_embedder, max_size=0)
