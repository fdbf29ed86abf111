"""Reports to the Business Group and beyond: quarterly reports (DI-6..DI-8), the Annual Report."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable
from datetime import date
from typing import NewType

import attrs
from dateutil.relativedelta import relativedelta

from kscp_core.model.actions import Action, ActionId, ActionState
from kscp_core.model.subgroups import SubgroupId

__all__ = [
    "AnnualReport",
    "AnnualReportId",
    "AnnualReportSection",
    "Quarter",
    "QuarterlyReport",
    "ReportId",
    "outstanding_actions",
    "parse_quarter",
    "quarter_of",
    "quarters_between",
]

ReportId = NewType("ReportId", str)
AnnualReportId = NewType("AnnualReportId", str)


class AnnualReportSection(enum.Enum):
    """The accounts the framework asks the partnership's Annual Report to give."""

    #: the impact of reviews on services and on deaths and serious harm (PRIN-10)
    REVIEW_IMPACT = "review_impact"
    #: learning and training activity, attendance by other agencies, and its impact (MAT-3)
    TRAINING_ACTIVITY = "training_activity"
    #: the effectiveness of the help given to children and families, early help included (MIN-1)
    HELP_EFFECTIVENESS = "help_effectiveness"
    #: the monitoring and evaluation of the effectiveness of training (MIN-5)
    TRAINING_EFFECTIVENESS = "training_effectiveness"
    #: the Child Death Overview Panel's annual report (LM-8)
    CHILD_DEATH_OVERVIEW = "child_death_overview"


@attrs.frozen(kw_only=True)
class AnnualReport:
    """The partnership's Annual Report for a year, and the accounts it gives.

    ``period_end`` is the last day of the year it covers; ``sections`` the
    accounts it gives (see :class:`AnnualReportSection`).
    """

    id: AnnualReportId
    period_end: date
    published_on: date | None = None
    sections: tuple[AnnualReportSection, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.published_on is not None and self.published_on < self.period_end:
            raise ValueError("published_on is before the end of the year it reports on")


@attrs.frozen(kw_only=True)
class QuarterlyReport:
    """A subgroup's quarterly report to the Business Group.

    ``period_end`` is the last day of the quarter the report covers.
    ``actions_covered`` are the outstanding actions it reports on;
    ``strong_practice`` the examples of strong practice it gives (DI-6).
    """

    id: ReportId
    subgroup: SubgroupId
    period_end: date
    submitted_on: date | None = None
    actions_covered: tuple[ActionId, ...] = ()
    strong_practice: tuple[str, ...] = ()


@attrs.frozen
class Quarter:
    """A quarter of the financial year, named by the year the financial year starts.

    With the year starting in April, ``2025Q3`` runs from 1 October to
    31 December 2025.
    """

    label: str
    start: date
    end: date


def _quarter_starting(start: date, year_start_month: int) -> Quarter:
    offset = (start.month - year_start_month) % 12
    number = offset // 3 + 1
    year = start.year if start.month >= year_start_month else start.year - 1
    return Quarter(
        label=f"{year}Q{number}", start=start, end=start + relativedelta(months=3, days=-1)
    )


def quarter_of(day: date, year_start_month: int = 4) -> Quarter:
    """The financial quarter a date falls in.

    >>> quarter_of(date(2025, 11, 14))
    Quarter(label='2025Q3', start=datetime.date(2025, 10, 1), end=datetime.date(2025, 12, 31))
    >>> quarter_of(date(2026, 2, 1)).label
    '2025Q4'
    """
    months_in = (day.month - year_start_month) % 3
    start = date(day.year, day.month, 1) - relativedelta(months=months_in)
    return _quarter_starting(start, year_start_month)


def parse_quarter(label: str, year_start_month: int = 4) -> Quarter:
    """The quarter named ``YYYYQn`` (n from 1 to 4).

    Raises:
        ValueError: the label is not a quarter.
    """
    match = re.fullmatch(r"(\d{4})Q([1-4])", label.strip())
    if not match:
        raise ValueError(f"expected a quarter written like 2025Q3, got {label!r}")
    start = date(int(match[1]), year_start_month, 1) + relativedelta(months=3 * (int(match[2]) - 1))
    return _quarter_starting(start, year_start_month)


def quarters_between(first: date, last: date, year_start_month: int = 4) -> list[Quarter]:
    """The quarters that end on or after ``first`` and on or before ``last``, in order."""
    quarters = []
    quarter = quarter_of(first, year_start_month)
    while quarter.end <= last:
        quarters.append(quarter)
        quarter = quarter_of(quarter.end + relativedelta(days=1), year_start_month)
    return quarters


def outstanding_actions(actions: Iterable[Action], subgroup: str, on: date) -> list[Action]:
    """The actions of a subgroup open and past their due date on a date (what a report covers).

    DI-7: "The areas of outstanding action ... should be a feature of a quarterly report".
    """
    return sorted(
        (
            a
            for a in actions
            if a.subgroup == subgroup
            and a.due_on is not None
            and a.due_on < on
            and a.state(on) is ActionState.OPEN
        ),
        key=lambda a: a.id,
    )
