"""The voice of children, young people and families: the advocacy service, consultations.

(VC-1..VC-13, OBJ-11.)
"""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.agencies import AgencyId

__all__ = [
    "AdvocacyService",
    "Consultation",
    "ConsultationId",
    "ConsultationMethod",
    "Consulter",
]

ConsultationId = NewType("ConsultationId", str)


@attrs.frozen(kw_only=True)
class AdvocacyService:
    """An advocacy service for children in child protection or looked after reviews (VC-2)."""

    provider: str
    starts_on: date
    ends_on: date | None = None
    child_protection: bool = True
    looked_after: bool = True

    def available(self, on: date) -> bool:
        """Whether the service is available on a date."""
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)


class Consulter(enum.Enum):
    """Who consulted children and young people."""

    #: a partner agency (named in ``agency``), about its own services (VC-6)
    AGENCY = "agency"
    #: the Local Authority (VC-7, VC-8)
    LOCAL_AUTHORITY = "local_authority"
    #: the Child Protection and Review Unit, with children subject to child protection
    #: plans and Looked After Children reviews (VC-9)
    CPRU = "cpru"
    #: the Partnership itself (VC-10..VC-12)
    PARTNERSHIP = "partnership"


class ConsultationMethod(enum.Enum):
    """How children and young people were heard."""

    SURVEY = "survey"
    QUESTIONNAIRE = "questionnaire"
    #: young people speaking at a meeting of the Partnership (VC-10)
    HEARING = "hearing"
    #: a specific group asked to speak to the Partnership about its issues (VC-11)
    GROUP_PRESENTATION = "group_presentation"
    FOCUS_GROUP = "focus_group"
    FEEDBACK = "feedback"


@attrs.frozen(kw_only=True)
class Consultation:
    """One consultation of children and young people, and what came of it.

    ``feedback_to_partnership_on`` is when its relevant feedback was brought
    to the Partnership as challenge or information (VC-8); ``changes`` the
    changes to services it led to (OBJ-11); ``service_development`` whether it
    was about the development of service provision (VC-6).
    """

    id: ConsultationId
    by: Consulter
    method: ConsultationMethod
    held_on: date
    topic: str
    agency: AgencyId | None = None
    service_development: bool = False
    young_people: int = attrs.field(default=0, validator=attrs.validators.ge(0))
    feedback_to_partnership_on: date | None = None
    changes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        if (self.by is Consulter.AGENCY) != (self.agency is not None):
            raise ValueError("an agency's consultation names the agency, and only then")
