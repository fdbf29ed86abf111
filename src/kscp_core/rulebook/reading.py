"""Strict reading of rule, clause and traceability files: every error names file, rule and field."""

from __future__ import annotations

import enum
import math
import re
import string
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from kscp_core.errors import ConditionError, RecordsError, RuleBookError
from kscp_core.io.documents import read_document
from kscp_core.io.records import merge_records
from kscp_core.rulebook.conditions import (
    Compare,
    Condition,
    Field,
    Flag,
    Member,
    Op,
    Param,
    Scalar,
    is_free_name,
    leaves,
    names,
    parse,
    render,
)
from kscp_core.rulebook.falls_due import parse_date_rule
from kscp_core.rulebook.rules import (
    Clause,
    Example,
    ExpectedFinding,
    Outcome,
    Parameter,
    ParameterType,
    ParameterValue,
    Recipient,
    Rule,
    Severity,
    Source,
    SourceStatus,
)
from kscp_core.rulebook.vocabulary import FACT_KINDS, FieldType
from kscp_core.rulebook.words import NOUN

__all__ = [
    "FAMILY_NAME",
    "Reader",
    "check_ordered",
    "check_parameter_name",
    "check_values",
    "read_clauses",
    "read_file",
    "read_parameter",
    "read_rule",
    "read_traceability",
    "read_value",
]

_WEB_ADDRESS = re.compile(r"https?://[^\s<>()\\`\"']+")
_RULE_ID = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: what a family may be called (it names a page of the docs, and the first part of rule ids)
FAMILY_NAME = _NAME


class Reader:
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


def read_file(path: Path) -> Any:
    try:
        return read_document(path)
    except RecordsError as error:
        raise RuleBookError(str(path), "; ".join(str(p) for p in error.problems)) from None


def read_value(
    reader: Reader, raw: Any, name: str, index: int, overlay: str | None
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


def check_ordered(
    reader: Reader, name: str, values: list[ParameterValue]
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


#: names a message can use for its own values; a parameter may not take one
_MESSAGE_NAMES = frozenset({"subject", "falls_due"})


def check_parameter_name(reader: Reader, name: object) -> str:
    """A parameter's name, refused when it is not a name or is taken by the facts."""
    where = f"parameters.{name}"
    if not isinstance(name, str) or not _NAME.fullmatch(name) or not is_free_name(name):
        raise reader.fail(
            "a parameter name is lower_snake_case and not a word of the language", None, where
        )
    taken = sorted(k for k, kind in FACT_KINDS.items() if kind.field(name) is not None)
    if taken or name in _MESSAGE_NAMES:
        owners = ", ".join(taken) or "every message"
        raise reader.fail(
            f"{name!r} is already a field of the facts ({owners}): choose another name",
            None,
            where,
        )
    return name


def check_values(reader: Reader, parameter: Parameter, values: Iterable[ParameterValue]) -> None:
    """Refuse a value that is not of the parameter's declared type and range."""
    for index, value in enumerate(values):
        reason = parameter.refuses(value.value)
        if reason is not None:
            raise reader.fail(reason, None, f"parameters.{parameter.name}.values[{index}].value")


def read_parameter(reader: Reader, name: object, raw: Any, overlay: str | None) -> Parameter:
    name = check_parameter_name(reader, name)
    data = reader.mapping(
        raw,
        f"parameters.{name}",
        None,
        required=("title", "description", "unit", "values", "type"),
        optional=("minimum", "maximum"),
    )
    limits: dict[str, float | None] = {}
    for bound in ("minimum", "maximum"):
        given = data.get(bound)
        if given is not None and (
            isinstance(given, bool)
            or not isinstance(given, int | float)
            or not math.isfinite(given)
        ):
            raise reader.fail("expected a number", None, f"parameters.{name}.{bound}")
        limits[bound] = given
    raw_values = reader.list(data["values"], None, f"parameters.{name}.values")
    if not raw_values:
        raise reader.fail("a parameter needs at least one value", None, f"parameters.{name}.values")
    values = [read_value(reader, v, name, i, overlay) for i, v in enumerate(raw_values)]
    if len({_value_family(v.value) for v in values}) > 1:
        raise reader.fail(
            "every value of a parameter is of one kind (number, text or true/false)",
            None,
            f"parameters.{name}.values",
        )
    unit = reader.text(data["unit"], None, f"parameters.{name}.unit")
    if not NOUN.fullmatch(unit):
        raise reader.fail(
            "a unit is up to six plain words joined by spaces or hyphens, 40 characters at most",
            None,
            f"parameters.{name}.unit",
        )
    title = reader.text(data["title"], None, f"parameters.{name}.title")
    if len(title) > 100:
        raise reader.fail("a title is 100 characters at most", None, f"parameters.{name}.title")
    parameter = Parameter(
        name=name,
        title=title,
        description=reader.text(data["description"], None, f"parameters.{name}.description"),
        unit=unit,
        values=check_ordered(reader, name, values),
        file=reader.file,
        type=reader.enum(ParameterType, data["type"], None, f"parameters.{name}.type"),
        minimum=limits["minimum"],
        maximum=limits["maximum"],
    )
    check_values(reader, parameter, values)
    return parameter


def _read_expected(reader: Reader, raw: Any, rule: str, where: str) -> ExpectedFinding:
    if isinstance(raw, str):
        return ExpectedFinding(subject=raw)
    data = reader.mapping(raw, where, rule, required=("subject",), optional=("falls_due",))
    due = data.get("falls_due")
    return ExpectedFinding(
        subject=reader.text(data["subject"], rule, f"{where}.subject"),
        falls_due=reader.date(due, rule, f"{where}.falls_due") if due is not None else None,
    )


def _read_example(
    reader: Reader, raw: Any, rule: str, index: int, base: Mapping[str, Any]
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


def _placeholders(reader: Reader, message: str, rule_id: str) -> dict[str, str]:
    """The names a message shows, each a plain name, and the noun each counts in, if any.

    A message is filled with the finding's values. The only format allowed is a
    noun to count in (``{cycles_since_due:meeting cycle}``: "1 meeting cycle",
    "3 meeting cycles"); any other format spec (``{title:>9999}``,
    ``{title:{subject}}``) or an attribute (``{title.__class__}``) would let a
    rule file make huge output or reach inside the program.
    """
    names: dict[str, str] = {}
    try:
        parts = list(string.Formatter().parse(message))
    except ValueError as error:
        raise reader.fail(f"not a message template: {error}", rule_id, "outcome.message") from None
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if (spec and not NOUN.fullmatch(spec)) or conversion or not _NAME.fullmatch(name):
            shown = name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "")
            raise reader.fail(
                f"{{{shown}}}: a message shows a field or parameter by its name alone, "
                "as {name}, or a count with the noun it counts, as {name:meeting cycle} "
                "(write {{ and }} for braces)",
                rule_id,
                "outcome.message",
            )
        names[name] = spec or ""
    return names


def read_rule(
    reader: Reader,
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
    if not isinstance(rule_id, str) or not _RULE_ID.fullmatch(rule_id):
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
        if link is not None:
            link = reader.text(link, rule_id, f"sources.other[{i}].link")
            if not _WEB_ADDRESS.fullmatch(link):
                raise reader.fail(
                    "expected a web address (http:// or https://, no spaces)",
                    rule_id,
                    f"sources.other[{i}].link",
                )
        others.append(
            Source(
                title=reader.text(item["title"], rule_id, f"sources.other[{i}].title"),
                link=link,
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
        optional=("emits", "blocks_publication"),
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
    blocks = outcome_raw.get("blocks_publication", False)
    if not isinstance(blocks, bool):
        raise reader.fail("expected true or false", rule_id, "outcome.blocks_publication")
    if blocks and kind.name != "learning_output":
        raise reader.fail(
            "only a rule about learning outputs can block their publication",
            rule_id,
            "outcome.blocks_publication",
        )
    message = reader.text(outcome_raw["message"], rule_id, "outcome.message")
    for placeholder, noun in _placeholders(reader, message, rule_id).items():
        spec = kind.field(placeholder)
        if (
            placeholder not in ("subject", "falls_due")
            and spec is None
            and placeholder not in parameters
        ):
            raise reader.fail(
                f"{{{placeholder}}} is neither a field nor a parameter", rule_id, "outcome.message"
            )
        counts = (spec is not None and spec.type is FieldType.INT) or (
            spec is None
            and placeholder in parameters
            and parameters[placeholder].type is ParameterType.WHOLE_NUMBER
        )
        if noun and not counts:
            raise reader.fail(
                f"{{{placeholder}:{noun}}}: only a count (a whole number) is shown with a noun",
                rule_id,
                "outcome.message",
            )
    outcome = Outcome(
        severity=reader.enum(Severity, outcome_raw["severity"], rule_id, "outcome.severity"),
        recipient=reader.enum(Recipient, outcome_raw["recipient"], rule_id, "outcome.recipient"),
        message=message,
        falls_due=falls_due,
        emits=emits,
        blocks_publication=blocks,
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
    FieldType.BOOL: "true/false",
    FieldType.INT: "number",
    FieldType.NUMBER: "number",
    FieldType.DATE: "date",
    FieldType.TEXT: "text",
    FieldType.DATES: "list of dates",
}


def _value_family(value: Scalar) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "number"
    return "text"


def _check_types(
    reader: Reader,
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
            if left == "text" and leaf.op not in (Op.EQ, Op.NE):
                # durable-rules orders text by its escaped JSON, Python by code points
                raise reader.fail(
                    f"{render(leaf)!r}: text can be tested only with == and !=",
                    rule_id,
                    "condition",
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


def read_clauses(path: Path) -> dict[str, Clause]:
    reader = Reader(str(path))
    data = reader.mapping(read_file(path), None, None, required=("clauses",))
    clauses: dict[str, Clause] = {}
    for i, raw in enumerate(reader.list(data["clauses"], None, "clauses")):
        item = reader.mapping(
            raw,
            f"clauses[{i}]",
            None,
            required=("id", "section", "quote", "checkable"),
            optional=("split_from",),
        )
        clauses[item["id"]] = Clause(
            id=item["id"],
            section=item["section"],
            quote=item["quote"],
            checkable=bool(item["checkable"]),
            split_from=item.get("split_from"),
        )
    return clauses


_NOT_CHECKABLE = "Guidance that no record can show is met or not."


def read_traceability(
    path: Path, clauses: Mapping[str, Clause], rules: Iterable[Rule]
) -> dict[str, str]:
    """Why each clause no rule encodes has none; every checkable clause is accounted for."""
    reader = Reader(str(path))
    data = reader.mapping(read_file(path), None, None, required=("not_encoded",))
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
