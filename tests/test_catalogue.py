"""The rule catalogue: every rule the design names exists, and the example exercises each."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kscp_core import Partnership
from kscp_core.cli import main
from kscp_core.engine import Engine
from kscp_core.rulebook import RuleBook

# The ids of the rule catalogue (the design's RULES.md): a contract hosts rely on.
CATALOGUE = {
    "actions": ["accountability_missing", "overdue", "closure_unexplained"],
    "escalation": ["two_cycles", "drift", "partnership_chair"],
    "reports": ["quarterly_missing", "quarterly_incomplete", "forward_plan"],
    "section11": [
        "cycle_due",
        "cycle_due_soon",
        "return_overdue",
        "changes_missing",
        "theme_missing",
        "not_monitored",
        "challenge_event_without_young_people",
    ],
    "audits": [
        "voice_of_child_missing",
        "action_plan_missing",
        "not_quality_assured",
        "agency_issue_not_reported",
        "programme_missing",
    ],
    "performance": ["return_overdue", "return_inaccurate", "indicator_not_agreed"],
    "training": ["strategy_stale", "feedback_missing", "lessons_not_fed_in"],
    "workforce": ["training_compliance"],
    "representation": ["agency_absent"],
    "voice": ["feedback_mechanism_missing", "advocacy_unavailable"],
    "reviews": [
        "notification_overdue",
        "rapid_review_overdue",
        "decision_missing",
        "proportionality",
        "lead_not_independent",
        "practitioners_not_involved",
        "family_not_invited",
        "child_voice_missing",
        "completion_overdue",
        "report_not_sent_before_publication",
        "report_unpublished",
        "response_missing",
        "recommendation_without_action",
        "impact_not_assessed",
    ],
    "publication": [
        "court_order",
        "welfare_unassessed",
        "personal_data",
        "social_media_unapproved",
        "learning_unshared",
        "withdrawn_early",
    ],
    "child_deaths": [
        "review_missing",
        "analysis_incomplete",
        "abuse_suspected_not_notified",
        "lessons_not_disseminated",
    ],
}
IDS = sorted(f"{family}.{name}" for family, names in CATALOGUE.items() for name in names)
BOOK = RuleBook.load()
DATES = [date(2025, 11, 14), date(2025, 4, 15)]


def test_rules_list_shows_every_catalogue_id(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list"]) == 0
    out = capsys.readouterr().out
    for rule_id in IDS:
        assert rule_id in out


@pytest.fixture(scope="module")
def findings(example: Partnership) -> dict[date, Counter[str]]:
    engine = Engine(BOOK)
    return {d: Counter(f.rule for f in engine.evaluate(example, d)) for d in DATES}


@pytest.mark.parametrize("rule_id", sorted(r.id for r in BOOK.rules))  # the catalogue's and since
def test_the_example_makes_each_rule_fire(rule_id: str, findings: dict[date, Counter[str]]) -> None:
    assert any(findings[d][rule_id] for d in DATES)


def test_check_on_the_example_shows_every_family(findings: dict[date, Counter[str]]) -> None:
    families = {rule.split(".")[0] for rule in findings[DATES[0]]}
    assert set(CATALOGUE) <= families
