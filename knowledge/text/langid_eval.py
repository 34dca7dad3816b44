"""Offline evaluation of language identification on a labelled set of short messages.

The set is YAML, either grouped by language::

    ja:
      - 年金免除
      - {text: "1", prior: ja}   # a message that needs the session's language
    tl:
      - salamat po

or a list of ``{text, language, prior}`` items. Reported: accuracy overall and
per language, the confusion matrix (expected × detected) and the misses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue, KnowledgeError
from knowledge.content.yaml_source import LocatedDict, LocatedList, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES
from knowledge.text.langid import Detection, detect_language

__all__ = ["LabelledMessage", "LangidOutcome", "LangidReport", "evaluate_langid", "load_langid_set", "render_markdown"]

Detector = Callable[..., Detection]


@dataclass(frozen=True)
class LabelledMessage:
    """A message, its language, and the session language it arrives in (if any)."""

    text: str
    language: str
    prior: str | None = None
    line: int = 0


@dataclass(frozen=True)
class LangidOutcome:
    """What the detector said about one message."""

    item: LabelledMessage
    detection: Detection

    @property
    def correct(self) -> bool:
        """True when the detected language is the labelled one."""
        return self.detection.language == self.item.language


@dataclass(frozen=True)
class LanguageScore:
    """Accuracy over the messages labelled with one language."""

    count: int
    correct: int

    @property
    def accuracy(self) -> float:
        """Share detected correctly (0 for an empty group)."""
        return self.correct / self.count if self.count else 0.0


@dataclass(frozen=True)
class LangidReport:
    """Everything :func:`evaluate_langid` measured."""

    outcomes: list[LangidOutcome] = field(repr=False)

    @property
    def overall(self) -> LanguageScore:
        """Accuracy over every message."""
        return LanguageScore(len(self.outcomes), sum(o.correct for o in self.outcomes))

    @property
    def by_language(self) -> dict[str, LanguageScore]:
        """Accuracy per labelled language, in our language order."""
        counts = Counter(o.item.language for o in self.outcomes)
        correct = Counter(o.item.language for o in self.outcomes if o.correct)
        return {lang: LanguageScore(counts[lang], correct[lang]) for lang in LANGUAGES if counts[lang]}

    @property
    def confusion(self) -> dict[str, dict[str, int]]:
        """``confusion[expected][detected]``: how many messages of each language went where."""
        matrix = {lang: dict.fromkeys(LANGUAGES, 0) for lang in self.by_language}
        for outcome in self.outcomes:
            matrix[outcome.item.language][outcome.detection.language] += 1
        return matrix

    @property
    def misses(self) -> list[LangidOutcome]:
        """Outcomes with the wrong language."""
        return [o for o in self.outcomes if not o.correct]

    def to_dict(self) -> dict:
        """A JSON-friendly summary with the confusion matrix and the misses."""

        def score(s: LanguageScore) -> dict:
            return {"count": s.count, "correct": s.correct, "accuracy": round(s.accuracy, 4)}

        return {
            "overall": score(self.overall),
            "with_prior": sum(o.item.prior is not None for o in self.outcomes),
            "by_language": {lang: score(s) for lang, s in self.by_language.items()},
            "confusion": {lang: {k: v for k, v in row.items() if v} for lang, row in self.confusion.items()},
            "misses": [
                {
                    "line": o.item.line,
                    "text": o.item.text,
                    "expected": o.item.language,
                    "detected": o.detection.language,
                    "prior": o.item.prior,
                    "confidence": o.detection.confidence,
                    "reason": o.detection.reason,
                }
                for o in self.misses
            ],
        }


def load_langid_set(path: Path) -> list[LabelledMessage]:
    """Read a labelled message set (grouped by language, or a list of items).

    Raises:
        KnowledgeError: Listing every malformed item with its line.
    """
    reader = FieldReader(path)
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        raise KnowledgeError([Issue(path, exc.line, "", exc.message)]) from exc
    except OSError as exc:
        raise KnowledgeError([Issue(path, 0, "", f"cannot read the file: {exc.strerror or exc}")]) from exc
    items: list[LabelledMessage] = []
    if document is None:
        raise KnowledgeError([Issue(path, 0, "", "no messages: the file is empty")])
    if isinstance(document, LocatedDict):
        for language in document:
            if language not in LANGUAGES:
                reader.report(
                    line_of(document, language),
                    str(language),
                    f"unknown language {language!r}; expected one of {' '.join(LANGUAGES)}",
                )
                continue
            entries = document[language]
            if not isinstance(entries, LocatedList):
                reader.report(line_of(document, language), language, "expected a list of messages")
                continue
            for position, raw in enumerate(entries):
                where = (line_of(entries, position, line_of(document, language)), f"{language}[{position}]")
                items += _read_item(reader, raw, where, language)
    elif isinstance(document, LocatedList):
        for position, raw in enumerate(document):
            items += _read_item(reader, raw, (line_of(document, position), f"[{position}]"), None)
    else:
        reader.report(1, "", "expected languages mapped to lists of messages, or a list of {text, language} items")
    if reader.issues:
        raise KnowledgeError(reader.issues)
    if not items:
        raise KnowledgeError([Issue(path, 0, "", "no messages")])
    return items


def _read_item(reader: FieldReader, raw: object, where: tuple[int, str], language: str | None) -> list[LabelledMessage]:
    """One item: a text under its language, or a mapping with ``text`` (and ``language`` in a flat list)."""
    line, name = where
    if isinstance(raw, str) and language is not None:
        if not raw.strip():
            reader.report(line, name, "must not be empty")
            return []
        return [LabelledMessage(raw.strip(), language, None, line)]
    if not isinstance(raw, LocatedDict):
        expected = "a text or a {text, prior} mapping" if language else "a {text, language, prior} mapping"
        hint = " (quote yes, no, on and off: YAML reads them as true/false)" if isinstance(raw, bool) else ""
        reader.report(line, name, f"expected {expected}, got {raw!r}{hint}")
        return []
    allowed = ("text", "prior") if language else ("text", "language", "prior")
    reader.known_keys(raw, allowed, name)
    text = reader.text(raw, "text", name)
    if language is None:
        language = reader.text(raw, "language", name)
        if language is not None and language not in LANGUAGES:
            reader.report(line_of(raw, "language"), f"{name}.language", f"unknown language {language!r}")
            language = None
    prior = reader.text(raw, "prior", name, required=False)
    if prior is not None and prior not in LANGUAGES:
        reader.report(line_of(raw, "prior"), f"{name}.prior", f"unknown language {prior!r}")
        return []
    if text is None or language is None:
        return []
    return [LabelledMessage(text, language, prior, line)]


def evaluate_langid(items: Sequence[LabelledMessage], detect: Detector = detect_language) -> LangidReport:
    """Detect every message (with its session prior) and keep the outcomes.

    Args:
        items: The labelled set.
        detect: The detector under test (default: :func:`knowledge.text.langid.detect_language`).
    """
    return LangidReport([LangidOutcome(item, detect(item.text, prior=item.prior)) for item in items])


def render_markdown(report: LangidReport, *, max_misses: int = 50) -> str:
    """Accuracy per language, the confusion matrix and the misses, as Markdown."""
    overall = report.overall
    lines = ["| language | n | correct | accuracy |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {lang} | {s.count} | {s.correct} | {s.accuracy:.3f} |" for lang, s in report.by_language.items()]
    lines += [f"| **all** | {overall.count} | {overall.correct} | {overall.accuracy:.3f} |", ""]
    detected = [lang for lang in LANGUAGES if any(row[lang] for row in report.confusion.values())]
    lines += ["Confusion matrix (rows: expected, columns: detected):", ""]
    lines += ["| expected | " + " | ".join(detected) + " |", "| --- |" + " ---: |" * len(detected)]
    for lang, row in report.confusion.items():
        cells = [str(row[other]) if row[other] else "·" for other in detected]
        lines.append(f"| {lang} | " + " | ".join(cells) + " |")
    misses = report.misses
    lines += ["", f"Misses ({len(misses)}):", ""]
    if misses:
        lines += ["| line | text | expected | detected | confidence | reason |"]
        lines += ["| ---: | --- | --- | --- | ---: | --- |"]
    for o in misses[:max_misses]:
        text = o.item.text.replace("|", "\\|")
        lines.append(
            f"| {o.item.line} | {text} | {o.item.language} | {o.detection.language} | "
            f"{o.detection.confidence:.2f} | {o.detection.reason} |"
        )
    if len(misses) > max_misses:
        lines.append(f"| | … {len(misses) - max_misses} more | | | | |")
    return "\n".join(lines) + "\n"
