"""Training: the strategy, courses, learning needs, feedback reviews and workforce returns.

(SA-1..SA-14, MAT-1..MAT-9, MAA-6.)
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Any, NewType

import attrs

from kscp_core.model.agencies import AgencyId

__all__ = [
    "Course",
    "CourseId",
    "FeedbackReview",
    "FeedbackReviewId",
    "NeedSource",
    "TrainingNeed",
    "TrainingNeedId",
    "TrainingStrategy",
    "WorkforceReturn",
    "WorkforceReturnId",
]

CourseId = NewType("CourseId", str)
WorkforceReturnId = NewType("WorkforceReturnId", str)
TrainingNeedId = NewType("TrainingNeedId", str)
FeedbackReviewId = NewType("FeedbackReviewId", str)


@attrs.frozen(kw_only=True)
class TrainingStrategy:
    """The training strategy that complements the framework, and when it was updated (MAT-2)."""

    title: str
    updated_on: tuple[date, ...] = ()


@attrs.frozen(kw_only=True)
class Course:
    """A training course or briefing, its feedback, and the lessons it carries.

    ``lessons_from`` are the ids of the reviews and audits whose lessons the
    course takes into training (MAA-6). ``agencies_attending`` are the
    agencies whose staff attended it (SA-13), ``trainers_from`` the agencies
    that released staff to help deliver it (SA-12), and
    ``impact_evaluated_on`` when its effect on participants' knowledge and
    skills was evaluated (MAT-9).
    """

    id: CourseId
    title: str
    multi_agency: bool
    delivered_on: date | None = None
    participants: int = 0
    feedback_responses: int = 0
    lessons_from: tuple[str, ...] = ()
    agencies_attending: tuple[AgencyId, ...] = ()
    trainers_from: tuple[AgencyId, ...] = ()
    impact_evaluated_on: date | None = None


class NeedSource(enum.Enum):
    """Where a learning need came from (MAT-4: "a variety of sources")."""

    AUDIT = "audit"
    REVIEW = "review"
    CHILD_DEATH = "child_death"
    AGENCY = "agency"
    FEEDBACK = "feedback"
    SUBGROUP = "subgroup"
    POLICY = "policy"


@attrs.frozen(kw_only=True)
class TrainingNeed:
    """A learning need the L&D Subgroup gathered, and the courses planned to meet it (MAT-4)."""

    id: TrainingNeedId
    source: NeedSource
    identified_on: date
    summary: str
    planned_in: tuple[CourseId, ...] = ()
    planned_on: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.planned_on is not None and self.planned_on < self.identified_on:
            raise ValueError("planned_on is before identified_on")


@attrs.frozen(kw_only=True)
class FeedbackReview:
    """The L&D Subgroup's review of participant feedback on courses, and what it changed.

    ``changes`` are the changes to future training delivery or the strategy
    the review decided (MAT-5).
    """

    id: FeedbackReviewId
    reviewed_on: date
    courses: tuple[CourseId, ...]
    changes: tuple[str, ...] = ()


def _at_most_staff(instance: WorkforceReturn, attribute: Any, value: int | None) -> None:
    if value is not None and (value < 0 or value > instance.staff):
        raise ValueError(
            f"{attribute.name} must be between 0 and the number of staff ({instance.staff})"
        )


@attrs.frozen(kw_only=True)
class WorkforceReturn:
    """An agency's return on its staff's safeguarding training (SA-1, SA-2, SA-4).

    ``refreshed`` counts staff with a refresher within the partnership's
    refresh window. The other counts are of staff safely recruited and
    qualified (SA-6), in regular safeguarding supervision (SA-7), assessed as
    competent in their safeguarding role (SA-8), given the mandatory induction
    including the procedures to follow when concerned about a child (SA-10),
    and with a review of their own practice in the year (SA-11); a count left
    out was not reported.
    """

    id: WorkforceReturnId
    agency: AgencyId
    period_end: date
    staff: int = attrs.field(validator=attrs.validators.ge(0))
    basic_trained: int = attrs.field(validator=[attrs.validators.ge(0), _at_most_staff])
    refreshed: int = attrs.field(validator=[attrs.validators.ge(0), _at_most_staff])
    received_on: date | None = None
    safely_recruited: int | None = attrs.field(default=None, validator=_at_most_staff)
    supervised: int | None = attrs.field(default=None, validator=_at_most_staff)
    competence_assessed: int | None = attrs.field(default=None, validator=_at_most_staff)
    inducted: int | None = attrs.field(default=None, validator=_at_most_staff)
    practice_reviewed: int | None = attrs.field(default=None, validator=_at_most_staff)
