"""Read ``topics.yml`` and ``contacts.yml`` (topic vocabulary, phone lines and hours)."""

from __future__ import annotations

import re
from datetime import date, time
from pathlib import Path

from knowledge.content.field_reader import FieldReader
from knowledge.content.issues import Issue
from knowledge.content.official_sites import OfficialSites
from knowledge.content.schema import (
    REQUIRED_ANSWER_LANGUAGES,
    REQUIRED_TOPICS,
    AltPhone,
    ContactLine,
    Office,
    OpeningHours,
    Topic,
)
from knowledge.content.sources_loader import read_sources
from knowledge.content.yaml_source import LocatedDict, LocatedList, YamlSyntaxError, line_of, load_yaml
from knowledge.languages import LANGUAGES

__all__ = ["ContactsFile", "load_contacts", "load_topics"]

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LINE_FIELDS = ("id", "name", "purpose", "phone", "alt_phones", "topics", "interpreter", "hours", "source")
ALT_PHONE_FIELDS = ("kind", "phone", "when")
ALT_PHONE_KINDS = ("ip_phone", "abroad", "other")
OFFICE_FIELDS = ("id", "name", "directory", "note")
HOURS_FIELDS = (
    "weekly",
    "second_saturday",
    "closed_on_national_holidays",
    "second_saturday_open_on_holidays",
    "closed_dates",
    "after_monday_holiday_close",
    "summary",
)
_PHONE = re.compile(r"^(?:0\d{1,4}|\+81-\d{1,4})-\d{1,4}-\d{3,4}$")
_SPAN = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_TIME = re.compile(r"^(\d{2}):(\d{2})$")
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


class ContactsFile:
    """What ``contacts.yml`` holds once read."""

    def __init__(self) -> None:
        self.lines: dict[str, ContactLine] = {}
        self.default_line: str | None = None
        self.timezone = "Asia/Tokyo"
        self.interpretation: dict[str, object] = {}
        self.offices: dict[str, Office] = {}


def _load_document(path: Path, reader: FieldReader, expected: type) -> object | None:
    if not path.exists():
        reader.report(0, "", "file is missing")
        return None
    try:
        document = load_yaml(path)
    except YamlSyntaxError as exc:
        reader.report(exc.line, "", exc.message)
        return None
    if not isinstance(document, expected):
        shape = "a list" if expected is LocatedList else "a mapping"
        reader.report(line_of(document, default=1), "", f"expected {shape} at the top level")
        return None
    return document


def load_topics(path: Path) -> tuple[dict[str, Topic], list[Issue]]:
    """Parse the topic vocabulary; every id in :data:`REQUIRED_TOPICS` must be present."""
    reader = FieldReader(path)
    document = _load_document(path, reader, LocatedList)
    topics: dict[str, Topic] = {}
    for position, raw in enumerate(document or []):
        mapping = reader.mapping(raw, line_of(document, position), f"[{position}]")
        if mapping is None:
            continue
        topic_id = reader.identifier(mapping, "id", f"[{position}]")
        reader.known_keys(mapping, ("id", "label"), topic_id or f"[{position}]")
        label = _language_texts(reader, mapping, "label", topic_id or f"[{position}]")
        if topic_id in topics:
            reader.report(line_of(mapping, "id"), f"{topic_id}.id", f"topic {topic_id!r} is defined twice")
        elif topic_id:
            topics[topic_id] = Topic(topic_id, label)
    if document is not None:
        for required in REQUIRED_TOPICS:
            if required not in topics:
                reader.report(0, "", f"required topic {required!r} is missing")
    return topics, reader.issues


def load_contacts(
    path: Path, topics: dict[str, Topic], sites: OfficialSites | None = None
) -> tuple[ContactsFile, list[Issue]]:
    """Parse contact lines, their hours, offices and the interpretation service.

    Args:
        path: ``contacts.yml``.
        topics: The topic vocabulary lines refer to.
        sites: The official sites sources may cite.
    """
    sites = sites or OfficialSites()
    reader = FieldReader(path)
    contacts = ContactsFile()
    document = _load_document(path, reader, LocatedDict)
    if document is None:
        return contacts, reader.issues
    reader.known_keys(document, ("timezone", "default_line", "lines", "offices", "interpretation"), "")
    contacts.timezone = reader.text(document, "timezone", "", required=False) or contacts.timezone
    raw_lines = document.get("lines")
    if not isinstance(raw_lines, LocatedList) or not raw_lines:
        reader.report(line_of(document, "lines"), "lines", "expected a non-empty list of contact lines")
        raw_lines = LocatedList()
    for position, raw in enumerate(raw_lines):
        line = _read_line(reader, raw, line_of(raw_lines, position), position, topics, sites)
        if line is not None:
            if line.id in contacts.lines:
                reader.report(line_of(raw, "id"), f"{line.id}.id", f"contact line {line.id!r} is defined twice")
            contacts.lines[line.id] = line
    contacts.default_line = reader.identifier(document, "default_line", "")
    if contacts.default_line and contacts.default_line not in contacts.lines:
        reader.report(line_of(document, "default_line"), "default_line", f"no contact line {contacts.default_line!r}")
    contacts.offices = _read_offices(reader, document, sites, set(contacts.lines))
    contacts.interpretation = _read_interpretation(reader, document, contacts.lines)
    return contacts, reader.issues


def _language_texts(reader: FieldReader, mapping: LocatedDict, key: str, field: str) -> dict[str, str]:
    return reader.language_texts(mapping, key, field, languages=LANGUAGES, required=REQUIRED_ANSWER_LANGUAGES)


def _read_line(
    reader: FieldReader, raw: object, line: int, position: int, topics: dict, sites: OfficialSites
) -> ContactLine | None:
    mapping = reader.mapping(raw, line, f"lines[{position}]")
    if mapping is None:
        return None
    line_id = reader.identifier(mapping, "id", f"lines[{position}]")
    field = f"lines.{line_id or position}"
    reader.known_keys(mapping, LINE_FIELDS, field)
    name = _language_texts(reader, mapping, "name", field)
    phone = _phone(reader, mapping, "phone", field)
    alt_phones = []
    for i, alt in enumerate(mapping.get("alt_phones") or []):
        alt_map = reader.mapping(alt, line_of(mapping["alt_phones"], i), f"{field}.alt_phones[{i}]")
        if alt_map is not None:
            alt_field = f"{field}.alt_phones[{i}]"
            reader.known_keys(alt_map, ALT_PHONE_FIELDS, alt_field)
            alt_phone = _phone(reader, alt_map, "phone", alt_field)
            when = _language_texts(reader, alt_map, "when", alt_field)
            kind = reader.text(alt_map, "kind", alt_field, required=False) or "other"
            if kind not in ALT_PHONE_KINDS:
                reader.report(
                    line_of(alt_map, "kind"), f"{alt_field}.kind", f"expected one of {', '.join(ALT_PHONE_KINDS)}"
                )
            elif alt_phone is not None:
                alt_phones.append(AltPhone(alt_phone, when, kind))
    line_topics = reader.text_list(mapping, "topics", field)
    for i, topic in enumerate(line_topics):
        if topic not in topics:
            reader.report(
                line_of(mapping.get("topics"), i, line_of(mapping, "topics")),
                f"{field}.topics[{i}]",
                f"unknown topic {topic!r} (see topics.yml)",
            )
    hours = _read_hours(reader, mapping, field)
    sources = read_sources(reader, mapping, "source", field, sites)
    interpreter = reader.boolean(mapping, "interpreter", field, default=False)
    purpose = _language_texts(reader, mapping, "purpose", field) if "purpose" in mapping else {}
    if None in (line_id, phone, hours, sources) or not name:
        return None
    return ContactLine(
        line_id, name, phone, tuple(alt_phones), tuple(line_topics), interpreter, hours, sources, purpose
    )


def _phone(reader: FieldReader, mapping: LocatedDict, key: str, field: str) -> str | None:
    value = reader.text(mapping, key, field)
    if value is not None and not _PHONE.match(value):
        reader.report(
            line_of(mapping, key), f"{field}.{key}", f"{value!r} is not a Japanese phone number like 0570-05-1165"
        )
        return None
    return value


def _span(reader: FieldReader, mapping: LocatedDict, key: str, field: str) -> tuple[time, time] | None:
    value = mapping.get(key)
    match = _SPAN.match(value) if isinstance(value, str) else None
    if match:
        hh1, mm1, hh2, mm2 = map(int, match.groups())
        if hh1 < 24 and hh2 < 24 and mm1 < 60 and mm2 < 60 and (hh1, mm1) < (hh2, mm2):
            return time(hh1, mm1), time(hh2, mm2)
    reader.report(
        line_of(mapping, key), f"{field}.{key}", f'expected opening hours like "08:30-17:15" in quotes, got {value!r}'
    )
    return None


def _month_day(text: str) -> tuple[int, int] | None:
    match = _MONTH_DAY.match(text)
    if not match:
        return None
    try:
        date(2024, int(match[1]), int(match[2]))  # a leap year, so 02-29 is allowed
    except ValueError:
        return None
    return int(match[1]), int(match[2])


def _read_hours(reader: FieldReader, mapping: LocatedDict, field: str) -> OpeningHours | None:
    hours = reader.mapping(mapping.get("hours"), line_of(mapping, "hours"), f"{field}.hours")
    if hours is None:
        return None
    field = f"{field}.hours"
    errors_before = len(reader.issues)
    reader.known_keys(hours, HOURS_FIELDS, field)
    weekly_raw = reader.mapping(hours.get("weekly"), line_of(hours, "weekly"), f"{field}.weekly")
    weekly = {}
    for day in weekly_raw or {}:
        if day not in WEEKDAYS:
            reader.report(
                line_of(weekly_raw, day),
                f"{field}.weekly.{day}",
                f"unknown day {day!r}; expected one of {' '.join(WEEKDAYS)}",
            )
        else:
            weekly[WEEKDAYS.index(day)] = _span(reader, weekly_raw, day, f"{field}.weekly")
    second_saturday = _span(reader, hours, "second_saturday", field) if "second_saturday" in hours else None
    closed_dates = []
    for i, text in enumerate(reader.text_list(hours, "closed_dates", field)):
        month_day = _month_day(text)
        if month_day is None:
            reader.report(
                line_of(hours.get("closed_dates"), i, line_of(hours, "closed_dates")),
                f"{field}.closed_dates[{i}]",
                f'expected a month-day like "12-29", got {text!r}',
            )
        else:
            closed_dates.append(month_day)
    extended = reader.text(hours, "after_monday_holiday_close", field, required=False)
    extended_time = None
    if extended is not None:
        match = _TIME.match(extended)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            extended_time = time(int(match[1]), int(match[2]))
        else:
            reader.report(
                line_of(hours, "after_monday_holiday_close"),
                f"{field}.after_monday_holiday_close",
                f'expected a time like "19:00", got {extended!r}',
            )
    summary = _language_texts(reader, hours, "summary", field)
    if len(reader.issues) > errors_before:
        return None
    return OpeningHours(
        weekly=weekly,
        second_saturday=second_saturday,
        closed_on_national_holidays=reader.boolean(hours, "closed_on_national_holidays", field, default=True),
        second_saturday_open_on_holidays=reader.boolean(
            hours, "second_saturday_open_on_holidays", field, default=False
        ),
        closed_dates=tuple(closed_dates),
        after_monday_holiday_close=extended_time,
        summary=summary,
    )


def _read_offices(
    reader: FieldReader, document: LocatedDict, sites: OfficialSites, line_ids: set[str]
) -> dict[str, Office]:
    raw = document.get("offices")
    if raw is None:
        return {}
    if not isinstance(raw, LocatedList):
        reader.report(
            line_of(document, "offices"), "offices", "expected a list of offices (each starting with '- id:')"
        )
        return {}
    offices: dict[str, Office] = {}
    for position, item in enumerate(raw):
        mapping = reader.mapping(item, line_of(raw, position), f"offices[{position}]")
        if mapping is None:
            continue
        office_id = reader.identifier(mapping, "id", f"offices[{position}]")
        field = f"offices.{office_id or position}"
        reader.known_keys(mapping, OFFICE_FIELDS, field)
        name = _language_texts(reader, mapping, "name", field)
        note = _language_texts(reader, mapping, "note", field)
        directory = read_sources(reader, mapping, "directory", field, sites)
        if office_id in offices or office_id in line_ids:
            reader.report(line_of(mapping, "id"), f"{field}.id", f"{office_id!r} is already a line or office id")
        elif office_id and directory and name:
            offices[office_id] = Office(office_id, name, directory[0], note)
    return offices


def _read_interpretation(reader: FieldReader, document: LocatedDict, lines: dict) -> dict[str, object]:
    raw = document.get("interpretation")
    if raw is None:
        return {}
    mapping = reader.mapping(raw, line_of(document, "interpretation"), "interpretation")
    if mapping is None:
        return {}
    reader.known_keys(mapping, ("languages", "line", "how", "source"), "interpretation")
    languages = reader.text_list(mapping, "languages", "interpretation", required=True)
    for i, language in enumerate(languages):
        if language not in LANGUAGES or language == "ja":
            reader.report(
                line_of(mapping["languages"], i),
                f"interpretation.languages[{i}]",
                f"{language!r} is not one of the ten interpretation languages",
            )
    line = reader.identifier(mapping, "line", "interpretation")
    if line and line not in lines:
        reader.report(line_of(mapping, "line"), "interpretation.line", f"no contact line {line!r}")
    return {
        "languages": tuple(languages),
        "line": line,
        "how": _language_texts(reader, mapping, "how", "interpretation"),
        "source": reader.text(mapping, "source", "interpretation"),
    }
