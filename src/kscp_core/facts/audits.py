"""Audits: multi- and single-agency audits and the issues they raise for one agency."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import attrs

from kscp_core.facts.base import Context, Current, Fact, FactKey, day, fact, on_or_before
from kscp_core.model.actions import Action
from kscp_core.model.subgroups import SubgroupRole


def considered_audits(ctx: Context, subgroup: str | None) -> dict[str, date]:
    """Audits considered at meetings of a subgroup held by *as of*: id -> first meeting date."""
    seen: dict[str, date] = {}
    if subgroup is None:
        return seen
    for meeting in ctx.held.get(subgroup, ()):
        for audit in meeting.considered_audits:
            seen.setdefault(audit, meeting.held_on)
    return seen


def project_audits(ctx: Context) -> Iterable[Fact]:
    """The facts about each audit begun by *as of*, and each agency issue it found."""
    partnership, as_of = ctx.partnership, ctx.as_of
    se = ctx.role_subgroup(SubgroupRole.SAFEGUARDING_EFFECTIVENESS)
    considered = considered_audits(ctx, se)
    raised: dict[str, int] = defaultdict(int)
    for action in partnership.actions:
        if action.source_ref is not None and action.raised_on <= as_of:
            raised[action.source_ref] += 1
    for audit in partnership.audits:
        dates = [d for d in (audit.issued_on, audit.completed_on, audit.returned_on) if d]
        if dates and min(dates) > as_of:
            continue  # not begun yet
        completed = on_or_before(audit.completed_on, as_of)
        data: dict[str, Any] = {
            "audit_kind": audit.kind.value,
            "voice_of_child_questions": audit.voice_of_child_questions,
            "completed": completed,
            "findings": len(audit.findings),
            "actions": raised.get(audit.id, 0),
            "considered_by_se": audit.id in considered,
            "agencies": len(set(audit.agencies)),
            "practitioners_involved": len(set(audit.practitioners_involved)),
        }
        if dates:
            data["started_on"] = day(min(dates))
        if completed and audit.completed_on is not None:
            data["completed_on"] = day(audit.completed_on)
            data["days_since_completed"] = (as_of - audit.completed_on).days
        yield fact("audit", audit.id, data)
        for index, issue in enumerate(audit.agency_issues):
            issue_data: dict[str, Any] = {
                "agency": issue.agency,
                "audit": audit.id,
                "reported": on_or_before(issue.reported_on, as_of),
            }
            if completed and audit.completed_on is not None:
                issue_data["audit_completed_on"] = day(audit.completed_on)
            yield fact("agency_issue", f"{audit.id}/issue-{index + 1}", issue_data)


class AuditsFollowActions:
    """Adjusts an audit's count of the actions raised from it when an action changes."""

    def __init__(self, ctx: Context) -> None:
        self.as_of = ctx.as_of

    def changed(
        self,
        old: Action | None,
        new: Action | None,
        actions: Mapping[str, Action],
        current: Current,
    ) -> Iterable[Fact]:
        """The audits whose count of actions raised from them changed."""
        deltas: dict[str, int] = defaultdict(int)
        for action, sign in ((old, -1), (new, 1)):
            if action and action.source_ref is not None and action.raised_on <= self.as_of:
                deltas[action.source_ref] += sign
        for audit, delta in deltas.items():
            found = current(FactKey("audit", audit))
            if delta and found is not None:
                yield attrs.evolve(
                    found, data={**found.data, "actions": found.data["actions"] + delta}
                )
