"""Read ``knowledge/amounts.yml``: amounts that change by fiscal year, referenced as ``{amount:ID}``."""

from __future__ import annotations

from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue
from knowledge.content.official_sites import OfficialSites
from knowledge.content.schema import REQUIRED_ANSWER_LANGUAGES, Amount
from knowledge.content.sources_loader import read_sources
from knowledge.content.yaml_source import LocatedDict, LocatedList, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES

__all__ = ["AMOUNT_FIELDS", "load_amounts"]

AMOUNT_FIELDS = ("id", "label", "by_fiscal_year", "value", "source")
_FIRST_YEAR, _LAST_YEAR = 2000, 2100


def load_amounts(path: Path, sites: OfficialSites) -> tuple[dict[str, Amount], list[Issue]]:
    """Parse the amounts table; a missing file means no amounts (answers then cannot use any)."""
    reader = FieldReader(path)
    if not path.exists():
        return {}, []
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        return {}, [Issue(path, exc.line, "", exc.message)]
    if document is None:
        return {}, []
    if not isinstance(document, LocatedList):
        reader.report(line_of(document, default=1), "", "expected a list of amounts (each starting with '- id:')")
        return {}, reader.issues
    amounts: dict[str, Amount] = {}
    for position, raw in enumerate(document):
        amount = _read_amount(reader, raw, line_of(document, position), position, sites)
        if amount is None:
            continue
        if amount.id in amounts:
            reader.report(amount.line, f"{amount.id}.id", f"amount {amount.id!r} is defined twice")
        amounts[amount.id] = amount
    return amounts, reader.issues


def _read_amount(reader: FieldReader, raw: object, line: int, position: int, sites: OfficialSites) -> Amount | None:
    mapping = reader.mapping(raw, line, f"[{position}]")
    if mapping is None:
        return None
    amount_id = reader.identifier(mapping, "id", f"[{position}]")
    field = amount_id or f"[{position}]"
    reader.known_keys(mapping, AMOUNT_FIELDS, field)
    label = reader.language_texts(mapping, "label", field, languages=LANGUAGES, required=REQUIRED_ANSWER_LANGUAGES)
    by_year = _by_fiscal_year(reader, mapping, field)
    value = mapping.get("value")
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        reader.report(line_of(mapping, "value"), f"{field}.value", f"expected a whole number of yen, got {value!r}")
        return None
    has_table = "by_fiscal_year" in mapping
    if (value is None) != has_table or (has_table and by_year == {}):
        reader.report(line, field, "give either by_fiscal_year (amounts revised each year) or value (a fixed amount)")
        return None
    sources = read_sources(reader, mapping, "source", field, sites)
    if amount_id is None or sources is None or by_year is None:
        return None
    return Amount(amount_id, label, by_year, value, sources, file=reader.path, line=line)


def _by_fiscal_year(reader: FieldReader, mapping: LocatedDict, field: str) -> dict[int, int] | None:
    raw = mapping.get("by_fiscal_year")
    if raw is None:
        return {}
    table = reader.mapping(raw, line_of(mapping, "by_fiscal_year"), f"{field}.by_fiscal_year")
    if table is None:
        return None
    values: dict[int, int] = {}
    valid = True
    for year, amount in table.items():
        where = f"{field}.by_fiscal_year.{year}"
        if isinstance(year, bool) or not isinstance(year, int) or not _FIRST_YEAR <= year <= _LAST_YEAR:
            reader.report(line_of(table, year), where, f"expected a fiscal year such as 2026, got {year!r}")
            valid = False
        elif isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
            reader.report(line_of(table, year), where, f"expected a whole number of yen, got {amount!r}")
            valid = False
        else:
            values[year] = amount
    return values if valid else None
