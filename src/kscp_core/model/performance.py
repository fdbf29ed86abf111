"""Performance information: the agreed dataset, its schedule and agencies' returns (PI-1..PI-4)."""

from __future__ import annotations

from datetime import date
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId

__all__ = ["Indicator", "IndicatorId", "PerformanceReturn", "PerformanceReturnId"]

IndicatorId = NewType("IndicatorId", str)
PerformanceReturnId = NewType("PerformanceReturnId", str)


@attrs.frozen(kw_only=True)
class Indicator:
    """An indicator in the partnership's agreed dataset, with its valid range."""

    id: IndicatorId
    name: str
    minimum: float | None = None
    maximum: float | None = None


@attrs.frozen(kw_only=True)
class PerformanceReturn:
    """An agency's performance return for a period, due by the agreed schedule.

    ``values`` maps indicator ids to the values supplied; ``None`` is a value
    the agency left blank.
    """

    id: PerformanceReturnId
    agency: AgencyId
    period_end: date
    due_on: date
    received_on: date | None = None
    values: dict[str, float | None] = attrs.field(factory=dict)
