"""Child deaths, their review by the CDOP, and its evaluations (CDR-1..CDR-6)."""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.incidents import AbuseOrNeglect, IncidentId
from kscp_core.model.people import PersonId

__all__ = [
    "CdopEvaluation",
    "CdopEvaluationId",
    "ChildDeath",
    "ChildDeathId",
    "DeathCategory",
    "EvaluationKind",
]

ChildDeathId = NewType("ChildDeathId", str)
CdopEvaluationId = NewType("CdopEvaluationId", str)


class DeathCategory(enum.Enum):
    """The category of death recorded by the CDOP (the national child death review categories)."""

    DELIBERATELY_INFLICTED_INJURY = "deliberately_inflicted_injury"
    SUICIDE_OR_SELF_HARM = "suicide_or_self_harm"
    TRAUMA_OR_EXTERNAL_FACTORS = "trauma_or_external_factors"
    MALIGNANCY = "malignancy"
    ACUTE_MEDICAL_OR_SURGICAL = "acute_medical_or_surgical"
    CHRONIC_MEDICAL = "chronic_medical"
    CHROMOSOMAL_GENETIC_CONGENITAL = "chromosomal_genetic_congenital"
    PERINATAL_NEONATAL = "perinatal_neonatal"
    INFECTION = "infection"
    SUDDEN_UNEXPECTED_UNEXPLAINED = "sudden_unexpected_unexplained"


@attrs.frozen(kw_only=True)
class ChildDeath:
    """The death of a child, and the CDOP's review of it.

    ``normally_resident`` is whether the child was normally resident in the
    panel's area (Calderdale and Kirklees). ``lessons_output`` is the learning
    output that took the lessons to the relevant organisations (CDR-3).
    """

    id: ChildDeathId
    child: PersonId
    died_on: date
    normally_resident: bool
    abuse_or_neglect: AbuseOrNeglect = AbuseOrNeglect.NOT_SUSPECTED
    incident: IncidentId | None = None
    reviewed_on: date | None = None
    category: DeathCategory | None = None
    modifiable_factors: bool | None = None
    lessons: tuple[str, ...] = ()
    lessons_output: str | None = None


class EvaluationKind(enum.Enum):
    """An evaluation by the Child Death Overview Panel."""

    #: of the data on the deaths of all children normally resident in the area (CDR-5)
    DATA = "data"
    #: of specific cases, in depth (CDR-6)
    IN_DEPTH = "in_depth"


@attrs.frozen(kw_only=True)
class CdopEvaluation:
    """An evaluation by the Child Death Overview Panel, its lessons and the actions taken.

    ``deaths`` are the deaths it covered; ``actions`` the actions raised to
    act on its findings (CDR-4).
    """

    id: CdopEvaluationId
    kind: EvaluationKind
    held_on: date
    deaths: tuple[ChildDeathId, ...] = ()
    lessons: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
