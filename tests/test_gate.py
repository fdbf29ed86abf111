"""The gate: a record in a state no rule can fire on is skipped, and no finding changes.

The gate is read from the rules' condition trees, so these tests change the
rules (conditions rewritten, rules switched off, as an overlay would) and
check that gated and ungated evaluations agree on generated partnerships.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kscp_core import Partnership
from kscp_core.engine import Engine
from kscp_core.facts import project
from kscp_core.facts.actions import ACTION_STATE, ESCALATION_COPIES
from kscp_core.facts.gate import open_states
from kscp_core.facts.projection import PROJECTORS
from kscp_core.rulebook import Rule, RuleBook
from kscp_core.rulebook.conditions import parse
from kscp_core.rulebook.vocabulary import FACT_KINDS, FactKind, FieldType
from kscp_core.testing.strategies import partnerships

AS_OF = date(2025, 11, 14)
BOOK = RuleBook.load()
GATED = {p.gate.kind for p in PROJECTORS if p.gate is not None}
#: the kinds whose rules the gate reads: the gated records' own, and those given beside them
READ = GATED | {kind for p in PROJECTORS if p.gate is not None for kind in p.gate.alongside}


def _tests(kind: FactKind) -> st.SearchStrategy[str]:
    flags = sorted(f.name for f in kind.fields if f.type is FieldType.BOOL)
    counts = sorted(f.name for f in kind.fields if f.type in (FieldType.INT, FieldType.NUMBER))
    every = sorted(f.name for f in kind.fields)
    return st.one_of(
        st.sampled_from(flags).flatmap(lambda n: st.sampled_from([n, f"not {n}"])),
        st.builds(
            "{} {} {}".format,
            st.sampled_from(counts),
            st.sampled_from([">=", "<", "==", "!="]),
            st.integers(-1, 4),
        ),
        st.builds("{}({})".format, st.sampled_from(["present", "missing"]), st.sampled_from(every)),
        st.sampled_from(flags).flatmap(lambda n: st.sampled_from([f"{n} == true", f"{n} != 0"])),
    )


def _conditions(kind: FactKind) -> st.SearchStrategy[str]:
    def combined(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        pair = st.builds("({} {} {})".format, inner, st.sampled_from(["and", "or"]), inner)
        return pair | pair.map("not {}".format)

    return st.recursive(_tests(kind), combined, max_leaves=5)


def _changed(rule: Rule, draw: Any) -> Rule:
    choice = draw(st.sampled_from(["keep", "keep", "off", "rewrite"]))
    if choice == "keep":
        return rule
    if choice == "off":
        return attrs.evolve(rule, switched_off="switched off by a generated overlay")
    text = draw(_conditions(FACT_KINDS[rule.applies_to]))
    tree = parse(text, parameters=frozenset(BOOK.parameters))
    return attrs.evolve(rule, condition_text=text, condition=tree)


@st.composite
def rulebooks(draw: st.DrawFn) -> RuleBook:
    """The packaged rules with those on gated records changed as an overlay might."""
    rules = tuple(_changed(rule, draw) if rule.applies_to in READ else rule for rule in BOOK.rules)
    return attrs.evolve(BOOK, rules=rules)


@settings(max_examples=40)
@given(
    book=rulebooks(),
    partnership=partnerships(),
    as_of=st.dates(date(2024, 4, 1), date(2026, 6, 30)),
)
def test_gated_and_ungated_evaluations_give_the_same_findings(
    book: RuleBook, partnership: Partnership, as_of: date
) -> None:
    gated = Engine(book, gate=True).evaluate(partnership, as_of, method="python")
    ungated = Engine(book, gate=False).evaluate(partnership, as_of, method="python")
    assert gated == ungated


@pytest.mark.parametrize("as_of", [date(2025, 11, 14), date(2025, 4, 15)])
def test_on_the_example_every_finding_is_found_gated(example: Partnership, as_of: date) -> None:
    """The example makes every rule fire on one of these dates: none is lost to the gate."""
    for method in ("python", "auto"):
        gated = Engine(BOOK, gate=True).evaluate(example, as_of, method=method)
        assert gated == Engine(BOOK, gate=False).evaluate(example, as_of, method="python")


@given(partnership=partnerships(), as_of=st.dates(date(2024, 4, 1), date(2026, 6, 30)))
def test_the_gate_holds_on_the_durable_path_too(partnership: Partnership, as_of: date) -> None:
    gated = Engine(BOOK, gate=True).evaluate(partnership, as_of, method="auto")
    assert gated == Engine(BOOK, gate=False).evaluate(partnership, as_of, method="python")


def test_under_the_packaged_rules_a_completed_action_is_skipped() -> None:
    states = open_states(PROJECTORS, BOOK.active, BOOK.parameter_values(AS_OF))["action"]
    state = dict.fromkeys(ACTION_STATE, False)
    completed = tuple({**state, "completed": True}[f] for f in ACTION_STATE)
    still_open = tuple({**state, "open": True}[f] for f in ACTION_STATE)
    closed = tuple({**state, "closed": True}[f] for f in ACTION_STATE)
    assert completed not in states
    # open actions can be overdue; closed ones can be closed without a reason
    assert still_open in states
    assert closed in states


def test_a_rule_about_completed_actions_opens_their_state() -> None:
    """Nothing about the gate is written by hand: a new rule changes it."""
    rule = attrs.evolve(
        BOOK.rule("actions.overdue"),
        condition_text="completed and past_due",
        condition=parse("completed and past_due"),
    )
    book = attrs.evolve(BOOK, rules=(*BOOK.rules, attrs.evolve(rule, id="local.completed_late")))
    states = open_states(PROJECTORS, book.active, book.parameter_values(AS_OF))["action"]
    assert tuple(f == "completed" for f in ACTION_STATE) in states


@given(partnership=partnerships(), as_of=st.dates(date(2024, 4, 1), date(2026, 6, 30)))
def test_what_the_gate_reads_is_what_the_facts_say(partnership: Partnership, as_of: date) -> None:
    """The state fields are on every action's fact; an escalation copies what it declares."""
    facts = project(Engine(BOOK).context(partnership, as_of))
    actions = {f.key: f for f in facts if f.kind == "action"}
    for fact in actions.values():
        assert set(ACTION_STATE) <= fact.data.keys()
        assert all(isinstance(fact.data[name], bool) for name in ACTION_STATE)
    for fact in facts:
        if fact.kind == "escalation":
            assert fact.parent is not None
            parent = actions[fact.parent].data
            copied = {k: parent[k] for k in ESCALATION_COPIES if k in parent}
            assert {k: fact.data[k] for k in copied} == copied
