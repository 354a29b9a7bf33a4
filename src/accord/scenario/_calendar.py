"""The calendar of the ``phasing:`` section: period 1 begins on ``start``; period t begins
``t - 1`` units later (a unit is a day, week, month, quarter or year).

Examples
--------
>>> import datetime as dt
>>> period_date(dt.date(2015, 7, 14), "month", 4)
datetime.date(2015, 10, 14)
>>> period_of(dt.date(2015, 7, 14), "month", dt.date(2016, 1, 16))
7
>>> period_of(dt.date(2022, 12, 8), "week", dt.date(2022, 12, 26))
3
>>> period_date(dt.date(2022, 12, 8), "week", 3)
datetime.date(2022, 12, 22)
"""

from __future__ import annotations

import calendar
import datetime as dt

_MONTHS = {"month": 1, "quarter": 3, "year": 12}
_DAYS = {"day": 1, "week": 7}


def period_date(start: dt.date, unit: str, period: int) -> dt.date:
    """The first day of ``period`` (1-based) in units of ``unit`` from ``start``."""
    if unit in _DAYS:
        return start + dt.timedelta(days=_DAYS[unit] * (period - 1))
    months = start.month - 1 + _MONTHS[unit] * (period - 1)
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day)


def period_of(start: dt.date, unit: str, date: dt.date) -> int:
    """The period (1-based) that contains ``date`` (dates before ``start`` are period 1)."""
    if unit in _DAYS:
        return max(1, (date - start).days // _DAYS[unit] + 1)
    months = (date.year - start.year) * 12 + date.month - start.month
    if date.day < start.day:
        months -= 1
    return max(1, months // _MONTHS[unit] + 1)
