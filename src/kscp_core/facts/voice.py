"""Consultations of children and young people, and the standing duties to hear them.

(VC-7..VC-12, OBJ-11.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from dateutil.relativedelta import relativedelta

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.voice import Consultation, ConsultationMethod, Consulter

__all__ = ["DUTIES", "project_consultations"]

#: the partnership's standing duties to hear children and young people: which
#: consultations discharge each
DUTIES: dict[str, Callable[[Consultation], bool]] = {
    # VC-7: the Local Authority consults young people and seeks their views
    "local_authority": lambda c: c.by is Consulter.LOCAL_AUTHORITY,
    # VC-9: the CPRU learns from children subject to plans and LAC reviews
    "cpru": lambda c: c.by is Consulter.CPRU,
    # VC-10: young people heard at the Partnership
    "partnership_hearing": lambda c: (
        c.by is Consulter.PARTNERSHIP and c.method is ConsultationMethod.HEARING
    ),
    # VC-11: specific groups asked to speak to the Partnership
    "group_presentation": lambda c: (
        c.by is Consulter.PARTNERSHIP and c.method is ConsultationMethod.GROUP_PRESENTATION
    ),
    # VC-12: surveys or questionnaires
    "survey": lambda c: (
        c.by is Consulter.PARTNERSHIP
        and c.method in (ConsultationMethod.SURVEY, ConsultationMethod.QUESTIONNAIRE)
    ),
}


def project_consultations(ctx: Context) -> Iterable[Fact]:
    """The facts about each consultation held, and about each standing duty to consult."""
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    held = [c for c in partnership.consultations if c.held_on <= as_of]
    feedback_months = int(params["feedback_months"])
    for consultation in held:
        due = consultation.held_on + relativedelta(months=feedback_months)
        data: dict[str, Any] = {
            "by": consultation.by.value,
            "method": consultation.method.value,
            "held_on": day(consultation.held_on),
            "young_people": consultation.young_people,
            "feedback_brought": on_or_before(consultation.feedback_to_partnership_on, as_of),
            "feedback_due_on": day(due),
            "past_feedback_due": as_of > due,
            "changes": len(consultation.changes),
        }
        if consultation.agency is not None:
            data["agency"] = consultation.agency
        yield fact("consultation", consultation.id, data)
    months = int(params["consultation_months"])
    for duty, discharges in DUTIES.items():
        latest = max((c.held_on for c in held if discharges(c)), default=None)
        data = {"duty": duty}
        if latest is None:  # never discharged: due now
            data["due_on"] = day(as_of)
            data["past_due"] = True
        else:
            due = latest + relativedelta(months=months)
            data["last_on"] = day(latest)
            data["due_on"] = day(due)
            data["past_due"] = as_of > due
        yield fact("consultation_duty", duty, data)
