"""Usage analytics over the store: volumes, answer / hand-off / deflection rates, unanswered questions.

Everything is counted in the database (``GROUP BY``, ``COUNT(DISTINCT …)``) over
the ``created_at`` index; only the distinct texts of not-understood messages come
back to Python, to be grouped by :mod:`knowledge.text.grouping`.

Definitions (over the period ``[now - days, now]``):

* conversation: a session with at least one event in the period;
* answer / did-you-mean rate: ``answer`` (resp. ``suggest``) events over
  ``answer + suggest + none`` events;
* hand-off rate: conversations with a ``handoff`` event over conversations;
* deflection rate: conversations with neither a hand-off nor a "not helpful" vote
  over conversations;
* daily: calendar days in Japan time (the call centre's days), every day the
  period touches, zeros included.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Date, and_, case, cast, distinct, false, func, or_, select
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.sql.elements import ColumnElement

from knowledge.store.database import events, feedback, transaction
from knowledge.text.grouping import group_texts

__all__ = ["DAY_ZONE", "MAX_UNANSWERED_TEXTS", "TOP_UNANSWERED", "compute_analytics"]

DAY_ZONE = ZoneInfo("Asia/Tokyo")
"""Daily buckets follow the call centre's calendar."""
TOP_UNANSWERED = 20
MAX_UNANSWERED_TEXTS = 5000
"""Most frequent distinct not-understood texts that are grouped (bounds the work on huge stores)."""
_EXAMPLES = 3
DayCounts = tuple[int, int, int]  # conversations, messages and hand-offs of one day
_RATED_KINDS = ("answer", "suggest", "none")
_COUNTED_KINDS = ("message", *_RATED_KINDS)


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _day_column(connection: Connection, zone: tzinfo, now: datetime) -> ColumnElement | None:
    """``created_at`` as a local calendar date in SQL, or None if the dialect is not supported."""
    dialect = connection.dialect.name
    if dialect == "sqlite":  # stored as UTC wall time; Japan has no daylight saving time
        offset = now.astimezone(zone).utcoffset() or timedelta(0)
        return func.date(events.c.created_at, f"{int(offset.total_seconds() // 60):+d} minutes")
    if dialect == "postgresql" and isinstance(zone, ZoneInfo):
        return cast(func.timezone(str(zone), events.c.created_at), Date)
    return None


def _totals(connection: Connection, window: ColumnElement) -> tuple[int, int, dict[str, int]]:
    """Conversations, conversations with a hand-off, and events per kind, in one pass over the period."""
    handoff_session = case((events.c.kind == "handoff", events.c.session_id))
    per_kind = [func.sum(case((events.c.kind == kind, 1), else_=0)) for kind in _COUNTED_KINDS]
    query = select(func.count(distinct(events.c.session_id)), func.count(distinct(handoff_session)), *per_kind)
    conversations, handed_off, *counts = connection.execute(query.where(window)).one()
    return int(conversations), int(handed_off), {k: int(n or 0) for k, n in zip(_COUNTED_KINDS, counts, strict=True)}


def _sessions(connection: Connection, condition: ColumnElement) -> int:
    query = select(func.count(distinct(events.c.session_id))).where(condition)
    return int(connection.execute(query).scalar_one())


def _not_deflected(connection: Connection, window: ColumnElement, start: datetime, end: datetime) -> int:
    unhappy = select(feedback.c.session_id).where(
        feedback.c.created_at >= start, feedback.c.created_at <= end, feedback.c.helpful == false()
    )
    return _sessions(connection, and_(window, or_(events.c.kind == "handoff", events.c.session_id.in_(unhappy))))


def _feedback_per_faq(connection: Connection, start: datetime, end: datetime) -> list[dict[str, Any]]:
    helpful = func.sum(case((feedback.c.helpful, 1), else_=0))
    query = (
        select(feedback.c.faq_id, helpful, func.count())
        .where(feedback.c.created_at >= start, feedback.c.created_at <= end)
        .group_by(feedback.c.faq_id)
    )
    rows = [
        {"faq_id": faq_id, "helpful": int(yes), "not_helpful": int(total - yes)}
        for faq_id, yes, total in connection.execute(query)
    ]
    return sorted(rows, key=lambda r: (-r["not_helpful"], -(r["helpful"] + r["not_helpful"]), r["faq_id"]))


def _volume_per_language(connection: Connection, window: ColumnElement) -> dict[str, int]:
    query = (
        select(events.c.language, func.count()).where(window, events.c.kind == "message").group_by(events.c.language)
    )
    counts = sorted(connection.execute(query), key=lambda row: (-row[1], row[0]))
    return {language: int(count) for language, count in counts}


def _top_unanswered(connection: Connection, window: ColumnElement) -> list[dict[str, Any]]:
    count = func.count().label("n")
    query = (
        select(events.c.text, events.c.language, count)
        .where(window, events.c.kind == "none", events.c.text.is_not(None), events.c.text != "")
        .group_by(events.c.text, events.c.language)
        .order_by(count.desc(), events.c.text, events.c.language)
        .limit(MAX_UNANSWERED_TEXTS)
    )
    languages: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for text, language, n in connection.execute(query):
        languages[text][language] += n
    groups = group_texts((text, sum(per.values())) for text, per in languages.items())
    top = []
    for group in groups[:TOP_UNANSWERED]:
        merged: dict[str, int] = defaultdict(int)
        for text, _ in group.members:
            for language, n in languages[text].items():
                merged[language] += n
        top.append(
            {
                "text": group.representative,
                "count": group.count,
                "languages": dict(sorted(merged.items(), key=lambda item: (-item[1], item[0]))),
                "examples": [text for text, _ in group.members[:_EXAMPLES]],
            }
        )
    return top


def _local_date(value: Any, zone: tzinfo) -> date:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return _utc(value).astimezone(zone).date()
    return value


def _daily_in_sql(
    connection: Connection, window: ColumnElement, bucket: ColumnElement, zone: tzinfo
) -> dict[date, DayCounts]:
    messages = func.sum(case((events.c.kind == "message", 1), else_=0))
    handoffs = func.sum(case((events.c.kind == "handoff", 1), else_=0))
    sessions = func.count(distinct(events.c.session_id))
    query = select(bucket, sessions, messages, handoffs).where(window).group_by(bucket)
    return {
        _local_date(value, zone): (int(n_sessions), int(n_messages or 0), int(n_handoffs or 0))
        for value, n_sessions, n_messages, n_handoffs in connection.execute(query)
    }


def _daily_in_python(connection: Connection, window: ColumnElement, zone: tzinfo) -> dict[date, DayCounts]:
    sessions: dict[date, set[str]] = defaultdict(set)
    counts: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    query = select(events.c.created_at, events.c.session_id, events.c.kind).where(window)
    for created, session, kind in connection.execute(query):
        local = _local_date(created, zone)
        sessions[local].add(session)
        counts[local][0] += kind == "message"
        counts[local][1] += kind == "handoff"
    return {local: (len(sessions[local]), counts[local][0], counts[local][1]) for local in sessions}


def _daily(
    connection: Connection, window: ColumnElement, start: datetime, end: datetime, zone: tzinfo
) -> list[dict[str, Any]]:
    bucket = _day_column(connection, zone, end)
    if bucket is not None:
        found = _daily_in_sql(connection, window, bucket, zone)
    else:  # other databases: bucket in Python
        found = _daily_in_python(connection, window, zone)
    first, last = start.astimezone(zone).date(), end.astimezone(zone).date()
    rows = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        conversations, messages, handoffs = found.get(day, (0, 0, 0))
        rows.append(
            {"date": day.isoformat(), "conversations": conversations, "messages": messages, "handoffs": handoffs}
        )
    return rows


def compute_analytics(engine: Engine, *, days: int, now: datetime, day_zone: tzinfo = DAY_ZONE) -> dict[str, Any]:
    """Usage figures for the last ``days`` days, ready to serve as JSON.

    Args:
        engine: The store.
        days: Length of the period (at least 1).
        now: End of the period (naive times are taken as UTC).
        day_zone: Time zone of the ``daily`` calendar days.

    Returns:
        ``period``, ``conversations``, ``messages``, ``answer_rate``, ``did_you_mean_rate``,
        ``handoff_rate``, ``deflection_rate`` (rates rounded to 4 decimals), ``feedback_per_faq``,
        ``top_unanswered``, ``volume_per_language`` and ``daily`` (see the module docstring).

    Raises:
        ValueError: If ``days`` is less than 1.
        DatabaseError: If the store cannot be read.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1, got {days!r}")
    end = _utc(now)
    start = end - timedelta(days=days)
    window = and_(events.c.created_at >= start, events.c.created_at <= end)

    def work(connection: Connection) -> dict[str, Any]:
        conversations, handed_off, kinds = _totals(connection, window)
        rated = sum(kinds.get(kind, 0) for kind in _RATED_KINDS)
        return {
            "period": {"from": start.isoformat(), "to": end.isoformat(), "days": days},
            "conversations": conversations,
            "messages": kinds.get("message", 0),
            "answer_rate": _rate(kinds.get("answer", 0), rated),
            "did_you_mean_rate": _rate(kinds.get("suggest", 0), rated),
            "handoff_rate": _rate(handed_off, conversations),
            "deflection_rate": _rate(conversations - _not_deflected(connection, window, start, end), conversations),
            "feedback_per_faq": _feedback_per_faq(connection, start, end),
            "top_unanswered": _top_unanswered(connection, window),
            "volume_per_language": _volume_per_language(connection, window),
            "daily": _daily(connection, window, start, end, day_zone),
        }

    return transaction(engine, work)
