"""Shapes of ordinary numbers: dates, year ranges, amounts with thousands separators, decimals.

A candidate number is given as its digit groups and the separators between them,
as written (``("2026", "4", "1")`` and ``("/", "/")``). Years are 1900-2099,
months 1-12, days 1-31; amounts with ``,`` or ``.`` thousands separators count
up to 9 digits (below a billion yen), so a 10- or 12-digit personal number written
``7,318,402,957`` is still masked.
"""

from __future__ import annotations

__all__ = ["DASHES", "is_date", "is_ordinary_shape", "normal_separator"]

Groups = tuple[str, ...]

DASHES = "-‐‒–—―−ー─━⁃˗"
"""Every dash a number may be written with (after NFKC: ``－`` is ``-`` and ``ｰ`` is ``ー``)."""


def normal_separator(sep: str) -> str:
    """A separator without its spaces, every dash as ``-``."""
    bare = sep.strip(" ")
    return "-" if bare and all(char in DASHES for char in bare) else bare


def _year(group: str) -> bool:
    return len(group) == 4 and 1900 <= int(group) <= 2099


def _month(group: str) -> bool:
    return len(group) <= 2 and 1 <= int(group) <= 12


def _day(group: str) -> bool:
    return len(group) <= 2 and 1 <= int(group) <= 31


def is_date(groups: Groups, seps: Groups, *, short: bool) -> bool:
    """Whether the groups are a date: year-month-day, day/month/year, month/day/year or year-month, one separator.

    Args:
        groups: The digit groups.
        seps: The separators between them.
        short: Also accept a 1- or 2-digit year (``26/4/1``, an era year ``8.4.1``) and month-day (``12/31``).
    """
    kinds = {normal_separator(sep) for sep in seps}
    if len(groups) not in (2, 3) or len(kinds) != 1 or kinds.pop() not in ("-", "/", "."):
        return False
    first, second, last = groups[0], groups[1], groups[-1]
    month_day = (_month(first) and _day(second)) or (_day(first) and _month(second))
    if len(groups) == 3:
        year_first = _year(first) or (short and len(first) <= 2)
        return (year_first and _month(second) and _day(last)) or (_year(last) and month_day)
    return (_year(first) and _month(second)) or (_month(first) and _year(second)) or (short and month_day)


def _is_thousands(groups: Groups, seps: Groups, mark: str, decimal: str) -> bool:
    if len(seps) >= 2 and seps[-1] == decimal and len(groups[-1]) <= 2:
        groups, seps = groups[:-1], seps[:-1]
    head = groups[0]
    return (
        bool(seps)
        and all(sep == mark for sep in seps)
        and len(head) <= 3
        and head[0] != "0"
        and all(len(group) == 3 for group in groups[1:])
    )


def is_ordinary_shape(groups: Groups, seps: Groups, *, decimals: bool = True) -> bool:
    """Whether the groups are ordinary wherever they stand.

    Dates with a 4-digit year (``2026-04-01``, ``01/04/2026``), year ranges (``2020-2026``,
    ``2026-27``), amounts (``17,920``, ``1.000.000``, ``16,590.50``) and, unless
    ``decimals`` is false, decimals of at most 3 + 3 digits (``0.7``, ``16,5``).
    """
    if not seps:
        return False
    if is_date(groups, seps, short=False):
        return True
    year_range = len(groups) == 2 and normal_separator(seps[0]) in ("-", "/", "・") and _year(groups[0])
    if year_range and (_year(groups[1]) or len(groups[1]) == 2):
        return True
    if sum(map(len, groups)) <= 9 and (_is_thousands(groups, seps, ",", ".") or _is_thousands(groups, seps, ".", ",")):
        return True
    return decimals and len(groups) == 2 and seps[0] in (".", ",") and len(groups[0]) <= 3 and len(groups[1]) <= 3
