"""A rule and its parts, as data: what it checks, why, with which numbers, and examples."""

from __future__ import annotations

import enum
import math
from datetime import date
from typing import Any

import attrs

from kscp_core.rulebook.conditions import (
    Condition,
    Scalar,
)
from kscp_core.rulebook.falls_due import DateRule

__all__ = [
    "Clause",
    "Example",
    "ExpectedFinding",
    "Family",
    "Outcome",
    "Parameter",
    "ParameterType",
    "ParameterValue",
    "Recipient",
    "Rule",
    "Severity",
    "Source",
    "SourceStatus",
]


class Severity(enum.Enum):
    """How serious a finding is."""

    BREACH = "breach"
    WARNING = "warning"
    ADVICE = "advice"

    @property
    def rank(self) -> int:
        """0 for a breach, 1 for a warning, 2 for advice."""
        return list(Severity).index(self)


class Recipient(enum.Enum):
    """Who must act on a finding."""

    AGENCY = "agency"
    SUBGROUP = "subgroup"
    SUBGROUP_CHAIR = "subgroup_chair"
    SE_SUBGROUP = "se_subgroup"
    BUSINESS_GROUP = "business_group"
    PARTNERSHIP_CHAIR = "partnership_chair"
    SERIOUS_PRACTICE_REVIEW_SUBGROUP = "serious_practice_review_subgroup"
    CHILD_DEATH_OVERVIEW_PANEL = "child_death_overview_panel"
    LEARNING_AND_DEVELOPMENT_SUBGROUP = "learning_and_development_subgroup"
    #: the partner agency that is the local authority (the lowest id, if several)
    LOCAL_AUTHORITY = "local_authority"


class SourceStatus(enum.Enum):
    """Whether a parameter's source has been checked."""

    VERIFIED = "verified"
    TO_VERIFY = "to verify"
    #: read only where others quote or summarise it (partnerships' procedures), not in the
    #: primary text
    SECONDARY_ONLY = "secondary sources only"
    LOCAL_CHOICE = "local choice"


@attrs.frozen(kw_only=True)
class Clause:
    """A normative clause of the framework, in its own words."""

    id: str
    section: str
    quote: str
    checkable: bool
    #: the older clause whose quote held these words before it was split (one obligation each)
    split_from: str | None = None


@attrs.frozen(kw_only=True)
class Source:
    """A source other than the framework: statute or statutory guidance, with a link."""

    title: str
    link: str | None = None


@attrs.frozen(kw_only=True)
class ParameterValue:
    """A parameter's value from a date, with its provenance."""

    value: Scalar
    since: date
    source: str
    status: SourceStatus
    overlay: str | None = None


class ParameterType(enum.Enum):
    """What kind of value a parameter takes."""

    WHOLE_NUMBER = "whole number"
    NUMBER = "number"
    #: a number from 0 to 1 (shown as a percentage)
    SHARE = "share"
    TEXT = "text"
    TRUE_FALSE = "true or false"

    def allows(self, value: object) -> bool:
        """Whether a value is of this kind (true/false is never a number)."""
        if self is ParameterType.TEXT:
            return isinstance(value, str)
        if self is ParameterType.TRUE_FALSE:
            return isinstance(value, bool)
        if isinstance(value, bool) or not isinstance(value, int | float):
            return False
        if not math.isfinite(value):
            return False
        if self is ParameterType.WHOLE_NUMBER:
            return isinstance(value, int) or value.is_integer()
        if self is ParameterType.SHARE:
            return 0 <= value <= 1
        return True


@attrs.frozen(kw_only=True)
class Parameter:
    """A number (or other value) a rule uses, and its values over time.

    For any date exactly one value applies: the latest whose ``since`` is on
    or before the date; the earliest value also covers dates before it.
    """

    name: str
    description: str
    unit: str | None
    values: tuple[ParameterValue, ...]
    #: what policy staff call it ("meeting cycles before escalation"), for pages and messages
    title: str = ""
    file: str
    type: ParameterType = ParameterType.NUMBER
    minimum: float | None = None
    maximum: float | None = None

    def refuses(self, value: object) -> str | None:
        """Why a value cannot be this parameter's, or None when it can."""
        allowed = self.type.value
        if self.minimum is not None or self.maximum is not None:
            low = "" if self.minimum is None else f"{self.minimum:g}"
            high = "" if self.maximum is None else f"{self.maximum:g}"
            allowed += f" from {low or '...'} to {high or '...'}"
        if not self.type.allows(value):
            return f"expected a {allowed}, got {value!r}"
        if isinstance(value, int | float) and not isinstance(value, bool):
            below = self.minimum is not None and value < self.minimum
            above = self.maximum is not None and value > self.maximum
            if below or above:
                return f"expected a {allowed}, got {value!r}"
        return None

    def value_on(self, day: date) -> ParameterValue:
        """The value that applies on a date."""
        current = self.values[0]
        for value in self.values[1:]:
            if value.since <= day:
                current = value
        return current


@attrs.frozen(kw_only=True)
class Outcome:
    """What a rule's finding says: how serious, to whom, in what words, due when."""

    severity: Severity
    recipient: Recipient
    message: str
    falls_due: DateRule
    emits: str | None = None
    #: a finding of this rule stops a learning output from being cleared for publication
    blocks_publication: bool = False


@attrs.frozen(kw_only=True)
class ExpectedFinding:
    """A finding a worked example expects: its subject, and optionally its due date."""

    subject: str
    falls_due: date | None = None


@attrs.frozen(kw_only=True)
class Example:
    """A worked example: given these records, as of this date, these findings of the rule."""

    name: str
    given: dict[str, Any]
    as_of: date
    expect: tuple[ExpectedFinding, ...]
    own: dict[str, Any] = attrs.field(factory=dict, eq=False)


@attrs.frozen(kw_only=True)
class Rule:
    """One rule of the framework, as data."""

    id: str
    family: str
    title: str
    statement: str
    clauses: tuple[str, ...]
    sources: tuple[Source, ...]
    applies_to: str
    condition_text: str
    condition: Condition = attrs.field(eq=False, repr=False)
    parameters: tuple[str, ...]
    outcome: Outcome
    examples: tuple[Example, ...]
    file: str
    switched_off: str | None = None
    overlay: str | None = None


@attrs.frozen(kw_only=True)
class Family:
    """A rule family: one file of rules."""

    name: str
    title: str
    description: str
    file: str
