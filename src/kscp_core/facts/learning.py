"""Learning activity by method, the priorities, how learning is shared, the Annual Report.

(LM-1..LM-20, OBJ-9, OBJ-10, COMM-4, COMM-5, REV-5, MAA-8..MAA-11, SL-3,
EXP-11, PRIN-10, MAT-3, MIN-1, MIN-5.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.audits import AuditKind
from kscp_core.model.learning import Evidence, ShareChannel
from kscp_core.model.reports import AnnualReportSection
from kscp_core.model.subgroups import SubgroupRole

__all__ = [
    "EVIDENCE_FIELDS",
    "SECTION_FIELDS",
    "project_activities",
    "project_annual_report",
    "project_shared",
]

#: the field of a learning activity's fact that says it shows each kind of evidence
EVIDENCE_FIELDS: dict[Evidence, str] = {e: f"shows_{e.value}" for e in Evidence}
#: the field of the Annual Report's fact that says it gives each account
SECTION_FIELDS: dict[AnnualReportSection, str] = {
    s: f"gives_{s.value}" for s in AnnualReportSection
}


def _months(value: date, months: Any) -> date:
    return value + relativedelta(months=int(months))


def project_activities(ctx: Context) -> Iterable[Fact]:
    """The facts about each learning activity held, and each partnership priority standing."""
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    roles = {s.id: s.role for s in partnership.subgroups}
    held = [a for a in partnership.learning_activities if a.held_on <= as_of]
    for activity in held:
        due = _months(activity.held_on, params["evidence_months"])
        data: dict[str, Any] = {
            "title": activity.title,
            "method": activity.method.value,
            "held_on": day(activity.held_on),
            "evidence_due_on": day(due),
            "past_evidence_due": as_of > due,
            "external_lead": activity.external_lead is not None,
            "priorities": len(activity.priorities),
            "communication_considered": on_or_before(activity.communication_considered_on, as_of),
        }
        if activity.lead is not None and activity.lead in roles:
            data["subgroup"] = activity.lead
            data["lead_role"] = roles[activity.lead].value
        shown = set(activity.evidence)
        for evidence, name in EVIDENCE_FIELDS.items():
            data[name] = evidence in shown
        yield fact("learning_activity", activity.id, data)
    window = int(params["priority_months"])
    for priority in partnership.priorities:
        if not priority.current(as_of):
            continue
        since = as_of - relativedelta(months=window)
        first_due = _months(priority.starts_on, window)
        pursued = [a.held_on for a in held if priority.id in a.priorities and a.held_on > since]
        data = {
            "name": priority.name,
            "starts_on": day(priority.starts_on),
            "first_due_on": day(first_due),
            "past_first_due": as_of > first_due,
            "activities_within": len(pursued),
        }
        if pursued:
            data["last_activity_on"] = day(max(pursued))
        yield fact("priority", priority.id, data)


_PROMOTED = frozenset({ShareChannel.NEWSLETTER, ShareChannel.TRAINING, ShareChannel.NETWORK})
_WIDE = frozenset(
    {
        ShareChannel.WEBSITE,
        ShareChannel.NEWSLETTER,
        ShareChannel.NETWORK,
        ShareChannel.BRIEFING,
        ShareChannel.PARTNERSHIP,
    }
)


def project_shared(ctx: Context) -> Iterable[Fact]:
    """How the learning of each completed audit, review, death and practice example went out."""
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    months = params["spread_months"]
    owner = {
        "audit": ctx.role_subgroup(SubgroupRole.SAFEGUARDING_EFFECTIVENESS),
        "review": ctx.role_subgroup(SubgroupRole.SERIOUS_PRACTICE_REVIEW),
        "child_death": ctx.role_subgroup(SubgroupRole.CHILD_DEATH_OVERVIEW_PANEL),
        "practice_example": None,
    }
    ld = ctx.role_subgroup(SubgroupRole.LEARNING_AND_DEVELOPMENT)
    restricted_cases = {o.case for o in partnership.court_orders if o.in_force(as_of)}
    sources: list[tuple[str, str, date, tuple[str, ...], bool]] = []
    involved: tuple[str, ...]
    for audit in partnership.audits:
        if audit.kind in (AuditKind.MULTI_AGENCY, AuditKind.SINGLE_AGENCY) and on_or_before(
            audit.completed_on, as_of
        ):
            assert audit.completed_on is not None
            involved = tuple(
                dict.fromkeys([*audit.agencies, *(i.agency for i in audit.agency_issues)])
            )
            sources.append((audit.id, "audit", audit.completed_on, involved, False))
    for review in partnership.reviews:
        if on_or_before(review.completed_on, as_of):
            assert review.completed_on is not None
            restricted = review.incident is not None and review.incident in restricted_cases
            sources.append(
                (review.id, "review", review.completed_on, review.agencies_under_review, restricted)
            )
    for death in partnership.child_deaths:
        if death.lessons and on_or_before(death.reviewed_on, as_of):
            assert death.reviewed_on is not None
            restricted = death.incident is not None and death.incident in restricted_cases
            sources.append((death.id, "child_death", death.reviewed_on, (), restricted))
    for example in partnership.practice_examples:
        if example.shared_on <= as_of:
            sources.append(
                (example.id, "practice_example", example.shared_on, (example.agency,), False)
            )
    if not sources:
        return
    shared: dict[str, list[Any]] = {}
    for item in partnership.disseminations:
        if item.on <= as_of:
            shared.setdefault(item.learning, []).append(item)
    for source_id, kind, completed, involved, restricted in sources:
        items = shared.get(source_id, [])
        channels = {i.channel for i in items}
        subgroups = {s for i in items if i.channel is ShareChannel.SUBGROUP for s in i.subgroups}
        fed_back = {
            a for i in items if i.channel is ShareChannel.AGENCY_FEEDBACK for a in i.agencies
        }
        due = _months(completed, months)
        data: dict[str, Any] = {
            "source_kind": kind,
            "completed_on": day(completed),
            "share_due_on": day(due),
            "past_share_due": as_of > due,
            "restricted": restricted,
            "on_website": ShareChannel.WEBSITE in channels,
            "promoted": not channels.isdisjoint(_PROMOTED),
            "to_partnership": ShareChannel.PARTNERSHIP in channels,
            "other_subgroups": len(subgroups - {owner[kind]}),
            "to_learning_and_development": ld is not None and ld in subgroups,
            "agencies_involved": len(involved),
            "agencies_fed_back": len(fed_back & set(involved)),
            "partnership_wide": not channels.isdisjoint(_WIDE),
            "across_agencies": len(fed_back) >= 2 or not channels.isdisjoint(_WIDE),
            "into_practice": ShareChannel.PRACTICE_CHANGE in channels,
            "into_service_development": ShareChannel.SERVICE_DEVELOPMENT in channels,
            "into_training": ShareChannel.TRAINING in channels,
        }
        if owner[kind] is not None:
            data["subgroup"] = owner[kind]
        if kind == "practice_example":
            data["agency"] = involved[0]
        if items:
            data["last_shared_on"] = day(max(i.on for i in items))
        yield fact("learning_shared", source_id, data)


def project_annual_report(ctx: Context) -> Iterable[Fact]:
    """The fact about the Annual Report for the latest year whose report has fallen due."""
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    end_month = int(params["report_year_end_month"])
    months = int(params["annual_report_months"])
    year = as_of.year
    while True:
        year_end = date(year, end_month, 1) + relativedelta(months=1, days=-1)
        due = year_end + relativedelta(months=months)
        if due < as_of:
            break
        year -= 1
    found = [
        r
        for r in partnership.annual_reports
        if r.period_end == year_end and on_or_before(r.published_on, as_of)
    ]
    sections = {s for r in found for s in r.sections}
    data: dict[str, Any] = {
        "period_end": day(year_end),
        "due_on": day(due),
        "published": bool(found),
    }
    if found:
        published = min(r.published_on for r in found if r.published_on is not None)
        data["published_on"] = day(published)
    for section, name in SECTION_FIELDS.items():
        data[name] = section in sections
    subject = min((r.id for r in found), default=f"annual-report-{year_end.isoformat()}")
    yield fact("annual_report", subject, data)
