"""Every worked example in every rule file runs as a test, on both evaluation paths."""

from __future__ import annotations

import pytest

from kscp_core.engine import Engine, Method
from kscp_core.rulebook import Example, Rule, RuleBook
from kscp_core.testing.worked import check_example

BOOK = RuleBook.load()
ENGINE = Engine(BOOK)
CASES = [(rule, example) for rule in BOOK.rules for example in rule.examples]


@pytest.mark.parametrize("method", [pytest.param("durable", marks=pytest.mark.durable), "python"])
@pytest.mark.parametrize(("rule", "example"), CASES, ids=[f"{r.id}: {e.name}" for r, e in CASES])
def test_worked_example(rule: Rule, example: Example, method: Method) -> None:
    assert check_example(ENGINE, rule, example, method=method) == []


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_every_rule_has_examples_on_both_sides(rule: Rule) -> None:
    assert any(e.expect for e in rule.examples), "no example where the rule finds something"
    assert any(not e.expect for e in rule.examples), "no example where the rule holds"
