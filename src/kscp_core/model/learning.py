"""Learning activity by method, the partnership's priorities, and how learning is shared.

Table Two of the framework names, for each method of learning and
improvement, the evidence of learning it gives and the subgroup that leads it
(LM-1..LM-20). A :class:`LearningActivity` is one activity an officer logs
under a method: who led it, what evidence of learning it left, and which of
the partnership's priorities it served (OBJ-10). A :class:`Dissemination` is
one occasion on which learning went out: a web page, a newsletter item, a
training session, a report to the Partnership or another subgroup, feedback
to an agency (MAA-8..MAA-11, REV-5, SL-3, COMM-5).
"""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId
from kscp_core.model.subgroups import SubgroupId

__all__ = [
    "Dissemination",
    "DisseminationId",
    "Evidence",
    "LearningActivity",
    "LearningActivityId",
    "LearningMethod",
    "Priority",
    "PriorityId",
    "ShareChannel",
]

LearningActivityId = NewType("LearningActivityId", str)
PriorityId = NewType("PriorityId", str)
DisseminationId = NewType("DisseminationId", str)


class LearningMethod(enum.Enum):
    """The methods of learning and improvement of Table Two."""

    CHALLENGE = "challenge"
    SERIOUS_PRACTICE_REVIEW = "serious_practice_review"
    MULTI_AGENCY_LEARNING_REVIEW = "multi_agency_learning_review"
    CHILD_DEATH_REVIEW = "child_death_review"
    QUALITY_ASSURANCE = "quality_assurance"
    COURSE = "course"
    VIRTUAL_TRAINING = "virtual_training"
    SINGLE_AGENCY_TRAINING_AUDIT = "single_agency_training_audit"
    GUIDANCE_POLICY_RESEARCH = "guidance_policy_research"
    CHILDREN_AND_FAMILIES = "children_and_families"


class Evidence(enum.Enum):
    """The evidence of learning Table Two names, across its methods."""

    # effective challenge processes (LM-1)
    ACTIONS_FOLLOWED_THROUGH = "actions_followed_through"
    QUARTERLY_REPORT = "quarterly_report"
    # serious practice reviews (LM-3)
    WEBSITE = "website"
    NEWSLETTER = "newsletter"
    AGENCY_ACTION_PLAN = "agency_action_plan"
    TRAINING = "training"
    BRIEFING = "briefing"
    POLICY_UPDATE = "policy_update"
    PRACTICE_REVIEW = "practice_review"
    SUPERVISION = "supervision"
    STAFF_SURVEY = "staff_survey"
    QUALITY_ASSURANCE = "quality_assurance"
    # multi-agency learning reviews (LM-5)
    SUBGROUP_CASCADE = "subgroup_cascade"
    PARTNERSHIP_REPORT = "partnership_report"
    PROTOCOL_CHANGE = "protocol_change"
    # child death reviews (LM-7)
    THEMES_AND_TRENDS = "themes_and_trends"
    MODIFIABLE_FACTORS = "modifiable_factors"
    INFORMATION_CAMPAIGN = "information_campaign"
    # quality assurance and performance management (LM-9)
    STAKEHOLDER_VIEWS = "stakeholder_views"
    PERFORMANCE_TRENDS = "performance_trends"
    PRACTICE_QUALITY = "practice_quality"
    # courses, conferences, seminars and briefings (LM-11)
    SAFEGUARDING_ISSUES = "safeguarding_issues"
    GOOD_PRACTICE = "good_practice"
    # audits of single agency training (LM-15)
    TRAINING_QUALITY = "training_quality"
    TRAINING_QUANTITY = "training_quantity"
    STANDARDS_COMPLIANCE = "standards_compliance"
    LEARNING_OUTCOMES = "learning_outcomes"
    TRAINING_NEEDS = "training_needs"
    # guidance, policy and research (LM-17)
    GOVERNMENT_PRIORITIES = "government_priorities"
    PRACTICE_GUIDANCE = "practice_guidance"
    NATIONAL_AND_LOCAL_PERSPECTIVES = "national_and_local_perspectives"
    ISSUE_SPECIFIC_LEARNING = "issue_specific_learning"
    # children and families' experiences and outcomes (LM-19, LM-20)
    EXPERIENCE_IN_POLICY = "experience_in_policy"
    AUDIT_AREAS_IDENTIFIED = "audit_areas_identified"
    PROTOCOL_EVALUATION = "protocol_evaluation"


@attrs.frozen(kw_only=True)
class Priority:
    """One of the partnership's priorities, and the period it stands (OBJ-10)."""

    id: PriorityId
    name: str
    starts_on: date
    ends_on: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.ends_on is not None and self.ends_on < self.starts_on:
            raise ValueError("ends_on is before starts_on")

    def current(self, on: date) -> bool:
        """Whether the priority stands on a date."""
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


@attrs.frozen(kw_only=True)
class LearningActivity:
    """One learning and improvement activity, logged under its method of Table Two.

    ``lead`` is the subgroup that led it; ``external_lead`` names a body
    outside the partnership's subgroups that led it instead (the West
    Yorkshire consortium policy and procedures group, for guidance and
    policy: LM-18). ``evidence`` is the evidence of learning recorded for
    it; ``priorities`` the partnership priorities it served (OBJ-10);
    ``communication_considered_on`` when communication and publicity about it
    were considered (COMM-4).
    """

    id: LearningActivityId
    method: LearningMethod
    title: str
    held_on: date
    lead: SubgroupId | None = None
    external_lead: str | None = None
    evidence: tuple[Evidence, ...] = ()
    priorities: tuple[PriorityId, ...] = ()
    communication_considered_on: date | None = None


class ShareChannel(enum.Enum):
    """How learning went out on one occasion."""

    WEBSITE = "website"
    NEWSLETTER = "newsletter"
    TRAINING = "training"
    NETWORK = "network"
    SOCIAL_MEDIA = "social_media"
    BRIEFING = "briefing"
    #: a report to the Partnership (its Business Group or board)
    PARTNERSHIP = "partnership"
    #: a report to one or more subgroups (named in ``subgroups``)
    SUBGROUP = "subgroup"
    #: feedback to single agencies (named in ``agencies``), for their own training
    AGENCY_FEEDBACK = "agency_feedback"
    #: a change to policy, procedure or practice guidance
    PRACTICE_CHANGE = "practice_change"
    #: a change to how services are developed or commissioned
    SERVICE_DEVELOPMENT = "service_development"


@attrs.frozen(kw_only=True)
class Dissemination:
    """One occasion on which the learning of an audit, review or example went out.

    ``learning`` is the id of the audit, case review, child death, CDOP
    evaluation or practice example whose learning it shares; ``subgroups``
    and ``agencies`` name who received it, where the channel has named
    recipients.
    """

    id: DisseminationId
    learning: str
    channel: ShareChannel
    on: date
    subgroups: tuple[SubgroupId, ...] = ()
    agencies: tuple[AgencyId, ...] = ()
