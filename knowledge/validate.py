"""Validate a knowledge folder: everything the content loader checks, editorial warnings, and ambiguous questions.

The one place that combines the file checks (:mod:`knowledge.content`), the editorial
warnings staff re-check by (:func:`knowledge.content.answer_checks.editorial_warnings`) and
the encoder-based ambiguity check (:mod:`knowledge.retrieval.ambiguity`), for
``python -m knowledge validate`` and the reload endpoint.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from knowledge.content.answer_checks import editorial_warnings
from knowledge.content.loader import LoadResult, load_knowledge
from knowledge.retrieval.ambiguity import find_ambiguous_questions
from knowledge.retrieval.embedding import Embedder

__all__ = ["validate"]


def validate(
    knowledge_dir: Path,
    embedder: Embedder | None = None,
    *,
    duplicate_threshold: float = 0.95,
    today: date | None = None,
) -> LoadResult:
    """Check every knowledge file.

    Args:
        knowledge_dir: Folder with ``topics.yml``, ``contacts.yml`` and ``faq/``.
        embedder: When given, near-duplicate questions across entries are reported.
        duplicate_threshold: Cosine similarity at or above which two questions are ambiguous.
        today: The date review ages and the current fiscal year are counted from (default: today).

    Returns:
        The loaded knowledge and all issues, sorted by file and line.
    """
    result = load_knowledge(knowledge_dir)
    issues = list(result.issues)
    issues += editorial_warnings(result.knowledge, today or date.today())
    if embedder is not None:
        issues += find_ambiguous_questions(result.knowledge, embedder, threshold=duplicate_threshold)
    issues.sort(key=lambda issue: (str(issue.path), issue.line, issue.field))
    return LoadResult(result.knowledge, issues)
