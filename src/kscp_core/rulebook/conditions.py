"""The condition language: what a rule asks of a fact, written so policy staff can read it.

A condition is a small expression over the fields of one fact and the rule's
parameters::

    open and past_due and cycles_since_due >= escalation_cycles
    not present(due_on) or severity in ["breach", "warning"]

Grammar: comparisons (``== != < <= > >=``) between fields, parameters and
literals (numbers, ``"text"``, ``true``, ``false``); ``in [..]`` and
``not in [..]``; ``and``, ``or``, ``not`` and parentheses; a bare field name
for a true/false field; and the functions ``present(field)`` and
``missing(field)``. Nothing else parses: no attribute access, no other calls,
no arithmetic. The parser is a grammar (lark), never ``eval``.

There is one syntax tree. It is normalised as it is built so that ``not``
only ever stands on a single test. This module parses it, renders it in plain
English and evaluates it in Python to explain a finding; the engine's two
backends compile the same tree (:mod:`kscp_core.engine.durable` to
durable-rules' JSON form, :mod:`kscp_core.engine.python` to a Python
function), keeping the semantics defined here: a test on a field the fact
does not have is false, and text equals and orders only against text.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeAlias

import attrs
from lark import Lark, Token, Transformer, v_args
from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from kscp_core.errors import ConditionError

__all__ = [
    "MAX_CONDITION_LENGTH",
    "MISSING",
    "All",
    "Any_",
    "Compare",
    "Condition",
    "Explainer",
    "Field",
    "Flag",
    "Literal",
    "Member",
    "Op",
    "Param",
    "Part",
    "Present",
    "evaluate",
    "explain",
    "is_free_name",
    "leaves",
    "names",
    "operand_value",
    "order",
    "parse",
    "possible",
    "render",
    "same",
]

#: The longest condition accepted, in characters.
MAX_CONDITION_LENGTH = 2000

Scalar: TypeAlias = bool | int | float | str

_GRAMMAR = r"""
?start: disj
?disj: conj (_OR conj)*
?conj: neg (_AND neg)*
?neg: _NOT neg -> negate
    | test
?test: operand COMPARE operand -> compare
     | operand _IN list -> member
     | operand _NOT _IN list -> non_member
     | _PRESENT "(" NAME ")" -> present
     | _MISSING "(" NAME ")" -> missing
     | NAME -> flag
     | "(" disj ")"
operand: NAME -> name
       | NUMBER -> number
       | STRING -> string
       | _TRUE -> true
       | _FALSE -> false
list: "[" [literal ("," literal)*] "]"
?literal: NUMBER -> number
        | STRING -> string
        | _TRUE -> true
        | _FALSE -> false
COMPARE: "==" | "!=" | "<=" | ">=" | "<" | ">"
_AND.2: /and\b/
_OR.2: /or\b/
_NOT.2: /not\b/
_IN.2: /in\b/
_TRUE.2: /true\b/
_FALSE.2: /false\b/
_PRESENT.2: /present(?=\s*\()/
_MISSING.2: /missing(?=\s*\()/
NAME: /[a-z][a-z0-9_]*/
NUMBER: /-?\d+(\.\d+)?/
STRING: /"[^"\\\n]*"/
%ignore /[ \t\r\n]+/
"""


@functools.cache
def _parser() -> Lark:
    """The condition grammar's parser, built on first use."""
    return Lark(_GRAMMAR, parser="lalr", maybe_placeholders=False)


_RESERVED = {"and", "or", "not", "in", "true", "false", "present", "missing"}


class Op(enum.Enum):
    """A comparison."""

    EQ = "=="
    NE = "!="
    LT = "<"
    LE = "<="
    GT = ">"
    GE = ">="

    @property
    def inverse(self) -> Op:
        """The comparison that holds exactly when this one does not (on present values)."""
        return _INVERSE[self]

    @property
    def flipped(self) -> Op:
        """The same comparison with its sides swapped."""
        return _FLIPPED[self]


_INVERSE = {Op.EQ: Op.NE, Op.NE: Op.EQ, Op.LT: Op.GE, Op.GE: Op.LT, Op.GT: Op.LE, Op.LE: Op.GT}
_FLIPPED = {Op.EQ: Op.EQ, Op.NE: Op.NE, Op.LT: Op.GT, Op.GT: Op.LT, Op.LE: Op.GE, Op.GE: Op.LE}


@attrs.frozen
class Field:
    """A field of the fact."""

    name: str


@attrs.frozen
class Param:
    """A parameter of the rule, by name (its value depends on the date)."""

    name: str


@attrs.frozen
class Literal:
    """A number, text or true/false written in the condition."""

    value: Scalar


Operand: TypeAlias = Field | Param | Literal


@attrs.frozen
class Compare:
    """``left op right``; a side naming a field the fact lacks makes it false."""

    left: Operand
    op: Op
    right: Operand


@attrs.frozen
class Member:
    """``field in [..]`` (or ``not in`` when ``negated``)."""

    field: Field
    values: tuple[Scalar, ...]
    negated: bool = False


@attrs.frozen
class Present:
    """``present(field)``, or ``missing(field)`` when ``negated``."""

    field: Field
    negated: bool = False


@attrs.frozen
class Flag:
    """A true/false field tested for ``value``."""

    field: Field
    value: bool = True


@attrs.frozen
class All:
    """Every part holds (``and``)."""

    parts: tuple[Condition, ...]


@attrs.frozen
class Any_:
    """At least one part holds (``or``)."""

    parts: tuple[Condition, ...]


Condition: TypeAlias = "Compare | Member | Present | Flag | All | Any_"
Leaf: TypeAlias = Compare | Member | Present | Flag


def _negate(node: Condition) -> Condition:
    """The condition that holds exactly when ``node`` does not, with ``not`` pushed to the tests."""
    if isinstance(node, All):
        return Any_(tuple(_negate(p) for p in node.parts))
    if isinstance(node, Any_):
        return All(tuple(_negate(p) for p in node.parts))
    if isinstance(node, Compare):
        return Compare(node.left, node.op.inverse, node.right)
    if isinstance(node, Member):
        return Member(node.field, node.values, not node.negated)
    if isinstance(node, Present):
        return Present(node.field, not node.negated)
    return Flag(node.field, not node.value)


def _flatten(cls: type[All] | type[Any_], parts: list[Condition]) -> Condition:
    flat: list[Condition] = []
    for part in parts:
        if isinstance(part, cls):
            flat.extend(part.parts)
        else:
            flat.append(part)
    return flat[0] if len(flat) == 1 else cls(tuple(flat))


@v_args(inline=True)
class _Build(Transformer[Token, Condition]):
    def disj(self, *parts: Condition) -> Condition:
        return _flatten(Any_, list(parts))

    def conj(self, *parts: Condition) -> Condition:
        return _flatten(All, list(parts))

    def negate(self, part: Condition) -> Condition:
        return _negate(part)

    def compare(self, left: Operand, op: Token, right: Operand) -> Condition:
        return Compare(left, Op(str(op)), right)

    def member(self, left: Operand, values: tuple[Scalar, ...]) -> Condition:
        return Member(_field_of(left), values)

    def non_member(self, left: Operand, values: tuple[Scalar, ...]) -> Condition:
        return Member(_field_of(left), values, negated=True)

    def present(self, name: Token) -> Condition:
        return Present(Field(str(name)))

    def missing(self, name: Token) -> Condition:
        return Present(Field(str(name)), negated=True)

    def flag(self, name: Token) -> Condition:
        return Flag(Field(str(name)))

    def name(self, token: Token) -> Operand:
        return Field(str(token))  # fields and parameters are told apart by resolve()

    def number(self, token: Token) -> Literal:
        text = str(token)
        return Literal(float(text) if "." in text else int(text))

    def string(self, token: Token) -> Literal:
        return Literal(str(token)[1:-1])

    def true(self) -> Literal:
        return Literal(True)

    def false(self) -> Literal:
        return Literal(False)

    def list(self, *items: Literal) -> tuple[Scalar, ...]:
        return tuple(item.value for item in items)


class _NotAField(Exception):
    pass


def _field_of(operand: Operand) -> Field:
    if not isinstance(operand, Field):
        raise _NotAField
    return operand


def parse(text: str, *, parameters: frozenset[str] = frozenset()) -> Condition:
    """Parse a condition; names in ``parameters`` are parameters, all others fields.

    >>> parse("open and cycles_since_due >= escalation_cycles",
    ...       parameters=frozenset({"escalation_cycles"}))  # doctest: +NORMALIZE_WHITESPACE
    All(parts=(Flag(field=Field(name='open'), value=True),
               Compare(left=Field(name='cycles_since_due'), op=<Op.GE: '>='>,
                       right=Param(name='escalation_cycles'))))

    Raises:
        ConditionError: the text is not in the condition language.
    """
    if not isinstance(text, str):
        raise ConditionError(repr(text), "a condition must be text")
    if len(text) > MAX_CONDITION_LENGTH:
        raise ConditionError(text[:60] + "...", f"longer than {MAX_CONDITION_LENGTH} characters")
    if not text.strip():
        raise ConditionError(text, "the condition is empty")
    try:
        tree = _parser().parse(text)
        node = _Build().transform(tree)
    except UnexpectedCharacters as error:
        where = error.pos_in_stream or 0
        raise ConditionError(text, f"unexpected {text[where]!r}", column=error.column) from None
    except UnexpectedEOF:
        raise ConditionError(text, "the condition ends too soon") from None
    except UnexpectedInput as error:
        raise ConditionError(text, "unexpected word or symbol", column=error.column) from None
    except LarkError as error:
        if isinstance(getattr(error, "orig_exc", None), _NotAField):
            raise ConditionError(text, "only a field can be tested with 'in'") from None
        raise ConditionError(text, "not a condition") from None
    except RecursionError:
        raise ConditionError(text, "nested too deeply") from None
    return _resolve(node, parameters, text)


def _resolve_operand(operand: Operand, parameters: frozenset[str]) -> Operand:
    if isinstance(operand, Field) and operand.name in parameters:
        return Param(operand.name)
    return operand


def _resolve(node: Condition, parameters: frozenset[str], text: str) -> Condition:
    if isinstance(node, All | Any_):
        return type(node)(tuple(_resolve(p, parameters, text) for p in node.parts))
    if isinstance(node, Compare):
        left = _resolve_operand(node.left, parameters)
        right = _resolve_operand(node.right, parameters)
        if not isinstance(left, Field) and not isinstance(right, Field):
            raise ConditionError(text, "a comparison must involve a field of the fact")
        if not isinstance(left, Field):
            return Compare(right, node.op.flipped, left)
        return Compare(left, node.op, right)
    if isinstance(node, Member):
        if not node.values:
            raise ConditionError(text, "a list after 'in' must not be empty")
        field = node.field
    elif isinstance(node, Present | Flag):
        field = node.field
    else:  # pragma: no cover - the tree has no other nodes
        raise AssertionError(node)
    if field.name in parameters:
        raise ConditionError(text, f"{field.name!r} is a parameter; only a field can be tested so")
    return node


def leaves(node: Condition) -> Iterator[Leaf]:
    """The single tests of a condition, in order."""
    if isinstance(node, All | Any_):
        for part in node.parts:
            yield from leaves(part)
    else:
        yield node


def names(node: Condition) -> tuple[set[str], set[str]]:
    """The field names and parameter names a condition uses."""
    fields: set[str] = set()
    params: set[str] = set()
    for leaf in leaves(node):
        if isinstance(leaf, Compare):
            for side in (leaf.left, leaf.right):
                if isinstance(side, Field):
                    fields.add(side.name)
                elif isinstance(side, Param):
                    params.add(side.name)
        else:
            fields.add(leaf.field.name)
    return fields, params


# --- the engine's form ---------------------------------------------------------

# --- Python evaluation, with the values that decided it ------------------------------

#: what a field a fact does not have reads as (every test on it is false)
MISSING = object()


def operand_value(operand: Operand, fact: Mapping[str, Any], params: Mapping[str, Scalar]) -> Any:
    """An operand's value for a fact: a field's value (or MISSING), a parameter's, a literal."""
    if isinstance(operand, Field):
        return fact.get(operand.name, MISSING)
    if isinstance(operand, Param):
        return params[operand.name]
    return operand.value


def same(a: Any, b: Any) -> bool:
    """Equality as the language has it: text equals only text; true equals 1."""
    # The engine compares true/false as numbers (true == 1), text only with text.
    if isinstance(a, str) != isinstance(b, str):
        return False
    return bool(a == b)


def order(op: Op, a: Any, b: Any) -> bool:
    """An ordering test as the language has it: text orders only against text."""
    if isinstance(a, str) != isinstance(b, str):
        return False
    if op is Op.LT:
        return bool(a < b)
    if op is Op.LE:
        return bool(a <= b)
    if op is Op.GT:
        return bool(a > b)
    return bool(a >= b)


def _leaf(node: Leaf, fact: Mapping[str, Any], params: Mapping[str, Scalar]) -> bool:
    if isinstance(node, Compare):
        left = operand_value(node.left, fact, params)
        right = operand_value(node.right, fact, params)
        if left is MISSING or right is MISSING:
            return False
        if node.op is Op.EQ:
            return same(left, right)
        if node.op is Op.NE:
            return not same(left, right)
        return order(node.op, left, right)
    if isinstance(node, Member):
        value = fact.get(node.field.name, MISSING)
        if value is MISSING:
            return False
        inside = any(same(value, v) for v in node.values)
        return not inside if node.negated else inside
    if isinstance(node, Present):
        return (node.field.name in fact) != node.negated
    value = fact.get(node.field.name, MISSING)
    return value is not MISSING and same(value, node.value)


def evaluate(node: Condition, fact: Mapping[str, Any], params: Mapping[str, Scalar]) -> bool:
    """Whether a fact meets a condition, with the given parameter values."""
    if isinstance(node, All):
        return all(evaluate(p, fact, params) for p in node.parts)
    if isinstance(node, Any_):
        return any(evaluate(p, fact, params) for p in node.parts)
    return _leaf(node, fact, params)


def possible(node: Condition, known: Mapping[str, Any], params: Mapping[str, Scalar]) -> bool:
    """Whether a fact could meet a condition when only some of its fields are known.

    ``known`` holds the fields known so far, each present with its value; any
    other field may hold anything, or be missing. False means no fact with
    those values meets the condition whatever its other fields hold; True
    means one might. A test naming an unknown field might hold; one naming only
    known fields is decided exactly, as :func:`evaluate` decides it.

    >>> tree = parse("open and days_past_due > 3")
    >>> possible(tree, {"open": False}, {}), possible(tree, {"open": True}, {})
    (False, True)
    """
    if isinstance(node, All):
        return all(possible(p, known, params) for p in node.parts)
    if isinstance(node, Any_):
        return any(possible(p, known, params) for p in node.parts)
    fields, _ = names(node)
    if not fields <= known.keys():
        return True
    return _leaf(node, known, params)


# --- plain English ---------------------------------------------------------------

#: How a field reads in English; a host's fact schema supplies these.
Describe = Callable[[str], str]

_OP_WORDS = {
    Op.EQ: "is",
    Op.NE: "is not",
    Op.LT: "is less than",
    Op.LE: "is at most",
    Op.GT: "is more than",
    Op.GE: "is at least",
}


def _literal_words(value: Scalar, words: bool = False) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        # in words: a value from a closed list, its underscores as spaces
        return f"“{value.replace('_', ' ') if words else value}”"
    return str(value)


def _operand_words(
    operand: Operand,
    describe: Describe,
    params: Mapping[str, Scalar] | None,
    describe_param: Describe | None = None,
) -> str:
    if isinstance(operand, Field):
        return describe(operand.name)
    if isinstance(operand, Param):
        if describe_param is not None:
            return describe_param(operand.name)
        if params is not None and operand.name in params:
            return f"{operand.name} ({_literal_words(params[operand.name])})"
        return operand.name
    return _literal_words(operand.value, describe_param is not None)


def _leaf_words(
    node: Leaf,
    describe: Describe,
    params: Mapping[str, Scalar] | None,
    describe_param: Describe | None = None,
) -> str:
    if isinstance(node, Compare):
        left = _operand_words(node.left, describe, params, describe_param)
        right = _operand_words(node.right, describe, params, describe_param)
        return f"{left} {_OP_WORDS[node.op]} {right}"
    if isinstance(node, Member):
        values = ", ".join(_literal_words(v, describe_param is not None) for v in node.values)
        verb = "is not one of" if node.negated else "is one of"
        return f"{describe(node.field.name)} {verb} {values}"
    if isinstance(node, Present):
        verb = "is not recorded" if node.negated else "is recorded"
        return f"{describe(node.field.name)} {verb}"
    if node.value:
        return describe(node.field.name)
    return f"not: {describe(node.field.name)}"


def render(
    node: Condition,
    describe: Describe = lambda name: name.replace("_", " "),
    params: Mapping[str, Scalar] | None = None,
    describe_param: Describe | None = None,
) -> str:
    """The condition in plain English.

    With ``describe_param``, parameters are worded by it (their names and
    values as policy staff read them) and text values in words.

    >>> render(parse("open and (missing(agency) or missing(due_on))"))
    'open, and (agency is not recorded, or due on is not recorded)'
    """

    def words(n: Condition, nested: bool) -> str:
        if isinstance(n, All | Any_):
            joiner = ", and " if isinstance(n, All) else ", or "
            text = joiner.join(words(p, True) for p in n.parts)
            return f"({text})" if nested else text
        return _leaf_words(n, describe, params, describe_param)

    return words(node, False)


@attrs.frozen(kw_only=True)
class Part:
    """One test of a condition as it stood for a fact: what it asks, the values, if it held."""

    test: str
    values: dict[str, Any]
    held: bool


class Explainer:
    """:func:`explain` for one condition, with its words worked out once.

    For explaining many facts against the same condition: an evaluation with
    thousands of findings from one rule.
    """

    def __init__(
        self,
        node: Condition,
        params: Mapping[str, Scalar],
        describe: Describe = lambda name: name.replace("_", " "),
    ) -> None:
        self._params = params
        self._leaves = []
        for leaf in leaves(node):
            fields, used = names(leaf)
            values = {name: params[name] for name in sorted(used)}
            words = _leaf_words(leaf, describe, params)
            self._leaves.append((leaf, words, sorted(fields), values))

    def __call__(self, fact: Mapping[str, Any]) -> list[Part]:
        """Each test of the condition, with the fact's and parameters' values, and if it held."""
        return [
            Part(
                test=words,
                values={**{name: fact.get(name, "not recorded") for name in fields}, **used},
                held=_leaf(leaf, fact, self._params),
            )
            for leaf, words, fields, used in self._leaves
        ]


def explain(
    node: Condition,
    fact: Mapping[str, Any],
    params: Mapping[str, Scalar],
    describe: Describe = lambda name: name.replace("_", " "),
) -> list[Part]:
    """Each test of the condition, with the fact's and parameters' values, and if it held.

    >>> [(p.test, p.held) for p in explain(parse("open and count > 2"), {"open": True}, {})]
    [('open', True), ('count is more than 2', False)]
    """
    return Explainer(node, params, describe)(fact)


def is_free_name(name: str) -> bool:
    """Whether a name is free to use as a field or parameter (not a word of the language)."""
    return name not in _RESERVED
