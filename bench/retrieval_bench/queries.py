"""The seeded query stream of the retrieval benchmark, made from the shipped knowledge.

Queries are shipped question variants lightly changed the way residents type (a dropped character,
'ですか', lower case, a code-switched half), drawn with a ``numpy`` generator so a seed gives the same
stream on every run.
"""

from __future__ import annotations

import numpy as np
from measure import log

from knowledge.content.issues import KnowledgeError
from knowledge.content.loader import load_knowledge, load_knowledge_base
from knowledge.content.schema import KnowledgeBase
from knowledge.retrieval.index import variants_of
from knowledge.settings import RetrievalSettings

# --------------------------------------------------------------------------- knowledge and queries


def load_shipped_knowledge(settings: RetrievalSettings) -> tuple[KnowledgeBase, int]:
    """The shipped knowledge; if files currently fail validation, their valid entries.

    Returns:
        The knowledge and how many errors were skipped (0 for a clean load).
    """
    try:
        return load_knowledge_base(settings.knowledge_dir), 0
    except KnowledgeError:
        result = load_knowledge(settings.knowledge_dir)
        log(
            f"knowledge has {len(result.errors)} errors; benchmarking the {len(result.knowledge.entries)} valid entries"
        )
        return result.knowledge, len(result.errors)


def question_pool(knowledge: KnowledgeBase) -> list[tuple[str, str, str]]:
    """Every question variant as ``(faq_id, language, text)``."""
    return [(variant.faq_id, variant.language, variant.question) for variant in variants_of(knowledge)]


def drop_char(text: str, rng: np.random.Generator) -> str:
    """``text`` without one character (a typo), unless it is very short."""
    if len(text) < 4:
        return text
    position = int(rng.integers(1, len(text)))
    return text[:position] + text[position + 1 :]


def add_desuka(text: str) -> str:
    """A Japanese question made politer: trailing punctuation replaced by 'ですか'."""
    stripped = text.rstrip("？?。 ")
    return stripped + ("？" if stripped.endswith("ですか") else "ですか")


def code_switch(text: str, other: str) -> str:
    """A mixed-language query: the start of ``text`` followed by the end of ``other``."""
    return f"{text[: max(4, len(text) // 2)]} {other[len(other) // 2 :]}".strip()


def perturb(language: str, text: str, other: str, rng: np.random.Generator) -> tuple[str, str]:
    """A lightly changed copy of a question variant, as residents would type it.

    Args:
        language: The variant's language.
        text: The variant.
        other: A variant in another language, for code-switched queries.
        rng: Random source.

    Returns:
        ``(kind, query)`` where kind names the change.
    """
    kind = str(rng.choice(["verbatim", "drop_char", "desuka_or_lower", "code_switch"], p=[0.2, 0.35, 0.3, 0.15]))
    if kind == "drop_char":
        return kind, drop_char(text, rng)
    if kind == "desuka_or_lower":
        return ("desuka", add_desuka(text)) if language == "ja" else ("lowercase", text.lower())
    if kind == "code_switch":
        return kind, code_switch(text, other)
    return kind, text


def make_queries(knowledge: KnowledgeBase, count: int, rng: np.random.Generator) -> list[tuple[str, str, str]]:
    """Realistic queries: perturbed variants of every language, some code-switched.

    Returns:
        ``(source_faq_id, kind, query)`` triples.
    """
    pool = question_pool(knowledge)
    queries = []
    for _ in range(count):
        faq_id, language, text = pool[int(rng.integers(len(pool)))]
        others = [t for f, lang, t in pool if f == faq_id and lang != language] or [text]
        kind, query = perturb(language, text, others[int(rng.integers(len(others)))], rng)
        queries.append((faq_id, kind, query))
    return queries
