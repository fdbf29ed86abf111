"""What the partnership asks of its agencies, and what agencies bring to it.

A :class:`Request` is one request the partnership makes of an agency, with
its due date and reply: an evaluation of its performance information (EXP-4),
a contribution to an action plan (EXP-6), an implementation update report
(EXP-7), a contribution to a review or audit (EXP-12), ad-hoc representation
(EXP-13), assurance that learning was implemented (SL-1) or evidence that the
lessons of a practice review were learnt (SPR-10). A :class:`Concern` is an
area of concern an agency brings to the partnership (EXP-8, EXP-9); a
:class:`PracticeExample` an example of good practice it shares (EXP-10,
EXP-11).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId

__all__ = [
    "Concern",
    "ConcernId",
    "PracticeExample",
    "PracticeExampleId",
    "Request",
    "RequestId",
    "RequestKind",
]

RequestId = NewType("RequestId", str)
ConcernId = NewType("ConcernId", str)
PracticeExampleId = NewType("PracticeExampleId", str)


class RequestKind(enum.Enum):
    """What the partnership asked an agency for."""

    EVALUATION = "evaluation"
    ACTION_PLAN = "action_plan"
    IMPLEMENTATION_UPDATE = "implementation_update"
    REVIEW_CONTRIBUTION = "review_contribution"
    AUDIT_CONTRIBUTION = "audit_contribution"
    REPRESENTATION = "representation"
    ASSURANCE = "assurance"
    LESSONS_EVIDENCE = "lessons_evidence"


@attrs.frozen(kw_only=True)
class Request:
    """A request the partnership made of an agency, when it was due and when it was met.

    ``about`` is the id of the review, audit or action the request concerns,
    if any.
    """

    id: RequestId
    agency: AgencyId
    kind: RequestKind
    requested_on: date
    due_on: date
    met_on: date | None = None
    about: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.due_on < self.requested_on:
            raise ValueError("due_on is before requested_on")
        if self.met_on is not None and self.met_on < self.requested_on:
            raise ValueError("met_on is before requested_on")


@attrs.frozen(kw_only=True)
class Concern:
    """An area of concern an agency brought to the partnership, and what it recommended."""

    id: ConcernId
    agency: AgencyId
    raised_on: date
    summary: str
    improvement_strategy: str | None = None


@attrs.frozen(kw_only=True)
class PracticeExample:
    """An example of good practice an agency shared with the partnership."""

    id: PracticeExampleId
    agency: AgencyId
    shared_on: date
    summary: str
