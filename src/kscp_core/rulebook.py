"""The RuleBook: the framework's requirements as data, read strictly from ``rules/``.

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

import enum
import re
from collections.abc import Iterable, Mapping
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from kscp_core.conditions import (
    Compare,
    Condition,
    Field,
    Flag,
    Member,
    Op,
    Param,
    Scalar,
    check_reserved,
    leaves,
    names,
    parse,
    render,
)
from kscp_core.errors import ConditionError, RecordsError, RuleBookError
from kscp_core.facts import FACT_KINDS, DateRule, parse_date_rule
from kscp_core.proportionality import DecisionTable, load_table
from kscp_core.records import merge_records, read_document

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

_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


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


class SourceStatus(enum.Enum):
    """Whether a parameter's source has been checked."""

    VERIFIED = "verified"
    TO_VERIFY = "to verify"
    LOCAL_CHOICE = "local choice"


@attrs.frozen(kw_only=True)
class Clause:
    """A normative clause of the framework, in its own words."""

    id: str
    section: str
    quote: str
    checkable: bool


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
    file: str

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


def packaged_rules_dir() -> Path:
    """The folder of the packaged rules (in the wheel, or the source tree when editable)."""
    packaged = resources.files("kscp_core") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parent.parent.parent / "rules"


# --- strict reading ---------------------------------------------------------------------


class _Reader:
    """Reads one file's mappings strictly, naming the file, rule and field in every error."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(
        self, message: str, rule: str | None = None, field: str | None = None
    ) -> RuleBookError:
        return RuleBookError(self.file, message, rule=rule, field=field)

    def mapping(
        self,
        value: Any,
        where: str | None,
        rule: str | None,
        *,
        required: Iterable[str] = (),
        optional: Iterable[str] = (),
    ) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(f"expected a mapping, got {type(value).__name__}", rule, where)
        allowed = set(required) | set(optional)
        for key in value:
            if key not in allowed:
                field = f"{where}.{key}" if where else str(key)
                raise self.fail(f"unknown key (allowed: {', '.join(sorted(allowed))})", rule, field)
        for key in required:
            if key not in value:
                field = f"{where}.{key}" if where else key
                raise self.fail("required field missing", rule, field)
        return value

    def text(self, value: Any, rule: str | None, field: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail("expected non-empty text", rule, field)
        return value.strip()

    def date(self, value: Any, rule: str | None, field: str) -> date:
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        raise self.fail(f"expected a date written YYYY-MM-DD, got {value!r}", rule, field)

    def enum(self, cls: type[enum.Enum], value: Any, rule: str | None, field: str) -> Any:
        for member in cls:
            if member.value == value:
                return member
        allowed = ", ".join(str(m.value) for m in cls)
        raise self.fail(f"expected one of: {allowed}; got {value!r}", rule, field)

    def list(self, value: Any, rule: str | None, field: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail("expected a list", rule, field)
        return value


def _document(path: Path) -> Any:
    try:
        return read_document(path)
    except RecordsError as error:
        raise RuleBookError(str(path), "; ".join(str(p) for p in error.problems)) from None


def _read_value(
    reader: _Reader, raw: Any, name: str, index: int, overlay: str | None
) -> ParameterValue:
    where = f"parameters.{name}.values[{index}]"
    data = reader.mapping(raw, where, None, required=("value", "from", "source", "status"))
    value = data["value"]
    if not isinstance(value, bool | int | float | str):
        raise reader.fail("expected a number, text or true/false", None, f"{where}.value")
    source = data["source"]
    if not isinstance(source, str) or not source.strip():
        raise reader.fail(
            "every value needs its source (a clause id, a statute, or 'local choice')",
            None,
            f"{where}.source",
        )
    return ParameterValue(
        value=value,
        since=reader.date(data["from"], None, f"{where}.from"),
        source=source.strip(),
        status=reader.enum(SourceStatus, data["status"], None, f"{where}.status"),
        overlay=overlay,
    )


def _ordered_values(
    reader: _Reader, name: str, values: list[ParameterValue]
) -> tuple[ParameterValue, ...]:
    seen: dict[date, ParameterValue] = {}
    for value in values:
        if value.since in seen:
            raise reader.fail(
                f"two values for {value.since.isoformat()}: exactly one value may apply on a date",
                None,
                f"parameters.{name}.values",
            )
        seen[value.since] = value
    return tuple(sorted(values, key=lambda v: v.since))


def _read_parameter(reader: _Reader, name: str, raw: Any, overlay: str | None) -> Parameter:
    if not _NAME.match(name) or not check_reserved(name):
        raise reader.fail(
            "a parameter name is lower_snake_case and not a word of the language",
            None,
            f"parameters.{name}",
        )
    data = reader.mapping(
        raw, f"parameters.{name}", None, required=("description", "values"), optional=("unit",)
    )
    raw_values = reader.list(data["values"], None, f"parameters.{name}.values")
    if not raw_values:
        raise reader.fail("a parameter needs at least one value", None, f"parameters.{name}.values")
    values = [_read_value(reader, v, name, i, overlay) for i, v in enumerate(raw_values)]
    if len({_value_family(v.value) for v in values}) > 1:
        raise reader.fail(
            "every value of a parameter is of one kind (number, text or true/false)",
            None,
            f"parameters.{name}.values",
        )
    unit = data.get("unit")
    return Parameter(
        name=name,
        description=reader.text(data["description"], None, f"parameters.{name}.description"),
        unit=reader.text(unit, None, f"parameters.{name}.unit") if unit is not None else None,
        values=_ordered_values(reader, name, values),
        file=reader.file,
    )


def _read_expected(reader: _Reader, raw: Any, rule: str, where: str) -> ExpectedFinding:
    if isinstance(raw, str):
        return ExpectedFinding(subject=raw)
    data = reader.mapping(raw, where, rule, required=("subject",), optional=("falls_due",))
    due = data.get("falls_due")
    return ExpectedFinding(
        subject=reader.text(data["subject"], rule, f"{where}.subject"),
        falls_due=reader.date(due, rule, f"{where}.falls_due") if due is not None else None,
    )


def _read_example(
    reader: _Reader, raw: Any, rule: str, index: int, base: Mapping[str, Any]
) -> Example:
    where = f"examples[{index}]"
    data = reader.mapping(
        raw, where, rule, required=("name", "as_of", "expect"), optional=("given",)
    )
    given = data.get("given", {})
    if not isinstance(given, dict):
        raise reader.fail("expected a mapping of records", rule, f"{where}.given")
    expect = reader.list(data["expect"], rule, f"{where}.expect")
    return Example(
        name=reader.text(data["name"], rule, f"{where}.name"),
        given=merge_records(base, given),
        own=given,
        as_of=reader.date(data["as_of"], rule, f"{where}.as_of"),
        expect=tuple(
            _read_expected(reader, e, rule, f"{where}.expect[{i}]") for i, e in enumerate(expect)
        ),
    )


_RULE_KEYS = (
    "id",
    "title",
    "statement",
    "sources",
    "applies_to",
    "condition",
    "outcome",
    "examples",
)


def _read_rule(
    reader: _Reader,
    raw: Any,
    index: int,
    family: str,
    parameters: Mapping[str, Parameter],
    clauses: Mapping[str, Clause],
    base: Mapping[str, Any],
    overlay: str | None,
) -> Rule:
    rule_id = raw.get("id") if isinstance(raw, dict) else None
    label = rule_id if isinstance(rule_id, str) else f"rules[{index}]"
    data = reader.mapping(raw, None, label, required=_RULE_KEYS)
    if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
        raise reader.fail("a rule id is family.name in lower_snake_case", label, "id")
    if rule_id.split(".")[0] != family:
        raise reader.fail(f"the id must start with its family {family!r}", rule_id, "id")

    sources = reader.mapping(data["sources"], "sources", rule_id, optional=("clauses", "other"))
    clause_ids = tuple(reader.list(sources.get("clauses", []), rule_id, "sources.clauses"))
    for i, clause in enumerate(clause_ids):
        if clause not in clauses:
            raise reader.fail(
                f"{clause!r} is not a clause id in the framework's register",
                rule_id,
                f"sources.clauses[{i}]",
            )
    others = []
    for i, other in enumerate(reader.list(sources.get("other", []), rule_id, "sources.other")):
        item = reader.mapping(
            other, f"sources.other[{i}]", rule_id, required=("title",), optional=("link",)
        )
        link = item.get("link")
        others.append(
            Source(
                title=reader.text(item["title"], rule_id, f"sources.other[{i}].title"),
                link=reader.text(link, rule_id, f"sources.other[{i}].link")
                if link is not None
                else None,
            )
        )
    if not clause_ids and not others:
        raise reader.fail("a rule cites at least one clause or other source", rule_id, "sources")

    kind_name = data["applies_to"]
    kind = FACT_KINDS.get(kind_name) if isinstance(kind_name, str) else None
    if kind is None:
        raise reader.fail(
            f"expected one of the fact kinds: {', '.join(sorted(FACT_KINDS))}",
            rule_id,
            "applies_to",
        )

    condition_text = data["condition"]
    try:
        condition = parse(condition_text, parameters=frozenset(parameters))
    except ConditionError as error:
        raise ConditionError(
            error.expression,
            error.detail.split(" (")[0],
            column=error.column,
            source=reader.file,
            rule=rule_id,
        ) from None
    fields, used = names(condition)
    for field in sorted(fields):
        spec = kind.field(field)
        if spec is None:
            raise reader.fail(
                f"{field!r} is neither a field of {kind.name} facts nor a parameter",
                rule_id,
                "condition",
            )
        for name in spec.parameters:
            if name not in parameters:
                raise reader.fail(
                    f"the field {field!r} is worked out with the parameter {name!r}, "
                    "which no rule file declares",
                    rule_id,
                    "condition",
                )
        used |= set(spec.parameters)

    _check_types(reader, rule_id, condition, kind, parameters)

    outcome_raw = reader.mapping(
        data["outcome"],
        "outcome",
        rule_id,
        required=("severity", "recipient", "message", "falls_due"),
        optional=("emits",),
    )
    try:
        falls_due = parse_date_rule(outcome_raw["falls_due"], kind)
    except ValueError as error:
        raise reader.fail(str(error), rule_id, "outcome.falls_due") from None
    for name in falls_due.parameters():
        if name not in parameters:
            raise reader.fail(f"{name!r} is not a parameter", rule_id, "outcome.falls_due")
    used |= falls_due.parameters()
    emits = outcome_raw.get("emits")
    if emits is not None and not (emits in FACT_KINDS and FACT_KINDS[emits].chained):
        chained = ", ".join(k for k, v in FACT_KINDS.items() if v.chained)
        raise reader.fail(
            f"a rule can emit only a chained fact kind ({chained})", rule_id, "outcome.emits"
        )
    message = reader.text(outcome_raw["message"], rule_id, "outcome.message")
    for placeholder in re.findall(r"{([^{}]*)}", message):
        if (
            placeholder not in ("subject", "falls_due")
            and kind.field(placeholder) is None
            and placeholder not in parameters
        ):
            raise reader.fail(
                f"{{{placeholder}}} is neither a field nor a parameter", rule_id, "outcome.message"
            )
    outcome = Outcome(
        severity=reader.enum(Severity, outcome_raw["severity"], rule_id, "outcome.severity"),
        recipient=reader.enum(Recipient, outcome_raw["recipient"], rule_id, "outcome.recipient"),
        message=message,
        falls_due=falls_due,
        emits=emits,
    )
    examples = tuple(
        _read_example(reader, e, rule_id, i, base)
        for i, e in enumerate(reader.list(data["examples"], rule_id, "examples"))
    )
    if not examples:
        raise reader.fail("a rule needs worked examples", rule_id, "examples")
    return Rule(
        id=rule_id,
        family=family,
        title=reader.text(data["title"], rule_id, "title"),
        statement=reader.text(data["statement"], rule_id, "statement"),
        clauses=clause_ids,
        sources=tuple(others),
        applies_to=kind.name,
        condition_text=condition_text,
        condition=condition,
        parameters=tuple(sorted(used)),
        outcome=outcome,
        examples=examples,
        file=reader.file,
        overlay=overlay,
    )


_FAMILY = {
    "bool": "true/false",
    "int": "number",
    "number": "number",
    "date": "date",
    "text": "text",
    "dates": "list of dates",
}


def _value_family(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    return "text"


def _check_types(
    reader: _Reader,
    rule_id: str,
    condition: Condition,
    kind: Any,
    parameters: Mapping[str, Parameter],
) -> None:
    """Refuse tests between values of different kinds: the engine gives them no sensible meaning."""

    def family(operand: Any) -> str:
        if isinstance(operand, Field):
            return _FAMILY[kind.field(operand.name).type]
        if isinstance(operand, Param):
            return _value_family(parameters[operand.name].values[0].value)
        return _value_family(operand.value)

    for leaf in leaves(condition):
        if isinstance(leaf, Compare):
            left, right = family(leaf.left), family(leaf.right)
            if left == "list of dates" or right == "list of dates":
                raise reader.fail("a list of dates cannot be compared", rule_id, "condition")
            if left != right:
                raise reader.fail(
                    f"{render(leaf)!r} compares a {left} with a {right}", rule_id, "condition"
                )
            if left in ("true/false",) and leaf.op not in (Op.EQ, Op.NE):
                raise reader.fail(
                    f"{render(leaf)!r}: true/false values have no order", rule_id, "condition"
                )
        elif isinstance(leaf, Member):
            expected = family(leaf.field)
            for value in leaf.values:
                if _value_family(value) != expected:
                    raise reader.fail(
                        f"{value!r} is not a {expected} like {leaf.field.name}",
                        rule_id,
                        "condition",
                    )
        elif isinstance(leaf, Flag) and family(leaf.field) != "true/false":
            raise reader.fail(
                f"{leaf.field.name!r} is not a true/false field: compare it", rule_id, "condition"
            )


def _read_clauses(path: Path) -> dict[str, Clause]:
    reader = _Reader(str(path))
    data = reader.mapping(_document(path), None, None, required=("clauses",))
    clauses: dict[str, Clause] = {}
    for i, raw in enumerate(reader.list(data["clauses"], None, "clauses")):
        item = reader.mapping(
            raw, f"clauses[{i}]", None, required=("id", "section", "quote", "checkable")
        )
        clauses[item["id"]] = Clause(
            id=item["id"],
            section=item["section"],
            quote=item["quote"],
            checkable=bool(item["checkable"]),
        )
    return clauses


_NOT_CHECKABLE = "Guidance that no record can show is met or not."


def _read_traceability(
    path: Path, clauses: Mapping[str, Clause], rules: Iterable[Rule]
) -> dict[str, str]:
    """Why each clause no rule encodes has none; every checkable clause is accounted for."""
    reader = _Reader(str(path))
    data = reader.mapping(_document(path), None, None, required=("not_encoded",))
    reasons = reader.mapping(data["not_encoded"], "not_encoded", None, optional=tuple(clauses))
    encoded = {c for rule in rules for c in rule.clauses}
    result: dict[str, str] = {}
    for clause in clauses.values():
        reason = reasons.get(clause.id)
        if clause.id in encoded:
            if reason is not None:
                raise reader.fail(
                    "a rule encodes this clause now: remove the reason",
                    None,
                    f"not_encoded.{clause.id}",
                )
            continue
        if reason is None:
            if clause.checkable:
                raise reader.fail(
                    "no rule encodes this checkable clause: give the reason",
                    None,
                    f"not_encoded.{clause.id}",
                )
            reason = _NOT_CHECKABLE
        result[clause.id] = reader.text(reason, None, f"not_encoded.{clause.id}")
    return result


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
        folder = Path(rules_dir) if rules_dir is not None else packaged_rules_dir()
        clauses = _read_clauses(folder / "clauses.yaml")
        files = sorted(
            p
            for p in folder.glob("*.yaml")
            if p.name not in ("clauses.yaml", "traceability.yaml", "proportionality.yaml")
        )
        parameters: dict[str, Parameter] = {}
        documents = []
        for path in files:
            reader = _Reader(str(path))
            data = reader.mapping(
                _document(path),
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
                parameters[name] = _read_parameter(reader, name, raw, None)
        rules: list[Rule] = []
        families: list[Family] = []
        seen: dict[str, str] = {}
        for reader, data in documents:
            family = reader.text(data["family"], None, "family")
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
                rule = _read_rule(reader, raw, i, family, parameters, clauses, base, None)
                if rule.id in seen:
                    raise reader.fail(f"duplicate rule id (also in {seen[rule.id]})", rule.id, "id")
                seen[rule.id] = reader.file
                rules.append(rule)
        book = cls(
            rules=tuple(sorted(rules, key=lambda r: r.id)),
            parameters=parameters,
            clauses=clauses,
            families=tuple(families),
            not_encoded=_read_traceability(folder / "traceability.yaml", clauses, rules),
            proportionality=load_table(folder / "proportionality.yaml"),
        )
        if overlay is not None:
            book = book.with_overlay(overlay)
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
            raise RuleBookError(str(path), "an overlay is a folder of .yaml files")
        parameters = dict(self.parameters)
        rules = {r.id: r for r in self.rules}
        families = list(self.families)
        for file in sorted(path.glob("*.yaml")):
            reader = _Reader(str(file))
            data = reader.mapping(
                _document(file),
                None,
                None,
                optional=("parameters", "rules", "switch_off", "example_records"),
            )
            raw_params = data.get("parameters", {})
            if not isinstance(raw_params, dict):
                raise reader.fail("expected a mapping of parameters", None, "parameters")
            for name, raw in raw_params.items():
                if name in parameters:
                    old = parameters[name]
                    item = reader.mapping(raw, f"parameters.{name}", None, required=("values",))
                    new = [
                        _read_value(reader, v, name, i, str(file))
                        for i, v in enumerate(
                            reader.list(item["values"], None, f"parameters.{name}.values")
                        )
                    ]
                    _ordered_values(reader, name, new)
                    replaced = {v.since for v in new}
                    merged = [v for v in old.values if v.since not in replaced] + new
                    parameters[name] = attrs.evolve(
                        old, values=tuple(sorted(merged, key=lambda v: v.since))
                    )
                else:
                    parameters[name] = _read_parameter(reader, name, raw, str(file))
            base = data.get("example_records", {})
            for i, raw in enumerate(reader.list(data.get("rules", []), None, "rules")):
                rule_id = raw.get("id") if isinstance(raw, dict) else None
                family = rule_id.split(".")[0] if isinstance(rule_id, str) else ""
                rule = _read_rule(reader, raw, i, family, parameters, self.clauses, base, str(file))
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
        return RuleBook(
            rules=tuple(sorted(rules.values(), key=lambda r: r.id)),
            parameters=parameters,
            clauses=self.clauses,
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
            KeyError: there is no such rule.
        """
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)

    def parameter_values(self, day: date) -> dict[str, Scalar]:
        """The value of every parameter on a date."""
        return {name: p.value_on(day).value for name, p in self.parameters.items()}

    def epoch(self, day: date) -> tuple[tuple[str, Scalar], ...]:
        """The parameter values on a date, as a key: dates with the same key run the same rules."""
        return tuple(sorted(self.parameter_values(day).items()))
