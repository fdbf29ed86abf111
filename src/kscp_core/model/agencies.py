"""Partner agencies and the Partnership Chair."""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

__all__ = ["Agency", "AgencyId", "AgencyKind", "FeedbackMechanism", "PartnershipChair"]

AgencyId = NewType("AgencyId", str)


class AgencyKind(enum.Enum):
    """The kind of organisation a partner agency is."""

    LOCAL_AUTHORITY = "local_authority"
    POLICE = "police"
    HEALTH = "health"
    EDUCATION = "education"
    PROBATION = "probation"
    YOUTH_JUSTICE = "youth_justice"
    HOUSING = "housing"
    VOLUNTARY = "voluntary"
    EARLY_YEARS = "early_years"
    OTHER = "other"


class FeedbackMechanism(enum.Enum):
    """A way an agency seeks feedback from children, young people and families (VC-1)."""

    SURVEY = "survey"
    QUESTIONNAIRE = "questionnaire"
    CONSULTATION = "consultation"
    COMPLAINTS = "complaints"
    YOUTH_PANEL = "youth_panel"
    ADVOCACY = "advocacy"
    OTHER = "other"


def _duty_period(
    instance: Agency, attribute: attrs.Attribute[date | None], value: date | None
) -> None:
    if (
        value is not None
        and instance.section11_duty_from is not None
        and value < instance.section11_duty_from
    ):
        raise ValueError("the section 11 duty cannot end before it starts")


@attrs.frozen(kw_only=True)
class Agency:
    """A partner agency of the Partnership.

    ``section11_duty_from`` is the date from which the agency is under the
    section 11 duty (Children Act 2004); ``None`` means it is not under the
    duty. ``section11_duty_until`` is the last day of the duty for an agency
    that has left it.
    """

    id: AgencyId
    name: str
    kind: AgencyKind
    section11_duty_from: date | None = None
    section11_duty_until: date | None = attrs.field(default=None, validator=_duty_period)
    feedback_mechanisms: tuple[FeedbackMechanism, ...] = ()

    def under_section11_duty(self, on: date) -> bool:
        """Whether the agency is under the section 11 duty on a date."""
        if self.section11_duty_from is None or self.section11_duty_from > on:
            return False
        return self.section11_duty_until is None or on <= self.section11_duty_until


@attrs.frozen(kw_only=True)
class PartnershipChair:
    """The Partnership Chair, to whom a Subgroup escalates (DI-4)."""

    name: str
    agency: AgencyId | None = None
