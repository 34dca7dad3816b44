"""The persisted faiss index of FAQ question variants, with a manifest that guards freshness.

Layout of an index folder::

    CURRENT                    name of the build in use (replaced atomically)
    builds/<build>/manifest.json  model id, dimension, per-entry content hashes
    builds/<build>/faq.faiss      IndexIDMap(IndexFlatIP) over unit vectors
    builds/<build>/variants.json  row id -> [faq_id, topic, language, question]
    builds/<build>/classifier.npz entry classifier weights (see knowledge.retrieval.entry_classifier)
    cache/                        embedding cache shared by builds and the validator

Every build goes to a new folder and ``CURRENT`` is switched last, so a reader
never sees a half-written index and a running server can swap builds safely.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np

from knowledge.content.schema import NOT_COVERED_TOPIC, KnowledgeBase
from knowledge.retrieval.caches import CachedEmbedder
from knowledge.retrieval.embedding import Embedder
from knowledge.retrieval.entry_classifier import CLASSIFIER_FILE, DEFAULT_C, EntryClassifier, load_or_train

__all__ = [
    "BuildReport",
    "FaqIndex",
    "IndexUnavailableError",
    "StaleIndexError",
    "Variant",
    "build_index",
    "current_build",
    "load_index",
    "set_search_threads",
    "variants_of",
]

log = logging.getLogger(__name__)

INDEX_FORMAT = 2  # 2: adds the entry classifier
KEEP_BUILDS = 2
REBUILD_HINT = "run `python -m knowledge build` (or `make index`)"


class IndexUnavailableError(RuntimeError):
    """The index is missing or unreadable."""


class StaleIndexError(IndexUnavailableError):
    """The index does not match the current knowledge files or model."""


@dataclass(frozen=True)
class Variant:
    """One indexed question variant."""

    faq_id: str
    topic: str
    language: str
    question: str


@dataclass(frozen=True)
class BuildReport:
    """What a build did."""

    build: str
    entries: int
    variants: int
    embedded: int
    reused: int
    seconds: float


class FaqIndex:
    """A loaded index: faiss vectors plus the variant each row stands for.

    Args:
        index: An ``IndexIDMap`` whose ids are positions in ``variants``.
        variants: Row metadata.
        manifest: The manifest the index was loaded with.
        classifier: The entry classifier trained with the build (``None`` for fewer than two entries).
    """

    def __init__(
        self,
        index: faiss.Index,
        variants: list[Variant],
        manifest: dict,
        classifier: EntryClassifier | None = None,
    ) -> None:
        self.index = index
        self.variants = variants
        self.manifest = manifest
        self.classifier = classifier
        self.max_variants_per_entry = max(Counter(v.faq_id for v in variants).values(), default=1)
        self._first_variant: dict[tuple[str, str], Variant] = {}
        for variant in variants:
            self._first_variant.setdefault((variant.faq_id, variant.language), variant)

    @property
    def model_id(self) -> str:
        """The embedding model the vectors were made with."""
        return self.manifest["model_id"]

    @property
    def dimension(self) -> int:
        """Vector dimension."""
        return int(self.manifest["dimension"])

    @property
    def size(self) -> int:
        """Number of indexed variants."""
        return int(self.index.ntotal)

    def first_variant(self, faq_id: str, language: str) -> Variant | None:
        """The entry's first question variant in ``language``, if it has one."""
        return self._first_variant.get((faq_id, language))

    def nearest(self, vector: np.ndarray, k: int) -> list[tuple[Variant, float]]:
        """The ``k`` nearest variants to a unit ``vector`` by cosine similarity, best first."""
        k = min(k, self.size)
        if k <= 0:
            return []
        scores, ids = self.index.search(np.ascontiguousarray(vector.reshape(1, -1), dtype=np.float32), k)
        return [(self.variants[i], float(s)) for s, i in zip(scores[0], ids[0], strict=True) if i >= 0]


def set_search_threads(threads: int) -> None:
    """Set faiss's OpenMP threads for this process (0 leaves faiss's default).

    Searching one query over a flat index of a few thousand vectors takes well under a
    millisecond on one thread; right after the encoder, a second faiss thread has to wait for
    cores the encoder's threads still spin on, which measured 8–10 ms per search here.
    """
    if threads < 0:
        raise ValueError(f"threads must be 0 or more, got {threads}")
    if threads:
        faiss.omp_set_num_threads(threads)


def variants_of(knowledge: KnowledgeBase) -> list[Variant]:
    """Every question variant of every entry, then of every not-covered subject, in index row order.

    A not-covered subject's variants carry its :attr:`~NotCoveredSubject.index_id` and the topic
    :data:`NOT_COVERED_TOPIC`; search uses them to recognise such questions, never as answers.
    """
    entries = [
        Variant(entry.id, entry.topic, language, question)
        for entry in knowledge.entries
        for language, questions in entry.questions.items()
        for question in questions
    ]
    subjects = [
        Variant(subject.index_id, NOT_COVERED_TOPIC, language, question)
        for subject in knowledge.not_covered
        for language, questions in subject.questions.items()
        for question in questions
    ]
    return entries + subjects


def _entry_hashes(knowledge: KnowledgeBase) -> dict[str, str]:
    hashes = {entry.id: entry.index_hash() for entry in knowledge.entries}
    return hashes | {subject.index_id: subject.index_hash() for subject in knowledge.not_covered}


def build_index(
    knowledge: KnowledgeBase, embedder: Embedder, index_dir: Path, *, classifier_c: float = DEFAULT_C
) -> BuildReport:
    """Embed every question variant, train the entry classifier, write a new build, then make it current.

    Only texts not in the embedding cache are encoded, so after an edit just
    the changed entries cost model time; the classifier is retrained only when
    a variant changed.

    Args:
        knowledge: Validated knowledge.
        embedder: The encoder (its ``model_id`` goes into the manifest).
        index_dir: The index folder (created if needed).
        classifier_c: Inverse regularisation strength of the entry classifier.

    Returns:
        Counts and timing of the build.
    """
    started = time.perf_counter()
    variants = variants_of(knowledge)
    cached = CachedEmbedder(embedder, index_dir / "cache")
    vectors = cached.embed_queries([v.question for v in variants])
    faiss_index = faiss.IndexIDMap(faiss.IndexFlatIP(embedder.dimension))
    if variants:
        faiss_index.add_with_ids(vectors, np.arange(len(variants), dtype=np.int64))
    classifier = load_or_train(
        vectors,
        [(v.faq_id, v.question) for v in variants],
        model_id=embedder.model_id,
        cache_dir=index_dir / "cache",
        c=classifier_c,
    )
    manifest = {
        "format": INDEX_FORMAT,
        "model_id": embedder.model_id,
        "dimension": embedder.dimension,
        "metric": "inner_product_on_unit_vectors",
        "prefix": "query: ",
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "variants": len(variants),
        "classifier": {"file": CLASSIFIER_FILE, "c": classifier_c} if classifier else None,
        "entries": _entry_hashes(knowledge),
    }
    now = time.time_ns()
    build = time.strftime("%Y%m%d-%H%M%S", time.localtime(now / 1e9)) + f"-{now % 10**9:09d}"
    builds_dir = index_dir / "builds"
    builds_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=builds_dir))
    try:
        faiss.write_index(faiss_index, str(staging / "faq.faiss"))
        if classifier:
            classifier.save(staging / CLASSIFIER_FILE)
        rows = [[v.faq_id, v.topic, v.language, v.question] for v in variants]
        (staging / "variants.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        staging.chmod(0o755)
        staging.rename(builds_dir / build)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _switch_current(index_dir, build)
    cached.save(keep=[v.question for v in variants])
    _prune_builds(builds_dir, current=build, keep=KEEP_BUILDS)
    report = BuildReport(
        build, len(knowledge.entries), len(variants), cached.misses, cached.hits, time.perf_counter() - started
    )
    log.info(
        "built index %s: %d entries, %d variants (%d embedded, %d from cache) in %.1fs",
        build,
        report.entries,
        report.variants,
        report.embedded,
        report.reused,
        report.seconds,
    )
    return report


def _switch_current(index_dir: Path, build: str) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".CURRENT.", dir=index_dir)
    with os.fdopen(fd, "w") as handle:
        handle.write(build + "\n")
    os.replace(tmp, index_dir / "CURRENT")


def _prune_builds(builds_dir: Path, current: str, keep: int) -> None:
    """Delete all but the newest ``keep`` builds (names sort by time), never the current one."""
    builds = sorted(p for p in builds_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in builds[:-keep]:
        if old.name != current:
            shutil.rmtree(old, ignore_errors=True)


def current_build(index_dir: Path) -> str | None:
    """Name of the build ``CURRENT`` points at, or ``None`` without an index."""
    try:
        return (index_dir / "CURRENT").read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def load_index(index_dir: Path, knowledge: KnowledgeBase, model_id: str) -> FaqIndex:
    """Load the current build, refusing one that does not match.

    Args:
        index_dir: The index folder.
        knowledge: The knowledge the index must have been built from.
        model_id: The embedding model queries will be encoded with.

    Raises:
        IndexUnavailableError: If there is no readable index.
        StaleIndexError: If the model, dimension, format or entries differ.
    """
    current = index_dir / "CURRENT"
    if not current.exists():
        raise IndexUnavailableError(f"No search index in {index_dir}; {REBUILD_HINT}.")
    build_dir = index_dir / "builds" / current.read_text().strip()
    try:
        manifest = json.loads((build_dir / "manifest.json").read_text(encoding="utf-8"))
        rows = json.loads((build_dir / "variants.json").read_text(encoding="utf-8"))
        faiss_index = faiss.read_index(str(build_dir / "faq.faiss"))
        classifier = EntryClassifier.load(build_dir / CLASSIFIER_FILE) if manifest.get("classifier") else None
    except (OSError, ValueError, RuntimeError) as exc:
        raise IndexUnavailableError(f"Search index in {build_dir} is unreadable ({exc}); {REBUILD_HINT}.") from exc
    problems = _mismatches(manifest, faiss_index, len(rows), knowledge, model_id)
    if classifier and (classifier.dimension != faiss_index.d or set(classifier.faq_ids) != set(manifest["entries"])):
        problems.append("the entry classifier disagrees with the manifest")
    if problems:
        raise StaleIndexError(f"Search index in {index_dir} is stale: {'; '.join(problems)}. Please {REBUILD_HINT}.")
    return FaqIndex(faiss_index, [Variant(*row) for row in rows], manifest, classifier)


def _mismatches(
    manifest: dict, faiss_index: faiss.Index, n_rows: int, knowledge: KnowledgeBase, model_id: str
) -> list[str]:
    problems = []
    if manifest.get("format") != INDEX_FORMAT:
        problems.append(f"index format {manifest.get('format')} (this version reads {INDEX_FORMAT})")
    if manifest.get("model_id") != model_id:
        problems.append(f"built with model {manifest.get('model_id')!r}, but the configured model is {model_id!r}")
    if faiss_index.d != manifest.get("dimension") or faiss_index.ntotal != n_rows:
        problems.append("index files disagree with the manifest")
    built, now = manifest.get("entries", {}), _entry_hashes(knowledge)
    changed = sorted(k for k in built.keys() & now.keys() if built[k] != now[k])
    added, removed = sorted(now.keys() - built.keys()), sorted(built.keys() - now.keys())
    for label, ids in (("changed", changed), ("added", added), ("removed", removed)):
        if ids:
            shown = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
            problems.append(f"{len(ids)} entr{'y' if len(ids) == 1 else 'ies'} {label} since the build ({shown})")
    return problems
