"""The projection: every projector, and the facts of a partnership as of a date."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from datetime import date

from kscp_core.facts.actions import (
    ACTION_STATE,
    ESCALATION_COPIES,
    derive_escalation,
    project_actions,
)
from kscp_core.facts.assurance import project_agency_assurance, project_requests
from kscp_core.facts.audits import AuditsFollowActions, project_audits
from kscp_core.facts.base import Context, Fact, Projector, StateGate
from kscp_core.facts.child_deaths import project_child_deaths
from kscp_core.facts.learning import project_activities, project_annual_report, project_shared
from kscp_core.facts.memberships import project_memberships, project_subgroups
from kscp_core.facts.partnership import project_partnership
from kscp_core.facts.performance import project_performance
from kscp_core.facts.publication import project_outputs
from kscp_core.facts.reports import ReportsFollowActions, project_reports
from kscp_core.facts.reviews import RecommendationsFollowActions, derive_incident, project_reviews
from kscp_core.facts.section11 import project_section11
from kscp_core.facts.training import project_training
from kscp_core.facts.voice import project_consultations

__all__ = ["PROJECTORS", "derive", "iter_facts", "project", "projectors_reading"]


#: Each framework concept's part of the projection: the kinds of fact it gives,
#: the record collections it reads (tests check both declarations).
PROJECTORS: tuple[Projector, ...] = (
    Projector(
        name="actions",
        gives=frozenset({"action", "escalation"}),
        reads=frozenset({"actions", "meetings"}),
        project=project_actions,
        gate=StateGate(
            kind="action", fields=ACTION_STATE, alongside={"escalation": ESCALATION_COPIES}
        ),
    ),
    Projector(
        name="quarterly reports",
        gives=frozenset({"quarter_due", "quarterly_report"}),
        reads=frozenset({"subgroups", "meetings", "quarterly_reports", "forward_plan", "actions"}),
        project=project_reports,
        follows_actions=ReportsFollowActions,
    ),
    Projector(
        name="Section 11",
        gives=frozenset({"section11_agency", "section11_audit", "challenge_event"}),
        reads=frozenset({"agencies", "audits", "subgroups", "meetings", "challenge_events"}),
        project=project_section11,
    ),
    Projector(
        name="audits",
        gives=frozenset({"audit", "agency_issue"}),
        reads=frozenset({"audits", "subgroups", "meetings", "actions"}),
        project=project_audits,
        follows_actions=AuditsFollowActions,
    ),
    Projector(
        name="the partnership and its agencies",
        gives=frozenset({"partnership", "agency"}),
        reads=frozenset({"agencies", "audit_programmes", "advocacy_services"}),
        project=project_partnership,
    ),
    Projector(
        name="performance returns",
        gives=frozenset({"performance_return"}),
        reads=frozenset({"indicators", "performance_returns"}),
        project=project_performance,
    ),
    Projector(
        name="training",
        gives=frozenset(
            {
                "course",
                "training_strategy",
                "lessons",
                "workforce_return",
                "training_offer",
                "training_need",
            }
        ),
        reads=frozenset(
            {
                "training_strategy",
                "courses",
                "learning_outputs",
                "audits",
                "reviews",
                "workforce_returns",
                "feedback_reviews",
                "training_needs",
            }
        ),
        project=project_training,
    ),
    Projector(
        name="subgroup membership",
        gives=frozenset({"membership"}),
        reads=frozenset({"subgroups", "meetings"}),
        project=project_memberships,
    ),
    Projector(
        name="subgroups meeting",
        gives=frozenset({"subgroup"}),
        reads=frozenset({"subgroups", "meetings"}),
        project=project_subgroups,
    ),
    Projector(
        name="case reviews",
        gives=frozenset({"incident", "rapid_review", "case_review", "recommendation"}),
        reads=frozenset(
            {
                "incidents",
                "rapid_reviews",
                "reviews",
                "learning_outputs",
                "actions",
                "court_orders",
                "meetings",
                "subgroups",
            }
        ),
        project=project_reviews,
        follows_actions=RecommendationsFollowActions,
    ),
    Projector(
        name="learning outputs",
        gives=frozenset({"learning_output"}),
        reads=frozenset(
            {"learning_outputs", "court_orders", "people", "reviews", "incidents", "child_deaths"}
        ),
        project=project_outputs,
    ),
    Projector(
        name="child deaths",
        gives=frozenset({"child_death", "cdop_evaluation"}),
        reads=frozenset({"child_deaths", "incidents", "learning_outputs", "cdop_evaluations"}),
        project=project_child_deaths,
    ),
    Projector(
        name="learning activity",
        gives=frozenset({"learning_activity", "priority"}),
        reads=frozenset({"learning_activities", "subgroups", "priorities"}),
        project=project_activities,
    ),
    Projector(
        name="learning shared",
        gives=frozenset({"learning_shared"}),
        reads=frozenset(
            {
                "disseminations",
                "audits",
                "reviews",
                "child_deaths",
                "practice_examples",
                "subgroups",
                "court_orders",
            }
        ),
        project=project_shared,
    ),
    Projector(
        name="the Annual Report",
        gives=frozenset({"annual_report"}),
        reads=frozenset({"annual_reports"}),
        project=project_annual_report,
    ),
    Projector(
        name="requests and concerns",
        gives=frozenset({"request", "concern"}),
        reads=frozenset({"requests", "concerns"}),
        project=project_requests,
    ),
    Projector(
        name="agencies' assurance",
        gives=frozenset({"agency_assurance"}),
        reads=frozenset(
            {
                "agencies",
                "practice_examples",
                "consultations",
                "workforce_returns",
                "courses",
                "audits",
            }
        ),
        project=project_agency_assurance,
    ),
    Projector(
        name="consultations",
        gives=frozenset({"consultation", "consultation_duty"}),
        reads=frozenset({"consultations"}),
        project=project_consultations,
    ),
)


def projectors_reading(collections: Collection[str]) -> tuple[Projector, ...]:
    """The projectors whose facts a change to any of these collections may change."""
    return tuple(p for p in PROJECTORS if not p.reads.isdisjoint(collections))


def iter_facts(
    ctx: Context,
    *,
    kinds: Collection[str] | None = None,
    projectors: Iterable[Projector] = PROJECTORS,
) -> Iterator[Fact]:
    """The facts of :func:`project` one at a time, for callers that need not keep them all.

    With ``kinds``, only the projectors that give facts of those kinds run
    (the others' facts may still come with them).
    """
    for projector in projectors:
        if kinds is None or not projector.gives.isdisjoint(kinds):
            yield from projector.project(ctx)


def project(ctx: Context, *, kinds: Collection[str] | None = None) -> list[Fact]:
    """Every fact about a partnership's records as of a date, in a stable order.

    Only records dated on or before *as of* count. With ``kinds``, only the
    records that give facts of those kinds are read.
    """
    return list(iter_facts(ctx, kinds=kinds))


def derive(kind: str, parent: Fact, *, on: date, via: str, ctx: Context) -> Fact:
    """The fact a chained rule sees when a rule's finding about ``parent`` fell due on ``on``.

    For ``escalation``: the action escalated to its subgroup on that date, and
    the meeting cycles of the subgroup held since. For ``incident``: a death
    with abuse or neglect suspected and no notification enters the serious
    incident pathway as an incident the local authority knew of on that date.

    Raises:
        ValueError: no chained fact of that kind (the RuleBook refuses such
            an ``emits`` when it loads).
    """
    if kind == "escalation":
        return derive_escalation(parent, on=on, via=via)
    if kind == "incident":
        return derive_incident(parent, on=on, via=via, ctx=ctx)
    raise ValueError(f"no chained fact kind {kind!r}")
