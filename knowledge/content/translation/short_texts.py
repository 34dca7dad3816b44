"""Fill the short texts of the knowledge (page titles, publishers, line names, hours, labels) in every language.

Short texts are defined in Japanese and English where they belong (``contacts.yml``,
``topics.yml``, an entry's ``source:`` …); each language's ``_texts.yml`` translates them by their
Japanese wording, like a translation memory. A changed Japanese wording therefore simply has no
translation until one is added. Translations are checked for the same facts as the Japanese.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from knowledge.content.issues import Issue, Severity
from knowledge.content.schema import ContactLine, KnowledgeBase, Office, Source
from knowledge.content.translation.answers import describe_difference
from knowledge.content.translation.facts import compare_facts
from knowledge.content.translation.files import CANONICAL_LANGUAGE, SHORT_TEXTS_FILE, LanguageTranslations
from knowledge.languages import LANGUAGES

__all__ = ["ShortTextReport", "translate_short_texts"]


@dataclass
class ShortTextReport:
    """What the short texts lack and what their translation files hold in vain.

    Attributes:
        missing: Per language, the Japanese wordings with no translation.
        unused: Per language, translated wordings no knowledge file uses any more.
        issues: Facts errors and one warning per language with missing or unused texts.
    """

    missing: dict[str, set[str]] = field(default_factory=dict)
    unused: dict[str, set[str]] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)


class _Translator:
    def __init__(self, translations: dict[str, LanguageTranslations]) -> None:
        self.translations = translations
        self.languages = [language for language in LANGUAGES if language != CANONICAL_LANGUAGE]
        self.report = ShortTextReport({language: set() for language in self.languages})
        self.used: dict[str, set[str]] = {language: set() for language in translations}
        self.checked: set[tuple[str, str]] = set()

    def texts(self, texts: Mapping[str, str]) -> dict[str, str]:
        japanese = texts.get(CANONICAL_LANGUAGE)
        result = dict(texts)
        if not japanese:
            return result
        for language in self.languages:
            if language in result:
                continue
            folder = self.translations.get(language)
            translated = folder.short_texts.get(japanese) if folder else None
            if translated is None:
                self.report.missing[language].add(japanese)
            elif self._states_same_facts(language, folder, japanese, translated):
                result[language] = translated
        return result

    def _states_same_facts(self, language: str, folder: LanguageTranslations, japanese: str, translated: str) -> bool:
        self.used[language].add(japanese)
        difference = compare_facts(japanese, CANONICAL_LANGUAGE, translated, language)
        if difference and (language, japanese) not in self.checked:
            path, line = folder.short_text_lines[japanese]
            self.report.issues.append(
                Issue(path, line, language, f"{japanese!r}: the translation does not state the same facts: "
                      f"{describe_difference(difference, language)}")
            )  # fmt: skip
        self.checked.add((language, japanese))
        return not difference

    def source(self, source: Source) -> Source:
        return replace(source, title=self.texts(source.title), publisher=self.texts(source.publisher))

    def line(self, line: ContactLine) -> ContactLine:
        hours = replace(line.hours, summary=self.texts(line.hours.summary))
        alt_phones = tuple(replace(alt, when=self.texts(alt.when)) for alt in line.alt_phones)
        return replace(
            line,
            name=self.texts(line.name),
            purpose=self.texts(line.purpose),
            hours=hours,
            alt_phones=alt_phones,
            sources=tuple(map(self.source, line.sources)),
        )

    def office(self, office: Office) -> Office:
        return replace(
            office, name=self.texts(office.name), note=self.texts(office.note), directory=self.source(office.directory)
        )

    def finish(self) -> ShortTextReport:
        for language, folder in sorted(self.translations.items()):
            self.report.unused[language] = set(folder.short_texts) - self.used[language]
            path = folder.folder / SHORT_TEXTS_FILE
            missing, unused = self.report.missing[language], self.report.unused[language]
            if missing:
                self.report.issues.append(
                    Issue(path, 0, language, f"{len(missing)} short text(s) have no {language} translation "
                          f"(e.g. {min(missing)!r}); `python -m knowledge translations --language {language}` "
                          "lists them", Severity.WARNING)
                )  # fmt: skip
            if unused:
                self.report.issues.append(
                    Issue(path, 0, language, f"{len(unused)} translated short text(s) are no longer used by any "
                          f"knowledge file (e.g. {min(unused)!r}); remove them", Severity.WARNING)
                )  # fmt: skip
        return self.report


def translate_short_texts(
    knowledge: KnowledgeBase,
    translations: dict[str, LanguageTranslations],
    also_defined: Iterable[Mapping[str, str]] = (),
) -> tuple[KnowledgeBase, ShortTextReport]:
    """``knowledge`` with every short text filled in from the translation files, and what is missing.

    A language written where the text is defined (e.g. ``en`` in ``contacts.yml``) is kept.

    Args:
        knowledge: The loaded knowledge.
        translations: Every language's translation files.
        also_defined: Short texts defined outside ``knowledge`` that answers may come to show (the
            publishers of ``official_sites.yml``): counted as missing or used like the others.
    """
    translator = _Translator(translations)
    for texts in also_defined:
        translator.texts(texts)
    interpretation = dict(knowledge.interpretation)
    how = interpretation.get("how")
    if isinstance(how, Mapping):
        interpretation["how"] = translator.texts(how)

    def sources(sources: tuple[Source, ...]) -> tuple[Source, ...]:
        return tuple(map(translator.source, sources))

    localized = replace(
        knowledge,
        entries=tuple(replace(entry, sources=sources(entry.sources)) for entry in knowledge.entries),
        topics={key: replace(topic, label=translator.texts(topic.label)) for key, topic in knowledge.topics.items()},
        contact_lines={key: translator.line(line) for key, line in knowledge.contact_lines.items()},
        offices={key: translator.office(office) for key, office in knowledge.offices.items()},
        amounts={
            key: replace(amount, label=translator.texts(amount.label), sources=sources(amount.sources))
            for key, amount in knowledge.amounts.items()
        },
        interpretation=interpretation,
    )
    return localized, translator.finish()
