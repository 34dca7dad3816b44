"""An FAQ answer as a resident sees it: placeholders filled in, sources cited in their language."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from knowledge.content.placeholders import cite, render_answer
from knowledge.content.schema import FaqEntry, KnowledgeBase
from knowledge.languages import in_language

__all__ = ["Citation", "ShownAnswer", "show_answer"]


@dataclass(frozen=True)
class Citation:
    """One source page, in the resident's language."""

    publisher: str
    title: str
    url: str


@dataclass(frozen=True)
class ShownAnswer:
    """The text to send and what it rests on.

    Attributes:
        language: The language the answer is written in (may differ from the resident's).
        text: The answer with every placeholder filled in.
        sources_text: One "Source: …" line per page, in the resident's language.
        citations: The pages, for structured clients.
    """

    language: str
    text: str
    sources_text: str
    citations: tuple[Citation, ...]


def show_answer(entry: FaqEntry, knowledge: KnowledgeBase, language: str, today: date) -> ShownAnswer:
    """``entry``'s answer for a resident writing in ``language`` on ``today`` (a Japan date).

    Args:
        entry: The answered FAQ entry.
        knowledge: Loaded knowledge (lines, amounts, messages).
        language: The resident's language.
        today: The date in Japan, which sets the fiscal year of ``{amount:…}`` values.
    """
    answer_language, text = entry.answer_in(language)
    rendered = render_answer(text, knowledge, answer_language, today)  # one language within the text
    lines = [
        knowledge.messages.get("answer_source", language, source=cite(source, knowledge, language))
        for source in entry.sources
    ]
    citations = tuple(
        Citation(in_language(source.publisher, language), in_language(source.title, language), source.url)
        for source in entry.sources
    )
    return ShownAnswer(answer_language, rendered, "\n".join(lines), citations)
