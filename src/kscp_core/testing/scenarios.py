"""YAML scenarios: given these records, on this date, expect these findings.

A scenario file (``*.scenario.yaml``) is written by policy staff as much as by
developers::

    name: An overdue action is escalated after two meeting cycles
    records: ../../examples/ashvale.yaml     # a records file, or the records inline
    with:                                    # optional: records added, or patched by id
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

import re
from collections.abc import Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import yaml

from kscp_core.engine import Engine
from kscp_core.engine.findings import Finding
from kscp_core.errors import (
    KscpError,
    Problem,
    RecordsError,
    ScenarioError,
    UnknownRuleError,
    UsageError,
)
from kscp_core.facts.projection import project
from kscp_core.io.documents import read_document
from kscp_core.io.records import merge_records, structure
from kscp_core.model.partnership import COLLECTIONS, Partnership, record_ids
from kscp_core.rulebook import RuleBook
from kscp_core.rulebook.vocabulary import FACT_KINDS

__all__ = [
    "Expectation",
    "Scenario",
    "ScenarioError",
    "ScenarioResult",
    "load_scenarios",
    "rule_subjects",
    "run_file",
    "run_scenario",
    "subjects_of",
    "unmeetable",
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
    #: the line (1-based) in its file of each part, such as ``expect[0]``
    lines: dict[str, int] = attrs.field(factory=dict, eq=False, repr=False)
    #: where in its file its ``with`` added or patched each record, by collection and id
    patched: dict[tuple[str, str], str] = attrs.field(factory=dict, eq=False, repr=False)

    def where(self, part: str) -> str:
        """A part of the scenario as a reader finds it: ``expect[0] (line 12)``."""
        line = self.lines.get(part)
        return f"{part} (line {line})" if line else part


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
    """The records with a scenario's ``with:`` applied.

    A record whose id is already there is patched: the fields given replace
    those fields, the rest stay. A record with a new id is added whole.
    """
    if extra is None:
        return records
    if not isinstance(extra, dict):
        raise ScenarioError(source, "expected a mapping of records to add or patch", where)
    patched: dict[str, Any] = {}
    for collection, items in extra.items():
        existing = records.get(collection)
        if not isinstance(items, list) or not isinstance(existing, list):
            patched[collection] = items
            continue
        by_id = {r.get("id"): r for r in existing if isinstance(r, dict)}
        patched[collection] = [
            {**by_id[item["id"]], **item}
            if isinstance(item, dict) and item.get("id") in by_id
            else item
            for item in items
        ]
    return merge_records(records, patched)


def _lines(file: Path) -> dict[tuple[Any, ...], int]:
    """The line (1-based) each value of a YAML file starts on, by its path of keys and indexes.

    The file was read safely once already (its size, nodes and depth bounded);
    this composes the same text again, for its marks only.
    """
    found: dict[tuple[Any, ...], int] = {}

    def walk(node: yaml.Node, path: tuple[Any, ...]) -> None:
        found.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode):
                    found.setdefault((*path, key.value), key.start_mark.line + 1)
                    walk(value, (*path, key.value))
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                walk(item, (*path, index))

    try:
        root = yaml.compose(file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (yaml.YAMLError, OSError, UnicodeError):
        return found
    if root is not None:
        walk(root, ())
    return found


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
    lines = _lines(file) if file.suffix.lower() in (".yaml", ".yml") else {}
    scenarios = []
    for index, item in enumerate(items):
        where = f"scenarios[{index}]" if "scenarios" in data else ""
        prefix: tuple[Any, ...] = ("scenarios", index) if where else ()
        at = {
            f"{key}[{i}]": lines[(*prefix, key, i)]
            for key in ("expect", "expect_not")
            for i in range(len(item.get(key) or []) if isinstance(item, dict) else 0)
            if (*prefix, key, i) in lines
        }
        patched = {
            (collection, str(r.get("id"))): f"{place}.{collection}[{i}]"
            + (
                f" (line {lines[(*keys, collection, i)]})"
                if (*keys, collection, i) in lines
                else ""
            )
            for place, keys, extra in (
                ("with", ("with",), data.get("with")),
                (
                    f"{where}.with" if where else "with",
                    (*prefix, "with"),
                    (item.get("with") if isinstance(item, dict) and where else None),
                ),
            )
            if isinstance(extra, dict)
            for collection, records_ in extra.items()
            if isinstance(records_, list)
            for i, r in enumerate(records_)
            if isinstance(r, dict)
        }
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
                lines=at,
                patched=patched,
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
    try:
        partnership = structure(scenario.records, f"{scenario.source}: {scenario.name}: records")
    except RecordsError as error:
        raise ScenarioError(
            scenario.source,
            f"{scenario.name}: its records are not valid records: "
            + "; ".join(_in_scenario(scenario, p) for p in error.problems),
        ) from None
    engine = engine or _engine(scenario.overlay)
    _check_expectations(scenario, engine, partnership)
    findings = engine.evaluate(partnership, scenario.as_of)
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


def _in_scenario(scenario: Scenario, problem: Problem) -> str:
    """A problem in the merged records, said where the scenario file wrote the record."""
    match = re.match(r"(\w+)\[(\d+)\](.*)", problem.path)
    if match:
        collection, index, rest = match.group(1), int(match.group(2)), match.group(3)
        records = scenario.records.get(collection)
        if isinstance(records, list) and index < len(records):
            record = records[index]
            key = (collection, str(record.get("id")) if isinstance(record, dict) else "")
            if key in scenario.patched:
                return f"{scenario.patched[key]}{rest}: {problem.message}"
    return str(problem)


def subjects_of(engine: Engine, partnership: Partnership, as_of: date) -> dict[str, set[str]]:
    """What a finding can be about on a date, by kind of fact.

    The ids of the records of the kind's collection (an agency outside the
    Section 11 duty is still an agency a Section 11 rule may be said not to be
    about), and the subject of every fact projected on that date (a quarter, a
    membership, whose subjects are not record ids).
    """
    found: dict[str, set[str]] = {}
    for fact in project(engine.context(partnership, as_of)):
        found.setdefault(fact.kind, set()).add(fact.subject)
    for name, kind in FACT_KINDS.items():
        if kind.subject in COLLECTIONS or kind.subject == "recommendations":
            found.setdefault(name, set()).update(record_ids(partnership, kind.subject))
    return found


def rule_subjects(engine: Engine, rule_id: str, subjects: dict[str, set[str]]) -> set[str]:
    """What one rule's findings can be about: the subjects of facts of its kind.

    A chained kind (an escalation, chained from an action) has its parent's
    subjects.
    """
    rules = engine.rulebook.rules
    kinds = {engine.rulebook.rule(rule_id).applies_to}
    while True:
        more = {r.applies_to for r in rules if r.outcome.emits in kinds} - kinds
        if not more:
            break
        kinds |= more
    return set().union(*(subjects.get(kind, set()) for kind in kinds))


def unmeetable(
    engine: Engine, partnership: Partnership, as_of: date, expectations: Sequence[Expectation]
) -> Iterator[tuple[int, KscpError]]:
    """Each expectation that could never be met, or never fail (it checks nothing), and why.

    A rule the rules do not have is an :class:`~kscp_core.errors.UnknownRuleError` (with the
    nearest id); a subject no record of the rule's kind has, a
    :class:`~kscp_core.errors.UsageError`.
    """
    known = [r.id for r in engine.rulebook.rules]
    subjects: dict[str, set[str]] | None = None
    for index, wanted in enumerate(expectations):
        if wanted.rule not in known:
            yield index, UnknownRuleError(wanted.rule, known)
        elif wanted.subject is not None:
            if subjects is None:
                subjects = subjects_of(engine, partnership, as_of)
            if wanted.subject not in rule_subjects(engine, wanted.rule, subjects):
                yield (
                    index,
                    UsageError(
                        f"{wanted.rule} is never about {wanted.subject!r}: no record of the "
                        f"kind it looks at has that id as of {as_of}"
                    ),
                )


def _check_expectations(scenario: Scenario, engine: Engine, partnership: Partnership) -> None:
    """Refuse an expectation that could never be met, or never fail, naming its line."""
    for part, items in (("expect", scenario.expect), ("expect_not", scenario.expect_not)):
        for index, error in unmeetable(engine, partnership, scenario.as_of, items):
            where = scenario.where(f"{part}[{index}]")
            raise ScenarioError(scenario.source, str(error), where)


def run_file(path: str | Path) -> list[ScenarioResult]:
    """Run every scenario of a file."""
    return [run_scenario(s) for s in load_scenarios(path)]
