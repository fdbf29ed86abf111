"""What the partnership asks of agencies, what they bring to it, and each agency's assurance.

(EXP-4, EXP-6, EXP-7, EXP-9, EXP-10, EXP-12, EXP-13, SL-1, SPR-10, SA-5,
SA-12, SA-13, MAT-6, VC-6.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.audits import AuditKind
from kscp_core.model.voice import Consulter

__all__ = ["project_agency_assurance", "project_requests"]


def project_requests(ctx: Context) -> Iterable[Fact]:
    """The facts about each request made of an agency, and each concern an agency raised."""
    partnership, as_of = ctx.partnership, ctx.as_of
    for request in partnership.requests:
        if request.requested_on > as_of:
            continue
        met = on_or_before(request.met_on, as_of)
        data: dict[str, Any] = {
            "agency": request.agency,
            "request_kind": request.kind.value,
            "requested_on": day(request.requested_on),
            "due_on": day(request.due_on),
            "met": met,
            "past_due": as_of > request.due_on,
            "days_past_due": (as_of - request.due_on).days,
        }
        if met and request.met_on is not None:
            data["met_on"] = day(request.met_on)
        yield fact("request", request.id, data)
    for concern in partnership.concerns:
        if concern.raised_on > as_of:
            continue
        yield fact(
            "concern",
            concern.id,
            {
                "agency": concern.agency,
                "raised_on": day(concern.raised_on),
                "strategy_recorded": bool(concern.improvement_strategy),
            },
        )


def _latest(dates: Iterable[date], as_of: date) -> date | None:
    return max((d for d in dates if d <= as_of), default=None)


def project_agency_assurance(ctx: Context) -> Iterable[Fact]:
    """For each agency, when it last gave each kind of assurance, and whether that is overdue.

    An agency that never gave one is overdue from the date evaluated (as for
    the training strategy): the framework expects each of them of every
    partner.
    """
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    last: dict[str, dict[str, list[date]]] = {a.id: {} for a in partnership.agencies}

    def note(agency: str, what: str, on: date | None) -> None:
        if on is not None and agency in last:
            last[agency].setdefault(what, []).append(on)

    for example in partnership.practice_examples:
        note(example.agency, "practice", example.shared_on)
    for consultation in partnership.consultations:
        if consultation.by is Consulter.AGENCY and consultation.service_development:
            assert consultation.agency is not None
            note(consultation.agency, "consultation", consultation.held_on)
    for ret in partnership.workforce_returns:
        note(ret.agency, "workforce", ret.received_on)
    for course in partnership.courses:
        if course.multi_agency and course.delivered_on is not None:
            for agency in course.agencies_attending:
                note(agency, "attended", course.delivered_on)
            for agency in course.trainers_from:
                note(agency, "delivered", course.delivered_on)
    for audit in partnership.audits:
        if audit.kind is AuditKind.TRAINING and audit.completed_on is not None:
            for agency in audit.agencies:
                note(agency, "training_qa", audit.completed_on)
    windows = {
        "practice": "practice_months",
        "consultation": "consultation_months",
        "workforce": "assurance_months",
        "attended": "attendance_months",
        "delivered": "delivery_months",
        "training_qa": "training_qa_months",
    }
    for partner in partnership.agencies:
        data: dict[str, Any] = {"agency": partner.id}
        for what, parameter in windows.items():
            latest = _latest(last[partner.id].get(what, ()), as_of)
            if latest is None:  # never given: due now
                data[f"{what}_due_on"] = day(as_of)
                data[f"past_{what}_due"] = True
                continue
            due = latest + relativedelta(months=int(params[parameter]))
            data[f"last_{what}_on"] = day(latest)
            data[f"{what}_due_on"] = day(due)
            data[f"past_{what}_due"] = as_of > due
        yield fact("agency_assurance", partner.id, data)
