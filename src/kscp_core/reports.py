"""Quarterly reports from each Subgroup to the Business Group (DI-6..DI-8)."""

from __future__ import annotations

from datetime import date
from typing import NewType

import attrs

from kscp_core.actions import ActionId
from kscp_core.subgroups import SubgroupId

__all__ = ["QuarterlyReport", "ReportId"]

ReportId = NewType("ReportId", str)


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
