"""Server-side SVG charts for the consoles: pure functions returning markup.

Every chart is an ``<svg role="img">`` with an ``aria-label``, a ``<title>`` and a
``<desc>`` listing the figures (what a screen reader reads out), drawn in a
``viewBox`` so CSS can scale it to any width. No scripts, no ``style``
attributes (the CSP forbids inline styles): only SVG presentation attributes.
All text goes through :func:`html.escape`; the result is safe to mark as such
in a template (``{{ svg | safe }}``).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["COLOURS", "bar_chart", "daily_chart", "format_number", "rate_gauge", "stacked_bar_chart"]

COLOURS = ("#1f4e8c", "#b3261e", "#0b6e4f", "#6a3d9a")
"""Series colours, each at least 4.5:1 against white (WCAG AA for text too)."""
_INK = "#1a1a1a"
_MUTED = "#595959"  # 7:1 on white
_GRID = "#d0d0d0"
_TRACK = "#e8e8e8"
_FONT = "font-family=\"system-ui, 'Hiragino Sans', 'Noto Sans JP', sans-serif\""
_WIDTH = 480
_ROW = 48
_BAR = 18
_VALUE_ROOM = 80  # right of the longest bar, for its figures
_GRIDLINES = 4
_ROUND_STEPS = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)
_NO_DATA = "No data"


def format_number(value: float) -> str:
    """``1234`` → ``1,234``; non-integers keep one decimal."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _e(text: object) -> str:
    return escape(str(text), quote=True)


def _text_width(text: str) -> float:
    """Rough rendered width at font size 14: wide (CJK) characters about 14 units, others 8.5."""
    return sum(14 if unicodedata.east_asian_width(ch) in "WF" else 8.5 for ch in text)


def _short(label: str, room: float) -> str:
    """``label`` cut with an ellipsis to fit ``room`` units."""
    if _text_width(label) <= room:
        return label
    while label and _text_width(label + "…") > room:
        label = label[:-1]
    return label + "…"


def _svg(width: int, height: int, title: str, desc: str, body: list[str], kind: str, *, label: str = "") -> str:
    """The outer element; ``label`` (default: the title) is the accessible name, ``desc`` the figures."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{_e(label or title)}" {_FONT} font-size="14" fill="{_INK}">'
        f"<title>{_e(title)}</title><desc>{_e(desc)}</desc>" + "".join(body) + "</svg>"
    )


def _empty(title: str, empty: str, kind: str) -> str:
    """A chart with nothing to draw: just ``empty`` (what to say instead)."""
    return _svg(_WIDTH, 40, title, empty, [f'<text x="0" y="26" fill="{_MUTED}">{_e(empty)}</text>'], kind)


def _legend(series: Sequence[str], width: float) -> tuple[list[str], int]:
    """Colour keys for ``series``, wrapped onto as many lines as ``width`` needs; returns them and their height."""
    parts: list[str] = []
    x, y = 0.0, 16
    for index, name in enumerate(series):
        needed = 17 + _text_width(name)
        if x and x + needed > width:
            x, y = 0.0, y + 22
        parts.append(f'<rect x="{x:.0f}" y="{y - 11}" width="12" height="12" fill="{COLOURS[index % len(COLOURS)]}"/>')
        parts.append(f'<text x="{x + 17:.0f}" y="{y}">{_e(name)}</text>')
        x += needed + 16
    return parts, y + 8


def _describe(label: str, series: Sequence[str], values: Sequence[float]) -> str:
    figures = ", ".join(f"{name} {format_number(v)}".strip() for name, v in zip(series, values, strict=True))
    return f"{label}: {figures}"


def stacked_bar_chart(
    rows: Sequence[tuple[str, Sequence[float]]], *, title: str, series: Sequence[str], empty: str = _NO_DATA
) -> str:
    """Horizontal bars under their labels, each split into the ``series`` parts laid end to end.

    Labels sit above their bars so long ones (FAQ ids, language names) stay readable at phone width.

    Args:
        rows: ``(label, values)`` with one value per series, in display order.
        title: What the chart shows (also its accessible name).
        series: Names of the parts, shown in a legend when there are several.
        empty: What the chart says when there are no rows.

    Raises:
        ValueError: If a row does not have one value per series, or a value is negative.
    """
    for label, values in rows:
        if len(values) != len(series) or any(v < 0 for v in values):
            raise ValueError(f"row {label!r} needs {len(series)} non-negative values, got {list(values)!r}")
    if not rows:
        return _empty(title, empty, "bar")
    names = series if len(series) > 1 else ("",)  # one series needs no name
    body, top = _legend(series, _WIDTH) if len(series) > 1 else ([], 0)
    largest = max(sum(values) for _, values in rows) or 1
    span = _WIDTH - _VALUE_ROOM
    for index, (label, values) in enumerate(rows):
        y = top + index * _ROW
        body.append(f'<text x="0" y="{y + 16}"><title>{_e(label)}</title>{_e(_short(label, _WIDTH))}</text>')
        x = 0.0
        for part, value in enumerate(values):
            width = span * value / largest
            if width > 0:
                name = _describe(label, names[part : part + 1], values[part : part + 1])
                colour = COLOURS[part % len(COLOURS)]
                body.append(f'<rect x="{x:.1f}" y="{y + 22}" width="{width:.1f}" height="{_BAR}" fill="{colour}">')
                body.append(f"<title>{_e(name)}</title></rect>")
            x += width
        total = " / ".join(format_number(v) for v in values)
        body.append(f'<text x="{x + 6:.1f}" y="{y + 22 + _BAR - 3}">{_e(total)}</text>')
    desc = "; ".join(_describe(label, names, values) for label, values in rows)
    return _svg(_WIDTH, top + len(rows) * _ROW, title, desc, body, "bar")


def bar_chart(values: Mapping[str, float] | Sequence[tuple[str, float]], *, title: str, empty: str = _NO_DATA) -> str:
    """Horizontal bars ``label → value`` (e.g. messages per language), in the given order; ``empty`` if none.

    Raises:
        ValueError: If a value is negative.
    """
    items = list(values.items()) if isinstance(values, Mapping) else list(values)
    return stacked_bar_chart([(label, (value,)) for label, value in items], title=title, series=("",), empty=empty)


def _nice_step(value: float) -> float:
    """The smallest round whole number (1, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10^n) at least ``value``."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    steps = (step * power for step in _ROUND_STEPS)
    return next(int(step) for step in steps if step >= value and float(step).is_integer())


@dataclass(frozen=True)
class _Plot:
    """The drawing area of the daily chart, in viewBox units."""

    left: float = 36
    top: float = 30
    width: float = _WIDTH - 36 - 18  # room for the last date label
    height: float = 180
    slots: int = 1
    ceiling: float = 1

    @property
    def slot(self) -> float:
        return self.width / self.slots

    def y(self, value: float) -> float:
        return self.top + self.height - self.height * value / self.ceiling


def _grid(plot: _Plot) -> list[str]:
    body = []
    for step in range(_GRIDLINES + 1):
        value = plot.ceiling * step / _GRIDLINES
        y = plot.y(value)
        body.append(
            f'<line x1="{plot.left}" y1="{y:.1f}" x2="{plot.left + plot.width}" y2="{y:.1f}" stroke="{_GRID}"/>'
        )
        body.append(f'<text x="{plot.left - 6}" y="{y + 5:.1f}" text-anchor="end" font-size="13">')
        body.append(f"{_e(format_number(value))}</text>")
    return body


def _columns(plot: _Plot, dates: Sequence[str], name: str, values: Sequence[float]) -> list[str]:
    body = []
    for index, (day, value) in enumerate(zip(dates, values, strict=True)):
        x, y = plot.left + (index + 0.15) * plot.slot, plot.y(value)
        size = f'width="{plot.slot * 0.7:.1f}" height="{plot.top + plot.height - y:.1f}"'
        body.append(f'<rect x="{x:.1f}" y="{y:.1f}" {size} fill="{COLOURS[0]}">')
        body.append(f"<title>{_e(f'{day} {name}: {format_number(value)}')}</title></rect>")
    return body


def _line(plot: _Plot, dates: Sequence[str], name: str, values: Sequence[float], colour: str) -> list[str]:
    points = [(plot.left + (index + 0.5) * plot.slot, plot.y(value)) for index, value in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    body = [f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>']
    for (x, y), day, value in zip(points, dates, values, strict=True):
        body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">')
        body.append(f"<title>{_e(f'{day} {name}: {format_number(value)}')}</title></circle>")
    return body


def _date_labels(plot: _Plot, dates: Sequence[str], baseline: float) -> list[str]:
    body = []
    every = max(1, math.ceil(len(dates) / 7))  # at most 7 labels, so they never overlap
    for index in range(0, len(dates), every):
        x = plot.left + (index + 0.5) * plot.slot
        body.append(
            f'<text x="{x:.1f}" y="{baseline}" text-anchor="middle" font-size="13">{_e(dates[index][5:])}</text>'
        )
    return body


def daily_chart(
    dates: Sequence[str], series: Mapping[str, Sequence[float]], *, title: str, empty: str = _NO_DATA
) -> str:
    """Columns for the first series, lines with dots for the others, one slot per date.

    Args:
        dates: ISO dates (``2026-11-30``), oldest first; the axis shows ``MM-DD``.
        series: Name → one value per date; the first is drawn as columns.
        title: What the chart shows.
        empty: What the chart says when there are no dates or no series.

    Raises:
        ValueError: If a series does not have one value per date, or a value is negative.
    """
    for name, values in series.items():
        if len(values) != len(dates) or any(v < 0 for v in values):
            raise ValueError(f"series {name!r} needs {len(dates)} non-negative values, got {list(values)!r}")
    if not dates or not series:
        return _empty(title, empty, "daily")
    names = list(series)
    largest = max(max(values) for values in series.values())
    body, legend_height = _legend(names, _WIDTH)
    plot = _Plot(top=legend_height + 10, slots=len(dates), ceiling=_GRIDLINES * _nice_step(largest / _GRIDLINES))
    body += [*_grid(plot), *_columns(plot, dates, names[0], series[names[0]])]
    for number, name in enumerate(names[1:], start=1):
        body += _line(plot, dates, name, series[name], COLOURS[number % len(COLOURS)])
    body += _date_labels(plot, dates, plot.top + plot.height + 20)
    desc = "; ".join(
        f"{day}: " + ", ".join(f"{name} {format_number(series[name][i])}" for name in names)
        for i, day in enumerate(dates)
    )
    return _svg(_WIDTH, int(plot.top + plot.height + 28), title, desc, body, "daily")


def rate_gauge(rate: float, *, title: str, show_value: bool = True) -> str:
    """A 0–100 % track filled to ``rate``, with the percentage written beside it.

    Args:
        rate: A fraction between 0 and 1 (clamped).
        title: What the rate measures.
        show_value: Write the percentage (leave it out when the page shows it in large type).
    """
    value = min(1.0, max(0.0, rate))
    percent = f"{value * 100:.1f}%"
    filled = 200 * value
    body = [f'<rect x="0" y="2" width="200" height="16" rx="4" fill="{_TRACK}"/>']
    if filled:
        body.append(f'<rect x="0" y="2" width="{filled:.1f}" height="16" rx="4" fill="{COLOURS[0]}"/>')
    if show_value:
        body.append(f'<text x="208" y="16" font-weight="bold">{_e(percent)}</text>')
    return _svg(270 if show_value else 200, 20, title, percent, body, "gauge", label=f"{title}: {percent}")
