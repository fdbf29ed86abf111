"""What went wrong, and where: the errors kscp_core raises.

Every error a user can cause is a :class:`KscpError`. Each subclass says what
the user did and where (file, path inside it, rule id), so a command line or a
host system can show the message as it is, without a traceback::

    KscpError
    ├── RecordsError          records file (or posted record) unreadable, malformed or inconsistent
    ├── RuleBookError         rule or overlay file malformed
    │   └── ConditionError    a condition outside the condition language
    ├── ScenarioError         a scenario file that cannot be read
    ├── EvaluationError       the engine could not evaluate
    │   └── RuleActionError   a rule's action failed inside the engine
    ├── DurableUnavailableError  durable-rules cannot run on this interpreter
    ├── UsageError            a call the library cannot take as made (also a ValueError)
    ├── UnknownRuleError      a rule id the RuleBook does not have (also a KeyError)
    ├── UnknownSubgroupError  a subgroup id the records do not have
    ├── UnknownFindingError   a finding id that no evaluation produced
    └── DocsUnavailableError  the docs extra is not installed

Every class is importable from :mod:`kscp_core` itself.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import attrs

__all__ = [
    "ConditionError",
    "DocsUnavailableError",
    "DurableUnavailableError",
    "EvaluationError",
    "KscpError",
    "Problem",
    "RecordsError",
    "RuleActionError",
    "RuleBookError",
    "ScenarioError",
    "UnknownFindingError",
    "UnknownRuleError",
    "UnknownSubgroupError",
    "UsageError",
]


class KscpError(Exception):
    """Something a user gave kscp_core that it cannot use as given."""


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong in a file: where it is, and what was expected."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class RecordsError(KscpError):
    """A records file that cannot be loaded as a partnership's records.

    Args:
        source: the file (or a description such as ``<records>``) being read.
        problems: each problem with its path inside the file.
    """

    def __init__(self, source: str, problems: Sequence[Problem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        count = len(self.problems)
        head = f"{source}: {count} problem{'s' if count != 1 else ''} in the records"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


class RuleBookError(KscpError):
    """A rule or overlay file that cannot be used.

    Args:
        source: the file.
        rule: the rule id (or parameter name) concerned, if any.
        field: the field of the rule at fault, if any.
        message: what is wrong and what was expected.
    """

    def __init__(
        self, source: str, message: str, *, rule: str | None = None, field: str | None = None
    ) -> None:
        self.source = source
        self.rule = rule
        self.field = field
        self.detail = message
        where = source
        if rule:
            where += f": rule {rule}"
        if field:
            where += f": {field}"
        super().__init__(f"{where}: {message}")


class ConditionError(RuleBookError):
    """A condition that is not in the condition language.

    Args:
        expression: the condition text.
        message: what is wrong.
        column: the 1-based column where the problem starts, if known.
        source, rule, field: where the condition was written.
    """

    def __init__(
        self,
        expression: str,
        message: str,
        *,
        column: int | None = None,
        source: str = "<condition>",
        rule: str | None = None,
        field: str | None = "condition",
    ) -> None:
        self.expression = expression
        self.column = column
        text = message
        if column is not None:
            text += f" (column {column} of {expression!r})"
        else:
            text += f" (in {expression!r})"
        super().__init__(source, text, rule=rule, field=field)


class EvaluationError(KscpError):
    """The rules could not be evaluated against the records."""


class RuleActionError(EvaluationError):
    """A rule's action failed inside the engine.

    Args:
        rule: the rule whose action failed.
        detail: the error it raised.
    """

    def __init__(self, rule: str, detail: str) -> None:
        self.rule = rule
        self.detail = detail
        super().__init__(f"rule {rule}: its action failed inside the engine: {detail}")


class ScenarioError(KscpError):
    """A scenario file that cannot be read: says the file, the scenario and the field.

    Args:
        source: the scenario file.
        message: what is wrong.
        where: the scenario and field, if known.
    """

    def __init__(self, source: str, message: str, where: str = "") -> None:
        self.source = source
        self.where = where
        super().__init__(f"{source}{': ' + where if where else ''}: {message}")


class DurableUnavailableError(KscpError):
    """durable-rules cannot run here: asked for on an interpreter it does not support.

    The message says why; the Python path gives the same findings everywhere.
    """


class UsageError(KscpError, ValueError):
    """A call the library cannot take as made: a wrong argument, or a closed Session.

    It is a mistake in the calling code, not in the records or the rules.
    """


class UnknownRuleError(KscpError, KeyError):
    """A rule id that the RuleBook does not have.

    Args:
        rule: the id asked for.
        known: the ids the RuleBook has, to suggest the nearest.
    """

    def __init__(self, rule: str, known: Sequence[str] = ()) -> None:
        self.rule = rule
        close = difflib.get_close_matches(rule, list(known), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        self.message = f"no rule {rule!r} in the RuleBook{hint}"
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class UnknownSubgroupError(KscpError):
    """A subgroup id that the records do not have."""

    def __init__(self, subgroup: str, known: list[str]) -> None:
        self.subgroup = subgroup
        super().__init__(f"no subgroup {subgroup!r} in the records (subgroups: {', '.join(known)})")


class UnknownFindingError(KscpError):
    """A finding id that the evaluation did not produce."""

    def __init__(self, finding_id: str, as_of: str) -> None:
        self.finding_id = finding_id
        super().__init__(f"no finding {finding_id!r} as of {as_of}")


class DocsUnavailableError(KscpError):
    """Building documentation needs the ``docs`` extra: ``pip install 'kscp_core[docs]'``."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"building the documentation needs kscp_core[docs] ({detail})")
