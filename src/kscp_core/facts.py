"""Facts: a partnership's records as of a date, flattened for the rules.

Rules never see records; they see facts, one per record they are about, with
the derived values the framework's rules need already worked out: days and
meeting cycles past a deadline, whether an action has been updated since, and
so on. This module is the only place such arithmetic lives.

Each fact has a *kind* (``action``, ``escalation``, ...) whose fields are
declared in :data:`FACT_KINDS` with a description that the rule documentation
and explanations use. A field with no value is left out of the fact (a test
on it is false). Dates are carried as day numbers (``date.toordinal()``) so the
engine can compare them; facts never carry personal data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from kscp_core.actions import ActionState
from kscp_core.meetings import nth_meeting_after
from kscp_core.partnership import Partnership
from kscp_core.working_days import WorkingCalendar, add_working_days

__all__ = [
    "FACT_KINDS",
    "DateRule",
    "Fact",
    "FactField",
    "FactKind",
    "derive",
    "parse_date_rule",
    "project",
]

FieldType = str  # "bool", "int", "number", "text", "date", "dates"


@attrs.frozen(kw_only=True)
class FactField:
    """A field of a fact kind, what it means, and whether every fact has it."""

    name: str
    type: FieldType
    description: str
    optional: bool = False


@attrs.frozen(kw_only=True)
class FactKind:
    """A kind of fact: the record it is about and its fields."""

    name: str
    description: str
    subject: str
    fields: tuple[FactField, ...]
    chained: bool = False

    def field(self, name: str) -> FactField | None:
        """The field of that name, if the kind has one."""
        return next((f for f in self.fields if f.name == name), None)

    def describe(self, name: str) -> str:
        """How a field reads in English."""
        found = self.field(name)
        return found.description if found else name.replace("_", " ")


@attrs.frozen(kw_only=True)
class Fact:
    """One fact: its kind, a key unique in an evaluation, the record it is about, its values."""

    kind: str
    key: str
    subject: str
    data: dict[str, Any]
    parent: str | None = None


def _f(name: str, type_: FieldType, description: str, optional: bool = False) -> FactField:
    return FactField(name=name, type=type_, description=description, optional=optional)


_ACTION_FIELDS = (
    _f("title", "text", "the action's title"),
    _f("agency", "text", "the accountable agency", optional=True),
    _f("subgroup", "text", "the accountable subgroup", optional=True),
    _f("raised_on", "date", "the date the action was raised"),
    _f("due_on", "date", "the due date", optional=True),
    _f("open", "bool", "the action is open (neither completed nor closed)"),
    _f("completed", "bool", "the action is completed"),
    _f("closed", "bool", "the action is closed without being completed"),
    _f("past_due", "bool", "the due date has passed", optional=True),
    _f("days_past_due", "int", "days since the due date (negative before it)", optional=True),
    _f(
        "cycles_since_due",
        "int",
        "meeting cycles of the accountable subgroup held since the due date",
        optional=True,
    ),
    _f("last_update_on", "date", "the date of the last progress update", optional=True),
    _f(
        "last_progress_on",
        "date",
        "the date progress was last shown (the last update, or when the action was raised)",
    ),
    _f(
        "cycles_since_update",
        "int",
        "meeting cycles of the accountable subgroup held since the last progress update "
        "(or since the action was raised, if never updated)",
        optional=True,
    ),
    _f("escalated", "bool", "an escalation is recorded"),
    _f("closure_reason_recorded", "bool", "the reason for closing it is recorded"),
    _f("closure_instead_recorded", "bool", "what was done instead is recorded"),
    _f("closed_on", "date", "the date it was closed", optional=True),
    _f(
        "meetings",
        "dates",
        "the meetings of the accountable subgroup held since the action was raised",
        optional=True,
    ),
)

_ESCALATION_FIELDS = (
    _f("title", "text", "the action's title"),
    _f("agency", "text", "the accountable agency", optional=True),
    _f("subgroup", "text", "the accountable subgroup", optional=True),
    _f("open", "bool", "the action is still open"),
    _f("escalated_on", "date", "the date the action was escalated to its subgroup"),
    _f("via", "text", "how the escalation came about (a rule id, or 'recorded')"),
    _f(
        "cycles_since_escalated",
        "int",
        "meeting cycles of the accountable subgroup held since the escalation",
    ),
    _f("meetings", "dates", "the meetings of the accountable subgroup held since", optional=True),
)

#: Every kind of fact rules can be written about.
FACT_KINDS: dict[str, FactKind] = {
    "action": FactKind(
        name="action",
        description="an action in a subgroup's action log",
        subject="actions",
        fields=_ACTION_FIELDS,
    ),
    "escalation": FactKind(
        name="escalation",
        description="an action escalated to its subgroup, by a rule or on record",
        subject="actions",
        fields=_ESCALATION_FIELDS,
        chained=True,
    ),
}


def _ord(day: date) -> int:
    return day.toordinal()


def _meetings_by_subgroup(partnership: Partnership, as_of: date) -> dict[str, list[date]]:
    held: dict[str, list[date]] = defaultdict(list)
    for meeting in partnership.meetings:
        if not meeting.cancelled and meeting.held_on <= as_of:
            held[meeting.subgroup].append(meeting.held_on)
    for days in held.values():
        days.sort()
    return held


def _count_after(days: list[date], after: date) -> int:
    return sum(1 for d in days if d > after)


def _action_facts(
    partnership: Partnership, as_of: date, held: Mapping[str, list[date]]
) -> Iterable[Fact]:
    for action in partnership.actions:
        state = action.state(as_of)
        if state is ActionState.NOT_YET_RAISED:
            continue
        data: dict[str, Any] = {
            "title": action.title,
            "raised_on": _ord(action.raised_on),
            "open": state is ActionState.OPEN,
            "completed": state is ActionState.COMPLETED,
            "closed": state is ActionState.CLOSED,
            "escalated": any(e.on <= as_of for e in action.escalations),
            "closure_reason_recorded": bool(action.closure and action.closure.reason),
            "closure_instead_recorded": bool(action.closure and action.closure.instead),
        }
        if state is ActionState.CLOSED and action.closure is not None:
            data["closed_on"] = _ord(action.closure.on)
        if action.agency is not None:
            data["agency"] = action.agency
        last_update = action.last_update(as_of)
        since = max(last_update or action.raised_on, action.raised_on)
        data["last_progress_on"] = _ord(since)
        if last_update is not None:
            data["last_update_on"] = _ord(last_update)
        if action.due_on is not None:
            data["due_on"] = _ord(action.due_on)
            data["past_due"] = as_of > action.due_on
            data["days_past_due"] = (as_of - action.due_on).days
        if action.subgroup is not None:
            data["subgroup"] = action.subgroup
            days = [d for d in held.get(action.subgroup, []) if d > action.raised_on]
            data["meetings"] = [_ord(d) for d in days]
            data["cycles_since_update"] = _count_after(days, since)
            if action.due_on is not None:
                data["cycles_since_due"] = _count_after(days, action.due_on)
        yield Fact(kind="action", key=f"action:{action.id}", subject=action.id, data=data)
        recorded = [e.on for e in action.escalations if e.on <= as_of]
        if recorded:
            parent = Fact(kind="action", key=f"action:{action.id}", subject=action.id, data=data)
            yield derive("escalation", parent, on=min(recorded), via="recorded", as_of=as_of)


def project(
    partnership: Partnership, as_of: date, calendar: WorkingCalendar | None = None
) -> list[Fact]:
    """Every fact about a partnership's records as of a date, in a stable order.

    Only records dated on or before *as of* count. ``calendar`` is the working
    day calendar statutory timescales are counted in (England and Wales by
    default).
    """
    held = _meetings_by_subgroup(partnership, as_of)
    facts = list(_action_facts(partnership, as_of, held))
    return facts


def derive(kind: str, parent: Fact, *, on: date, via: str, as_of: date | None = None) -> Fact:
    """The fact a chained rule sees when a rule's finding about ``parent`` fell due on ``on``.

    For ``escalation``: the action escalated to its subgroup on that date, and
    the meeting cycles of the subgroup held since.
    """
    if kind != "escalation":
        raise ValueError(f"no chained fact kind {kind!r}")
    meetings = [date.fromordinal(d) for d in parent.data.get("meetings", [])]
    data: dict[str, Any] = {
        key: parent.data[key]
        for key in ("title", "agency", "subgroup", "open")
        if key in parent.data
    }
    data["escalated_on"] = _ord(on)
    data["via"] = via
    data["cycles_since_escalated"] = _count_after(meetings, on)
    if "meetings" in parent.data:
        data["meetings"] = list(parent.data["meetings"])
    return Fact(
        kind=kind,
        key=f"{kind}:{parent.subject}:{via}",
        subject=parent.subject,
        data=data,
        parent=parent.key,
    )


# --- the date a finding fell due -------------------------------------------------------

_DATE_RULE = re.compile(
    r"^\s*(?:(?P<fn>cycle|day_after|working_days|days)\(\s*(?P<field>[a-z_]+)\s*"
    r"(?:,\s*(?P<n>[a-z_]+|\d+)\s*)?\)|(?P<bare>[a-z_]+))\s*$"
)


@attrs.frozen(kw_only=True)
class DateRule:
    """How the date a finding fell due is worked out from its fact.

    ``field`` (that date), ``day_after(field)``, ``days(field, n)``,
    ``working_days(field, n)`` (the n-th working day after), or
    ``cycle(field, n)`` (the n-th meeting cycle after); ``n`` is a number or a
    parameter name.
    """

    text: str
    function: str | None
    field: str
    count: str | None

    def parameters(self) -> set[str]:
        """The parameter names the rule uses."""
        return {self.count} if self.count and not self.count.isdigit() else set()

    def describe(self, describe: Callable[[str], str]) -> str:
        """The rule in plain English, with fields as ``describe`` words them.

        >>> DateRule(text="", function="cycle", field="due_on", count="k").describe(str)
        'the date of the k-th meeting cycle after due_on'
        """
        field: str = describe(self.field)
        n = self.count
        if self.function is None:
            return field
        if self.function == "day_after":
            return f"the day after {field}"
        if self.function == "days":
            return f"{n} days after {field}"
        if self.function == "working_days":
            return f"the {n}-th working day after {field}"
        return f"the date of the {n}-th meeting cycle after {field}"

    def due(
        self,
        data: Mapping[str, Any],
        params: Mapping[str, Any],
        calendar: WorkingCalendar | None = None,
    ) -> date | None:
        """The date it fell due, or None when the fact lacks what is needed."""
        start = data.get(self.field)
        if not isinstance(start, int):
            return None
        day = date.fromordinal(start)
        n = 0
        if self.count is not None:
            n = int(self.count) if self.count.isdigit() else int(params[self.count])
        if self.function is None:
            return day
        if self.function == "day_after":
            return day + timedelta(days=1)
        if self.function == "days":
            return day + timedelta(days=n)
        if self.function == "working_days":
            return add_working_days(day, n, calendar)
        meetings = [date.fromordinal(d) for d in data.get("meetings", [])]
        return nth_meeting_after(meetings, day, n)


def parse_date_rule(text: str, kind: FactKind) -> DateRule:
    """Read a ``falls_due`` expression for facts of a kind.

    Raises:
        ValueError: the text is not a date rule, or names a field the kind
            has no date for.
    """
    match = _DATE_RULE.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(
            f"expected a date field, or day_after(f), days(f, n), working_days(f, n) or "
            f"cycle(f, n); got {text!r}"
        )
    function = match.group("fn")
    field = match.group("field") or match.group("bare")
    count = match.group("n")
    spec = kind.field(field)
    if spec is None or spec.type != "date":
        raise ValueError(f"{field!r} is not a date field of {kind.name} facts")
    if function in ("cycle", "days", "working_days") and count is None:
        raise ValueError(f"{function}() needs a number or a parameter: {function}({field}, n)")
    if function == "cycle" and kind.field("meetings") is None:
        raise ValueError(f"{kind.name} facts carry no meeting cycles to count")
    return DateRule(text=text, function=function, field=field, count=count)
