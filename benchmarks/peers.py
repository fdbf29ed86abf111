"""The same escalation rules in the rule engines a host might pick instead of kscp_core.

Two rules, as the rule files state them:

- ``escalation.two_cycles``: open, past its due date, not escalated, and
  ``escalation_cycles`` meeting cycles since the due date;
- ``escalation.drift``: open, not escalated, and ``drift_cycles`` meeting
  cycles without a progress update.

Every peer is given the same facts about each action (the fields those rules
read, derived by kscp_core's own projection, which a peer would otherwise
have to write) and must give the same decisions (rule, action) as kscp_core.
A peer decides; it does not explain or cite. A peer that is not installed (the
``bench`` extra installs them) is reported as such.
"""

from __future__ import annotations

import contextlib
import importlib
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from typing import Any

#: the rules compared, as kscp_core names them
RULES = ("escalation.two_cycles", "escalation.drift")
#: what a peer reads of an action's fact; a count a fact lacks is given as -1
FIELDS = ("open", "past_due", "escalated", "cycles_since_due", "cycles_since_update")

Decision = tuple[str, str]
#: one partnership's facts: (action id, fields) for every action raised by the date
Facts = list[tuple[str, dict[str, Any]]]


def facts_of(portfolio: Sequence[Any], as_of: date) -> list[Facts]:
    """Every action's fields, per partnership, from kscp_core's projection (not gated)."""
    from kscp_core import Engine
    from kscp_core.facts import iter_facts

    engine = Engine()
    found = []
    for partnership in portfolio:
        ctx = engine.context(partnership, as_of)
        found.append(
            [
                (
                    fact.subject,
                    {
                        "open": fact.data["open"],
                        "past_due": fact.data.get("past_due", False),
                        "escalated": fact.data["escalated"],
                        "cycles_since_due": fact.data.get("cycles_since_due", -1),
                        "cycles_since_update": fact.data.get("cycles_since_update", -1),
                    },
                )
                for fact in iter_facts(ctx, kinds={"action"})
                if fact.kind == "action"
            ]
        )
    return found


# --- the peers -------------------------------------------------------------------------


def plain_python(facts: list[Facts], due: int, drift: int) -> set[Decision]:
    """The two tests written as Python (what every engine below is measured against)."""
    found: set[Decision] = set()
    for partnership in facts:
        for subject, f in partnership:
            if f["open"] and not f["escalated"]:
                if f["past_due"] and f["cycles_since_due"] >= due:
                    found.add((RULES[0], subject))
                if f["cycles_since_update"] >= drift:
                    found.add((RULES[1], subject))
    return found


def rule_engine(facts: list[Facts], due: int, drift: int) -> set[Decision]:
    """rule-engine: each rule a text expression, matched against each fact."""
    import rule_engine as re_

    rules = [
        (
            RULES[0],
            re_.Rule(
                f"open and past_due and not escalated and cycles_since_due >= {due}",
            ),
        ),
        (RULES[1], re_.Rule(f"open and not escalated and cycles_since_update >= {drift}")),
    ]
    found: set[Decision] = set()
    for partnership in facts:
        for subject, f in partnership:
            for name, rule in rules:
                if rule.matches(f):
                    found.add((name, subject))
    return found


def business_rules(facts: list[Facts], due: int, drift: int) -> set[Decision]:
    """business-rules: variables and actions classes, rules as JSON-like data."""
    from business_rules.actions import BaseActions, rule_action
    from business_rules.engine import run_all
    from business_rules.fields import FIELD_TEXT
    from business_rules.variables import (
        BaseVariables,
        boolean_rule_variable,
        numeric_rule_variable,
    )

    class Variables(BaseVariables):  # type: ignore[misc]
        def __init__(self, fact: dict[str, Any]) -> None:
            self.fact = fact

        @boolean_rule_variable  # type: ignore[misc]
        def open(self) -> bool:
            return bool(self.fact["open"])

        @boolean_rule_variable  # type: ignore[misc]
        def past_due(self) -> bool:
            return bool(self.fact["past_due"])

        @boolean_rule_variable  # type: ignore[misc]
        def escalated(self) -> bool:
            return bool(self.fact["escalated"])

        @numeric_rule_variable  # type: ignore[misc]
        def cycles_since_due(self) -> int:
            return int(self.fact["cycles_since_due"])

        @numeric_rule_variable  # type: ignore[misc]
        def cycles_since_update(self) -> int:
            return int(self.fact["cycles_since_update"])

    class Actions(BaseActions):  # type: ignore[misc]
        def __init__(self, subject: str, found: set[Decision]) -> None:
            self.subject = subject
            self.found = found

        @rule_action(params={"rule": FIELD_TEXT})  # type: ignore[misc]
        def fire(self, rule: str) -> None:
            self.found.add((rule, self.subject))

    def test(name: str, operator: str, value: Any) -> dict[str, Any]:
        return {"name": name, "operator": operator, "value": value}

    rules = [
        {
            "conditions": {
                "all": [
                    test("open", "is_true", True),
                    test("past_due", "is_true", True),
                    test("escalated", "is_false", True),
                    test("cycles_since_due", "greater_than_or_equal_to", due),
                ]
            },
            "actions": [{"name": "fire", "params": {"rule": RULES[0]}}],
        },
        {
            "conditions": {
                "all": [
                    test("open", "is_true", True),
                    test("escalated", "is_false", True),
                    test("cycles_since_update", "greater_than_or_equal_to", drift),
                ]
            },
            "actions": [{"name": "fire", "params": {"rule": RULES[1]}}],
        },
    ]
    found: set[Decision] = set()
    for partnership in facts:
        for subject, f in partnership:
            run_all(
                rule_list=rules,
                defined_variables=Variables(f),
                defined_actions=Actions(subject, found),
                stop_on_first_trigger=False,
            )
    return found


def clips(facts: list[Facts], due: int, drift: int) -> set[Decision]:
    """CLIPS through clipspy: templates, rules in CLIPS, facts asserted, the agenda run."""
    import clips as clips_

    env = clips_.Environment()
    env.build(
        "(deftemplate action (slot subject (type STRING)) (slot open) (slot past_due)"
        " (slot escalated) (slot csd (type INTEGER)) (slot csu (type INTEGER)))"
    )
    env.build("(deftemplate found (slot rule (type STRING)) (slot subject (type STRING)))")
    env.build(
        "(defrule two-cycles (action (subject ?s) (open TRUE) (past_due TRUE)"
        f" (escalated FALSE) (csd ?c&:(>= ?c {due})))"
        f' => (assert (found (rule "{RULES[0]}") (subject ?s))))'
    )
    env.build(
        "(defrule drift (action (subject ?s) (open TRUE) (escalated FALSE)"
        f' (csu ?c&:(>= ?c {drift}))) => (assert (found (rule "{RULES[1]}") (subject ?s))))'
    )
    template = env.find_template("action")
    found: set[Decision] = set()
    for partnership in facts:
        env.reset()
        for subject, f in partnership:
            template.assert_fact(
                subject=subject,
                open=clips_.Symbol("TRUE" if f["open"] else "FALSE"),
                past_due=clips_.Symbol("TRUE" if f["past_due"] else "FALSE"),
                escalated=clips_.Symbol("TRUE" if f["escalated"] else "FALSE"),
                csd=f["cycles_since_due"],
                csu=f["cycles_since_update"],
            )
        env.run()
        found |= {
            (str(fact["rule"]), str(fact["subject"]))
            for fact in env.facts()
            if fact.template.name == "found"
        }
    return found


def durable_rules(facts: list[Facts], due: int, drift: int) -> set[Decision]:
    """durable-rules used directly: one ruleset in its JSON form, facts asserted in batches.

    As its own documentation and measurements require: a host without timer
    threads, facts with ids and a kind, a session per partnership, and the
    facts no rule matches (which the engine refuses) let go. One fact at a
    time: in a batch, one fact no rule matches makes the engine skip the
    others' actions.
    """
    from durable.engine import Host, MessageNotHandledException

    class QuietHost(Host):  # type: ignore[misc]
        def _run(self) -> None:
            pass

    found: set[Decision] = set()

    def fire(rule: str) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            found.add((rule, c.m.subject))

        return action

    host = QuietHost()
    host.set_rulesets(
        {
            "peer": {
                "two_cycles": {
                    "all": [
                        {
                            "m": {
                                "$and": [
                                    {"kind": "action"},
                                    {"open": True},
                                    {"past_due": True},
                                    {"escalated": False},
                                    {"$gte": {"cycles_since_due": due}},
                                ]
                            }
                        }
                    ],
                    "run": fire(RULES[0]),
                },
                "drift": {
                    "all": [
                        {
                            "m": {
                                "$and": [
                                    {"kind": "action"},
                                    {"open": True},
                                    {"escalated": False},
                                    {"$gte": {"cycles_since_update": drift}},
                                ]
                            }
                        }
                    ],
                    "run": fire(RULES[1]),
                },
                "marker": {"all": [{"m": {"kind": "marker"}}], "run": lambda c: None},
            }
        }
    )
    for index, partnership in enumerate(facts):
        sid = str(index)
        host.assert_fact("peer", {"sid": sid, "id": 0, "kind": "marker"})
        for n, (subject, f) in enumerate(partnership, 1):
            with contextlib.suppress(MessageNotHandledException):  # no rule matched it
                host.assert_fact(
                    "peer", {"sid": sid, "id": n, "kind": "action", "subject": subject, **f}
                )
        host.delete_state("peer", sid)
    return found


#: each peer: its name as the table shows it, the module it needs, how it runs
PEERS: tuple[tuple[str, str, Callable[[list[Facts], int, int], set[Decision]]], ...] = (
    ("rule-engine", "rule_engine", rule_engine),
    ("business-rules", "business_rules", business_rules),
    ("CLIPS (clipspy)", "clips", clips),
    ("durable-rules, used directly", "durable.engine", durable_rules),
)


def missing(module: str) -> str | None:
    """Why a peer cannot run here, or None when it can."""
    try:
        importlib.import_module(module)
    except Exception as error:  # an import can fail in many ways; all mean "not here"
        return f"not installed here ({type(error).__name__}: {error}); pip install -e '.[bench]'"
    return None


def decisions(findings: Iterable[Any]) -> set[Decision]:
    """kscp_core's findings as bare decisions."""
    return {(f.rule, f.subject) for f in findings}
