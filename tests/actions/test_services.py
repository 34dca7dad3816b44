"""Knowledge reloads in the running action server: a new index build is swapped in, a broken one is not."""

from __future__ import annotations

import dataclasses

from actions.services import reloaded
from knowledge.content.loader import load_knowledge_base
from knowledge.retrieval.index import build_index, current_build


def _add_question(knowledge_dir, text):
    faq = next((knowledge_dir / "faq").glob("*.yml"))
    content = faq.read_text(encoding="utf-8")
    marker = "    ja:\n"
    faq.write_text(content.replace(marker, f"{marker}      - {text}\n", 1), encoding="utf-8")


def test_same_build_keeps_the_services_object(services):
    following = dataclasses.replace(services, build=current_build(services.settings.index_dir))
    assert reloaded(following) is following


def test_new_build_is_swapped_in_with_the_same_encoder(services, knowledge_dir, fake_embedder):
    following = dataclasses.replace(services, build=current_build(services.settings.index_dir))
    _add_question(knowledge_dir, "再読み込みで増えた質問です")
    report = build_index(load_knowledge_base(knowledge_dir), fake_embedder, services.settings.index_dir)

    swapped = reloaded(following)

    assert swapped.build == report.build != following.build
    assert swapped.searcher.index.size == following.searcher.index.size + 1
    assert swapped.searcher.embedder is following.searcher.embedder
    assert swapped.engine is following.engine
    assert swapped.searcher.query("再読み込みで増えた質問です", 1).hits[0].score > 0.99


def test_a_build_that_does_not_match_the_files_leaves_the_old_services(services, knowledge_dir, fake_embedder):
    following = dataclasses.replace(services, build=current_build(services.settings.index_dir))
    build_index(load_knowledge_base(knowledge_dir), fake_embedder, services.settings.index_dir)
    _add_question(knowledge_dir, "索引に入っていない質問")  # files edited after the build: index is stale

    kept = reloaded(following)

    assert kept.searcher is following.searcher
    assert kept.knowledge is following.knowledge
    assert kept.build == current_build(services.settings.index_dir)  # not retried on every request
