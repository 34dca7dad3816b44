from datetime import date, datetime, time, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from knowledge.contact.hours import hours_on, is_second_saturday, line_status
from knowledge.content.contacts_loader import load_contacts, load_topics
from knowledge.content.sources_loader import load_official_sites

KNOWLEDGE = Path(__file__).resolve().parents[3] / "knowledge"
JST = ZoneInfo("Asia/Tokyo")


@pytest.fixture(scope="module")
def dial():
    topics, _ = load_topics(KNOWLEDGE / "topics.yml")
    contacts, issues = load_contacts(
        KNOWLEDGE / "contacts.yml", topics, load_official_sites(KNOWLEDGE / "official_sites.yml")[0]
    )
    assert issues == []
    return contacts.lines["nenkin_dial"].hours


def at(*args):
    return datetime(*args, tzinfo=JST)


@pytest.mark.parametrize(
    ("moment", "open_now", "closes", "next_open"),
    [
        (at(2026, 11, 30, 10, 0), True, at(2026, 11, 30, 19, 0), None),  # Monday: until 19:00
        (at(2026, 11, 30, 18, 59), True, at(2026, 11, 30, 19, 0), None),
        (at(2026, 12, 1, 17, 15), False, None, at(2026, 12, 2, 8, 30)),  # Tuesday closes 17:15 sharp
        (at(2026, 12, 1, 7, 0), False, None, at(2026, 12, 1, 8, 30)),  # before opening
        (at(2026, 12, 4, 18, 0), False, None, at(2026, 12, 7, 8, 30)),  # Friday evening → Monday
        (at(2026, 12, 5, 10, 0), False, None, at(2026, 12, 7, 8, 30)),  # 1st Saturday closed
        (at(2026, 12, 12, 10, 0), True, at(2026, 12, 12, 16, 0), None),  # 2nd Saturday 9:30–16:00
        (at(2026, 12, 13, 12, 0), False, None, at(2026, 12, 14, 8, 30)),  # Sunday
        (at(2026, 12, 28, 18, 0), True, at(2026, 12, 28, 19, 0), None),  # last Monday of the year
        (at(2026, 12, 29, 10, 0), False, None, at(2027, 1, 4, 8, 30)),  # year-end closure 29 Dec–3 Jan
        (at(2026, 1, 12, 10, 0), False, None, at(2026, 1, 13, 8, 30)),  # Coming of Age Day (Monday holiday)
        (at(2026, 1, 13, 18, 30), True, at(2026, 1, 13, 19, 0), None),  # …so Tuesday runs to 19:00
        (at(2026, 5, 5, 10, 0), False, None, at(2026, 5, 7, 8, 30)),  # Golden Week
        (at(2026, 5, 7, 18, 0), True, at(2026, 5, 7, 19, 0), None),  # first open day after Monday holiday
        (at(2026, 11, 3, 10, 0), False, None, at(2026, 11, 4, 8, 30)),  # Culture Day (Tuesday holiday)
        (at(2026, 11, 4, 18, 0), False, None, at(2026, 11, 5, 8, 30)),  # not after a Monday: 17:15
    ],
)
def test_status_of_nenkin_dial(dial, moment, open_now, closes, next_open):
    status = line_status(dial, moment)
    assert (status.open_now, status.closes_at, status.next_open) == (open_now, closes, next_open)


def test_naive_times_are_japan_time_and_aware_times_are_converted(dial):
    assert line_status(dial, datetime(2026, 11, 30, 10, 0)).open_now
    utc = datetime(2026, 11, 30, 1, 0, tzinfo=timezone.utc)  # 10:00 in Tokyo
    status = line_status(dial, utc)
    assert status.open_now and status.closes_at.tzinfo is not None and status.closes_at.hour == 19


def test_holiday_on_second_saturday_stays_open(dial):
    second_saturday = date(2026, 12, 12)
    assert hours_on(dial, second_saturday, is_holiday=lambda d: d == second_saturday) == (time(9, 30), time(16, 0))


def test_holiday_on_a_weekday_closes(dial):
    assert hours_on(dial, date(2026, 12, 2), is_holiday=lambda d: d == date(2026, 12, 2)) is None


def test_second_saturday():
    assert [d for d in range(1, 32) if is_second_saturday(date(2026, 8, d))] == [8]
    assert not is_second_saturday(date(2026, 8, 15))


def test_never_open_line_has_no_next_opening(dial):
    from dataclasses import replace

    closed = replace(dial, weekly={}, second_saturday=None)
    assert line_status(closed, at(2026, 12, 1, 10, 0)).next_open is None
