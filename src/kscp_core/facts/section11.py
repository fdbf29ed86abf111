"""Section 11: each agency's audit cycle, its audits and the challenge events."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from kscp_core.facts.audits import considered_audits
from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.audits import AuditKind, Section11Standard
from kscp_core.model.subgroups import SubgroupRole


def project_section11(ctx: Context) -> Iterable[Fact]:
    """The facts about each agency's Section 11 cycle, audits and challenge events."""
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    years = int(params["cycle_years"])
    s11 = [a for a in partnership.audits if a.kind is AuditKind.SECTION_11]
    issued: dict[str, list[date]] = defaultdict(list)
    for audit in s11:
        if on_or_before(audit.issued_on, as_of) and audit.issued_on is not None:
            issued[audit.agencies[0]].append(audit.issued_on)
    for agency in partnership.agencies:
        if not agency.under_section11_duty(as_of) or agency.section11_duty_from is None:
            continue
        last = max(issued.get(agency.id, []), default=None)
        # An agency new to the duty is due at once; otherwise the cycle runs from the last issue.
        due = last + relativedelta(years=years) if last is not None else agency.section11_duty_from
        data: dict[str, Any] = {
            "agency": agency.id,
            "cycle_due_on": day(due),
            "days_until_due": (due - as_of).days,
        }
        if last is not None:
            data["last_issued_on"] = day(last)
        yield fact("section11_agency", agency.id, data)
    se = ctx.role_subgroup(SubgroupRole.SAFEGUARDING_EFFECTIVENESS)
    se_meetings = ctx.held_on(se)
    considered = considered_audits(ctx, se)
    for audit in s11:
        if audit.issued_on is None or audit.issued_on > as_of:
            continue
        audited: str = audit.agencies[0]
        earlier = any(d < audit.issued_on for d in issued.get(audited, []))
        returned = on_or_before(audit.returned_on, as_of)
        data = {
            "agency": audited,
            "issued_on": day(audit.issued_on),
            "returned": returned,
            "has_previous_audit": earlier,
            "changes_recorded": bool(audit.changes_since_previous),
            "development_recorded": bool(audit.areas_for_development),
            "theme_recorded": bool(audit.themed_section),
            "considered_by_se": returned and audit.id in considered,
            "evidence_items": audit.evidence_items,
            "answers_contracted_services": Section11Standard.CONTRACTED_SERVICES in audit.standards,
            "answers_raising_concerns": Section11Standard.RAISING_CONCERNS in audit.standards,
        }
        if audit.returned_to is not None:
            data["returned_to"] = audit.returned_to.value
        if audit.return_due_on is not None:
            data["return_due_on"] = day(audit.return_due_on)
            data["past_return_due"] = as_of > audit.return_due_on
        if returned and audit.returned_on is not None:
            data["returned_on"] = day(audit.returned_on)
            since = [d for d in se_meetings if d > audit.returned_on]
            data["se_cycles_since_return"] = len(since)
            data["meetings"] = [day(d) for d in since]
        yield fact("section11_audit", audit.id, data)
    for event in partnership.challenge_events:
        yield fact(
            "challenge_event",
            event.id,
            {
                "held": event.held_on <= as_of,
                "held_on": day(event.held_on),
                "young_people": event.young_people,
            },
        )
