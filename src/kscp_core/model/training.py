"""Training: the strategy, multi-agency courses and agencies' workforce returns.

(SA-1, SA-2, SA-4, MAT-1..MAT-3, MAA-6.)
"""

from __future__ import annotations

from datetime import date
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId

__all__ = [
    "Course",
    "CourseId",
    "TrainingStrategy",
    "WorkforceReturn",
    "WorkforceReturnId",
]

CourseId = NewType("CourseId", str)
WorkforceReturnId = NewType("WorkforceReturnId", str)


@attrs.frozen(kw_only=True)
class TrainingStrategy:
    """The training strategy that complements the framework, and when it was updated (MAT-2)."""

    title: str
    updated_on: tuple[date, ...] = ()


@attrs.frozen(kw_only=True)
class Course:
    """A training course or briefing, its feedback, and the lessons it carries.

    ``lessons_from`` are the ids of the reviews and audits whose lessons the
    course takes into training (MAA-6).
    """

    id: CourseId
    title: str
    multi_agency: bool
    delivered_on: date | None = None
    participants: int = 0
    feedback_responses: int = 0
    lessons_from: tuple[str, ...] = ()


def _at_most_staff(instance: WorkforceReturn, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 0 or value > instance.staff:
        raise ValueError(f"must be between 0 and the number of staff ({instance.staff})")


@attrs.frozen(kw_only=True)
class WorkforceReturn:
    """An agency's return on its staff's safeguarding training (SA-1, SA-2, SA-4).

    ``refreshed`` counts staff with a refresher within the partnership's
    refresh window.
    """

    id: WorkforceReturnId
    agency: AgencyId
    period_end: date
    staff: int = attrs.field(validator=attrs.validators.ge(0))
    basic_trained: int = attrs.field(validator=[attrs.validators.ge(0), _at_most_staff])
    refreshed: int = attrs.field(validator=[attrs.validators.ge(0), _at_most_staff])
    received_on: date | None = None
