"""Attach translated answers to FAQ entries, refusing stale ones and ones whose facts differ.

A translation is *stale* when the Japanese answer changed after it was made (its
``source_hash`` no longer matches); it *differs* when a number, amount, date, time, phone
number, placeholder or URL of the Japanese is missing from it or one is added
(:func:`knowledge.content.translation.facts.compare_facts`). Both are errors: the translation is left
out, and the issue names its file, line, entry, language and the differing facts.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from knowledge.content.issues import Issue, Severity
from knowledge.content.schema import FaqEntry
from knowledge.content.translation.facts import FactDifference, compare_facts
from knowledge.content.translation.files import CANONICAL_LANGUAGE, AnswerTranslation, LanguageTranslations, source_hash
from knowledge.languages import LANGUAGES

__all__ = ["attach_translations", "describe_difference"]


def describe_difference(difference: FactDifference, language: str) -> str:
    """``lacks 350000 (ja: 35万円); adds 14 (en: 14)``: what differs, as each text writes it."""
    parts = [f"lacks {fact} ({CANONICAL_LANGUAGE}: {surface})" for fact, surface in difference.missing.items()]
    parts += [f"adds {fact} ({language}: {surface})" for fact, surface in difference.extra.items()]
    return "; ".join(parts)


def _facts_issue(path: Path, line: int, field: str, language: str, difference: FactDifference) -> Issue:
    return Issue(
        path,
        line,
        field,
        f"the {language} answer does not state the same facts as the Japanese: "
        f"{describe_difference(difference, language)}",
    )


def _stale_message(entry: FaqEntry, translation: AnswerTranslation, current: str) -> str:
    where = f"{entry.file.name}:{entry.field_line('answer')}"
    return (
        f"stale: the Japanese answer of {entry.id!r} ({where}) changed after this {translation.language} "
        f"translation was made (translated from {translation.source_hash}, now {current}); "
        f"revise the translation and give it source_hash: {current}"
    )


def _checked(entry: FaqEntry, translation: AnswerTranslation, issues: list[Issue]) -> bool:
    """Whether ``translation`` is current and states the Japanese facts."""
    japanese = entry.answer[CANONICAL_LANGUAGE]
    field = f"{entry.id}.answer"
    current = source_hash(japanese)
    if translation.source_hash != current:
        issues.append(
            Issue(
                translation.file,
                translation.line,
                f"{entry.id}.source_hash",
                _stale_message(entry, translation, current),
            )
        )
        return False
    difference = compare_facts(japanese, CANONICAL_LANGUAGE, translation.text, translation.language)
    if difference:
        issues.append(_facts_issue(translation.file, translation.answer_line, field, translation.language, difference))
        return False
    return True


def attach_translations(
    entries: list[FaqEntry], translations: dict[str, LanguageTranslations]
) -> tuple[list[FaqEntry], list[Issue]]:
    """``entries`` with their checked translations added to ``answer``, and the issues found.

    Answers written inline in an FAQ file (any language but Japanese) are checked for facts too.
    An entry without an answer in some language gets one warning naming the languages.
    """
    issues: list[Issue] = []
    known = {entry.id for entry in entries}
    for _language, folder in sorted(translations.items()):
        for entry_id, translation in folder.answers.items():
            if entry_id not in known:
                issues.append(
                    Issue(translation.file, translation.line, f"{entry_id}.id",
                          f"no FAQ entry has the id {entry_id!r}; was it renamed or removed?")
                )  # fmt: skip
    result = []
    for entry in entries:
        answer = dict(entry.answer)
        locations = dict(entry.answer_locations)
        if CANONICAL_LANGUAGE not in answer:
            result.append(entry)
            continue
        for language, text in entry.answer.items():
            if language == CANONICAL_LANGUAGE:
                continue
            difference = compare_facts(answer[CANONICAL_LANGUAGE], CANONICAL_LANGUAGE, text, language)
            if difference:
                path, line = entry.answer_location(language)
                issues.append(_facts_issue(path, line, f"{entry.id}.answer.{language}", language, difference))
        for language, folder in sorted(translations.items()):
            translation = folder.answers.get(entry.id)
            if translation is None:
                continue
            if language in answer:
                issues.append(
                    Issue(translation.file, translation.line, f"{entry.id}.answer",
                          f"the {language} answer is also written in {entry.file.name}; keep one of the two")
                )  # fmt: skip
            elif _checked(entry, translation, issues):
                answer[language] = translation.text
                locations[language] = (translation.file, translation.answer_line)
        missing = [language for language in LANGUAGES if language not in answer]
        if missing:
            issues.append(
                Issue(
                    entry.file,
                    entry.field_line("answer"),
                    f"{entry.id}.answer",
                    f"no answer in {' '.join(missing)}: residents writing these see the English (or Japanese) "
                    "answer with a note; add translations/<language>/" + entry.file.name,
                    Severity.WARNING,
                )
            )
        result.append(replace(entry, answer=answer, answer_locations=locations))
    return result, issues
