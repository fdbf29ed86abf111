"""The ``falls_due`` language: when the duty a finding reports fell due.

Each rule's outcome says how the date is worked out from its fact: a date
field itself (``due_on``), ``day_after(field)``, ``days(field, n)``,
``working_days(field, n)`` (the n-th working day after) or ``cycle(field, n)``
(the n-th meeting cycle after); ``n`` is a number or a parameter name.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

import attrs

from kscp_core.model.meetings import nth_meeting_after
from kscp_core.model.working_days import WorkingCalendar, add_working_days
from kscp_core.rulebook.vocabulary import FactKind, FieldType

__all__ = ["DateRule", "DueFunction", "parse_date_rule"]


class DueFunction(enum.Enum):
    """How a ``falls_due`` expression moves on from its date field."""

    DAY_AFTER = "day_after"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    CYCLE = "cycle"

    @property
    def counts(self) -> bool:
        """Whether it takes a count ``n``."""
        return self is not DueFunction.DAY_AFTER


_DATE_RULE = re.compile(
    r"^\s*(?:(?P<fn>[a-z_]+)\(\s*(?P<field>[a-z_]+)\s*"
    r"(?:,\s*(?P<n>[a-z_]+|\d+)\s*)?\)|(?P<bare>[a-z_]+))\s*$"
)
_FUNCTIONS = {f.value: f for f in DueFunction}


@attrs.frozen(kw_only=True)
class DateRule:
    """How the date a finding fell due is worked out from its fact.

    ``function`` is None for a bare date field; ``count`` is a number or a
    parameter name.
    """

    text: str
    function: DueFunction | None
    field: str
    count: str | None

    def parameters(self) -> set[str]:
        """The parameter names the rule uses."""
        return {self.count} if self.count and not self.count.isdigit() else set()

    def describe(
        self,
        describe: Callable[[str], str],
        count: Callable[[str, str], str] | None = None,
    ) -> str:
        """The rule in plain English, with fields as ``describe`` words them.

        With ``count``, the count is worded by it, given the count (a number or
        a parameter name) and what it counts (``day``, ``working day`` or
        ``meeting cycle``): "when 2 meeting cycles have passed after ...".

        >>> DateRule(text="", function=DueFunction.CYCLE, field="due_on", count="k").describe(str)
        'the date of the k-th meeting cycle after due_on'
        """
        field: str = describe(self.field)
        n = self.count
        if self.function is None:
            return field
        if self.function is DueFunction.DAY_AFTER:
            return f"the day after {field}"
        if count is not None and n is not None:
            if self.function is DueFunction.DAYS:
                return f"{count(n, 'day')} after {field}"
            if self.function is DueFunction.WORKING_DAYS:
                return f"{count(n, 'working day')} after {field}"
            verb = "has" if n == "1" else "have"
            return f"the day {count(n, 'meeting cycle')} {verb} passed after {field}"
        if self.function is DueFunction.DAYS:
            return f"{n} days after {field}"
        if self.function is DueFunction.WORKING_DAYS:
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
        if self.function is DueFunction.DAY_AFTER:
            return day + timedelta(days=1)
        if self.function is DueFunction.DAYS:
            return day + timedelta(days=n)
        if self.function is DueFunction.WORKING_DAYS:
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
    function = _FUNCTIONS.get(match.group("fn")) if match and match.group("fn") else None
    if not match or (match.group("fn") and function is None):
        raise ValueError(
            f"expected a date field, or day_after(f), days(f, n), working_days(f, n) or "
            f"cycle(f, n); got {text!r}"
        )
    field = match.group("field") or match.group("bare")
    count = match.group("n")
    spec = kind.field(field)
    if spec is None or spec.type is not FieldType.DATE:
        raise ValueError(f"{field!r} is not a date field of {kind.name} facts")
    if function is not None and function.counts and count is None:
        name = function.value
        raise ValueError(f"{name}() needs a number or a parameter: {name}({field}, n)")
    if function is DueFunction.CYCLE and kind.field("meetings") is None:
        raise ValueError(f"{kind.name} facts carry no meeting cycles to count")
    return DateRule(text=text, function=function, field=field, count=count)
