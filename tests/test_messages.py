"""Findings are written for the person who must act: every rule's message, on its examples."""

from __future__ import annotations

import re

import pytest

from kscp_core.engine import Engine, Finding
from kscp_core.io.records import structure
from kscp_core.model.partnership import Partnership
from kscp_core.rulebook import Rule, RuleBook

from .conftest import EXAMPLE

BOOK = RuleBook.load()
ENGINE = Engine(BOOK)

RAW_FRACTION = re.compile(r"\b\d+\.\d{3,}")
IDENTIFIER = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ONE_PLURAL = re.compile(
    r"(?<![\w-])1 (?:[A-Za-z-]+ )?(?:[a-z-]+[^s]s|agencies|cycles|days|values)\b"
)
DOUBLE_POSSESSIVE = re.compile(r"s's\b")


def problems(finding: Finding, partnership: Partnership) -> list[str]:
    """What a message shows that the person who must act should not have to decode."""
    message = finding.message
    found = []
    if RAW_FRACTION.search(message):
        found.append("a raw fraction")
    if IDENTIFIER.search(message):
        found.append(f"an identifier or code value: {IDENTIFIER.search(message)[0]!r}")  # type: ignore[index]
    if ONE_PLURAL.search(message):
        found.append(f"a plural after one: {ONE_PLURAL.search(message)[0]!r}")  # type: ignore[index]
    if DOUBLE_POSSESSIVE.search(message):
        found.append("a possessive on a plural name")
    names = {a.id: a.name for a in partnership.agencies} | {
        s.id: s.name for s in partnership.subgroups
    }
    # the agency and subgroup the finding is about, which have names to show
    about = {finding.explanation.facts.get(k) for k in ("agency", "subgroup")}
    named = [(i, names[i]) for i in about if isinstance(i, str) and i in names]
    for record_id, name in named:
        shown = re.search(rf"(?<![\w-]){re.escape(record_id)}(?![\w-])", message)
        if record_id != name and shown and name not in message:
            found.append(f"the id {record_id!r} where its name {name!r} exists")
    if "(not recorded)" in message:
        found.append("a value the message needs is not in the finding")
    return found


def _findings(rule: Rule) -> list[tuple[str, Finding, Partnership]]:
    out = []
    for example in rule.examples:
        if not example.expect:
            continue
        partnership = structure(example.given, example.name)
        for finding in ENGINE.evaluate(partnership, example.as_of, method="python"):
            if finding.rule == rule.id:
                out.append((example.name, finding, partnership))
    return out


@pytest.mark.parametrize("rule", BOOK.rules, ids=lambda r: r.id)
def test_every_message_reads_as_words_on_its_worked_examples(rule: Rule) -> None:
    found = _findings(rule)
    assert found
    for name, finding, partnership in found:
        assert problems(finding, partnership) == [], f"{name}: {finding.message}"


def test_every_message_reads_as_words_on_the_example_partnership() -> None:
    from datetime import date

    from kscp_core import load

    partnership = load(EXAMPLE)
    for as_of in (date(2025, 11, 14), date(2025, 4, 15)):
        for finding in ENGINE.evaluate(partnership, as_of, method="python"):
            assert problems(finding, partnership) == [], finding.message


def test_a_finding_for_a_role_nobody_holds_says_what_to_do() -> None:
    partnership = structure(
        {
            "name": "P",
            "chair": {"name": "C"},
            "actions": [
                {"id": "A-1", "title": "T", "source": "meeting", "raised_on": "2025-01-10"}
            ],
        },
        "records",
    )
    finding = next(
        f
        for f in ENGINE.evaluate(partnership, date_(2025, 2, 1))
        if f.rule == "actions.accountability_missing"
    )
    assert "none recorded" in finding.recipient.label
    assert "record" in finding.recipient.label.split("none recorded", 1)[1]


def date_(year: int, month: int, day: int):  # type: ignore[no-untyped-def]
    from datetime import date

    return date(year, month, day)


def test_counts_take_the_right_noun() -> None:
    from kscp_core.rulebook.words import plural

    assert plural("meeting cycle") == "meeting cycles"
    assert plural("agency") == "agencies"


def test_a_share_just_below_a_threshold_never_reads_as_the_threshold() -> None:
    partnership = structure(
        {
            "name": "P",
            "chair": {"name": "C"},
            "agencies": [{"id": "a", "name": "Agency A", "kind": "police"}],
            "workforce_returns": [
                {
                    "id": "w",
                    "agency": "a",
                    "period_end": "2025-03-31",
                    "staff": 10000,
                    "basic_trained": 8999,
                    "refreshed": 9500,
                    "received_on": "2025-04-20",
                }
            ],
        },
        "records",
    )
    [finding] = [
        f
        for f in ENGINE.evaluate(partnership, date_(2025, 5, 1))
        if f.rule == "workforce.training_compliance"
    ]
    assert "89.9% of staff with basic training" in finding.message
