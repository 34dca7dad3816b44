"""A linear classifier over question embeddings that tells which FAQ entry a question belongs to.

Nearest-variant search judges a question by its single closest variant, so a
question that shares words with one variant of a neighbouring entry (``student``
with foreign-language support, ``postpone`` with employer deferral) can win on
that one variant. A multinomial logistic regression trained on *all* variants of
every entry learns which directions of the embedding separate the entries and
generalises to phrasings no variant has. Search ranks entries by cosine
similarity plus a weighted entry probability (see :mod:`knowledge.retrieval.search`);
the confidence tiers still use the cosine similarity alone.

Training uses scikit-learn once per build; prediction is a matrix product and a
softmax in numpy. Trained weights are cached by content so an unchanged
knowledge base is not retrained.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import warnings
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

__all__ = [
    "CLASSIFIER_FILE",
    "DEFAULT_C",
    "DEFAULT_RERANK_WEIGHT",
    "MAX_TRAINING_CELLS",
    "EntryClassifier",
    "load_or_train",
]

log = logging.getLogger(__name__)

CLASSIFIER_FILE = "classifier.npz"
DEFAULT_C = 300.0
"""Inverse regularisation strength, chosen by grouped cross-validation (``bench/rerank_cv.py``)."""
DEFAULT_RERANK_WEIGHT = 0.5
"""Weight of the entry probability added to the cosine similarity when ranking, chosen likewise."""

MAX_TRAINING_CELLS = 20_000_000
"""Variants × entries above which no classifier is trained (memory grows with both; about 1 GB here)."""

_MAX_ITER = 5000
_VERSION = 1  # bump when training changes, so cached weights are not reused
_KEEP_CACHED = 2


class EntryClassifier:
    """Softmax over FAQ entries: ``p(entry | question vector)``.

    Args:
        faq_ids: The entries, one per row of ``weights``.
        weights: ``(entries, dimension)`` coefficients.
        bias: ``(entries,)`` intercepts.

    Raises:
        ValueError: If the shapes disagree.
    """

    def __init__(self, faq_ids: Sequence[str], weights: np.ndarray, bias: np.ndarray) -> None:
        if weights.ndim != 2 or weights.shape[0] != len(faq_ids) or bias.shape != (len(faq_ids),):
            raise ValueError(
                f"classifier shapes disagree: {len(faq_ids)} entries, weights {weights.shape}, bias {bias.shape}"
            )
        self.faq_ids = list(faq_ids)
        self.weights = weights.astype(np.float32)
        self.bias = bias.astype(np.float32)

    @property
    def dimension(self) -> int:
        """Vector dimension the classifier expects."""
        return int(self.weights.shape[1])

    @classmethod
    def train(cls, vectors: np.ndarray, faq_ids: Sequence[str], *, c: float = DEFAULT_C) -> EntryClassifier:
        """Fit a multinomial logistic regression (L-BFGS, deterministic).

        Args:
            vectors: ``(variants, dimension)`` unit vectors.
            faq_ids: The entry of each variant.
            c: Inverse regularisation strength (larger fits the variants more closely).

        Raises:
            ValueError: With fewer than two entries, or if lengths differ.
        """
        from sklearn.exceptions import ConvergenceWarning
        from sklearn.linear_model import LogisticRegression

        if len(vectors) != len(faq_ids):
            raise ValueError(f"{len(vectors)} vectors but {len(faq_ids)} labels")
        classes = sorted(set(faq_ids))
        if len(classes) < 2:
            raise ValueError(f"need at least two FAQ entries to train a classifier, got {len(classes)}")
        model = LogisticRegression(C=c, max_iter=_MAX_ITER)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(vectors, np.asarray(faq_ids))
        weights, bias = model.coef_, model.intercept_
        if len(classes) == 2:  # scikit-learn keeps one row for two classes: p(second) = sigmoid(w·x + b)
            weights = np.vstack([np.zeros_like(weights[0]), weights[0]])
            bias = np.array([0.0, bias[0]])
        return cls([str(label) for label in model.classes_], weights, bias)

    def probabilities(self, vector: np.ndarray) -> dict[str, float]:
        """``p(entry | vector)`` for every entry (they sum to 1)."""
        return dict(zip(self.faq_ids, self.probability_matrix(vector.reshape(1, -1))[0].tolist(), strict=True))

    def probability_matrix(self, vectors: np.ndarray) -> np.ndarray:
        """``(len(vectors), entries)`` probabilities, columns in the order of :attr:`faq_ids`."""
        logits = vectors.astype(np.float32) @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def save(self, path: Path) -> None:
        """Write the weights to ``path`` (numpy ``.npz``, no pickles)."""
        with open(path, "wb") as handle:
            np.savez(handle, faq_ids=np.array(self.faq_ids), weights=self.weights, bias=self.bias)

    @classmethod
    def load(cls, path: Path) -> EntryClassifier:
        """Read weights written by :meth:`save`.

        Raises:
            OSError: If the file cannot be read.
            ValueError: If it is not a classifier file.
        """
        try:
            with np.load(path, allow_pickle=False) as data:
                return cls([str(x) for x in data["faq_ids"]], data["weights"], data["bias"])
        except KeyError as exc:
            raise ValueError(f"{path} is not a classifier file (missing {exc})") from exc
        except (zipfile.BadZipFile, EOFError) as exc:
            raise ValueError(f"{path} is not a classifier file ({exc})") from exc


def _fingerprint(model_id: str, labelled: Sequence[tuple[str, str]], c: float) -> str:
    digest = hashlib.sha256(f"{_VERSION}\0{model_id}\0{c!r}".encode())
    for faq_id, question in labelled:
        digest.update(f"\0{faq_id}\0{question}".encode())
    return digest.hexdigest()[:24]


def load_or_train(
    vectors: np.ndarray,
    labelled: Sequence[tuple[str, str]],
    *,
    model_id: str,
    cache_dir: Path,
    c: float = DEFAULT_C,
) -> EntryClassifier | None:
    """The classifier for these variants: from ``cache_dir`` when trained before, else trained and cached.

    Args:
        vectors: One unit vector per variant.
        labelled: ``(faq_id, question)`` per variant, in the order of ``vectors``.
        model_id: The embedding model (part of the cache key).
        cache_dir: Where trained weights are kept (the two newest are kept).
        c: Inverse regularisation strength.

    Returns:
        The classifier, or ``None`` when there are fewer than two entries to tell apart or too
        many for training to fit in memory (:data:`MAX_TRAINING_CELLS`; search then ranks by
        similarity alone).
    """
    entries = len({faq_id for faq_id, _ in labelled})
    if entries < 2:
        return None
    if entries * len(labelled) > MAX_TRAINING_CELLS:
        log.warning(
            "no entry classifier: %d variants × %d entries exceeds %d; search ranks by similarity alone",
            len(labelled),
            entries,
            MAX_TRAINING_CELLS,
        )
        return None
    cached = cache_dir / f"classifier-{_fingerprint(model_id, labelled, c)}.npz"
    if cached.exists():
        try:
            return EntryClassifier.load(cached)
        except (OSError, ValueError) as exc:
            log.warning("retraining: cached classifier %s is unreadable (%s)", cached, exc)
    classifier = EntryClassifier.train(vectors, [faq_id for faq_id, _ in labelled], c=c)
    cache_dir.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".classifier.", suffix=".npz", dir=cache_dir)
    os.close(fd)
    classifier.save(Path(tmp))
    os.replace(tmp, cached)
    _prune(cache_dir, keep=cached)
    return classifier


def _prune(cache_dir: Path, keep: Path) -> None:
    files = sorted(cache_dir.glob("classifier-*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[_KEEP_CACHED:]:
        if old != keep:
            old.unlink(missing_ok=True)
