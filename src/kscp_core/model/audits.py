"""Audits: Section 11, multi-agency, single-agency and training; the audit programme;
Section 11 challenge events."""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId

__all__ = [
    "AgencyIssue",
    "Audit",
    "AuditId",
    "AuditKind",
    "AuditProgramme",
    "AuditProgrammeId",
    "ChallengeEvent",
    "ChallengeEventId",
    "ReturnReceiver",
    "Section11Standard",
]

AuditId = NewType("AuditId", str)
AuditProgrammeId = NewType("AuditProgrammeId", str)
ChallengeEventId = NewType("ChallengeEventId", str)


class AuditKind(enum.Enum):
    """The kind of audit."""

    SECTION_11 = "section_11"
    MULTI_AGENCY = "multi_agency"
    SINGLE_AGENCY = "single_agency"
    TRAINING = "training"


class ReturnReceiver(enum.Enum):
    """Who received a completed Section 11 return (S11-4: the Co-ordinator)."""

    SAFEGUARDING_CHILDREN_COORDINATOR = "safeguarding_children_coordinator"
    BUSINESS_UNIT = "business_unit"
    SE_SUBGROUP = "se_subgroup"
    OTHER = "other"


class Section11Standard(enum.Enum):
    """A standard of the Section 11 audit tool an agency answered in its return."""

    LEADERSHIP = "leadership"
    #: services the agency contracts out are discharged with regard to safeguarding (S11-2)
    CONTRACTED_SERVICES = "contracted_services"
    SAFER_RECRUITMENT = "safer_recruitment"
    #: staff feel able to raise concerns and are supported in their role (SA-9)
    RAISING_CONCERNS = "raising_concerns"
    SUPERVISION = "supervision"
    TRAINING = "training"
    VOICE_OF_THE_CHILD = "voice_of_the_child"
    INFORMATION_SHARING = "information_sharing"


@attrs.frozen(kw_only=True)
class AgencyIssue:
    """An issue an audit found for a single agency, and when it was reported back (MAA-1)."""

    agency: AgencyId
    description: str
    reported_on: date | None = None


def _one_agency_for_section11(
    instance: Audit, attribute: attrs.Attribute[tuple[AgencyId, ...]], value: tuple[AgencyId, ...]
) -> None:
    if instance.kind is AuditKind.SECTION_11 and len(value) != 1:
        raise ValueError("a Section 11 audit is issued to exactly one agency")


@attrs.frozen(kw_only=True)
class Audit:
    """An audit and where it stands.

    For a Section 11 audit: ``issued_on`` is when the audit tool was sent to
    the agency, ``return_due_on`` when it must come back to the Safeguarding
    Children Co-ordinator, ``returned_on`` when it did, ``returned_to`` who
    received it, ``evidence_items`` how many pieces of supporting evidence
    came with it (EXP-5) and ``standards`` the standards it answered.
    ``completed_on`` is when a multi- or single-agency audit finished;
    ``practitioners_involved`` the agencies whose practitioners took part in
    a joint audit of case files (MIN-4).
    """

    id: AuditId
    kind: AuditKind
    title: str
    agencies: tuple[AgencyId, ...] = attrs.field(default=(), validator=_one_agency_for_section11)
    issued_on: date | None = None
    return_due_on: date | None = None
    returned_on: date | None = None
    completed_on: date | None = None
    voice_of_child_questions: bool = False
    themed_section: str | None = None
    changes_since_previous: str | None = None
    areas_for_development: tuple[str, ...] = ()
    findings: tuple[str, ...] = ()
    agency_issues: tuple[AgencyIssue, ...] = ()
    returned_to: ReturnReceiver | None = None
    evidence_items: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    standards: tuple[Section11Standard, ...] = ()
    practitioners_involved: tuple[AgencyId, ...] = ()


@attrs.frozen(kw_only=True)
class AuditProgramme:
    """The SE Subgroup's programme of audits for a period (MAA-2)."""

    id: AuditProgrammeId
    starts_on: date
    ends_on: date
    planned: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ChallengeEvent:
    """A Section 11 challenge event, and how many young people took part (VC-3)."""

    id: ChallengeEventId
    held_on: date
    agencies: tuple[AgencyId, ...] = ()
    young_people: int = 0
