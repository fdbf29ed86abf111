"""Assertions for a host's pytest suite, with failures a policy officer can read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from kscp_core.engine import Engine
from kscp_core.model.partnership import Partnership
from kscp_core.rulebook import RuleBook
from kscp_core.testing.scenarios import Expectation

__all__ = ["assert_findings"]


def _expectation(item: str | tuple[str, str | None]) -> Expectation:
    if isinstance(item, tuple):
        return Expectation(rule=item[0], subject=item[1])
    rule, _, subject = item.partition(":")
    return Expectation(rule=rule, subject=subject or None)


def assert_findings(
    partnership: Partnership,
    as_of: date,
    *,
    includes: Iterable[str | tuple[str, str | None]] = (),
    excludes: Iterable[str | tuple[str, str | None]] = (),
    rulebook: RuleBook | None = None,
) -> None:
    """Assert which findings the rules make about the records as of a date.

    ``includes`` and ``excludes`` name findings as ``"rule:subject"``,
    ``("rule", "subject")``, or a rule id alone for any record.

    Raises:
        AssertionError: listing each expected finding not found and each
            unwanted finding found, in words.
    """
    findings = Engine(rulebook).evaluate(partnership, as_of)
    problems = []
    for wanted in map(_expectation, includes):
        if not any(wanted.matches(f) for f in findings):
            problems.append(f"expected {wanted} as of {as_of}, but the rules did not find it")
    for unwanted in map(_expectation, excludes):
        problems += [
            f"expected no {unwanted} as of {as_of}, but found: {f.message}"
            for f in findings
            if unwanted.matches(f)
        ]
    if problems:
        raise AssertionError("\n".join(problems))
