"""Embedding caches: on disk for index builds, in memory for residents' questions.

:class:`CachedEmbedder` keeps every vector it computed on disk, keyed by model
and text, so a rebuild embeds only what changed. :class:`QueryVectorCache`
remembers the vectors of recent questions (residents ask the same things,
above all after a notice), so a repeated question skips the encoder.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from knowledge.retrieval.embedding import Embedder

__all__ = ["CachedEmbedder", "QueryVectorCache"]

log = logging.getLogger(__name__)

_PROGRESS_FROM = 256  # show a progress bar when at least this many texts must be embedded


def _key(model_id: str, text: str) -> str:
    return hashlib.sha256(f"{model_id}\0{text}".encode()).hexdigest()[:32]


class CachedEmbedder:
    """Wraps an :class:`Embedder` with an on-disk cache in ``cache_dir``.

    The cache is two files, ``keys.json`` and ``vectors.npy``, each replaced
    atomically on :meth:`save`; ``keys.json`` (written last) carries a checksum of
    the vectors, so a save interrupted between the two files is detected and the
    cache ignored rather than old keys paired with new vectors. A cache written for
    another model or dimension is ignored, never mixed in.

    Args:
        embedder: The real encoder.
        cache_dir: Folder for the cache files (created on save).
    """

    def __init__(self, embedder: Embedder, cache_dir: Path) -> None:
        self.embedder = embedder
        self.model_id = embedder.model_id
        self.dimension = embedder.dimension
        self.cache_dir = cache_dir
        self._vectors: dict[str, np.ndarray] = {}
        self.hits = 0
        self.misses = 0
        self._load()

    def _load(self) -> None:
        keys_file, vectors_file = self.cache_dir / "keys.json", self.cache_dir / "vectors.npy"
        if not (keys_file.exists() and vectors_file.exists()):
            return
        try:
            meta = json.loads(keys_file.read_text(encoding="utf-8"))
            vectors = np.load(vectors_file)
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable embedding cache in %s: %s", self.cache_dir, exc)
            return
        if not isinstance(meta, dict) or not isinstance(meta.get("keys"), list):
            log.warning("ignoring embedding cache in %s: keys.json is not a cache index", self.cache_dir)
            return
        if len(meta["keys"]) != len(vectors) or meta.get("checksum") != _checksum(vectors):
            log.warning("embedding cache in %s is inconsistent (interrupted save?); starting afresh", self.cache_dir)
            return
        if meta.get("model_id") != self.model_id or vectors.shape[1:] != (self.dimension,):
            log.info("embedding cache in %s is for another model; starting afresh", self.cache_dir)
            return
        self._vectors = dict(zip(meta["keys"], vectors, strict=True))

    def embed_queries(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Embed ``texts``, computing only those not cached yet."""
        keys = [_key(self.model_id, text) for text in texts]
        missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in self._vectors}
        self.misses += len(missing)
        self.hits += len(keys) - len(missing)
        if missing:
            vectors = self.embedder.embed_queries(
                list(missing.values()), show_progress=show_progress or len(missing) >= _PROGRESS_FROM
            )
            self._vectors.update(zip(missing, vectors, strict=True))
        if not keys:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([self._vectors[key] for key in keys]).astype(np.float32, copy=False)

    def save(self, keep: Sequence[str] | None = None) -> None:
        """Write the cache atomically.

        Args:
            keep: When given, only these texts' vectors are kept (prunes entries
                that no longer exist, so the cache does not grow forever).
        """
        vectors = self._vectors
        if keep is not None:
            wanted = {_key(self.model_id, text) for text in keep}
            vectors = {key: vec for key, vec in vectors.items() if key in wanted}
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        keys = list(vectors)
        matrix = np.stack([vectors[k] for k in keys]) if keys else np.zeros((0, self.dimension), np.float32)
        matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        _atomic_write(self.cache_dir / "vectors.npy", lambda f: np.save(f, matrix))
        meta = json.dumps({"model_id": self.model_id, "keys": keys, "checksum": _checksum(matrix)})
        _atomic_write(self.cache_dir / "keys.json", lambda f: f.write(meta.encode("utf-8")))


def _checksum(matrix: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(matrix, dtype=np.float32).tobytes()).hexdigest()[:32]


def _atomic_write(path: Path, write) -> None:
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class QueryVectorCache:
    """An :class:`Embedder` that remembers the vectors of the last ``max_size`` distinct texts.

    The encoder is deterministic, so a repeated question gets exactly the vector
    it got before without running the model. Thread-safe; least recently used
    texts are dropped first.

    Args:
        embedder: The encoder to ask on a miss.
        max_size: How many texts to remember (at 384 dimensions, 4,096 texts take 6 MiB).

    Raises:
        ValueError: If ``max_size`` is less than 1.
    """

    def __init__(self, embedder: Embedder, *, max_size: int = 4096) -> None:
        if max_size < 1:
            raise ValueError(f"max_size must be at least 1, got {max_size}")
        self.embedder = embedder
        self.model_id = embedder.model_id
        self.dimension = embedder.dimension
        self.max_size = max_size
        self.hits = 0
        self.misses = 0
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._vectors)

    def embed_queries(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Like the wrapped encoder's; only texts not seen recently reach it (in one call)."""
        found: dict[str, np.ndarray] = {}
        with self._lock:
            for text in texts:
                vector = self._vectors.get(text)
                if vector is not None:
                    self._vectors.move_to_end(text)
                    found[text] = vector
        missing = list(dict.fromkeys(text for text in texts if text not in found))
        if missing:
            fresh = self.embedder.embed_queries(missing, show_progress=show_progress)
            with self._lock:
                for text, vector in zip(missing, fresh, strict=True):
                    stored = np.array(vector, dtype=np.float32)
                    stored.flags.writeable = False
                    found[text] = self._vectors[text] = stored
                    self._vectors.move_to_end(text)
                while len(self._vectors) > self.max_size:
                    self._vectors.popitem(last=False)
        with self._lock:
            self.misses += len(missing)
            self.hits += len(texts) - len(missing)
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        return np.stack([found[text] for text in texts]).astype(np.float32, copy=False)
