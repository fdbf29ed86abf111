"""The quarterly report a subgroup owes the Business Group, written from the records.

DI-7: "The areas of outstanding action or examples of strong practice should
be a feature of a quarterly report from each Subgroup to the Business group."
The report lists the subgroup's outstanding actions at the quarter's end
(the same list ``reports.quarterly_incomplete`` expects a submitted report to
cover), those escalated, those completed in the quarter, the strong practice
the subgroup recorded, and, for the SE Subgroup, its Section 11 and audit
position.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs

from kscp_core.engine import Engine
from kscp_core.errors import UnknownSubgroupError
from kscp_core.facts import project
from kscp_core.model.actions import ActionState
from kscp_core.model.audits import AuditKind
from kscp_core.model.identifiers import Redactor
from kscp_core.model.partnership import Partnership
from kscp_core.model.reports import Quarter, outstanding_actions
from kscp_core.model.subgroups import SubgroupRole

__all__ = ["QuarterlyReportDraft", "ReportLine", "draft_quarterly_report"]


@attrs.frozen(kw_only=True)
class ReportLine:
    """One action in the report."""

    id: str
    title: str
    agency: str | None
    due_on: date | None
    completed_on: date | None = None
    escalated: bool = False


@attrs.frozen(kw_only=True)
class QuarterlyReportDraft:
    """The content of a subgroup's quarterly report."""

    partnership: str
    subgroup: str
    subgroup_name: str
    quarter: Quarter
    outstanding: tuple[ReportLine, ...]
    completed: tuple[ReportLine, ...]
    strong_practice: tuple[str, ...]
    section11: tuple[dict[str, Any], ...] = ()
    #: the agencies' names, for the report to show instead of their ids
    agency_names: dict[str, str] = attrs.field(factory=dict, eq=False)
    audits_completed: tuple[str, ...] = ()
    audit_programme_current: bool | None = None

    @property
    def escalated(self) -> tuple[ReportLine, ...]:
        """The outstanding actions escalated by the quarter's end."""
        return tuple(line for line in self.outstanding if line.escalated)

    def to_json(self) -> dict[str, Any]:
        """The report as JSON-ready data."""

        def line(item: ReportLine) -> dict[str, Any]:
            return {
                "id": item.id,
                "title": item.title,
                "agency": item.agency,
                "due_on": item.due_on.isoformat() if item.due_on else None,
                "completed_on": item.completed_on.isoformat() if item.completed_on else None,
                "escalated": item.escalated,
            }

        data: dict[str, Any] = {
            "partnership": self.partnership,
            "subgroup": self.subgroup,
            "quarter": self.quarter.label,
            "from": self.quarter.start.isoformat(),
            "to": self.quarter.end.isoformat(),
            "outstanding": [line(i) for i in self.outstanding],
            "escalated": [i.id for i in self.escalated],
            "completed": [line(i) for i in self.completed],
            "strong_practice": list(self.strong_practice),
        }
        if self.audit_programme_current is not None:
            data["section11"] = list(self.section11)
            data["audits_completed"] = list(self.audits_completed)
            data["audit_programme_current"] = self.audit_programme_current
        return data

    def to_markdown(self) -> str:
        """The report as Markdown, ready for the Business Group's papers."""
        q = self.quarter
        lines = [
            f"# {self.subgroup_name}: quarterly report for {q.label}",
            "",
            f"{self.partnership}, {q.start.isoformat()} to {q.end.isoformat()}.",
            "",
            f"## Outstanding actions ({len(self.outstanding)})",
            "",
        ]
        if self.outstanding:
            lines += [
                "| action | title | agency | due | escalated |",
                "| --- | --- | --- | --- | --- |",
            ]
            for item in self.outstanding:
                due = item.due_on.isoformat() if item.due_on else ""
                mark = "yes" if item.escalated else ""
                agency = _cell(
                    self.agency_names.get(item.agency, item.agency) if item.agency else ""
                )
                lines.append(f"| {item.id} | {_cell(item.title)} | {agency} | {due} | {mark} |")
        else:
            lines.append("None.")
        lines += ["", f"## Completed in the quarter ({len(self.completed)})", ""]
        for item in self.completed:
            done = item.completed_on.isoformat() if item.completed_on else ""
            lines.append(f"- {item.id} {item.title} (completed {done})")
        if not self.completed:
            lines.append("None.")
        lines += ["", "## Strong practice", ""]
        lines += [f"- {p}" for p in self.strong_practice] or ["None recorded for the quarter."]
        if self.audit_programme_current is not None:
            lines += ["", "## Section 11 position at the quarter's end", ""]
            lines += ["| agency | last issued | due | returned |", "| --- | --- | --- | --- |"]
            for row in self.section11:
                name = _cell(self.agency_names.get(row["agency"], row["agency"]))
                lines.append(
                    f"| {name} | {row['last_issued_on'] or 'never'} | {row['due_on']} | "
                    f"{'yes' if row['returned'] else 'no'} |"
                )
            lines += ["", "## Audits", ""]
            lines.append(
                "A programme of audits covers the quarter's end."
                if self.audit_programme_current
                else "No programme of audits covers the quarter's end."
            )
            lines += [f"- Completed in the quarter: {a}" for a in self.audits_completed]
        return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    """Text in a Markdown table cell: on one line, its pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def draft_quarterly_report(
    partnership: Partnership, subgroup: str, quarter: Quarter, engine: Engine | None = None
) -> QuarterlyReportDraft:
    """The quarterly report a subgroup owes the Business Group for a quarter.

    Raises:
        UnknownSubgroupError: the subgroup is not in the records.
    """
    found = next((s for s in partnership.subgroups if s.id == subgroup), None)
    if found is None:
        raise UnknownSubgroupError(subgroup, sorted(s.id for s in partnership.subgroups))
    engine = engine or Engine()
    # text copied from the records is cleared of the identifiers of the people in them
    shown = Redactor(partnership.people) if partnership.people else str
    end = quarter.end
    escalated = {
        f.subject for f in engine.evaluate(partnership, end) if f.rule.startswith("escalation.")
    }
    escalated |= {a.id for a in partnership.actions if any(e.on <= end for e in a.escalations)}
    outstanding = tuple(
        ReportLine(
            id=a.id,
            title=shown(a.title),
            agency=a.agency,
            due_on=a.due_on,
            escalated=a.id in escalated,
        )
        for a in outstanding_actions(partnership.actions, subgroup, end)
    )
    completed = tuple(
        ReportLine(
            id=a.id,
            title=shown(a.title),
            agency=a.agency,
            due_on=a.due_on,
            completed_on=a.completed_on,
        )
        for a in sorted(partnership.actions, key=lambda a: a.id)
        if a.subgroup == subgroup
        and a.completed_on is not None
        and quarter.start <= a.completed_on <= end
        and a.state(end) is ActionState.COMPLETED
    )
    practice = tuple(
        shown(p)
        for r in partnership.quarterly_reports
        if r.subgroup == subgroup and r.period_end == end
        for p in r.strong_practice
    )
    draft = QuarterlyReportDraft(
        partnership=shown(partnership.name),
        subgroup=subgroup,
        subgroup_name=shown(found.name),
        quarter=quarter,
        outstanding=outstanding,
        completed=completed,
        strong_practice=practice,
        agency_names={a.id: shown(a.name) for a in partnership.agencies},
    )
    if found.role is not SubgroupRole.SAFEGUARDING_EFFECTIVENESS:
        return draft
    return attrs.evolve(
        draft,
        section11=tuple(_section11_rows(partnership, end, engine)),
        audits_completed=tuple(
            a.id
            for a in partnership.audits
            if a.kind is not AuditKind.SECTION_11
            and a.completed_on is not None
            and quarter.start <= a.completed_on <= end
        ),
        audit_programme_current=any(
            p.starts_on <= end <= p.ends_on for p in partnership.audit_programmes
        ),
    )


def _section11_rows(partnership: Partnership, end: date, engine: Engine) -> list[dict[str, Any]]:
    rows = []
    latest_return: dict[str, bool] = {}
    for audit in sorted(partnership.audits, key=lambda a: a.issued_on or date.min):
        if audit.kind is AuditKind.SECTION_11 and audit.issued_on and audit.issued_on <= end:
            latest_return[audit.agencies[0]] = bool(audit.returned_on and audit.returned_on <= end)
    for fact in project(engine.context(partnership, end), kinds={"section11_agency"}):
        if fact.kind != "section11_agency":
            continue
        last = fact.data.get("last_issued_on")
        rows.append(
            {
                "agency": fact.subject,
                "last_issued_on": date.fromordinal(last).isoformat() if last else None,
                "due_on": date.fromordinal(fact.data["cycle_due_on"]).isoformat(),
                "returned": latest_return.get(fact.subject, False),
            }
        )
    return rows
