"""The analytics dashboard's figures as charts: rate gauges, daily volume, languages, feedback per FAQ."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from api.core import charts
from api.i18n import ConsoleText

__all__ = ["PERIODS", "RATES", "dashboard_charts"]

PERIODS = (1, 7, 30, 90)
"""The periods (days) the dashboard offers."""
RATES = ("answer_rate", "did_you_mean_rate", "handoff_rate", "deflection_rate")
"""Headline rates: their key in the analytics; ``console_<key>`` names them, ``console_<key>_hint`` explains them."""
_FEEDBACK_ROWS = 15


def dashboard_charts(figures: dict[str, Any], text: ConsoleText) -> dict[str, Markup]:
    """SVG charts of ``figures`` (:func:`knowledge.store.analytics.compute_analytics`), labelled in ``text``.

    Returns:
        ``rate key → gauge`` and ``daily``, ``languages``, ``feedback``; safe to put in a template.
    """
    empty = text.slash("console_no_data")
    svg = {
        rate: charts.rate_gauge(figures[rate], title=text.slash(f"console_{rate}"), show_value=False) for rate in RATES
    }
    daily = figures["daily"]
    svg["daily"] = charts.daily_chart(
        [day["date"] for day in daily],
        {
            text.slash("console_messages"): [day["messages"] for day in daily],
            text.slash("console_conversations"): [day["conversations"] for day in daily],
            text.slash("console_handoffs"): [day["handoffs"] for day in daily],
        },
        title=text.slash("console_daily_volume"),
        empty=empty,
    )
    volume = [(f"{text.language(code)} ({code})", n) for code, n in figures["volume_per_language"].items()]
    svg["languages"] = charts.bar_chart(volume, title=text.slash("console_messages_per_language"), empty=empty)
    svg["feedback"] = charts.stacked_bar_chart(
        [(row["faq_id"], (row["helpful"], row["not_helpful"])) for row in figures["feedback_per_faq"][:_FEEDBACK_ROWS]],
        title=text.slash("console_feedback_per_faq"),
        series=(text.slash("console_helpful"), text.slash("console_not_helpful")),
        empty=empty,
    )
    return {name: Markup(markup) for name, markup in svg.items()}  # noqa: S704 - charts escape every label
