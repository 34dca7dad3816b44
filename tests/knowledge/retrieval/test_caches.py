"""The embedding caches: on disk for index builds (CachedEmbedder), in memory for questions (QueryVectorCache)."""

import json
import logging
import os

import numpy as np
import pytest

from knowledge.retrieval.caches import CachedEmbedder, QueryVectorCache
from tests.conftest import FakeEmbedder

CACHE_LOGGER = "knowledge.retrieval.caches"


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


# --------------------------------------------------------------------------- CachedEmbedder (on disk)


def saved_cache(cache_dir, texts, embedder=None):
    """A cache in ``cache_dir`` holding the vectors of ``texts``, written to disk."""
    cached = CachedEmbedder(embedder or FakeEmbedder(), cache_dir)
    cached.embed_queries(texts)
    cached.save()
    return cached


def test_disk_cache_embeds_only_texts_it_has_not_seen(fake_embedder, tmp_path):
    cached = CachedEmbedder(fake_embedder, tmp_path / "cache")
    first = cached.embed_queries(["免除の申請", "学生納付特例"])
    vectors = cached.embed_queries(["学生納付特例", "ねんきんネット", "学生納付特例"])
    assert fake_embedder.calls == [["免除の申請", "学生納付特例"], ["ねんきんネット"]]
    assert (cached.hits, cached.misses) == (2, 3)
    np.testing.assert_array_equal(vectors[0], first[1])
    np.testing.assert_array_equal(
        vectors, FakeEmbedder().embed_queries(["学生納付特例", "ねんきんネット", "学生納付特例"])
    )
    assert vectors.dtype == np.float32
    assert (cached.model_id, cached.dimension) == (fake_embedder.model_id, fake_embedder.dimension)


def test_disk_cache_sends_a_text_repeated_in_one_call_to_the_encoder_once(fake_embedder, tmp_path):
    cached = CachedEmbedder(fake_embedder, tmp_path / "cache")
    vectors = cached.embed_queries(["追納", "追納", "後納"])
    assert fake_embedder.calls == [["追納", "後納"]]
    np.testing.assert_array_equal(vectors[0], vectors[1])


def test_disk_cache_of_no_texts_is_an_empty_matrix(fake_embedder, tmp_path):
    vectors = CachedEmbedder(fake_embedder, tmp_path / "cache").embed_queries([])
    assert vectors.shape == (0, fake_embedder.dimension) and vectors.dtype == np.float32
    assert fake_embedder.calls == []


def test_saved_vectors_are_hits_for_a_new_instance(tmp_path):
    cache_dir = tmp_path / "cache"
    before = saved_cache(cache_dir, ["免除の申請", "学生納付特例"]).embed_queries(["免除の申請", "学生納付特例"])
    encoder = FakeEmbedder()
    again = CachedEmbedder(encoder, cache_dir)
    vectors = again.embed_queries(["学生納付特例", "免除の申請"])
    assert encoder.calls == []
    assert (again.hits, again.misses) == (2, 0)
    np.testing.assert_array_equal(vectors, before[::-1])


def test_nothing_reaches_the_disk_before_save(fake_embedder, tmp_path):
    cache_dir = tmp_path / "cache"
    CachedEmbedder(fake_embedder, cache_dir).embed_queries(["免除の申請"])
    assert not cache_dir.exists()
    encoder = FakeEmbedder()
    CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert encoder.calls == [["免除の申請"]]


def test_save_creates_the_folder_and_writes_model_id_keys_and_vectors(tmp_path):
    cache_dir = tmp_path / "var" / "index" / "cache"
    saved_cache(cache_dir, ["免除の申請", "学生納付特例"])
    meta = json.loads((cache_dir / "keys.json").read_text(encoding="utf-8"))
    assert meta["model_id"] == "fake-trigram"
    assert len(meta["keys"]) == len(set(meta["keys"])) == 2
    matrix = np.load(cache_dir / "vectors.npy")
    assert matrix.shape == (2, 256) and matrix.dtype == np.float32


def test_an_empty_cache_saves_and_loads(tmp_path):
    cache_dir = tmp_path / "cache"
    CachedEmbedder(FakeEmbedder(), cache_dir).save()
    assert np.load(cache_dir / "vectors.npy").shape == (0, 256)
    encoder = FakeEmbedder()
    CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert encoder.calls == [["免除の申請"]]


def test_save_with_keep_prunes_texts_that_are_gone(tmp_path):
    cache_dir = tmp_path / "cache"
    cached = CachedEmbedder(FakeEmbedder(), cache_dir)
    cached.embed_queries(["old wording", "kept question"])
    cached.save(keep=["kept question"])
    assert len(json.loads((cache_dir / "keys.json").read_text(encoding="utf-8"))["keys"]) == 1
    encoder = FakeEmbedder()
    CachedEmbedder(encoder, cache_dir).embed_queries(["kept question", "old wording"])
    assert encoder.calls == [["old wording"]]


def test_the_key_names_the_model_so_another_model_never_reuses_vectors(tmp_path, caplog):
    cache_dir = tmp_path / "cache"
    saved_cache(cache_dir, ["免除の申請"], FakeEmbedder(model_id="model-a"))
    other = FakeEmbedder(model_id="model-b")
    with caplog.at_level(logging.INFO, logger=CACHE_LOGGER):
        cached = CachedEmbedder(other, cache_dir)
    assert "is for another model; starting afresh" in caplog.text
    cached.embed_queries(["免除の申請"])
    assert other.calls == [["免除の申請"]]
    assert cached.hits == 0


def test_the_key_of_a_text_differs_per_model_even_inside_one_cache_file(tmp_path):
    # The model id is part of every key, not only of the file: vectors of model A written under
    # model B's id (a hand-copied cache) still miss.
    cache_dir = tmp_path / "cache"
    saved_cache(cache_dir, ["免除の申請"], FakeEmbedder(model_id="model-a"))
    meta = json.loads((cache_dir / "keys.json").read_text(encoding="utf-8"))
    (cache_dir / "keys.json").write_text(json.dumps({**meta, "model_id": "model-b"}), encoding="utf-8")
    other = FakeEmbedder(model_id="model-b")
    CachedEmbedder(other, cache_dir).embed_queries(["免除の申請"])
    assert other.calls == [["免除の申請"]]


def test_a_cache_of_another_dimension_is_ignored(tmp_path, caplog):
    cache_dir = tmp_path / "cache"
    saved_cache(cache_dir, ["免除の申請"], FakeEmbedder(dimension=64))
    encoder = FakeEmbedder(dimension=128)
    with caplog.at_level(logging.INFO, logger=CACHE_LOGGER):
        vectors = CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert "another model" in caplog.text
    assert encoder.calls == [["免除の申請"]]
    assert vectors.shape == (1, 128)


@pytest.mark.parametrize(
    ("file", "content"),
    [
        ("keys.json", b"{not json"),
        ("keys.json", b"\xff\xfe not utf-8"),
        ("vectors.npy", b"not a numpy file"),
        ("vectors.npy", b""),
    ],
    ids=["keys-not-json", "keys-not-utf8", "vectors-garbage", "vectors-empty"],
)
def test_an_unreadable_cache_file_is_ignored_with_a_warning(tmp_path, caplog, file, content):
    cache_dir = tmp_path / "cache"
    saved_cache(cache_dir, ["免除の申請", "学生納付特例"])
    (cache_dir / file).write_bytes(content)
    encoder = FakeEmbedder()
    with caplog.at_level(logging.WARNING, logger=CACHE_LOGGER):
        cached = CachedEmbedder(encoder, cache_dir)
    assert f"ignoring unreadable embedding cache in {cache_dir}" in caplog.text
    cached.embed_queries(["免除の申請"])
    assert encoder.calls == [["免除の申請"]]


def test_a_truncated_vectors_file_is_ignored_with_a_warning(tmp_path, caplog):
    cache_dir = tmp_path / "cache"
    saved_cache(cache_dir, ["免除の申請", "学生納付特例"])
    whole = (cache_dir / "vectors.npy").read_bytes()
    (cache_dir / "vectors.npy").write_bytes(whole[:-100])
    with caplog.at_level(logging.WARNING, logger=CACHE_LOGGER):
        CachedEmbedder(FakeEmbedder(), cache_dir)
    assert "ignoring unreadable embedding cache" in caplog.text


def test_keys_and_vectors_of_different_lengths_are_not_mixed_in(tmp_path, caplog):
    cache_dir = tmp_path / "cache"
    saved_cache(cache_dir, ["免除の申請", "学生納付特例"])
    np.save(cache_dir / "vectors.npy", np.zeros((3, 256), np.float32))
    encoder = FakeEmbedder()
    with caplog.at_level(logging.WARNING, logger=CACHE_LOGGER):
        CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert "is inconsistent (interrupted save?); starting afresh" in caplog.text
    assert encoder.calls == [["免除の申請"]]


@pytest.mark.parametrize("missing", ["keys.json", "vectors.npy"])
def test_half_a_cache_is_no_cache(tmp_path, missing):
    cache_dir = tmp_path / "cache"
    saved_cache(cache_dir, ["免除の申請"])
    (cache_dir / missing).unlink()
    encoder = FakeEmbedder()
    CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert encoder.calls == [["免除の申請"]]


def test_saving_after_a_corrupt_cache_writes_a_good_one(tmp_path):
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    (cache_dir / "keys.json").write_text("{broken", encoding="utf-8")
    (cache_dir / "vectors.npy").write_bytes(b"broken")
    saved_cache(cache_dir, ["免除の申請"])
    encoder = FakeEmbedder()
    CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert encoder.calls == []


@pytest.mark.parametrize("content", ["[]", "null", '"text"'])
def test_a_keys_file_that_is_json_but_not_an_object_is_ignored(tmp_path, content):
    cache_dir = tmp_path / "cache"
    saved_cache(cache_dir, ["免除の申請"])
    (cache_dir / "keys.json").write_text(content, encoding="utf-8")
    encoder = FakeEmbedder()
    CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert encoder.calls == [["免除の申請"]]


def test_save_leaves_no_temporary_files(tmp_path):
    cache_dir = tmp_path / "cache"
    cached = saved_cache(cache_dir, ["免除の申請"])
    cached.embed_queries(["学生納付特例"])
    cached.save()
    assert sorted(path.name for path in cache_dir.iterdir()) == ["keys.json", "vectors.npy"]


def test_a_failed_write_keeps_the_previous_file_and_removes_its_temporary_file(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    cached = saved_cache(cache_dir, ["免除の申請"])
    before = {name: (cache_dir / name).read_bytes() for name in ("keys.json", "vectors.npy")}
    cached.embed_queries(["学生納付特例"])

    def disk_full(handle, array):
        handle.write(b"\x93NUMPY partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "save", disk_full)
    with pytest.raises(OSError, match="No space left"):
        cached.save()
    monkeypatch.undo()
    assert {name: (cache_dir / name).read_bytes() for name in before} == before
    assert sorted(path.name for path in cache_dir.iterdir()) == ["keys.json", "vectors.npy"]
    encoder = FakeEmbedder()
    CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert encoder.calls == []


def crash_before_keys(real_replace):
    """``os.replace`` that dies (as a killed process would) just before ``keys.json`` is replaced."""

    def replace(source, target):
        if str(target).endswith("keys.json"):
            raise KeyboardInterrupt
        real_replace(source, target)

    return replace


def test_a_save_interrupted_between_the_two_files_is_detected_when_the_sizes_differ(tmp_path, monkeypatch, caplog):
    cache_dir = tmp_path / "cache"
    cached = saved_cache(cache_dir, ["免除の申請"])
    cached.embed_queries(["学生納付特例"])
    monkeypatch.setattr(os, "replace", crash_before_keys(os.replace))
    with pytest.raises(KeyboardInterrupt):
        cached.save()
    monkeypatch.undo()
    assert sorted(path.name for path in cache_dir.iterdir()) == ["keys.json", "vectors.npy"]
    encoder = FakeEmbedder()
    with caplog.at_level(logging.WARNING, logger=CACHE_LOGGER):
        CachedEmbedder(encoder, cache_dir).embed_queries(["免除の申請"])
    assert "inconsistent" in caplog.text
    assert encoder.calls == [["免除の申請"]]


def test_a_save_interrupted_between_the_two_files_never_serves_wrong_vectors(tmp_path, monkeypatch):
    cache_dir = tmp_path / "cache"
    cached = saved_cache(cache_dir, ["old wording", "kept question"])
    cached.embed_queries(["new wording"])
    monkeypatch.setattr(os, "replace", crash_before_keys(os.replace))
    with pytest.raises(KeyboardInterrupt):
        cached.save(keep=["kept question", "new wording"])
    monkeypatch.undo()
    vectors = CachedEmbedder(FakeEmbedder(), cache_dir).embed_queries(["kept question"])
    np.testing.assert_array_equal(vectors, FakeEmbedder().embed_queries(["kept question"]))


def test_many_new_texts_turn_on_the_progress_bar(tmp_path):
    class Recording(FakeEmbedder):
        def __init__(self):
            super().__init__()
            self.progress = []

        def embed_queries(self, texts, *, show_progress=False):
            self.progress.append(show_progress)
            return super().embed_queries(texts)

    encoder = Recording()
    cached = CachedEmbedder(encoder, tmp_path / "cache")
    cached.embed_queries([f"question {i}" for i in range(10)])
    cached.embed_queries([f"question {i}" for i in range(300)])
    cached.embed_queries(["one more"], show_progress=True)
    assert encoder.progress == [False, True, True]
