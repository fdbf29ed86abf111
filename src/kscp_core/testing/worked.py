"""Run a rule's worked examples: given these records, as of this date, these findings."""

from __future__ import annotations

from kscp_core.engine import Engine, Method
from kscp_core.io.records import structure
from kscp_core.rulebook import Example, Rule

__all__ = ["check_example"]


def check_example(
    engine: Engine, rule: Rule, example: Example, *, method: Method = "durable"
) -> list[str]:
    """The differences between a worked example's expected findings and what the rule finds.

    An empty list means the example holds. Only the findings of ``rule`` are
    compared: exactly the expected subjects, each with its due date if given.

    Raises:
        RecordsError: the example's records are not valid records.
    """
    where = f"{rule.file}: {rule.id}: example {example.name!r}"
    partnership = structure(example.given, where)
    findings = {
        f.subject: f
        for f in engine.evaluate(partnership, example.as_of, method=method)
        if f.rule == rule.id
    }
    expected = {e.subject: e for e in example.expect}
    problems = []
    for subject in sorted(set(expected) - set(findings)):
        problems.append(f"expected a finding about {subject}, got none")
    for subject in sorted(set(findings) - set(expected)):
        problems.append(f"did not expect a finding about {subject}: {findings[subject].message}")
    for subject in sorted(set(expected) & set(findings)):
        want = expected[subject].falls_due
        got = findings[subject].falls_due
        if want is not None and want != got:
            problems.append(f"{subject}: expected it to fall due on {want}, got {got}")
    return [f"{where} as of {example.as_of}: {p}" for p in problems]
