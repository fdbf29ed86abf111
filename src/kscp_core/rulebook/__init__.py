"""The rulebook: the framework's requirements as data, read strictly from ``rules/``.

This layer runs nothing. It reads the rule files and overlays
(:class:`~kscp_core.rulebook.book.RuleBook`) and holds the condition language
(:mod:`kscp_core.rulebook.conditions`), the ``falls_due`` language
(:mod:`kscp_core.rulebook.falls_due`), the vocabulary of facts rules may test
(:mod:`kscp_core.rulebook.vocabulary`) and the proportionality decision table
(:mod:`kscp_core.rulebook.proportionality`).
"""

from kscp_core.rulebook.book import RuleBook
from kscp_core.rulebook.packaged import packaged_rules_dir
from kscp_core.rulebook.rules import (
    Clause,
    Example,
    ExpectedFinding,
    Family,
    Outcome,
    Parameter,
    ParameterValue,
    Recipient,
    Rule,
    Severity,
    Source,
    SourceStatus,
)

__all__ = [
    "Clause",
    "Example",
    "ExpectedFinding",
    "Family",
    "Outcome",
    "Parameter",
    "ParameterValue",
    "Recipient",
    "Rule",
    "RuleBook",
    "Severity",
    "Source",
    "SourceStatus",
    "packaged_rules_dir",
]
