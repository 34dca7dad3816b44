"""Shared fixtures: a tiny knowledge folder, a deterministic fake embedder and the real model."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
MODEL_DIR = PROJECT_ROOT / "models" / "multilingual-e5-small"


class FakeEmbedder:
    """Character-trigram hashing embedder: similar strings get similar unit vectors, no model needed."""

    def __init__(self, dimension: int = 256, model_id: str = "fake-trigram") -> None:
        self.dimension = dimension
        self.model_id = model_id
        self.calls: list[list[str]] = []

    def embed_queries(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        self.calls.append(list(texts))
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {text.lower()}  "
            for i in range(len(padded) - 2):
                bucket = int.from_bytes(hashlib.md5(padded[i : i + 3].encode()).digest()[:4], "little")
                out[row, bucket % self.dimension] += 1.0
            norm = np.linalg.norm(out[row])
            if norm:
                out[row] /= norm
        return out


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def knowledge_dir(tmp_path: Path) -> Path:
    """A writable copy of the small, valid test knowledge folder."""
    target = tmp_path / "knowledge"
    shutil.copytree(DATA / "knowledge", target)
    return target


@pytest.fixture(scope="session")
def model_dir() -> Path:
    """The converted embedding model (`make test` makes it before running pytest)."""
    if not (MODEL_DIR / "modules.json").exists():
        pytest.fail(f"{MODEL_DIR} is missing: run `make model` (make test does this first)")
    return MODEL_DIR


@pytest.fixture(scope="session")
def real_embedder(model_dir: Path):
    from knowledge.retrieval.embedding import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(str(model_dir), model_id="models/multilingual-e5-small", threads=2)


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory, real_embedder):
    """The shipped knowledge and a fresh index of it, reusing `make index`'s embedding cache when present."""
    from knowledge.content.loader import load_knowledge_base
    from knowledge.retrieval.index import build_index, load_index

    index_dir = tmp_path_factory.mktemp("shipped-index")
    seed_cache(index_dir)
    knowledge = load_knowledge_base(PROJECT_ROOT / "knowledge")
    build_index(knowledge, real_embedder, index_dir)
    return knowledge, load_index(index_dir, knowledge, real_embedder.model_id), index_dir


def seed_cache(index_dir: Path) -> None:
    """Copy the project's embedding cache (from `make index`) so builds only embed what changed."""
    cache = PROJECT_ROOT / "var" / "index" / "cache"
    if cache.exists():
        shutil.copytree(cache, index_dir / "cache", dirs_exist_ok=True)


STACK_ADMIN_TOKEN = "stack-test-admin-token-0123456789"


@contextlib.contextmanager
def assistant_in(folder: Path):
    """Run the whole assistant (action server, Rasa, web API) on free loopback ports.

    Uses the trained Rasa model and the index from `make train` / `make index`, with its own
    database, tracker store and logs in ``folder``. Yields the running
    :class:`api.serve.Assistant`, its settings and ``folder``.
    """
    from api.serve import isolated, running_assistant
    from bot.train import MODEL

    if not MODEL.exists():
        pytest.fail("no trained Rasa model: run `make train` (make test does this first)")
    settings, environment = isolated(
        folder, admin_token=STACK_ADMIN_TOKEN, rate_limit_per_minute=600, rate_limit_burst=200
    )
    with running_assistant(settings, env=environment, log_dir=folder) as running:
        yield running, settings, folder


@pytest.fixture(scope="session")
def assistant(tmp_path_factory):
    """The whole assistant, shared by the session's end-to-end tests (see :func:`assistant_in`)."""
    with assistant_in(tmp_path_factory.mktemp("assistant")) as running:
        yield running
