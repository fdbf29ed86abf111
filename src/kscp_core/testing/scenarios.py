"""YAML scenarios: given these records, on this date, expect these findings.

A scenario file (``*.scenario.yaml``) is written by policy staff as much as by
developers::

    name: An overdue action is escalated after two meeting cycles
    records: ../../examples/ashvale.yaml     # a records file, or the records inline
    with:                                    # optional: records added to those
      actions:
        - {id: A-900, title: ..., ...}
    overlay: ../my-overlay                   # optional: an overlay folder
    as_of: 2025-11-14
    expect:                                  # findings that must appear
      - {rule: escalation.two_cycles, subject: A-101}
    expect_not:                              # findings that must not appear
      - {rule: escalation.two_cycles, subject: A-100}
      - {rule: voice.advocacy_unavailable}   # no finding of this rule at all

A file may hold one scenario, or several under ``scenarios:`` sharing its
``records``, ``with`` and ``overlay``. Paths are relative to the file.
:func:`run_file` runs them and says, for each failure, the scenario, the
date, the rule and the difference, in words.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import attrs

from kscp_core.engine import Engine
from kscp_core.engine.findings import Finding
from kscp_core.errors import RecordsError, ScenarioError
from kscp_core.io.documents import read_document
from kscp_core.io.records import merge_records, structure
from kscp_core.rulebook import RuleBook

__all__ = [
    "Expectation",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "load_scenarios",
    "run_file",
    "run_scenario",
]

_KEYS = {"name", "records", "with", "overlay", "as_of", "expect", "expect_not", "scenarios"}
_ONE = {"name", "as_of", "expect", "expect_not", "with"}


@attrs.frozen(kw_only=True)
class Expectation:
    """A finding expected (or forbidden): a rule, and optionally the record it is about."""

    rule: str
    subject: str | None = None

    def matches(self, finding: Finding) -> bool:
        """Whether a finding is the one meant."""
        return finding.rule == self.rule and self.subject in (None, finding.subject)

    def __str__(self) -> str:
        return f"{self.rule} about {self.subject}" if self.subject else f"any {self.rule}"


@attrs.frozen(kw_only=True)
class Scenario:
    """One scenario, read from its file."""

    name: str
    source: str
    records: dict[str, Any]
    overlay: str | None
    as_of: date
    expect: tuple[Expectation, ...]
    expect_not: tuple[Expectation, ...]


@attrs.frozen(kw_only=True)
class ScenarioResult:
    """What running a scenario found: whether it passed, and each difference in words."""

    scenario: Scenario
    differences: tuple[str, ...]

    @property
    def passed(self) -> bool:
        """Whether every expectation held."""
        return not self.differences

    def report(self) -> str:
        """The result for a person: what was expected and what was found instead."""
        head = (
            f"scenario {self.scenario.name!r} ({self.scenario.source}) as of {self.scenario.as_of}"
        )
        if self.passed:
            return f"{head}: passed"
        return "\n".join([f"{head}: FAILED", *(f"  - {d}" for d in self.differences)])


def _expectations(raw: Any, source: str, where: str) -> tuple[Expectation, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ScenarioError(source, "expected a list of {rule, subject}", where)
    found = []
    for index, item in enumerate(raw):
        if isinstance(item, str):
            rule, _, named = item.partition(":")
            item = {"rule": rule, "subject": named or None}
        if not isinstance(item, dict) or not set(item) <= {"rule", "subject"} or "rule" not in item:
            raise ScenarioError(source, "expected {rule: ..., subject: ...}", f"{where}[{index}]")
        subject: Any = item.get("subject")
        found.append(
            Expectation(
                rule=str(item["rule"]), subject=str(subject) if subject is not None else None
            )
        )
    return tuple(found)


def _as_of(raw: Any, source: str, where: str) -> date:
    try:
        return date.fromisoformat(str(raw))
    except ValueError:
        raise ScenarioError(
            source, f"expected a date written YYYY-MM-DD, got {raw!r}", where
        ) from None


def _records(raw: Any, base: Path, source: str) -> dict[str, Any]:
    if isinstance(raw, str):
        try:
            data = read_document(base / raw)
        except RecordsError as error:
            raise ScenarioError(source, str(error), "records") from None
    else:
        data = raw
    if not isinstance(data, dict):
        raise ScenarioError(
            source, "expected a records file's path, or the records inline", "records"
        )
    return data


def _add(records: dict[str, Any], extra: Any, source: str, where: str) -> dict[str, Any]:
    if extra is None:
        return records
    if not isinstance(extra, dict):
        raise ScenarioError(source, "expected a mapping of records to add", where)
    return merge_records(records, extra)


def load_scenarios(path: str | Path) -> list[Scenario]:
    """Read the scenarios of a file.

    Raises:
        ScenarioError: the file is not a scenario file; names the file and field.
    """
    file = Path(path)
    source = str(file)
    try:
        data = read_document(file)
    except RecordsError as error:
        raise ScenarioError(source, "; ".join(str(p) for p in error.problems)) from None
    if not isinstance(data, dict):
        raise ScenarioError(source, "expected a mapping")
    unknown = set(data) - _KEYS
    if unknown:
        raise ScenarioError(
            source,
            f"unknown key {', '.join(sorted(map(str, unknown)))} "
            f"(allowed: {', '.join(sorted(_KEYS))})",
        )
    if "records" not in data:
        raise ScenarioError(source, "required field missing", "records")
    records = _add(_records(data["records"], file.parent, source), data.get("with"), source, "with")
    raw_overlay = data.get("overlay")
    if raw_overlay is not None and (not isinstance(raw_overlay, str) or not raw_overlay.strip()):
        raise ScenarioError(source, "expected the path of an overlay folder", "overlay")
    overlay = str(file.parent / raw_overlay) if raw_overlay else None
    items = data.get("scenarios", [{k: v for k, v in data.items() if k in _ONE}])
    if not isinstance(items, list) or not items:
        raise ScenarioError(source, "expected a list of scenarios", "scenarios")
    scenarios = []
    for index, item in enumerate(items):
        where = f"scenarios[{index}]" if "scenarios" in data else ""
        if not isinstance(item, dict) or not set(item) <= _ONE:
            raise ScenarioError(source, f"a scenario has only {', '.join(sorted(_ONE))}", where)
        for key in ("name", "as_of"):
            if key not in item:
                raise ScenarioError(
                    source, "required field missing", f"{where}.{key}" if where else key
                )
        scenarios.append(
            Scenario(
                name=str(item["name"]),
                source=source,
                records=_add(records, item.get("with"), source, f"{where}.with"),
                overlay=overlay,
                as_of=_as_of(item["as_of"], source, f"{where}.as_of" if where else "as_of"),
                expect=_expectations(item.get("expect"), source, "expect"),
                expect_not=_expectations(item.get("expect_not"), source, "expect_not"),
            )
        )
    return scenarios


_ENGINES: dict[str | None, Engine] = {}


def _engine(overlay: str | None) -> Engine:
    if overlay not in _ENGINES:
        _ENGINES[overlay] = Engine(RuleBook.load(overlay=overlay) if overlay else RuleBook.load())
    return _ENGINES[overlay]


def run_scenario(scenario: Scenario, engine: Engine | None = None) -> ScenarioResult:
    """Run one scenario and compare what the rules find with what it expects.

    Raises:
        RecordsError: the scenario's records are not valid records.
    """
    partnership = structure(scenario.records, f"{scenario.source}: {scenario.name}: records")
    findings = (engine or _engine(scenario.overlay)).evaluate(partnership, scenario.as_of)
    differences = []
    for wanted in scenario.expect:
        if not any(wanted.matches(f) for f in findings):
            about = [f.rule for f in findings if f.subject == wanted.subject]
            also = (
                f"; found about {wanted.subject}: {', '.join(about)}"
                if about
                else (f"; nothing was found about {wanted.subject}" if wanted.subject else "")
            )
            differences.append(f"expected {wanted}, but it was not found{also}")
    for unwanted in scenario.expect_not:
        for finding in findings:
            if unwanted.matches(finding):
                differences.append(f"expected no {unwanted}, but found: {finding.message}")
    return ScenarioResult(scenario=scenario, differences=tuple(differences))


def run_file(path: str | Path) -> list[ScenarioResult]:
    """Run every scenario of a file."""
    return [run_scenario(s) for s in load_scenarios(path)]
