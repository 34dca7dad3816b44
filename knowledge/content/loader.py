"""Load a whole knowledge folder: topics, contact lines and FAQ entries, cross-checked."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from knowledge.content.amounts_loader import load_amounts
from knowledge.content.answer_checks import serving_problems
from knowledge.content.contacts_loader import load_contacts, load_topics
from knowledge.content.faq_loader import faq_files, load_faq_file
from knowledge.content.glossary_loader import load_glossary
from knowledge.content.issues import Issue, KnowledgeError, Severity
from knowledge.content.messages import load_messages
from knowledge.content.not_covered_loader import load_not_covered
from knowledge.content.schema import FaqEntry, KnowledgeBase, NotCoveredSubject
from knowledge.content.sources_loader import load_official_sites
from knowledge.content.translation.answers import attach_translations
from knowledge.content.translation.files import load_translations
from knowledge.content.translation.short_texts import ShortTextReport, translate_short_texts

__all__ = ["LoadResult", "load_knowledge", "load_knowledge_base", "normalize_question"]


@dataclass(frozen=True)
class LoadResult:
    """A knowledge base with every issue found while reading it.

    Entries with errors are left out of ``knowledge``, and so are translations; ``issues`` says why.
    """

    knowledge: KnowledgeBase
    issues: list[Issue]
    short_texts: ShortTextReport = field(default_factory=ShortTextReport)

    @property
    def errors(self) -> list[Issue]:
        """Only the issues of error severity."""
        return [issue for issue in self.issues if issue.severity is Severity.ERROR]


def normalize_question(text: str) -> str:
    """Fold width, case and spacing so trivially different questions compare equal."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in folded if not ch.isspace() and unicodedata.category(ch)[0] != "P")


def load_knowledge(knowledge_dir: Path) -> LoadResult:
    """Read and cross-check every knowledge file under ``knowledge_dir``.

    Args:
        knowledge_dir: Folder holding ``topics.yml``, ``contacts.yml``, ``messages.yml``, ``faq/``
            and optionally ``glossary.yml``, ``amounts.yml``, ``official_sites.yml``, ``not_covered.yml``
            and ``translations/<language>/``.

    Returns:
        The loaded knowledge and all issues (never raises for bad content).
    """
    sites, issues = load_official_sites(knowledge_dir / "official_sites.yml")
    topics, topic_issues = load_topics(knowledge_dir / "topics.yml")
    issues += topic_issues
    contacts, contact_issues = load_contacts(knowledge_dir / "contacts.yml", topics, sites)
    issues += contact_issues
    amounts, amount_issues = load_amounts(knowledge_dir / "amounts.yml", sites)
    issues += amount_issues
    faq_dir = knowledge_dir / "faq"
    files = faq_files(faq_dir)
    if not files:
        issues.append(Issue(faq_dir, 0, "", "no FAQ files (*.yml) found"))
    entries: list[FaqEntry] = []
    for path in files:
        file_entries, file_issues = load_faq_file(path, sites)
        entries += file_entries
        issues += file_issues
    entries, cross_issues = _cross_check(entries, set(topics), set(contacts.lines) | set(contacts.offices))
    issues += cross_issues
    translations, translation_issues = load_translations(knowledge_dir / "translations")
    entries, attach_issues = attach_translations(entries, translations)
    issues += translation_issues + attach_issues
    messages, message_issues = load_messages(knowledge_dir / "messages.yml")
    issues += message_issues
    glossary, glossary_issues = load_glossary(knowledge_dir / "glossary.yml")
    issues += glossary_issues
    not_covered, not_covered_issues = load_not_covered(knowledge_dir / "not_covered.yml")
    issues += not_covered_issues + _answered_elsewhere(not_covered, entries)
    knowledge = KnowledgeBase(
        entries=tuple(entries),
        topics=topics,
        contact_lines=contacts.lines,
        default_line=contacts.default_line,
        timezone=contacts.timezone,
        interpretation=contacts.interpretation,
        messages=messages,
        glossary=glossary,
        amounts=amounts,
        offices=contacts.offices,
        not_covered=not_covered,
    )
    knowledge, short_texts = translate_short_texts(knowledge, translations, sites.publishers.values())
    issues += short_texts.issues + serving_problems(knowledge)
    return LoadResult(knowledge, issues, short_texts)


def load_knowledge_base(knowledge_dir: Path) -> KnowledgeBase:
    """Load knowledge for serving: any error stops the load.

    Raises:
        KnowledgeError: Listing every error with its file and line.
    """
    result = load_knowledge(knowledge_dir)
    if result.errors:
        raise KnowledgeError(result.issues)
    return result.knowledge


def _answered_elsewhere(subjects: tuple[NotCoveredSubject, ...], entries: list[FaqEntry]) -> list[Issue]:
    """Errors for example questions of a not-covered subject that an FAQ entry lists as its own."""
    owners = {
        normalize_question(question): entry.id
        for entry in entries
        for questions in entry.questions.values()
        for question in questions
    }
    return [
        Issue(
            subject.file,
            subject.line,
            f"{subject.id}.questions.{language}",
            f"{question!r} is a question of FAQ entry {owners[normalize_question(question)]!r}; "
            "a subject the FAQ answers is not 'not covered'",
        )
        for subject in subjects
        for language, questions in subject.questions.items()
        for question in questions
        if normalize_question(question) in owners
    ]


def _problem(entry: FaqEntry, field: str, message: str) -> Issue:
    return Issue(entry.file, entry.field_line(field), f"{entry.id}.{field}", message)


def _cross_check(entries: list[FaqEntry], topics: set[str], lines: set[str]) -> tuple[list[FaqEntry], list[Issue]]:
    issues: list[Issue] = []
    first_by_id: dict[str, FaqEntry] = {}
    kept: list[FaqEntry] = []
    for entry in entries:
        first = first_by_id.setdefault(entry.id, entry)
        if first is not entry:
            issues.append(
                _problem(entry, "id", f"duplicate id {entry.id!r}; first defined at {first.file.name}:{first.line}")
            )
        elif entry.topic not in topics:
            known = ", ".join(sorted(topics))
            issues.append(
                _problem(entry, "topic", f"unknown topic {entry.topic!r}; add it to topics.yml or use one of: {known}")
            )
        else:
            kept.append(entry)
    for entry in kept:
        for related in entry.related:
            if related == entry.id:
                issues.append(_problem(entry, "related", "an entry cannot be related to itself"))
            elif related not in first_by_id:
                issues.append(_problem(entry, "related", f"unknown related id {related!r}"))
        if entry.handoff_line and entry.handoff_line not in lines:
            known = ", ".join(sorted(lines))
            issues.append(
                _problem(
                    entry, "handoff_line", f"unknown contact line {entry.handoff_line!r}; contacts.yml has: {known}"
                )
            )
    issues += _exact_duplicate_questions(kept)
    return kept, issues


def _exact_duplicate_questions(entries: list[FaqEntry]) -> list[Issue]:
    owner: dict[str, FaqEntry] = {}
    issues = []
    for entry in entries:
        for language, variants in entry.questions.items():
            for position, variant in enumerate(variants):
                key = normalize_question(variant)
                other = owner.setdefault(key, entry)
                if other.id != entry.id:
                    issues.append(
                        Issue(
                            entry.file,
                            entry.question_line(language, position),
                            f"{entry.id}.questions.{language}[{position}]",
                            f"question {variant!r} also belongs to {other.id!r} ({other.file.name}:{other.line}); "
                            "the assistant could not tell them apart",
                        )
                    )
    return issues
