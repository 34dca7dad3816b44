"""Read ``official_sites.yml`` and the structured ``source:`` fields of FAQ entries, amounts and lines.

A source is a list of pages (a single mapping is accepted as a one-item list)::

    source:
      - title: {ja: 国民年金保険料の追納制度, en: Paying exempted premiums later}
        url: https://www.nenkin.go.jp/service/kokunen/menjo/20150331.html
        report: "FY2021 report Ⅰ-1(3)③"   # optional, staff only
        publisher: {ja: 筑後市, en: Chikugo City}   # needed when official_sites.yml does not know the site
"""

from __future__ import annotations

from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue
from knowledge.content.official_sites import OfficialSites
from knowledge.content.schema import REQUIRED_ANSWER_LANGUAGES, Source
from knowledge.content.yaml_source import LocatedDict, LocatedList, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES

__all__ = ["SOURCE_FIELDS", "load_official_sites", "read_sources"]

SOURCE_FIELDS = ("title", "url", "publisher", "report")


def load_official_sites(path: Path) -> tuple[OfficialSites, list[Issue]]:
    """Parse ``official_sites.yml``: a list of ``{domain, publisher: {ja, en, …}}``.

    A missing file is not an error: every source then names its publisher, and only
    ``*.go.jp`` and municipal sites are official.
    """
    reader = FieldReader(path)
    if not path.exists():
        return OfficialSites(), []
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        return OfficialSites(), [Issue(path, exc.line, "", exc.message)]
    if not isinstance(document, LocatedList):
        reader.report(line_of(document, default=1), "", "expected a list of sites (each starting with '- domain:')")
        return OfficialSites(), reader.issues
    publishers = {}
    for position, raw in enumerate(document):
        mapping = reader.mapping(raw, line_of(document, position), f"[{position}]")
        if mapping is None:
            continue
        reader.known_keys(mapping, ("domain", "publisher"), f"[{position}]")
        domain = reader.text(mapping, "domain", f"[{position}]")
        publisher = reader.language_texts(
            mapping, "publisher", domain or f"[{position}]", languages=LANGUAGES, required=REQUIRED_ANSWER_LANGUAGES
        )
        if domain:
            domain = domain.lower()
            if domain in publishers:
                reader.report(line_of(mapping, "domain"), f"{domain}.domain", f"{domain} is listed twice")
            publishers[domain] = publisher
    return OfficialSites(publishers), reader.issues


def read_sources(
    reader: FieldReader, mapping: LocatedDict, key: str, field: str, sites: OfficialSites
) -> tuple[Source, ...] | None:
    """The pages in ``mapping[key]``; ``None`` (with issues recorded) when the field is missing or wrong."""
    raw = mapping.get(key)
    where = f"{field}.{key}"
    if raw is None:
        reader.report(line_of(mapping), where, "is required: the official page(s) the facts come from (title, url)")
        return None
    if isinstance(raw, str):
        reader.report(
            line_of(mapping, key),
            where,
            f"expected a list of pages with title and url, got text {raw!r}; "
            "cite the official page residents can open (see docs/content-guide.md)",
        )
        return None
    items = [raw] if isinstance(raw, LocatedDict) else raw
    if not isinstance(items, list) or not items:
        reader.report(line_of(mapping, key), where, "expected a non-empty list of pages with title and url")
        return None
    errors_before = reader.error_count
    sources = []
    for position, item in enumerate(items):
        item_field = f"{where}[{position}]"
        page = reader.mapping(item, line_of(items, position, line_of(mapping, key)), item_field)
        if page is not None:
            source = _read_source(reader, page, item_field, sites)
            if source is not None:
                sources.append(source)
    return tuple(sources) if reader.error_count == errors_before else None


def _read_source(reader: FieldReader, page: LocatedDict, field: str, sites: OfficialSites) -> Source | None:
    reader.known_keys(page, SOURCE_FIELDS, field)
    title = reader.language_texts(page, "title", field, languages=LANGUAGES, required=REQUIRED_ANSWER_LANGUAGES)
    url = reader.text(page, "url", field)
    report = reader.text(page, "report", field, required=False)
    publisher = None
    if "publisher" in page:
        publisher = reader.language_texts(
            page, "publisher", field, languages=LANGUAGES, required=REQUIRED_ANSWER_LANGUAGES
        )
    if url is None:
        return None
    check = sites.check(url)
    if check.problem is not None:
        reader.report(line_of(page, "url"), f"{field}.url", check.problem)
        return None
    publisher = publisher or check.publisher
    if not publisher:
        reader.report(
            line_of(page, "url"),
            f"{field}.publisher",
            "is required for this site (who publishes the page, e.g. {ja: 筑後市, en: Chikugo City})",
        )
        return None
    if not title:
        return None
    return Source(title=title, url=url, publisher=publisher, report=report)
