"""Quarterly reports to the Business Group: the quarters owed and the reports given (DI-6..DI-8)."""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

import attrs

from kscp_core.facts.base import Context, Current, Fact, FactKey, day, fact, on_or_before
from kscp_core.model.actions import Action
from kscp_core.model.partnership import Partnership
from kscp_core.model.reports import QuarterlyReport, outstanding_actions, quarters_between
from kscp_core.model.subgroups import SubgroupRole


def _missing_from_reports(
    partnership: Partnership, reports: list[QuarterlyReport]
) -> dict[str, int]:
    """For each report: how many of its subgroup's outstanding actions it does not cover.

    Outstanding is :func:`kscp_core.model.reports.outstanding_actions` (open and past
    due on the report's period end), found in one sweep over the actions rather
    than a scan per report: an action is outstanding from the day after it fell
    due (or was raised, if later) until the day it was completed or closed.
    """
    subgroups = {r.subgroup for r in reports}
    spans: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
    for action in partnership.actions:
        if action.subgroup not in subgroups or action.due_on is None:
            continue
        start = max(action.raised_on, action.due_on + timedelta(days=1)).toordinal()
        ended = action.completed_on or (action.closure.on if action.closure else None)
        end = ended.toordinal() if ended is not None else float("inf")
        if end > start:
            spans[action.subgroup].append((start, end, action.id))
    missing: dict[str, int] = {}
    for subgroup in sorted(subgroups):
        opened = sorted(spans.get(subgroup, []))
        live: dict[str, float] = {}
        ending: list[tuple[float, str]] = []
        taken = 0
        mine = sorted((r for r in reports if r.subgroup == subgroup), key=lambda r: r.period_end)
        for report in mine:
            day = report.period_end.toordinal()
            while taken < len(opened) and opened[taken][0] <= day:
                start, end, action_id = opened[taken]
                live[action_id] = end
                heapq.heappush(ending, (end, action_id))
                taken += 1
            while ending and ending[0][0] <= day:
                live.pop(heapq.heappop(ending)[1], None)
            covered = set(report.actions_covered)
            missing[report.id] = len(live) - sum(1 for a in covered if a in live)
    return missing


def project_reports(ctx: Context) -> Iterable[Fact]:
    """The quarters each subgroup owes a report for, and each report submitted."""
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    start_month = int(params["year_start_month"])
    reports = [r for r in partnership.quarterly_reports if on_or_before(r.submitted_on, as_of)]
    planned = {e.report for e in partnership.forward_plan if e.report is not None}
    business = {s.id for s in partnership.subgroups if s.role is SubgroupRole.BUSINESS_GROUP}
    for subgroup in partnership.subgroups:
        if subgroup.id in business:
            continue
        met = ctx.held_on(subgroup.id)
        if not met:
            continue
        submitted = {r.period_end for r in reports if r.subgroup == subgroup.id}
        for quarter in quarters_between(min(met), as_of - timedelta(days=1), start_month):
            yield fact(
                "quarter_due",
                f"{subgroup.id}/{quarter.label}",
                {
                    "subgroup": subgroup.id,
                    "quarter": quarter.label,
                    "quarter_end": day(quarter.end),
                    "days_since_quarter_end": (as_of - quarter.end).days,
                    "report_submitted": quarter.end in submitted,
                },
            )
    submitted_reports = [
        r for r in partnership.quarterly_reports if on_or_before(r.submitted_on, as_of)
    ]
    missing = _missing_from_reports(partnership, submitted_reports)
    for report in submitted_reports:
        yield fact(
            "quarterly_report",
            report.id,
            {
                "subgroup": report.subgroup,
                "quarter_end": day(report.period_end),
                "submitted": True,
                "actions_missing": missing[report.id],
                "strong_practice": len(report.strong_practice),
                "in_forward_plan": report.id in planned,
            },
        )


def _span(action: Action | None) -> tuple[Any, ...] | None:
    """What decides when an action is outstanding (open and past due), and for whom."""
    if action is None:
        return None
    ended = action.completed_on or (action.closure.on if action.closure else None)
    return (action.subgroup, action.raised_on, action.due_on, ended)


class ReportsFollowActions:
    """Adjusts a quarterly report's count of missing actions when an action changes."""

    def __init__(self, ctx: Context) -> None:
        self.by_subgroup: dict[str, list[QuarterlyReport]] = defaultdict(list)
        for report in ctx.partnership.quarterly_reports:
            if on_or_before(report.submitted_on, ctx.as_of):
                self.by_subgroup[report.subgroup].append(report)

    @staticmethod
    def _outstanding(action: Action | None, report: QuarterlyReport) -> int:
        if action is None:
            return 0
        return len(outstanding_actions([action], report.subgroup, report.period_end))

    def changed(
        self,
        old: Action | None,
        new: Action | None,
        actions: Mapping[str, Action],
        current: Current,
    ) -> Iterable[Fact]:
        """The reports of the action's subgroups whose missing actions changed."""
        if _span(old) == _span(new):
            return
        moved = new if new is not None else old
        assert moved is not None
        subgroups = {a.subgroup for a in (old, new) if a is not None and a.subgroup is not None}
        for report in (r for s in sorted(subgroups) for r in self.by_subgroup.get(s, ())):
            if moved.id in report.actions_covered:
                continue
            delta = self._outstanding(new, report) - self._outstanding(old, report)
            found = current(FactKey("quarterly_report", report.id))
            if delta and found is not None:
                data = {**found.data, "actions_missing": found.data["actions_missing"] + delta}
                yield attrs.evolve(found, data=data)
