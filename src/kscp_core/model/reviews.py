"""Rapid reviews, case reviews of every kind, and their recommendations.

Practice reviews follow the statutory pathway (Working Together to Safeguard
Children, Children Act 2004 s.16C); local learning reviews and the other
kinds are the Partnership's own (PRIN-1..PRIN-7, SPR-1..SPR-5).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.actions import ActionId
from kscp_core.model.agencies import AgencyId
from kscp_core.model.incidents import IncidentId

__all__ = [
    "CaseReview",
    "LeadReviewer",
    "RapidReview",
    "RapidReviewId",
    "Recommendation",
    "RecommendationId",
    "ReviewDecision",
    "ReviewId",
    "ReviewType",
]

RapidReviewId = NewType("RapidReviewId", str)
ReviewId = NewType("ReviewId", str)
RecommendationId = NewType("RecommendationId", str)


class ReviewType(enum.Enum):
    """The kinds of case review, heaviest first."""

    PRACTICE_REVIEW = "practice_review"
    LOCAL_LEARNING_REVIEW = "local_learning_review"
    MULTI_AGENCY_LEARNING_REVIEW = "multi_agency_learning_review"
    SINGLE_AGENCY_REVIEW = "single_agency_review"
    DOMESTIC_HOMICIDE_REVIEW = "domestic_homicide_review"
    NO_REVIEW = "no_review"


@attrs.frozen(kw_only=True)
class ReviewDecision:
    """The decision, after a rapid review, on what review to hold and why.

    ``departure_reason`` records why the type chosen differs from the one the
    proportionality table indicates (PRIN-1: professional judgement, recorded).
    """

    decided_on: date
    review_type: ReviewType
    reasons: str | None = None
    departure_reason: str | None = None


@attrs.frozen(kw_only=True)
class RapidReview:
    """The rapid review of a notified incident.

    ``meets_statutory_criteria`` is the rapid review's view of whether the
    case meets the criteria for a local child safeguarding practice review;
    ``insight_potential`` whether it may give useful insight into how
    organisations work together even so.
    """

    id: RapidReviewId
    incident: IncidentId
    started_on: date
    completed_on: date | None = None
    meets_statutory_criteria: bool | None = None
    insight_potential: bool | None = None
    decision: ReviewDecision | None = None


@attrs.frozen(kw_only=True)
class LeadReviewer:
    """Who leads a review, and whether they are independent of it (PRIN-2)."""

    name: str
    agency: AgencyId | None = None
    involved_in_case: bool = False


@attrs.frozen(kw_only=True)
class Recommendation:
    """A recommendation of a review, the actions taken on it, and their impact."""

    id: RecommendationId
    text: str
    actions: tuple[ActionId, ...] = ()
    impact_assessed_on: date | None = None
    impact: str | None = None


@attrs.frozen(kw_only=True)
class CaseReview:
    """A case review of any kind, from decision to publication.

    ``report_sent_on`` is when the final report went to the Panel and the
    Secretary of State; ``response_on`` when the Partnership's response to the
    findings was published; ``unpublished_reason`` records exceptional
    circumstances for not publishing. ``strengths`` are the good practice and
    organisational strengths it found (REV-3); ``family_informed_on`` when the
    family was told how their involvement could happen (PRIN-9);
    ``young_people_involved`` how many young people took part in it (VC-13),
    or ``young_people_not_involved_reason`` why none appropriately could.
    """

    id: ReviewId
    type: ReviewType
    title: str
    decided_on: date
    incident: IncidentId | None = None
    lead_reviewer: LeadReviewer | None = None
    agencies_under_review: tuple[AgencyId, ...] = ()
    practitioners_invited: tuple[AgencyId, ...] = ()
    family_invited: bool = False
    family_not_invited_reason: str | None = None
    child_voice: str | None = None
    recommendations: tuple[Recommendation, ...] = ()
    completed_on: date | None = None
    report_sent_on: date | None = None
    published_on: date | None = None
    withdrawn_on: date | None = None
    unpublished_reason: str | None = None
    response_on: date | None = None
    strengths: tuple[str, ...] = ()
    family_informed_on: date | None = None
    young_people_involved: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    young_people_not_involved_reason: str | None = None
