"""Japan's fiscal year (April–March), and the fiscal years a text names.

Recognised: "FY2025", "2025年度", "令和7年度", "R7年度", "平成30年度".
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["fiscal_year_of", "fiscal_years_named"]

_REIWA_START = 2018
"""令和 n 年度 is fiscal year 2018 + n (令和元年度 = FY2019)."""
_HEISEI_START = 1988
"""平成 n 年度 is fiscal year 1988 + n (平成30年度 = FY2018)."""
_NAMED = re.compile(
    r"(?<![A-Za-z])FY\s?(?P<fy>\d{4})(?!\d)|(?<!\d)(?P<western>\d{4})\s?年度"
    r"|令和\s?(?P<reiwa>\d{1,2}|元)\s?年度|(?<![A-Za-z])R(?P<r>\d{1,2})年度|平成\s?(?P<heisei>\d{1,2}|元)\s?年度"
)


def fiscal_year_of(day: date) -> int:
    """The fiscal year ``day`` falls in, by the calendar year it starts in (2027-03-31 → 2026)."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_years_named(text: str) -> list[int]:
    """Every fiscal year ``text`` names, in order (``"令和7年度と FY2026"`` → ``[2025, 2026]``)."""
    years = []
    for match in _NAMED.finditer(text):
        if match["fy"] or match["western"]:
            years.append(int(match["fy"] or match["western"]))
        elif match["heisei"]:
            years.append(_HEISEI_START + (1 if match["heisei"] == "元" else int(match["heisei"])))
        else:
            number = match["reiwa"] or match["r"]
            years.append(_REIWA_START + (1 if number == "元" else int(number)))
    return years
