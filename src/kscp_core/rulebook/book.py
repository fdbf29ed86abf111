"""The RuleBook: the rules, their parameters and the clause register, with overlays applied.

One YAML file per rule family. Each rule has a stable id (``family.name``), a
title, a plain English statement, the framework clauses it encodes and any
other source, its condition, its outcome, and worked examples. Parameters
(every number a rule uses) carry their values over time, each with its date,
source and whether that source is verified, still to verify, or a local choice.

A partnership changes the rules only through an *overlay* folder of YAML
files: new values for parameters from a date, extra rules, and rules switched
off with a recorded reason. Everything is checked on loading; an error names
the file, the rule id and the field.
"""

from __future__ import annotations

import functools
from datetime import date
from pathlib import Path

import attrs

from kscp_core.errors import RuleBookError, UnknownRuleError
from kscp_core.rulebook.conditions import (
    Scalar,
)
from kscp_core.rulebook.packaged import packaged_rules_dir
from kscp_core.rulebook.proportionality import DecisionTable, load_table
from kscp_core.rulebook.reading import (
    FAMILY_NAME,
    Reader,
    check_ordered,
    check_values,
    read_clauses,
    read_file,
    read_parameter,
    read_rule,
    read_traceability,
    read_value,
)
from kscp_core.rulebook.rules import Clause, Family, Parameter, Rule

__all__ = ["RuleBook"]


def _check_chains(rules: tuple[Rule, ...], source: str) -> None:
    """Refuse rules whose chained facts lead back to a kind they came from.

    A rule about facts of one kind may emit a chained fact of another (an
    action, once escalated, becomes an escalation fact); a chain that returns
    to its start would derive facts without end, on either path.
    """
    emits: dict[str, list[Rule]] = {}
    for rule in rules:
        if rule.outcome.emits is not None and rule.switched_off is None:
            emits.setdefault(rule.applies_to, []).append(rule)

    def walk(kind: str, path: tuple[Rule, ...]) -> None:
        for rule in emits.get(kind, ()):
            target = rule.outcome.emits
            assert target is not None
            if any(r.applies_to == target for r in (*path, rule)):
                chain = " -> ".join(
                    f"{r.id} ({r.applies_to} to {r.outcome.emits})" for r in (*path, rule)
                )
                raise RuleBookError(
                    rule.overlay or rule.file,
                    f"its chained facts lead back where they started, without end: {chain}",
                    rule=rule.id,
                    field="outcome.emits",
                )
            walk(target, (*path, rule))

    for start in sorted(emits):
        walk(start, ())


@functools.cache
def _packaged_book() -> RuleBook:
    """The packaged rules, read once per process: a RuleBook is never changed in place."""
    return RuleBook._read(packaged_rules_dir())


@attrs.frozen(kw_only=True)
class RuleBook:
    """The rules, their parameters and the clause register, as loaded."""

    rules: tuple[Rule, ...]
    parameters: dict[str, Parameter]
    clauses: dict[str, Clause]
    families: tuple[Family, ...]
    not_encoded: dict[str, str] = attrs.field(factory=dict)
    proportionality: DecisionTable | None = None
    overlay: str | None = None

    @classmethod
    def load(
        cls, overlay: str | Path | None = None, *, rules_dir: str | Path | None = None
    ) -> RuleBook:
        """Load the packaged rules, and a partnership's overlay folder if given.

        Raises:
            RuleBookError: naming the file, the rule id and the field at fault.
        """
        book = _packaged_book() if rules_dir is None else cls._read(Path(rules_dir))
        if overlay is not None:
            book = book.with_overlay(overlay)
        return book

    @classmethod
    def _read(cls, folder: Path) -> RuleBook:
        """The rulebook in one folder of rule files, without an overlay."""
        clauses = read_clauses(folder / "clauses.yaml")
        files = sorted(
            p
            for p in folder.glob("*.yaml")
            if p.name not in ("clauses.yaml", "traceability.yaml", "proportionality.yaml")
        )
        parameters: dict[str, Parameter] = {}
        documents = []
        for path in files:
            reader = Reader(str(path))
            data = reader.mapping(
                read_file(path),
                None,
                None,
                required=("family", "title", "description", "rules"),
                optional=("parameters", "example_records"),
            )
            documents.append((reader, data))
            raw_params = reader.mapping(
                data.get("parameters", {}),
                "parameters",
                None,
                optional=data.get("parameters", {}).keys()
                if isinstance(data.get("parameters"), dict)
                else (),
            )
            for name, raw in raw_params.items():
                if name in parameters:
                    raise reader.fail(
                        f"parameter already declared in {parameters[name].file}",
                        None,
                        f"parameters.{name}",
                    )
                parameters[name] = read_parameter(reader, name, raw, None)
        rules: list[Rule] = []
        families: list[Family] = []
        seen: dict[str, str] = {}
        for reader, data in documents:
            family = reader.text(data["family"], None, "family")
            if not FAMILY_NAME.fullmatch(family):
                raise reader.fail(
                    "expected a name in lower case: letters, digits, _", None, "family"
                )
            families.append(
                Family(
                    name=family,
                    title=reader.text(data["title"], None, "title"),
                    description=reader.text(data["description"], None, "description"),
                    file=reader.file,
                )
            )
            base = data.get("example_records", {})
            if not isinstance(base, dict):
                raise reader.fail("expected a mapping of records", None, "example_records")
            for i, raw in enumerate(reader.list(data["rules"], None, "rules")):
                rule = read_rule(reader, raw, i, family, parameters, clauses, base, None)
                if rule.id in seen:
                    raise reader.fail(f"duplicate rule id (also in {seen[rule.id]})", rule.id, "id")
                seen[rule.id] = reader.file
                rules.append(rule)
        book = cls(
            rules=tuple(sorted(rules, key=lambda r: r.id)),
            parameters=parameters,
            clauses=clauses,
            families=tuple(families),
            not_encoded=read_traceability(folder / "traceability.yaml", clauses, rules),
            proportionality=load_table(folder / "proportionality.yaml"),
        )
        _check_chains(book.rules, str(folder))
        return book

    def with_overlay(self, folder: str | Path) -> RuleBook:
        """This rulebook with a partnership's overlay folder applied.

        An overlay file may hold ``parameters`` (new values from a date for a
        packaged parameter, or a new parameter for its own rules), ``rules``
        (extra rules, in the family named by their ids) and ``switch_off``
        (rule ids with the reason). A value on the same date as a packaged
        value replaces it.
        """
        path = Path(folder)
        if not path.is_dir():
            raise RuleBookError(str(path), "an overlay is a folder of .yaml (or .yml) files")
        parameters = dict(self.parameters)
        rules = {r.id: r for r in self.rules}
        families = list(self.families)
        files = sorted(p for p in path.iterdir() if p.suffix.lower() in (".yaml", ".yml"))
        if not files:
            raise RuleBookError(str(path), "an overlay is a folder of .yaml (or .yml) files")
        for file in files:
            reader = Reader(str(file))
            data = reader.mapping(
                read_file(file),
                None,
                None,
                optional=("parameters", "rules", "switch_off", "example_records"),
            )
            raw_params = data.get("parameters", {})
            if not isinstance(raw_params, dict):
                raise reader.fail("expected a mapping of parameters", None, "parameters")
            for name, raw in raw_params.items():
                if isinstance(name, str) and name in parameters:
                    old = parameters[name]
                    item = reader.mapping(raw, f"parameters.{name}", None, required=("values",))
                    new = [
                        read_value(reader, v, name, i, str(file))
                        for i, v in enumerate(
                            reader.list(item["values"], None, f"parameters.{name}.values")
                        )
                    ]
                    check_ordered(reader, name, new)
                    check_values(reader, old, new)
                    replaced = {v.since for v in new}
                    merged = [v for v in old.values if v.since not in replaced] + new
                    parameters[name] = attrs.evolve(
                        old, values=tuple(sorted(merged, key=lambda v: v.since))
                    )
                else:
                    parameters[name] = read_parameter(reader, name, raw, str(file))
            base = data.get("example_records", {})
            if not isinstance(base, dict):
                raise reader.fail("expected a mapping of records", None, "example_records")
            for i, raw in enumerate(reader.list(data.get("rules", []), None, "rules")):
                rule_id = raw.get("id") if isinstance(raw, dict) else None
                family = rule_id.split(".")[0] if isinstance(rule_id, str) else ""
                rule = read_rule(reader, raw, i, family, parameters, self.clauses, base, str(file))
                if rule.id in rules:
                    raise reader.fail(
                        "duplicate rule id: an overlay adds rules, it does not redefine them",
                        rule.id,
                        "id",
                    )
                rules[rule.id] = rule
                if family not in {f.name for f in families}:
                    families.append(
                        Family(
                            name=family,
                            title=f"Local rules: {family}",
                            description="Rules added by the partnership's overlay.",
                            file=str(file),
                        )
                    )
            for i, raw in enumerate(reader.list(data.get("switch_off", []), None, "switch_off")):
                item = reader.mapping(raw, f"switch_off[{i}]", None, required=("rule", "reason"))
                target = item["rule"]
                if target not in rules:
                    raise reader.fail(
                        f"no rule {target!r} to switch off", str(target), f"switch_off[{i}].rule"
                    )
                reason = reader.text(item["reason"], target, f"switch_off[{i}].reason")
                rules[target] = attrs.evolve(rules[target], switched_off=reason, overlay=str(file))
        # an overlay changes only what it names: everything else (the clause
        # register, the reasons for clauses no rule encodes, the proportionality
        # table) stays as loaded
        _check_chains(tuple(rules.values()), str(path))
        return attrs.evolve(
            self,
            rules=tuple(sorted(rules.values(), key=lambda r: r.id)),
            parameters=parameters,
            families=tuple(families),
            overlay=str(path),
        )

    @property
    def active(self) -> tuple[Rule, ...]:
        """The rules that run (not switched off)."""
        return tuple(r for r in self.rules if r.switched_off is None)

    def rule(self, rule_id: str) -> Rule:
        """The rule with that id.

        Raises:
            UnknownRuleError: there is no such rule (it is also a ``KeyError``).
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise UnknownRuleError(rule_id, [r.id for r in self.rules])

    def parameter_values(self, day: date) -> dict[str, Scalar]:
        """The value of every parameter on a date."""
        return {name: p.value_on(day).value for name, p in self.parameters.items()}

    def epoch(self, day: date) -> tuple[tuple[str, Scalar], ...]:
        """The parameter values on a date, as a key: dates with the same key run the same rules."""
        return tuple(sorted(self.parameter_values(day).items()))
