import json

import numpy as np
import pytest

from knowledge.content.loader import load_knowledge_base
from knowledge.retrieval.index import IndexUnavailableError, StaleIndexError, build_index, current_build, load_index


@pytest.fixture
def kb(knowledge_dir):
    return load_knowledge_base(knowledge_dir)


def test_build_then_load_round_trip(kb, fake_embedder, tmp_path):
    report = build_index(kb, fake_embedder, tmp_path / "index")
    assert (report.entries, report.variants, report.embedded, report.reused) == (3, 10, 10, 0)
    index = load_index(tmp_path / "index", kb, fake_embedder.model_id)
    assert index.size == 10 and index.dimension == fake_embedder.dimension
    assert index.max_variants_per_entry == 4
    manifest = index.manifest
    assert manifest["model_id"] == "fake-trigram"
    assert manifest["entries"] == {e.id: e.index_hash() for e in kb.entries}
    vector = fake_embedder.embed_queries(["学特の申請方法"])[0]
    (variant, score), *_ = index.nearest(vector, 3)
    assert variant.faq_id == "student-special" and variant.question == "学特の申請方法"
    assert score == pytest.approx(1.0, abs=1e-5)


def test_nearest_clamps_k(kb, fake_embedder, tmp_path):
    build_index(kb, fake_embedder, tmp_path)
    index = load_index(tmp_path, kb, fake_embedder.model_id)
    assert len(index.nearest(np.ones(fake_embedder.dimension, np.float32), 1000)) == 10
    assert index.nearest(np.ones(fake_embedder.dimension, np.float32), 0) == []


def test_rebuild_embeds_only_changed_entries(knowledge_dir, fake_embedder, tmp_path):
    build_index(load_knowledge_base(knowledge_dir), fake_embedder, tmp_path)
    faq = knowledge_dir / "faq" / "sample.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("学特の申請方法", "学特の申請のしかた"), encoding="utf-8")
    fake_embedder.calls.clear()
    report = build_index(load_knowledge_base(knowledge_dir), fake_embedder, tmp_path)
    assert (report.embedded, report.reused) == (1, 9)
    assert fake_embedder.calls == [["学特の申請のしかた"]]


def test_answer_only_edits_keep_the_index_fresh(knowledge_dir, fake_embedder, tmp_path):
    build_index(load_knowledge_base(knowledge_dir), fake_embedder, tmp_path)
    faq = knowledge_dir / "faq" / "sample.yml"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("免除を申請できます。", "免除の申請ができます。"), encoding="utf-8"
    )
    load_index(tmp_path, load_knowledge_base(knowledge_dir), fake_embedder.model_id)


def test_stale_index_is_refused_with_what_changed(knowledge_dir, fake_embedder, tmp_path):
    build_index(load_knowledge_base(knowledge_dir), fake_embedder, tmp_path)
    faq = knowledge_dir / "faq" / "sample.yml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("学特の申請方法", "学特とは"), encoding="utf-8")
    with pytest.raises(StaleIndexError) as err:
        load_index(tmp_path, load_knowledge_base(knowledge_dir), fake_embedder.model_id)
    message = str(err.value)
    assert "1 entry changed since the build (student-special)" in message
    assert "python -m knowledge build" in message


def test_added_and_removed_entries_are_named(knowledge_dir, fake_embedder, tmp_path):
    kb = load_knowledge_base(knowledge_dir)
    build_index(kb, fake_embedder, tmp_path)
    faq = knowledge_dir / "faq" / "sample.yml"
    faq.write_text(
        faq.read_text(encoding="utf-8").replace("nenkin-net-register", "nenkin-net-signup"), encoding="utf-8"
    )
    with pytest.raises(StaleIndexError) as err:
        load_index(tmp_path, load_knowledge_base(knowledge_dir), fake_embedder.model_id)
    assert "1 entry added since the build (nenkin-net-signup)" in str(err.value)
    assert "1 entry removed since the build (nenkin-net-register)" in str(err.value)


def test_other_model_is_refused(kb, fake_embedder, tmp_path):
    build_index(kb, fake_embedder, tmp_path)
    with pytest.raises(StaleIndexError, match="built with model 'fake-trigram', but the configured model is 'e5'"):
        load_index(tmp_path, kb, "e5")


def test_missing_and_corrupt_index(kb, fake_embedder, tmp_path):
    with pytest.raises(IndexUnavailableError, match="No search index"):
        load_index(tmp_path, kb, "fake-trigram")
    report = build_index(kb, fake_embedder, tmp_path)
    (tmp_path / "builds" / report.build / "faq.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexUnavailableError, match="unreadable"):
        load_index(tmp_path, kb, "fake-trigram")


def test_manifest_disagreeing_with_files_is_refused(kb, fake_embedder, tmp_path):
    report = build_index(kb, fake_embedder, tmp_path)
    variants = tmp_path / "builds" / report.build / "variants.json"
    variants.write_text(json.dumps(json.loads(variants.read_text())[:-1]))
    with pytest.raises(StaleIndexError, match="disagree"):
        load_index(tmp_path, kb, "fake-trigram")


def test_builds_switch_atomically_and_old_ones_are_pruned(kb, fake_embedder, tmp_path):
    builds = [build_index(kb, fake_embedder, tmp_path).build for _ in range(4)]
    assert (tmp_path / "CURRENT").read_text().strip() == builds[-1]
    kept = sorted(p.name for p in (tmp_path / "builds").iterdir())
    assert kept == sorted(builds[-2:])
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".CURRENT")]


def test_cache_from_another_model_is_ignored(kb, fake_embedder, tmp_path):
    from tests.conftest import FakeEmbedder

    build_index(kb, fake_embedder, tmp_path)
    other = FakeEmbedder(dimension=128, model_id="other")
    report = build_index(kb, other, tmp_path)
    assert report.embedded == 10
    assert load_index(tmp_path, kb, "other").dimension == 128


def test_inconsistent_cache_is_rebuilt(kb, fake_embedder, tmp_path):
    build_index(kb, fake_embedder, tmp_path)
    (tmp_path / "cache" / "keys.json").write_text(json.dumps({"model_id": "fake-trigram", "keys": ["x"]}))
    assert build_index(kb, fake_embedder, tmp_path).embedded == 10


def test_build_trains_the_entry_classifier_and_load_brings_it(kb, fake_embedder, tmp_path):
    report = build_index(kb, fake_embedder, tmp_path, classifier_c=50)
    manifest = json.loads((tmp_path / "builds" / report.build / "manifest.json").read_text())
    assert manifest["classifier"] == {"file": "classifier.npz", "c": 50}
    index = load_index(tmp_path, kb, fake_embedder.model_id)
    assert sorted(index.classifier.faq_ids) == sorted(e.id for e in kb.entries)
    vector = fake_embedder.embed_queries(["学特の申請方法"])[0]
    probabilities = index.classifier.probabilities(vector)
    assert max(probabilities, key=probabilities.get) == "student-special"


def test_an_index_of_the_previous_format_is_refused(kb, fake_embedder, tmp_path):
    report = build_index(kb, fake_embedder, tmp_path)
    path = tmp_path / "builds" / report.build / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text()), "format": 1}))
    with pytest.raises(StaleIndexError, match="index format 1 \\(this version reads 2\\)"):
        load_index(tmp_path, kb, "fake-trigram")


def test_a_classifier_for_other_entries_is_refused(kb, fake_embedder, tmp_path):
    from knowledge.retrieval.entry_classifier import EntryClassifier

    report = build_index(kb, fake_embedder, tmp_path)
    wrong = EntryClassifier(["a", "b"], np.zeros((2, fake_embedder.dimension)), np.zeros(2))
    wrong.save(tmp_path / "builds" / report.build / "classifier.npz")
    with pytest.raises(StaleIndexError, match="entry classifier disagrees"):
        load_index(tmp_path, kb, "fake-trigram")


def test_a_missing_classifier_file_makes_the_index_unreadable(kb, fake_embedder, tmp_path):
    report = build_index(kb, fake_embedder, tmp_path)
    (tmp_path / "builds" / report.build / "classifier.npz").unlink()
    with pytest.raises(IndexUnavailableError, match="unreadable"):
        load_index(tmp_path, kb, "fake-trigram")


def test_search_threads_are_set_for_the_process_and_zero_keeps_the_default():
    import faiss

    from knowledge.retrieval.index import set_search_threads

    before = faiss.omp_get_max_threads()
    try:
        set_search_threads(1)
        assert faiss.omp_get_max_threads() == 1
        set_search_threads(0)
        assert faiss.omp_get_max_threads() == 1
        with pytest.raises(ValueError, match="threads must be 0 or more, got -1"):
            set_search_threads(-1)
    finally:
        faiss.omp_set_num_threads(before)


def test_current_build(tmp_path):
    assert current_build(tmp_path) is None
    (tmp_path / "CURRENT").write_text("b1\n", encoding="utf-8")
    assert current_build(tmp_path) == "b1"
