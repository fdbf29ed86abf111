"""The rule catalogue: every rule the design names exists, and the example exercises each."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from kscp_core import Partnership
from kscp_core.cli import main
from kscp_core.engine import Engine
from kscp_core.rulebook import RuleBook

# The ids of the rule catalogue (the design's RULES.md, and the families the clause register
# added since): a contract hosts rely on.
CATALOGUE = {
    "actions": ["accountability_missing", "overdue", "closure_unexplained", "not_standing_item"],
    "escalation": [
        "two_cycles",
        "drift",
        "partnership_chair",
        "not_discussed",
        "subgroup_not_meeting",
    ],
    "reports": ["quarterly_missing", "quarterly_incomplete", "forward_plan"],
    "section11": [
        "cycle_due",
        "cycle_due_soon",
        "return_overdue",
        "changes_missing",
        "theme_missing",
        "not_monitored",
        "challenge_event_without_young_people",
        "contracted_services_unanswered",
        "evidence_missing",
        "raising_concerns_unanswered",
        "return_misdirected",
    ],
    "audits": [
        "voice_of_child_missing",
        "action_plan_missing",
        "not_quality_assured",
        "agency_issue_not_reported",
        "programme_missing",
        "practitioners_not_involved",
        "single_agency_only",
    ],
    "performance": ["return_overdue", "return_inaccurate", "indicator_not_agreed"],
    "training": [
        "strategy_stale",
        "feedback_missing",
        "lessons_not_fed_in",
        "feedback_unused",
        "impact_unevaluated",
        "need_unplanned",
        "offer_narrow",
        "single_agency_unassured",
    ],
    "workforce": [
        "training_compliance",
        "competence_short",
        "induction_short",
        "not_attending",
        "not_releasing_trainers",
        "practice_review_short",
        "recruitment_short",
        "return_missing",
        "supervision_short",
    ],
    "representation": ["agency_absent"],
    "voice": [
        "feedback_mechanism_missing",
        "advocacy_unavailable",
        "agency_not_consulting",
        "cpru_not_consulting",
        "feedback_not_brought",
        "groups_not_heard",
        "local_authority_not_consulting",
        "no_survey",
        "partnership_not_hearing",
        "views_unused",
    ],
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
        "family_not_informed",
        "recommendation_not_monitored",
        "strengths_missing",
        "young_people_not_included",
    ],
    "publication": [
        "court_order",
        "welfare_unassessed",
        "personal_data",
        "social_media_unapproved",
        "learning_unshared",
        "withdrawn_early",
        "postcode_unconfirmed",
    ],
    "child_deaths": [
        "review_missing",
        "analysis_incomplete",
        "abuse_suspected_not_notified",
        "lessons_not_disseminated",
        "data_unevaluated",
        "findings_not_acted_on",
        "in_depth_missing",
    ],
    "annual_report": [
        "child_death_overview_missing",
        "help_effectiveness_missing",
        "review_impact_missing",
        "training_activity_missing",
        "training_effectiveness_missing",
    ],
    "assurance": [
        "action_plan_overdue",
        "assurance_overdue",
        "concern_without_strategy",
        "contribution_overdue",
        "evaluation_overdue",
        "lessons_evidence_overdue",
        "no_practice_shared",
        "representation_missing",
        "update_overdue",
    ],
    "learning": [
        "cdr_evidence",
        "cdr_lead",
        "challenge_evidence",
        "challenge_lead",
        "children_families_evidence",
        "children_families_protocols",
        "communication_unplanned",
        "course_evidence",
        "course_lead",
        "guidance_evidence",
        "guidance_lead",
        "malr_evidence",
        "malr_lead",
        "priority_unpursued",
        "qa_evidence",
        "qa_lead",
        "spr_evidence",
        "spr_lead",
        "training_audit_evidence",
        "training_audit_lead",
        "virtual_lead",
    ],
    "sharing": [
        "agencies_not_fed_back",
        "example_not_disseminated",
        "learning_not_applied",
        "not_partnership_wide",
        "not_to_learning_and_development",
        "not_with_partnership",
        "report_not_on_website",
        "report_not_promoted",
        "review_not_shared",
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
