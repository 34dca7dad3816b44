"""Is a phone line open now, and when does it next open? Pure calendar logic.

The rules come from ``contacts.yml`` (:class:`~knowledge.content.schema.OpeningHours`):
weekly hours, the second Saturday of the month, national holidays (a holiday
on the second Saturday may stay open), fixed closed dates such as 29 Dec–3 Jan,
and a later closing time on the first open day after a Monday holiday.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from knowledge.content.schema import OpeningHours

__all__ = ["LineStatus", "hours_on", "is_second_saturday", "line_status"]

HolidayCalendar = Callable[[date], bool]
_SEARCH_DAYS = 31  # the longest closure (year end plus holidays) is far shorter


def _japanese_holiday(day: date) -> bool:
    import jpholiday

    return bool(jpholiday.is_holiday(day))


@dataclass(frozen=True)
class LineStatus:
    """Where a line stands at a moment.

    Attributes:
        open_now: Whether calls are answered right now.
        closes_at: Today's closing time when open now.
        next_open: The next opening moment when closed now (None if none within a month).
    """

    open_now: bool
    closes_at: datetime | None
    next_open: datetime | None


def is_second_saturday(day: date) -> bool:
    """True for the second Saturday of its month."""
    return day.weekday() == 5 and 8 <= day.day <= 14


def _closed_all_day(hours: OpeningHours, day: date, is_holiday: HolidayCalendar) -> bool:
    if (day.month, day.day) in hours.closed_dates:
        return True
    if hours.closed_on_national_holidays and is_holiday(day):
        return not (hours.second_saturday_open_on_holidays and is_second_saturday(day))
    return False


def _regular_span(hours: OpeningHours, day: date) -> tuple[time, time] | None:
    if day.weekday() == 5 and is_second_saturday(day) and hours.second_saturday:
        return hours.second_saturday
    return hours.weekly.get(day.weekday())


def hours_on(
    hours: OpeningHours, day: date, is_holiday: HolidayCalendar = _japanese_holiday
) -> tuple[time, time] | None:
    """Opening and closing time on ``day``, or None when closed all day.

    Args:
        hours: The line's rules.
        day: A calendar day in the line's time zone.
        is_holiday: National-holiday calendar (default: Japanese holidays from jpholiday).
    """
    if _closed_all_day(hours, day, is_holiday):
        return None
    span = _regular_span(hours, day)
    if span is None:
        return None
    extended = hours.after_monday_holiday_close
    if extended is not None and extended > span[1] and _first_open_day_after_monday_holiday(hours, day, is_holiday):
        return span[0], extended
    return span


def _first_open_day_after_monday_holiday(hours: OpeningHours, day: date, is_holiday: HolidayCalendar) -> bool:
    """True when the last weekday Monday before ``day`` was a closed holiday and nothing opened since."""
    for back in range(1, 7):
        earlier = day - timedelta(days=back)
        if earlier.weekday() == 0:
            return is_holiday(earlier) and _closed_all_day(hours, earlier, is_holiday)
        if not _closed_all_day(hours, earlier, is_holiday) and _regular_span(hours, earlier) is not None:
            return False
    return False


def line_status(
    hours: OpeningHours, now: datetime, timezone: str = "Asia/Tokyo", is_holiday: HolidayCalendar = _japanese_holiday
) -> LineStatus:
    """Whether the line is open at ``now`` and, if not, when it next opens.

    Args:
        hours: The line's rules.
        now: An aware datetime (naive values are taken as being in ``timezone``).
        timezone: The line's time zone.
        is_holiday: National-holiday calendar.

    Returns:
        The status, with times in ``timezone``.
    """
    zone = ZoneInfo(timezone)
    local = now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone)
    today = hours_on(hours, local.date(), is_holiday)
    if today is not None:
        opens, closes = (datetime.combine(local.date(), t, zone) for t in today)
        if opens <= local < closes:
            return LineStatus(True, closes, None)
        if local < opens:
            return LineStatus(False, None, opens)
    for ahead in range(1, _SEARCH_DAYS + 1):
        day = local.date() + timedelta(days=ahead)
        span = hours_on(hours, day, is_holiday)
        if span is not None:
            return LineStatus(False, None, datetime.combine(day, span[0], zone))
    return LineStatus(False, None, None)
