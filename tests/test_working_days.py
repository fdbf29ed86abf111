"""Working days in England and Wales, from the maintained holidays package."""

from __future__ import annotations

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kscp_core.model.working_days import (
    EnglandAndWales,
    WorkingCalendar,
    add_working_days,
    working_days_between,
)

CAL = EnglandAndWales()


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2025, 12, 25), "Christmas Day"),
        (date(2025, 4, 21), "Easter Monday"),
        (date(2025, 4, 18), "Good Friday"),
        (date(2022, 1, 3), "New Year's Day (observed)"),  # substitute day
        (date(2027, 12, 28), "Boxing Day (observed)"),  # substitute day
        (date(2023, 5, 8), "Coronation of Charles III"),  # one-off
    ],
)
def test_bank_holidays_are_not_working_days(day: date, name: str) -> None:
    assert not CAL.is_working_day(day)
    assert CAL.bank_holiday(day) == name


def test_weekends_are_not_working_days_and_ordinary_weekdays_are() -> None:
    assert not CAL.is_working_day(date(2025, 11, 15))  # Saturday
    assert CAL.is_working_day(date(2025, 11, 14))  # Friday


def test_five_working_days_over_christmas() -> None:
    # Fri 19 Dec 2025: 22, 23, 24 (25, 26 bank holidays), 29, 30.
    assert add_working_days(date(2025, 12, 19), 5) == date(2025, 12, 30)


def test_fifteen_working_days_over_easter() -> None:
    # Thu 10 Apr 2025; Good Friday 18 Apr, Easter Monday 21 Apr and the
    # Early May bank holiday 5 May are skipped.
    assert add_working_days(date(2025, 4, 10), 15) == date(2025, 5, 6)


def test_england_and_wales_share_their_bank_holidays() -> None:
    england = holidays.country_holidays("GB", subdiv="ENG", years=range(2018, 2031))
    wales = holidays.country_holidays("GB", subdiv="WLS", years=range(2018, 2031))
    assert set(england) == set(wales)


@given(start=st.dates(date(2018, 1, 1), date(2030, 12, 31)), n=st.integers(0, 60))
def test_adding_n_working_days_lands_on_a_day_n_working_days_later(start: date, n: int) -> None:
    end = add_working_days(start, n)
    assert working_days_between(start, end) == n
    assert n == 0 or CAL.is_working_day(end)
    assert working_days_between(end, start) == -n


def test_a_host_can_pass_its_own_calendar() -> None:
    class EveryDay:
        def is_working_day(self, day: date) -> bool:
            return True

    assert isinstance(EveryDay(), WorkingCalendar)
    start = date(2025, 12, 24)
    assert add_working_days(start, 3, EveryDay()) == start + timedelta(days=3)
    assert working_days_between(start, date(2025, 12, 31), EveryDay()) == 7


def test_negative_working_days_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2025, 1, 1), -1)
