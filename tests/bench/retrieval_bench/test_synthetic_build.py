from dataclasses import replace

import numpy as np
from retrieval_bench.config import QUICK
from retrieval_bench.synthetic_build import RandomEmbedder, split_fragments, synthetic_knowledge, synthetic_texts

from tests.bench.retrieval_bench.knowledge import tiny_knowledge


def test_split_fragments_by_words_or_by_characters():
    assert split_fragments("how do I apply for it") == ["how do", "I apply", "for it"]
    assert split_fragments("学生納付特例とは") == ["学生納", "付特", "例とは"]
    assert "".join(split_fragments("ねんきんネット")) == "ねんきんネット"


def test_synthetic_texts_are_distinct_and_seeded():
    texts = synthetic_texts(tiny_knowledge(), 40, np.random.default_rng(2))
    assert len(texts) == len(set(texts)) == 40
    assert texts == synthetic_texts(tiny_knowledge(), 40, np.random.default_rng(2))
    assert all(" " not in text for language, text in texts if language in ("ja", "zh"))


def test_synthetic_knowledge_has_the_configured_size():
    config = replace(QUICK, synthetic_entries=6, variants_per_entry=5)
    synthetic = synthetic_knowledge(tiny_knowledge(), config, np.random.default_rng(config.seed + 1))
    assert [entry.id for entry in synthetic.entries] == [f"synthetic-{n:05d}" for n in range(6)]
    assert all(sum(len(q) for q in entry.questions.values()) == 5 for entry in synthetic.entries)
    assert {entry.topic for entry in synthetic.entries} <= set(tiny_knowledge().topics)
    assert synthetic.topics == tiny_knowledge().topics


def test_random_embedder_gives_unit_vectors_of_its_size():
    vectors = RandomEmbedder(384, seed=1).embed_queries(["a", "b", "c"])
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(vectors, RandomEmbedder(384, seed=1).embed_queries(["x", "y", "z"]))
