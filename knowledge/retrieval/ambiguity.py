"""Questions of different entries that the encoder can barely tell apart.

Two questions of *different* entries that embed almost identically make the
assistant guess; the validator reports them as warnings so staff can reword them.
"""

from __future__ import annotations

import faiss
import numpy as np

from knowledge.content.issues import Issue, Severity
from knowledge.content.schema import KnowledgeBase
from knowledge.retrieval.embedding import Embedder

__all__ = ["find_ambiguous_questions"]


def find_ambiguous_questions(knowledge: KnowledgeBase, embedder: Embedder, *, threshold: float) -> list[Issue]:
    """Warn about question pairs from different entries with similarity ≥ ``threshold``.

    For each pair of entries only their closest pair of questions is reported.
    """
    located = [
        (entry, language, position, question)
        for entry in knowledge.entries
        for language, questions in entry.questions.items()
        for position, question in enumerate(questions)
    ]
    if len(located) < 2:
        return []
    vectors = embedder.embed_queries([question for *_, question in located])
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    limits, scores, neighbours = index.range_search(np.ascontiguousarray(vectors), threshold)
    closest: dict[tuple[str, str], tuple[float, int, int]] = {}
    for i in range(len(located)):
        for j, score in zip(neighbours[limits[i] : limits[i + 1]], scores[limits[i] : limits[i + 1]], strict=True):
            a, b = located[i][0], located[j][0]
            if a.id < b.id and score > closest.get((a.id, b.id), (-1.0,))[0]:
                closest[(a.id, b.id)] = (float(score), i, int(j))
    issues = []
    for score, i, j in closest.values():
        entry, language, position, question = located[i]
        other, other_language, other_position, other_question = located[j]
        issues.append(
            Issue(
                entry.file,
                entry.question_line(language, position),
                f"{entry.id}.questions.{language}[{position}]",
                f"ambiguous: {question!r} is as close as {score:.3f} to {other_question!r} of {other.id!r} "
                f"({other.file.name}:{other.question_line(other_language, other_position)}); reword one of them",
                Severity.WARNING,
            )
        )
    return issues
