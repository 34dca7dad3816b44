"""Offline evaluation of FAQ search on a labelled question set.

Each question carries the topics that count as a correct answer, or ``none``
when the assistant should *not* answer confidently (out of scope). Reported per
language and per topic: top-1 and top-3 topic accuracy and mean reciprocal rank
(MRR) over the ranking of distinct topics, plus the misses to look at.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue, KnowledgeError
from knowledge.content.yaml_source import LocatedList, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES
from knowledge.retrieval.search import FaqSearcher, Tier

__all__ = ["EvalQuestion", "EvalReport", "Outcome", "Scores", "evaluate", "load_eval_set"]

OUT_OF_SCOPE = "none"


@dataclass(frozen=True)
class EvalQuestion:
    """A labelled question; ``topics`` is empty for out-of-scope questions."""

    question: str
    language: str
    topics: frozenset[str]
    line: int = 0

    @property
    def out_of_scope(self) -> bool:
        """True when the assistant should not answer confidently."""
        return not self.topics


@dataclass(frozen=True)
class Outcome:
    """How the search did on one question."""

    item: EvalQuestion
    ranked_topics: tuple[str, ...]
    tier: Tier
    top_faq: str | None
    top_score: float | None
    rank: int | None

    @property
    def top1(self) -> bool:
        """Right topic first (or, out of scope: not answered confidently)."""
        if self.item.out_of_scope:
            return self.tier is not Tier.ANSWER
        return self.rank == 1

    @property
    def top3(self) -> bool:
        """Right topic among the first three (out of scope: as ``top1``)."""
        if self.item.out_of_scope:
            return self.top1
        return self.rank is not None and self.rank <= 3

    @property
    def reciprocal_rank(self) -> float:
        """1/rank of the first right topic, 0 if absent (out of scope: 1 or 0)."""
        if self.item.out_of_scope:
            return float(self.top1)
        return 1.0 / self.rank if self.rank else 0.0


@dataclass(frozen=True)
class Scores:
    """Aggregates over a group of outcomes."""

    count: int
    top1: float
    top3: float
    mrr: float

    @classmethod
    def of(cls, outcomes: Sequence[Outcome]) -> Scores:
        """Scores of ``outcomes`` (zeros for an empty group)."""
        n = len(outcomes)
        if not n:
            return cls(0, 0.0, 0.0, 0.0)
        return cls(
            n,
            sum(o.top1 for o in outcomes) / n,
            sum(o.top3 for o in outcomes) / n,
            sum(o.reciprocal_rank for o in outcomes) / n,
        )


@dataclass(frozen=True)
class EvalReport:
    """Everything :func:`evaluate` measured."""

    overall: Scores
    by_language: dict[str, Scores]
    by_topic: dict[str, Scores]
    outcomes: list[Outcome] = field(repr=False)

    @property
    def misses(self) -> list[Outcome]:
        """Outcomes whose top-1 was wrong."""
        return [o for o in self.outcomes if not o.top1]

    @property
    def answer_precision(self) -> float:
        """Of the in-scope questions answered outright (tier ``answer``), the share with the right topic."""
        answered = [o for o in self.outcomes if o.tier is Tier.ANSWER and not o.item.out_of_scope]
        return sum(o.top1 for o in answered) / len(answered) if answered else 0.0

    @property
    def answer_coverage(self) -> float:
        """Share of in-scope questions answered outright."""
        in_scope = [o for o in self.outcomes if not o.item.out_of_scope]
        return sum(o.tier is Tier.ANSWER for o in in_scope) / len(in_scope) if in_scope else 0.0

    def to_dict(self) -> dict:
        """A JSON-friendly summary with the misses."""

        def scores(s: Scores) -> dict:
            return {"count": s.count, "top1": round(s.top1, 4), "top3": round(s.top3, 4), "mrr": round(s.mrr, 4)}

        return {
            "overall": scores(self.overall),
            "answer_precision": round(self.answer_precision, 4),
            "answer_coverage": round(self.answer_coverage, 4),
            "by_language": {k: scores(v) for k, v in self.by_language.items()},
            "by_topic": {k: scores(v) for k, v in self.by_topic.items()},
            "misses": [
                {
                    "line": o.item.line,
                    "question": o.item.question,
                    "language": o.item.language,
                    "expected": sorted(o.item.topics) or OUT_OF_SCOPE,
                    "got": list(o.ranked_topics[:3]),
                    "top_faq": o.top_faq,
                    "score": o.top_score,
                    "tier": o.tier.value,
                }
                for o in self.misses
            ],
        }


def load_eval_set(path: Path, known_topics: Iterable[str]) -> list[EvalQuestion]:
    """Read a labelled question set.

    Args:
        path: YAML list of ``{question, language, topics}``; ``topics`` is a
            list of topic ids or ``none``.
        known_topics: Topic ids that labels may use.

    Raises:
        KnowledgeError: Listing every malformed item with its line.
    """
    known = set(known_topics)
    reader = FieldReader(path)
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        raise KnowledgeError([Issue(path, exc.line, "", exc.message)]) from exc
    if not isinstance(document, LocatedList):
        raise KnowledgeError([Issue(path, 1, "", "expected a list of {question, language, topics} items")])
    questions = []
    for position, raw in enumerate(document):
        item = reader.mapping(raw, line_of(document, position), f"[{position}]")
        if item is None:
            continue
        field_name = f"[{position}]"
        reader.known_keys(item, ("question", "language", "topics"), field_name)
        text = reader.text(item, "question", field_name)
        language = reader.text(item, "language", field_name)
        if language is not None and language not in LANGUAGES:
            reader.report(line_of(item, "language"), f"{field_name}.language", f"unknown language {language!r}")
            language = None
        topics = _read_topics(reader, item, field_name, known)
        if text is not None and language is not None and topics is not None:
            questions.append(EvalQuestion(text, language, frozenset(topics), line_of(document, position)))
    if reader.issues:
        raise KnowledgeError(reader.issues)
    return questions


def _read_topics(reader: FieldReader, item: dict, field_name: str, known: set[str]) -> list[str] | None:
    if item.get("topics") == OUT_OF_SCOPE:
        return []
    topics = reader.text_list(item, "topics", field_name, required=True)
    unknown = [t for t in topics if t not in known]
    if not topics or unknown:
        reader.report(
            line_of(item, "topics"),
            f"{field_name}.topics",
            f"expected known topic ids or 'none', got {unknown or topics}",
        )
        return None
    return topics


def evaluate(questions: Sequence[EvalQuestion], searcher: FaqSearcher, *, k: int = 10) -> EvalReport:
    """Search every question and score the ranking of distinct topics.

    Args:
        questions: The labelled set.
        searcher: The search under test.
        k: How many FAQ entries to retrieve per question.
    """
    outcomes = []
    for item in questions:
        result = searcher.query(item.question, k, language=item.language)
        ranked = tuple(dict.fromkeys(hit.topic for hit in result.hits))
        rank = next((i + 1 for i, topic in enumerate(ranked) if topic in item.topics), None)
        best = result.best
        outcomes.append(
            Outcome(item, ranked, result.tier, best.faq_id if best else None, best.score if best else None, rank)
        )
    by_language: dict[str, list[Outcome]] = defaultdict(list)
    by_topic: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        by_language[outcome.item.language].append(outcome)
        for topic in outcome.item.topics or {OUT_OF_SCOPE}:
            by_topic[topic].append(outcome)
    return EvalReport(
        Scores.of(outcomes),
        {lang: Scores.of(by_language[lang]) for lang in LANGUAGES if lang in by_language},
        {topic: Scores.of(group) for topic, group in sorted(by_topic.items())},
        outcomes,
    )


def render_markdown(report: EvalReport, *, max_misses: int = 50) -> str:
    """Tables per language and per topic, then the misses, as Markdown."""

    def row(name: str, s: Scores) -> str:
        return f"| {name} | {s.count} | {s.top1:.3f} | {s.top3:.3f} | {s.mrr:.3f} |"

    header = ["| {} | n | top-1 | top-3 | MRR |", "| --- | ---: | ---: | ---: | ---: |"]
    lines = ["### Per language", "", header[0].format("language"), header[1]]
    lines += [row(lang, s) for lang, s in report.by_language.items()]
    lines += [row("**all**", report.overall), ""]
    lines += [
        f"Answered outright (tier `answer`): {report.answer_coverage:.1%} of in-scope questions, "
        f"with the right topic in {report.answer_precision:.1%} of them.",
        "",
        "### Per topic",
        "",
        header[0].format("topic"),
        header[1],
    ]
    lines += [row(topic, s) for topic, s in report.by_topic.items()]
    misses = report.misses
    lines += ["", f"### Misses ({len(misses)})", "", "| line | lang | question | expected | got (top 3) | score |"]
    lines += ["| ---: | --- | --- | --- | --- | ---: |"]
    for o in misses[:max_misses]:
        expected = ", ".join(sorted(o.item.topics)) or OUT_OF_SCOPE
        got = ", ".join(o.ranked_topics[:3]) or "—"
        score = f"{o.top_score:.3f}" if o.top_score is not None else "—"
        question = o.item.question.replace("|", "\\|")
        lines.append(
            f"| {o.item.line} | {o.item.language} | {question} | {expected} | {got} ({o.tier.value}) | {score} |"
        )
    if len(misses) > max_misses:
        lines.append(f"| | | … {len(misses) - max_misses} more | | | |")
    return "\n".join(lines) + "\n"
