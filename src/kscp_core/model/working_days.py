"""How the framework counts time: working days in England and Wales.

Statutory timescales are in working days: Monday to Friday, not a bank
holiday in England and Wales. Bank holidays come from the maintained
``holidays`` package (substitute days and one-off holidays included), never
from a hand-kept list. A host can pass its own :class:`WorkingCalendar`.

Meeting cycles, the framework's other unit of time, are counted in
:mod:`kscp_core.model.meetings`.
"""

from __future__ import annotations

import functools
import importlib
from datetime import date, timedelta
from typing import Protocol, runtime_checkable

__all__ = [
    "EARLIEST_DATE",
    "LATEST_DATE",
    "EnglandAndWales",
    "WorkingCalendar",
    "add_working_days",
    "working_days_between",
]

#: The first and last dates kscp_core works with. A record dated outside them,
#: or an evaluation as of such a date, is refused. A local choice, wide enough
#: for anything a partnership records and far enough from the ends of Python's
#: calendar that adding years or working days to a date never runs off it.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2199, 12, 31)


@runtime_checkable
class WorkingCalendar(Protocol):
    """Anything that can say whether a date is a working day."""

    def is_working_day(self, day: date) -> bool:
        """Whether work is done on this date."""
        ...


class EnglandAndWales:
    """Working days in England and Wales: weekdays that are not bank holidays.

    >>> cal = EnglandAndWales()
    >>> cal.is_working_day(date(2025, 12, 25)), cal.is_working_day(date(2025, 12, 24))
    (False, True)
    """

    def __init__(self) -> None:
        # England's list is the England and Wales list: the two have the same bank holidays.
        # The package is imported here, not with the model: it costs a third of an import.
        holidays = importlib.import_module("holidays")
        self._holidays = holidays.country_holidays("GB", subdiv="ENG")

    def is_working_day(self, day: date) -> bool:
        """Whether a date is a weekday and not a bank holiday in England and Wales."""
        return day.weekday() < 5 and day not in self._holidays

    def bank_holiday(self, day: date) -> str | None:
        """The name of the bank holiday on a date, if it is one."""
        name = self._holidays.get(day)
        return str(name) if name is not None else None


@functools.cache
def _default() -> EnglandAndWales:
    """England and Wales, built on first use (reading the holiday tables takes a while)."""
    return EnglandAndWales()


def add_working_days(start: date, days: int, calendar: WorkingCalendar | None = None) -> date:
    """The N-th working day after a date ("within N working days of d").

    >>> add_working_days(date(2025, 12, 19), 5)  # over Christmas and Boxing Day
    datetime.date(2025, 12, 30)
    """
    if days < 0:
        raise ValueError("the number of working days cannot be negative")
    cal = calendar or _default()
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            counted += 1
    return day


def working_days_between(start: date, end: date, calendar: WorkingCalendar | None = None) -> int:
    """How many working days fall after ``start`` and on or before ``end``.

    Negative when ``end`` is before ``start``.

    >>> working_days_between(date(2025, 4, 17), date(2025, 4, 22))  # Good Friday, Easter Monday
    1
    """
    if end < start:
        return -working_days_between(end, start, calendar)
    cal = calendar or _default()
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            count += 1
    return count
