import logging

import numpy as np
import pytest

from knowledge.retrieval import entry_classifier
from knowledge.retrieval.entry_classifier import EntryClassifier, load_or_train


def clusters(entries: int = 3, per_entry: int = 20, dimension: int = 16, seed: int = 0):
    """Unit vectors scattered around one random centre per entry."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((entries, dimension))
    vectors, labels = [], []
    for number, centre in enumerate(centres):
        points = centre + 0.3 * rng.standard_normal((per_entry, dimension))
        vectors.append(points)
        labels += [f"entry-{number}"] * per_entry
    vectors = np.vstack(vectors).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True), labels, centres


def unit(vector: np.ndarray) -> np.ndarray:
    return (vector / np.linalg.norm(vector)).astype(np.float32)


def test_trained_classifier_recognises_each_entry():
    vectors, labels, centres = clusters()
    classifier = EntryClassifier.train(vectors, labels, c=10)
    assert classifier.faq_ids == ["entry-0", "entry-1", "entry-2"] and classifier.dimension == 16
    for number, centre in enumerate(centres):
        probabilities = classifier.probabilities(unit(centre))
        assert sum(probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert max(probabilities, key=probabilities.get) == f"entry-{number}"
        assert probabilities[f"entry-{number}"] > 0.9


def test_two_entries_are_expanded_to_a_softmax_over_both():
    vectors, labels, centres = clusters(entries=2)
    classifier = EntryClassifier.train(vectors, labels, c=10)
    assert classifier.weights.shape == (2, 16)
    probabilities = classifier.probabilities(unit(centres[1]))
    assert probabilities["entry-1"] > 0.9 and sum(probabilities.values()) == pytest.approx(1.0, abs=1e-5)


def test_training_needs_two_entries_and_one_label_per_vector():
    vectors, labels, _ = clusters(entries=1)
    with pytest.raises(ValueError, match="at least two FAQ entries"):
        EntryClassifier.train(vectors, labels)
    with pytest.raises(ValueError, match="20 vectors but 19 labels"):
        EntryClassifier.train(vectors, labels[:-1])


def test_shapes_must_agree():
    with pytest.raises(ValueError, match="shapes disagree"):
        EntryClassifier(["a", "b"], np.zeros((3, 4)), np.zeros(2))


def test_save_and_load_round_trip(tmp_path):
    vectors, labels, centres = clusters()
    classifier = EntryClassifier.train(vectors, labels, c=10)
    classifier.save(tmp_path / "classifier.npz")
    loaded = EntryClassifier.load(tmp_path / "classifier.npz")
    assert loaded.faq_ids == classifier.faq_ids
    assert loaded.probabilities(unit(centres[0])) == pytest.approx(classifier.probabilities(unit(centres[0])))


def test_loading_a_file_that_is_not_a_classifier_names_it(tmp_path):
    path = tmp_path / "other.npz"
    np.savez(path, something=np.zeros(3))
    with pytest.raises(ValueError, match=r"other\.npz is not a classifier file"):
        EntryClassifier.load(path)
    path.write_bytes(b"PK\x03\x04 broken zip")
    with pytest.raises(ValueError, match=r"other\.npz is not a classifier file"):
        EntryClassifier.load(path)


def test_load_or_train_reuses_weights_for_the_same_variants(tmp_path, monkeypatch):
    vectors, labels, _ = clusters()
    labelled = [(label, f"question {row}") for row, label in enumerate(labels)]
    first = load_or_train(vectors, labelled, model_id="m", cache_dir=tmp_path, c=10)
    assert first is not None and len(list(tmp_path.glob("classifier-*.npz"))) == 1

    def no_training(*args, **kwargs):
        raise AssertionError("retrained although nothing changed")

    monkeypatch.setattr(EntryClassifier, "train", no_training)
    again = load_or_train(vectors, labelled, model_id="m", cache_dir=tmp_path, c=10)
    assert again.faq_ids == first.faq_ids and np.array_equal(again.weights, first.weights)


def test_load_or_train_retrains_when_a_variant_changes_and_keeps_two_files(tmp_path):
    vectors, labels, _ = clusters()
    for version in range(3):
        labelled = [(label, f"question {row} v{version}") for row, label in enumerate(labels)]
        load_or_train(vectors, labelled, model_id="m", cache_dir=tmp_path, c=10)
    assert len(list(tmp_path.glob("classifier-*.npz"))) == 2


def test_unreadable_cached_weights_are_retrained(tmp_path, caplog):
    vectors, labels, _ = clusters()
    labelled = [(label, str(row)) for row, label in enumerate(labels)]
    load_or_train(vectors, labelled, model_id="m", cache_dir=tmp_path, c=10)
    (cached,) = tmp_path.glob("classifier-*.npz")
    cached.write_bytes(b"not a zip file")
    with caplog.at_level(logging.WARNING):
        classifier = load_or_train(vectors, labelled, model_id="m", cache_dir=tmp_path, c=10)
    assert classifier is not None and "unreadable" in caplog.text


def test_no_classifier_for_a_single_entry_or_too_large_a_knowledge_base(tmp_path, monkeypatch, caplog):
    vectors, labels, _ = clusters(entries=1)
    assert load_or_train(vectors, [(x, "q") for x in labels], model_id="m", cache_dir=tmp_path) is None

    vectors, labels, _ = clusters()
    monkeypatch.setattr(entry_classifier, "MAX_TRAINING_CELLS", len(labels) * 3 - 1)
    with caplog.at_level(logging.WARNING):
        assert load_or_train(vectors, [(x, "q") for x in labels], model_id="m", cache_dir=tmp_path) is None
    assert "ranks by similarity alone" in caplog.text
    assert not list(tmp_path.glob("classifier-*.npz"))
