"""The condition language: readable, safe, and one meaning in the engine and in Python."""

from __future__ import annotations

import copy
import functools
import importlib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kscp_core.engine.python import compile_python
from kscp_core.errors import ConditionError
from kscp_core.rulebook.conditions import (
    All,
    Any_,
    Compare,
    Condition,
    Field,
    Flag,
    Literal,
    Member,
    Op,
    Param,
    Present,
    evaluate,
    explain,
    parse,
    possible,
    render,
)

PARAMS = frozenset({"limit"})


@pytest.mark.parametrize(
    "text",
    [
        '__import__("os").system("id")',
        "().__class__.__bases__[0].__subclasses__()",
        "a.b",
        "a.__class__",
        "lambda: 1",
        "open('x')",
        "eval('1')",
        "exec('1')",
        "getattr(a, 'b')",
        "x if y else z",
        "[x for x in y]",
        "a[0]",
        "a + 1 > 2",
        "f(x)",
        "present(a.b)",
        "import os",
        "a; b",
        "{'$where': 1}",
    ],
)
def test_code_is_refused_with_a_clear_error(text: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(text)
    assert "condition" in str(caught.value)


def test_the_error_says_where() -> None:
    with pytest.raises(ConditionError, match=r"unexpected '\.' \(column 9"):
        parse("open and.x")


def test_an_overlong_condition_is_refused() -> None:
    with pytest.raises(ConditionError, match="longer than"):
        parse(" and ".join(["open"] * 1000))


def test_a_comparison_needs_a_field() -> None:
    with pytest.raises(ConditionError, match="field of the fact"):
        parse("1 < 2")
    with pytest.raises(ConditionError, match="is a parameter"):
        parse("present(limit)", parameters=PARAMS)


def test_not_is_pushed_down_to_single_tests() -> None:
    node = parse("not (open and count < limit)", parameters=PARAMS)
    assert node == Any_(
        (Flag(Field("open"), False), Compare(Field("count"), Op.GE, Param("limit")))
    )
    assert parse("not not open") == Flag(Field("open"))


def test_a_literal_on_the_left_is_turned_round() -> None:
    assert parse("3 < count") == Compare(Field("count"), Op.GT, Literal(3))


def test_english_rendering() -> None:
    text = render(parse('open and kind in ["a", "b"] and missing(due_on)'))
    assert text == "open, and kind is one of “a”, “b”, and due on is not recorded"


def test_explain_gives_each_test_its_values() -> None:
    parts = explain(
        parse("open and count >= limit", parameters=PARAMS),
        {"open": True, "count": 1},
        {"limit": 2},
    )
    assert [(p.values, p.held) for p in parts] == [
        ({"open": True}, True),
        ({"count": 1, "limit": 2}, False),
    ]


def test_a_missing_field_fails_every_test_but_missing() -> None:
    fact: dict[str, Any] = {}
    for text in ["x == 1", "x != 1", "x < 1", "x in [1]", "x not in [1]", "x", "not x"]:
        assert not evaluate(parse(text), fact, {}), text
    assert evaluate(parse("missing(x)"), fact, {})


# -- the engine and Python agree on every condition ---------------------------------------

# Conditions as the RuleBook accepts them: tests only between values of one kind.
NUMBERS = st.one_of(st.integers(-3, 3), st.sampled_from([0.5, -1.5]))
TEXTS = st.sampled_from(["x", "y", "xy", ""])
KINDS = {"n": NUMBERS, "m": NUMBERS, "t": TEXTS, "u": TEXTS, "f": st.booleans()}


@st.composite
def compares(draw: st.DrawFn) -> Condition:
    field = draw(st.sampled_from(sorted(KINDS)))
    same = [
        name
        for name in KINDS
        if (name in "nm") == (field in "nm") and (name in "tu") == (field in "tu")
    ]
    right = draw(
        st.one_of(
            st.sampled_from(same).map(Field),
            KINDS[field].map(Literal),
            st.just(Param("limit")) if field in "nm" else st.nothing(),
        )
    )
    ops = [Op.EQ, Op.NE] if field == "f" else list(Op)
    return Compare(Field(field), draw(st.sampled_from(ops)), right)


def leaves() -> st.SearchStrategy[Condition]:
    member = st.sampled_from(sorted(KINDS)).flatmap(
        lambda name: st.builds(
            Member,
            st.just(Field(name)),
            st.lists(KINDS[name], min_size=1, max_size=3).map(tuple),
            st.booleans(),
        )
    )
    present = st.builds(Present, st.sampled_from(sorted(KINDS)).map(Field), st.booleans())
    flag = st.builds(Flag, st.just(Field("f")), st.booleans())
    return st.one_of(compares(), member, present, flag)


conditions = st.recursive(
    leaves(),
    lambda inner: st.one_of(
        st.lists(inner, min_size=2, max_size=3).map(lambda p: All(tuple(p))),
        st.lists(inner, min_size=2, max_size=3).map(lambda p: Any_(tuple(p))),
    ),
    max_leaves=6,
)
facts = st.fixed_dictionaries({}, optional=KINDS)

_COUNTER = iter(range(1, 10**9))


@functools.cache
def _host() -> Any:
    # imported here: durable-rules is not installed on Python 3.13 and later
    return importlib.import_module("kscp_core.engine._durable").DurableHost()


@given(condition=conditions, fact=facts, limit=NUMBERS)
def test_the_compiled_python_and_the_tree_agree(
    condition: Condition, fact: dict[str, Any], limit: Any
) -> None:
    expected = evaluate(condition, fact, {"limit": limit})
    assert compile_python(condition, {"limit": limit})(fact) == expected


@given(condition=conditions, fact=facts, limit=NUMBERS, data=st.data())
def test_a_fact_that_meets_a_condition_was_possible_from_any_part_of_it(
    condition: Condition, fact: dict[str, Any], limit: Any, data: st.DataObject
) -> None:
    """What the gate relies on: knowing only some fields never rules out a fact that meets it."""
    names = sorted(fact)
    known = data.draw(st.sets(st.sampled_from(names)) if names else st.just(set()), label="known")
    seen = {name: fact[name] for name in known}
    if evaluate(condition, fact, {"limit": limit}):
        assert possible(condition, seen, {"limit": limit})
    # knowing every field (each there) decides it exactly
    if set(KINDS) <= fact.keys():
        assert possible(condition, fact, {"limit": limit}) == evaluate(
            condition, fact, {"limit": limit}
        )


def test_a_test_of_two_fields_with_one_known_might_hold() -> None:
    tree = parse("n < m and f")
    assert possible(tree, {"n": 1}, {})
    assert possible(tree, {"n": 1, "f": True}, {})
    assert not possible(tree, {"n": 1, "f": False}, {})
    assert not possible(tree, {"n": 3, "m": 2}, {})


@pytest.mark.durable
@given(condition=conditions, fact=facts, limit=NUMBERS)
def test_durable_rules_and_python_agree(
    condition: Condition, fact: dict[str, Any], limit: Any
) -> None:
    from kscp_core.engine.durable import compile_condition

    fired: list[bool] = []
    name = f"agree{next(_COUNTER)}"
    compiled = compile_condition(condition, {"limit": limit})
    host = _host()
    host.register(
        name,
        [("probe", "probe", copy.deepcopy(compiled))],
        lambda index, sid, f, more: fired.append(True),
    )
    with host.session(name, "1") as session:
        session.assert_fact(session.stamp("probe", "k", fact))
    expected = evaluate(condition, fact, {"limit": limit})
    assert bool(fired) == expected
    assert compile_python(condition, {"limit": limit})(fact) == expected
