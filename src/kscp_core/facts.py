"""Facts: a partnership's records as of a date, flattened for the rules.

Rules never see records; they see facts, one per record they are about, with
the derived values the framework's rules need already worked out: days and
meeting cycles past a deadline, whether an action has been updated since, and
so on. This module is the only place such arithmetic lives.

Each fact has a *kind* (``action``, ``escalation``, ...) whose fields are
declared in :data:`FACT_KINDS` with a description that the rule documentation
and explanations use. A field with no value is left out of the fact (a test
on it is false). Dates are carried as day numbers (``date.toordinal()``) so the
engine can compare them; facts never carry personal data.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from datetime import date, timedelta
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from kscp_core.actions import Action, ActionState
from kscp_core.audits import AuditKind
from kscp_core.identifiers import Redactor
from kscp_core.incidents import AbuseOrNeglect, IncidentOutcome
from kscp_core.meetings import nth_meeting_after
from kscp_core.partnership import Partnership
from kscp_core.performance import Indicator
from kscp_core.proportionality import recommend_review
from kscp_core.publication import Channel, LearningOutput, OutputKind
from kscp_core.reports import QuarterlyReport, quarters_between
from kscp_core.reviews import CaseReview, RapidReview, Recommendation, ReviewType
from kscp_core.subgroups import SubgroupRole
from kscp_core.working_days import WorkingCalendar, add_working_days, working_days_between

__all__ = [
    "FACT_KINDS",
    "DateRule",
    "Fact",
    "FactField",
    "FactKind",
    "derive",
    "parse_date_rule",
    "project",
]

FieldType = str  # "bool", "int", "number", "text", "date", "dates"


@attrs.frozen(kw_only=True)
class FactField:
    """A field of a fact kind, what it means, and whether every fact has it."""

    name: str
    type: FieldType
    description: str
    optional: bool = False
    parameters: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class FactKind:
    """A kind of fact: the record it is about and its fields."""

    name: str
    description: str
    subject: str
    fields: tuple[FactField, ...]
    chained: bool = False

    _by_name: dict[str, FactField] = attrs.field(init=False, repr=False, eq=False)
    #: the names of its fields that hold a date (as a day number)
    date_fields: frozenset[str] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_by_name", {f.name: f for f in self.fields})
        dates = frozenset(f.name for f in self.fields if f.type == "date")
        object.__setattr__(self, "date_fields", dates)

    def field(self, name: str) -> FactField | None:
        """The field of that name, if the kind has one."""
        return self._by_name.get(name)

    def describe(self, name: str) -> str:
        """How a field reads in English."""
        found = self.field(name)
        return found.description if found else name.replace("_", " ")


@attrs.frozen(kw_only=True)
class Fact:
    """One fact: its kind, a key unique in an evaluation, the record it is about, its values."""

    kind: str
    key: str
    subject: str
    data: dict[str, Any]
    parent: str | None = None


def _f(
    name: str,
    type_: FieldType,
    description: str,
    optional: bool = False,
    parameters: tuple[str, ...] = (),
) -> FactField:
    return FactField(
        name=name, type=type_, description=description, optional=optional, parameters=parameters
    )


_ACTION_FIELDS = (
    _f("title", "text", "the action's title"),
    _f("agency", "text", "the accountable agency", optional=True),
    _f("subgroup", "text", "the accountable subgroup", optional=True),
    _f("raised_on", "date", "the date the action was raised"),
    _f("due_on", "date", "the due date", optional=True),
    _f("open", "bool", "the action is open (neither completed nor closed)"),
    _f("completed", "bool", "the action is completed"),
    _f("closed", "bool", "the action is closed without being completed"),
    _f("past_due", "bool", "the due date has passed", optional=True),
    _f("days_past_due", "int", "days since the due date (negative before it)", optional=True),
    _f(
        "cycles_since_due",
        "int",
        "meeting cycles of the accountable subgroup held since the due date",
        optional=True,
    ),
    _f("last_update_on", "date", "the date of the last progress update", optional=True),
    _f(
        "last_progress_on",
        "date",
        "the date progress was last shown (the last update, or when the action was raised)",
    ),
    _f(
        "cycles_since_update",
        "int",
        "meeting cycles of the accountable subgroup held since the last progress update "
        "(or since the action was raised, if never updated)",
        optional=True,
    ),
    _f("escalated", "bool", "an escalation is recorded"),
    _f("closure_reason_recorded", "bool", "the reason for closing it is recorded"),
    _f("closure_instead_recorded", "bool", "what was done instead is recorded"),
    _f("closed_on", "date", "the date it was closed", optional=True),
    _f(
        "meetings",
        "dates",
        "the meetings of the accountable subgroup held since the action was raised",
        optional=True,
    ),
)

_ESCALATION_FIELDS = (
    _f("title", "text", "the action's title"),
    _f("agency", "text", "the accountable agency", optional=True),
    _f("subgroup", "text", "the accountable subgroup", optional=True),
    _f("open", "bool", "the action is still open"),
    _f("escalated_on", "date", "the date the action was escalated to its subgroup"),
    _f("via", "text", "how the escalation came about (a rule id, or 'recorded')"),
    _f(
        "cycles_since_escalated",
        "int",
        "meeting cycles of the accountable subgroup held since the escalation",
    ),
    _f("meetings", "dates", "the meetings of the accountable subgroup held since", optional=True),
)

_QUARTER = ("year_start_month",)

_QUARTER_DUE_FIELDS = (
    _f("subgroup", "text", "the subgroup that owes the report"),
    _f("quarter", "text", "the financial quarter (YYYYQn)", parameters=_QUARTER),
    _f("quarter_end", "date", "the last day of the quarter", parameters=_QUARTER),
    _f("days_since_quarter_end", "int", "days since the quarter ended", parameters=_QUARTER),
    _f("report_submitted", "bool", "a report for the quarter has been submitted"),
)

_REPORT_FIELDS = (
    _f("subgroup", "text", "the subgroup that wrote the report"),
    _f("quarter_end", "date", "the last day of the quarter the report covers"),
    _f("submitted", "bool", "the report has been submitted"),
    _f(
        "actions_missing",
        "int",
        "actions of the subgroup open and past due at the quarter's end that the report "
        "does not cover",
    ),
    _f("strong_practice", "int", "examples of strong practice the report gives"),
    _f("in_forward_plan", "bool", "the report is entered in the Business Group's forward plan"),
)

_S11_AGENCY_FIELDS = (
    _f("agency", "text", "the agency under the section 11 duty"),
    _f("last_issued_on", "date", "when the Section 11 audit tool was last issued", optional=True),
    _f(
        "cycle_due_on",
        "date",
        "when the next Section 11 audit is due (the last issue plus the cycle, or the day "
        "the agency came under the duty)",
        parameters=("cycle_years",),
    ),
    _f(
        "days_until_due",
        "int",
        "days until the next Section 11 audit is due (negative: past)",
        parameters=("cycle_years",),
    ),
)

_S11_AUDIT_FIELDS = (
    _f("agency", "text", "the agency audited"),
    _f("issued_on", "date", "when the audit tool was issued"),
    _f("return_due_on", "date", "the return date", optional=True),
    _f("returned", "bool", "the audit has been returned"),
    _f("returned_on", "date", "when it was returned", optional=True),
    _f("past_return_due", "bool", "the return date has passed", optional=True),
    _f("has_previous_audit", "bool", "the agency had an earlier Section 11 audit"),
    _f("changes_recorded", "bool", "the changes since the previous audit are stated"),
    _f("development_recorded", "bool", "areas for further development are stated"),
    _f("theme_recorded", "bool", "the themed section is completed"),
    _f("considered_by_se", "bool", "an SE Subgroup meeting has considered the returned audit"),
    _f(
        "se_cycles_since_return",
        "int",
        "SE Subgroup meeting cycles held since the return",
        optional=True,
    ),
    _f("meetings", "dates", "the SE Subgroup's meetings held since the return", optional=True),
)

_CHALLENGE_FIELDS = (
    _f("held", "bool", "the challenge event has been held"),
    _f("held_on", "date", "the date of the challenge event"),
    _f("young_people", "int", "young people who took part"),
)

_AUDIT_FIELDS = (
    _f(
        "audit_kind",
        "text",
        "the kind of audit (section_11, multi_agency, single_agency, training)",
    ),
    _f(
        "voice_of_child_questions",
        "bool",
        "its questions include the standard voice of the child questions",
    ),
    _f(
        "started_on",
        "date",
        "the audit's first date on record (issued or completed)",
        optional=True,
    ),
    _f("completed", "bool", "the audit is completed"),
    _f("completed_on", "date", "when the audit was completed", optional=True),
    _f("days_since_completed", "int", "days since the audit was completed", optional=True),
    _f("findings", "int", "the findings the audit recorded"),
    _f("actions", "int", "actions raised from the audit"),
    _f("considered_by_se", "bool", "it has been presented to an SE Subgroup meeting"),
)

_AGENCY_ISSUE_FIELDS = (
    _f("agency", "text", "the agency the issue concerns"),
    _f("audit", "text", "the audit that found it"),
    _f("audit_completed_on", "date", "when the audit was completed", optional=True),
    _f("reported", "bool", "the issue has been reported back to the agency"),
)

_PARTNERSHIP_FIELDS = (
    _f("audit_programme_current", "bool", "a programme of audits covers the date"),
    _f(
        "advocacy_available",
        "bool",
        "an advocacy service for children subject to child "
        "protection plans and looked after reviews is available",
    ),
    _f("as_of", "date", "the date evaluated for"),
)

_PERFORMANCE_FIELDS = (
    _f("agency", "text", "the agency making the return"),
    _f("due_on", "date", "the date the return is due by the agreed schedule"),
    _f("received", "bool", "the return has been received"),
    _f("past_due", "bool", "the due date has passed"),
    _f("blank_values", "int", "indicators left blank"),
    _f("out_of_range_values", "int", "values outside their indicator's valid range"),
    _f("unagreed_indicators", "int", "indicators reported that are not in the agreed dataset"),
)

_STRATEGY_FIELDS = (
    _f("last_updated_on", "date", "when the training strategy was last updated", optional=True),
    _f(
        "update_due_on",
        "date",
        "when the next annual update is due",
        parameters=("strategy_months",),
    ),
    _f("past_update_due", "bool", "the update is overdue", parameters=("strategy_months",)),
)

_COURSE_FIELDS = (
    _f("multi_agency", "bool", "the course is multi-agency"),
    _f("delivered", "bool", "the course has been delivered"),
    _f("delivered_on", "date", "when it was delivered", optional=True),
    _f("feedback_responses", "int", "participant feedback responses collected"),
)

_LESSONS_FIELDS = (
    _f("source_kind", "text", "an audit or a review"),
    _f("completed_on", "date", "when the audit or review was completed"),
    _f("fed_in", "bool", "its lessons are linked to a course or a briefing"),
    _f(
        "feed_in_due_on",
        "date",
        "the date by which its lessons should be in training",
        parameters=("feed_in_months",),
    ),
    _f("past_feed_in_due", "bool", "that date has passed", parameters=("feed_in_months",)),
)

_WORKFORCE_FIELDS = (
    _f("agency", "text", "the agency making the return"),
    _f("period_end", "date", "the end of the period the return covers"),
    _f("basic_share", "number", "the share of staff with current basic safeguarding training"),
    _f(
        "refresher_share",
        "number",
        "the share of staff with a refresher within the partnership's refresh window",
        parameters=("refresh_years",),
    ),
)

_MEMBERSHIP_FIELDS = (
    _f("subgroup", "text", "the subgroup"),
    _f("agency", "text", "the member agency"),
    _f(
        "consecutive_absences",
        "int",
        "the subgroup's most recent meetings in a row the agency missed",
    ),
    _f(
        "last_present_on",
        "date",
        "the last meeting before those it attended (or the day before the subgroup first met)",
    ),
    _f("meetings", "dates", "the subgroup's meetings held", optional=True),
)

_AGENCY_FIELDS = (
    _f("agency", "text", "the agency"),
    _f(
        "feedback_mechanisms",
        "int",
        "mechanisms recorded for seeking feedback from children, young people and families",
    ),
    _f("as_of", "date", "the date evaluated for"),
)

_NOTIFY = ("notify_working_days",)
_INCIDENT_FIELDS = (
    _f(
        "notifiable",
        "bool",
        "abuse or neglect is known or suspected and the child died or was "
        "seriously harmed, or a looked after child died",
    ),
    _f("became_aware_on", "date", "when the local authority became aware of the incident"),
    _f(
        "notified",
        "bool",
        "the incident has been notified to the Child Safeguarding Practice Review Panel",
    ),
    _f("notified_on", "date", "when it was notified", optional=True),
    _f("notify_due_on", "date", "the last working day for notification", parameters=_NOTIFY),
    _f(
        "notified_late",
        "bool",
        "the incident is not notified, or was notified, after the last working day for it",
        parameters=_NOTIFY,
    ),
    _f("rapid_review_completed", "bool", "its rapid review is completed"),
    _f(
        "rapid_review_due_on",
        "date",
        "the last working day for the rapid review",
        optional=True,
        parameters=("rapid_review_working_days",),
    ),
    _f(
        "rapid_review_late",
        "bool",
        "the rapid review is not completed, or was completed, after its last working day",
        optional=True,
        parameters=("rapid_review_working_days",),
    ),
    _f("via", "text", "how the incident came to be known (a record, or a rule id)"),
)

_RAPID_REVIEW_FIELDS = (
    _f("incident", "text", "the incident reviewed"),
    _f("completed", "bool", "the rapid review is completed"),
    _f("completed_on", "date", "when it was completed", optional=True),
    _f(
        "decision_recorded",
        "bool",
        "a decision on a local child safeguarding practice review is recorded",
    ),
    _f("reasons_recorded", "bool", "the reasons for the decision are recorded"),
    _f("decided_on", "date", "when the decision was made", optional=True),
    _f(
        "recommended_type",
        "text",
        "the review type the proportionality table indicates",
        optional=True,
        parameters=("multi_agency_threshold",),
    ),
    _f("chosen_type", "text", "the review type chosen", optional=True),
    _f(
        "type_differs",
        "bool",
        "the type chosen differs from the one indicated",
        parameters=("multi_agency_threshold",),
    ),
    _f("departure_reason_recorded", "bool", "the reason for choosing a different type is recorded"),
)

_CASE_REVIEW_FIELDS = (
    _f("review_type", "text", "the kind of review"),
    _f("practice_review", "bool", "it is a local child safeguarding practice review"),
    _f("decided_on", "date", "when it was decided to hold the review"),
    _f("lead_recorded", "bool", "a lead reviewer is recorded"),
    _f(
        "lead_independent",
        "bool",
        "the lead reviewer was not involved in the case and does not "
        "work for an agency under review",
    ),
    _f(
        "agencies_without_practitioners",
        "int",
        "agencies under review with no practitioner invited to contribute",
    ),
    _f("family_invited", "bool", "the family was invited to contribute"),
    _f("family_reason_recorded", "bool", "a reason for not inviting the family is recorded"),
    _f("child_voice_recorded", "bool", "the child's voice or lived experience is recorded"),
    _f("completed", "bool", "the review is completed"),
    _f("completed_on", "date", "when it was completed", optional=True),
    _f(
        "completion_due_on",
        "date",
        "the date by which it should be completed and published",
        parameters=("completion_months",),
    ),
    _f("past_completion_due", "bool", "that date has passed", parameters=("completion_months",)),
    _f("published", "bool", "the final report is published (and not taken down)"),
    _f("published_on", "date", "when it was published", optional=True),
    _f(
        "sent_in_time",
        "bool",
        "the report was sent to the Panel and the Secretary of State in time before publication",
        optional=True,
        parameters=("send_before_working_days",),
    ),
    _f(
        "unpublished_reason_recorded",
        "bool",
        "exceptional circumstances for not publishing are recorded",
    ),
    _f("response_recorded", "bool", "the Partnership's response to the findings is published"),
    _f(
        "withdrawn_early",
        "bool",
        "the report was taken down before the time it must stay published",
        optional=True,
        parameters=("keep_published_months",),
    ),
    _f("withdrawn_on", "date", "when the report was taken down", optional=True),
    _f("summary_published", "bool", "a learning summary of the review is published"),
    _f(
        "share_due_on",
        "date",
        "the date by which its learning should be shared",
        optional=True,
        parameters=("share_months",),
    ),
    _f(
        "past_share_due",
        "bool",
        "that date has passed",
        optional=True,
        parameters=("share_months",),
    ),
)

_RECOMMENDATION_FIELDS = (
    _f("review", "text", "the review that made the recommendation"),
    _f("actions", "int", "actions on the recommendation"),
    _f(
        "actions_with_owner_timescale_criteria",
        "int",
        "actions on it with an owner, a timescale and success criteria",
    ),
    _f("all_actions_completed", "bool", "every action on it is completed"),
    _f("impact_assessed", "bool", "the impact of its actions has been assessed"),
    _f(
        "impact_due_on",
        "date",
        "the date by which impact should be assessed",
        optional=True,
        parameters=("impact_months",),
    ),
    _f(
        "past_impact_due",
        "bool",
        "that date has passed",
        optional=True,
        parameters=("impact_months",),
    ),
    _f("decided_on", "date", "when the review was decided"),
)

_OUTPUT_FIELDS = (
    _f("output_kind", "text", "what the output is"),
    _f("local_case", "bool", "it is about a local case"),
    _f("published", "bool", "it has been published"),
    _f("publication_on", "date", "its publication date (published, or planned)", optional=True),
    _f(
        "restricted",
        "bool",
        "a court order or reporting restriction covers its case on its publication date",
    ),
    _f(
        "welfare_recorded",
        "bool",
        "the impact of publication on the child, family and others has been considered",
    ),
    _f("welfare_harm_unmitigated", "bool", "that consideration found harm without mitigation"),
    _f("social_media", "bool", "it is a social media post"),
    _f("social_media_approved", "bool", "sharing it on social media was judged appropriate"),
    _f("identifiers_found", "int", "identifiers of people in the case records found in its text"),
    _f(
        "identifier_positions",
        "text",
        "the kind and place of each identifier in the text (never the identifier itself)",
    ),
)

_DEATH_FIELDS = (
    _f("normally_resident", "bool", "the child was normally resident in the panel's area"),
    _f("died_on", "date", "the date of death"),
    _f("reviewed", "bool", "the Child Death Overview Panel has reviewed the death"),
    _f("reviewed_on", "date", "when it was reviewed", optional=True),
    _f(
        "review_due_on",
        "date",
        "the date by which the CDOP should review it",
        parameters=("review_months",),
    ),
    _f("past_review_due", "bool", "that date has passed", parameters=("review_months",)),
    _f("category_recorded", "bool", "a category of death is recorded"),
    _f("modifiable_recorded", "bool", "a decision on modifiable factors is recorded"),
    _f("abuse_suspected", "bool", "abuse or neglect is known or suspected"),
    _f("notified", "bool", "a serious incident notification is recorded for the death"),
    _f("lessons", "int", "lessons the review identified"),
    _f(
        "lessons_disseminated",
        "bool",
        "a learning output took the lessons to the relevant organisations",
    ),
)

#: Every kind of fact rules can be written about.
FACT_KINDS: dict[str, FactKind] = {
    "action": FactKind(
        name="action",
        description="an action in a subgroup's action log",
        subject="actions",
        fields=_ACTION_FIELDS,
    ),
    "escalation": FactKind(
        name="escalation",
        description="an action escalated to its subgroup, by a rule or on record",
        subject="actions",
        fields=_ESCALATION_FIELDS,
        chained=True,
    ),
    "quarter_due": FactKind(
        name="quarter_due",
        description="a quarter for which a subgroup owes the Business Group a report",
        subject="quarters",
        fields=_QUARTER_DUE_FIELDS,
    ),
    "quarterly_report": FactKind(
        name="quarterly_report",
        description="a subgroup's quarterly report to the Business Group",
        subject="quarterly_reports",
        fields=_REPORT_FIELDS,
    ),
    "section11_agency": FactKind(
        name="section11_agency",
        description="an agency under the section 11 duty",
        subject="agencies",
        fields=_S11_AGENCY_FIELDS,
    ),
    "section11_audit": FactKind(
        name="section11_audit",
        description="a Section 11 audit issued to an agency",
        subject="audits",
        fields=_S11_AUDIT_FIELDS,
    ),
    "challenge_event": FactKind(
        name="challenge_event",
        description="a Section 11 challenge event",
        subject="challenge_events",
        fields=_CHALLENGE_FIELDS,
    ),
    "audit": FactKind(name="audit", description="an audit", subject="audits", fields=_AUDIT_FIELDS),
    "agency_issue": FactKind(
        name="agency_issue",
        description="an issue an audit found for a single agency",
        subject="agency_issues",
        fields=_AGENCY_ISSUE_FIELDS,
    ),
    "partnership": FactKind(
        name="partnership",
        description="the partnership as a whole",
        subject="partnership",
        fields=_PARTNERSHIP_FIELDS,
    ),
    "performance_return": FactKind(
        name="performance_return",
        description="an agency's performance return",
        subject="performance_returns",
        fields=_PERFORMANCE_FIELDS,
    ),
    "training_strategy": FactKind(
        name="training_strategy",
        description="the training strategy",
        subject="training_strategy",
        fields=_STRATEGY_FIELDS,
    ),
    "course": FactKind(
        name="course", description="a training course", subject="courses", fields=_COURSE_FIELDS
    ),
    "lessons": FactKind(
        name="lessons",
        description="the lessons of a completed audit or review",
        subject="audits_and_reviews",
        fields=_LESSONS_FIELDS,
    ),
    "workforce_return": FactKind(
        name="workforce_return",
        description="an agency's latest workforce training return",
        subject="workforce_returns",
        fields=_WORKFORCE_FIELDS,
    ),
    "membership": FactKind(
        name="membership",
        description="a member agency of a subgroup",
        subject="memberships",
        fields=_MEMBERSHIP_FIELDS,
    ),
    "agency": FactKind(
        name="agency", description="a partner agency", subject="agencies", fields=_AGENCY_FIELDS
    ),
    "incident": FactKind(
        name="incident",
        description="a serious incident: a case, on record or found by a rule",
        subject="incidents",
        fields=_INCIDENT_FIELDS,
        chained=True,
    ),
    "rapid_review": FactKind(
        name="rapid_review",
        description="the rapid review of a notified incident",
        subject="rapid_reviews",
        fields=_RAPID_REVIEW_FIELDS,
    ),
    "case_review": FactKind(
        name="case_review",
        description="a case review",
        subject="reviews",
        fields=_CASE_REVIEW_FIELDS,
    ),
    "recommendation": FactKind(
        name="recommendation",
        description="a recommendation of a case review",
        subject="recommendations",
        fields=_RECOMMENDATION_FIELDS,
    ),
    "learning_output": FactKind(
        name="learning_output",
        description="a learning output (published or planned)",
        subject="learning_outputs",
        fields=_OUTPUT_FIELDS,
    ),
    "child_death": FactKind(
        name="child_death",
        description="the death of a child",
        subject="child_deaths",
        fields=_DEATH_FIELDS,
    ),
}


def _ord(day: date) -> int:
    return day.toordinal()


def _meetings_by_subgroup(partnership: Partnership, as_of: date) -> dict[str, list[date]]:
    held: dict[str, list[date]] = defaultdict(list)
    for meeting in partnership.meetings:
        if not meeting.cancelled and meeting.held_on <= as_of:
            held[meeting.subgroup].append(meeting.held_on)
    for days in held.values():
        days.sort()
    return held


def _count_after(days: list[date], after: date) -> int:
    return sum(1 for d in days if d > after)


def held_days(partnership: Partnership, as_of: date) -> dict[str, list[int]]:
    """Each subgroup's meetings held by *as of*, as sorted day numbers."""
    return {
        subgroup: [_ord(d) for d in days]
        for subgroup, days in _meetings_by_subgroup(partnership, as_of).items()
    }


def action_facts(action: Action, as_of: date, held: Mapping[str, list[int]]) -> list[Fact]:
    """The facts about one action: itself, and its recorded escalation if any.

    ``held`` is :func:`held_days` of its partnership: meeting cycles are counted
    by bisection in it.
    """
    # This runs for every action of every partnership: plain day numbers, no helpers.
    state = action.state(as_of)
    if state is ActionState.NOT_YET_RAISED:
        return []
    closure = action.closure
    recorded = [e.on for e in action.escalations if e.on <= as_of] if action.escalations else []
    raised = action.raised_on.toordinal()
    data: dict[str, Any] = {
        "title": action.title,
        "raised_on": raised,
        "open": state is ActionState.OPEN,
        "completed": state is ActionState.COMPLETED,
        "closed": state is ActionState.CLOSED,
        "escalated": bool(recorded),
        "closure_reason_recorded": bool(closure and closure.reason),
        "closure_instead_recorded": bool(closure and closure.instead),
    }
    if state is ActionState.CLOSED and closure is not None:
        data["closed_on"] = closure.on.toordinal()
    if action.agency is not None:
        data["agency"] = action.agency
    last_update = action.last_update(as_of) if action.updates else None
    since = raised if last_update is None else max(last_update.toordinal(), raised)
    data["last_progress_on"] = since
    if last_update is not None:
        data["last_update_on"] = last_update.toordinal()
    due_on = action.due_on
    if due_on is not None:
        due = due_on.toordinal()
        data["due_on"] = due
        data["past_due"] = as_of > due_on
        data["days_past_due"] = (as_of - due_on).days
    if action.subgroup is not None:
        data["subgroup"] = action.subgroup
        days = held.get(action.subgroup, [])
        data["meetings"] = days[bisect_right(days, raised) :]
        data["cycles_since_update"] = len(days) - bisect_right(days, since)
        if due_on is not None:
            data["cycles_since_due"] = len(days) - bisect_right(days, max(due, raised))
    fact = Fact(kind="action", key=f"action:{action.id}", subject=action.id, data=data)
    if not recorded:
        return [fact]
    return [fact, derive("escalation", fact, on=min(recorded), via="recorded", as_of=as_of)]


def _action_facts(partnership: Partnership, as_of: date) -> Iterable[Fact]:
    held = held_days(partnership, as_of)
    for action in partnership.actions:
        yield from action_facts(action, as_of, held)


def _fact(kind: str, subject: str, data: dict[str, Any]) -> Fact:
    return Fact(kind=kind, key=f"{kind}:{subject}", subject=subject, data=data)


def _on_or_before(day: date | None, as_of: date) -> bool:
    return day is not None and day <= as_of


def _role_subgroup(partnership: Partnership, role: SubgroupRole) -> str | None:
    # the lowest id, so that the answer never depends on the order of records
    return min((s.id for s in partnership.subgroups if s.role is role), default=None)


def _considered(partnership: Partnership, subgroup: str | None, as_of: date) -> dict[str, date]:
    """Audits considered at meetings of a subgroup held by *as of*: id -> first meeting date."""
    seen: dict[str, date] = {}
    if subgroup is None:
        return seen
    for meeting in sorted(partnership.meetings, key=lambda m: m.held_on):
        if meeting.subgroup == subgroup and not meeting.cancelled and meeting.held_on <= as_of:
            for audit in meeting.considered_audits:
                seen.setdefault(audit, meeting.held_on)
    return seen


def _missing_from_reports(
    partnership: Partnership, reports: list[QuarterlyReport]
) -> dict[str, int]:
    """For each report: how many of its subgroup's outstanding actions it does not cover.

    Outstanding is :func:`kscp_core.reports.outstanding_actions` (open and past
    due on the report's period end), found in one sweep over the actions rather
    than a scan per report: an action is outstanding from the day after it fell
    due (or was raised, if later) until the day it was completed or closed.
    """
    subgroups = {r.subgroup for r in reports}
    spans: dict[str, list[tuple[int, float, str]]] = defaultdict(list)
    for action in partnership.actions:
        if action.subgroup not in subgroups or action.due_on is None:
            continue
        start = max(action.raised_on, action.due_on + timedelta(days=1)).toordinal()
        ended = action.completed_on or (action.closure.on if action.closure else None)
        end = ended.toordinal() if ended is not None else float("inf")
        if end > start:
            spans[action.subgroup].append((start, end, action.id))
    missing: dict[str, int] = {}
    for subgroup in sorted(subgroups):
        opened = sorted(spans.get(subgroup, []))
        live: dict[str, float] = {}
        ending: list[tuple[float, str]] = []
        taken = 0
        mine = sorted((r for r in reports if r.subgroup == subgroup), key=lambda r: r.period_end)
        for report in mine:
            day = report.period_end.toordinal()
            while taken < len(opened) and opened[taken][0] <= day:
                start, end, action_id = opened[taken]
                live[action_id] = end
                heapq.heappush(ending, (end, action_id))
                taken += 1
            while ending and ending[0][0] <= day:
                live.pop(heapq.heappop(ending)[1], None)
            covered = set(report.actions_covered)
            missing[report.id] = len(live) - sum(1 for a in covered if a in live)
    return missing


def _report_facts(
    partnership: Partnership, as_of: date, params: Mapping[str, Any]
) -> Iterable[Fact]:
    start_month = int(params["year_start_month"])
    reports = [r for r in partnership.quarterly_reports if _on_or_before(r.submitted_on, as_of)]
    planned = {e.report for e in partnership.forward_plan if e.report is not None}
    business = {s.id for s in partnership.subgroups if s.role is SubgroupRole.BUSINESS_GROUP}
    for subgroup in partnership.subgroups:
        if subgroup.id in business:
            continue
        met = [
            m.held_on
            for m in partnership.meetings
            if m.subgroup == subgroup.id and not m.cancelled and m.held_on <= as_of
        ]
        if not met:
            continue
        submitted = {r.period_end for r in reports if r.subgroup == subgroup.id}
        for quarter in quarters_between(min(met), as_of - timedelta(days=1), start_month):
            yield _fact(
                "quarter_due",
                f"{subgroup.id}/{quarter.label}",
                {
                    "subgroup": subgroup.id,
                    "quarter": quarter.label,
                    "quarter_end": _ord(quarter.end),
                    "days_since_quarter_end": (as_of - quarter.end).days,
                    "report_submitted": quarter.end in submitted,
                },
            )
    submitted_reports = [
        r for r in partnership.quarterly_reports if _on_or_before(r.submitted_on, as_of)
    ]
    missing = _missing_from_reports(partnership, submitted_reports)
    for report in submitted_reports:
        yield _fact(
            "quarterly_report",
            report.id,
            {
                "subgroup": report.subgroup,
                "quarter_end": _ord(report.period_end),
                "submitted": True,
                "actions_missing": missing[report.id],
                "strong_practice": len(report.strong_practice),
                "in_forward_plan": report.id in planned,
            },
        )


def _section11_facts(
    partnership: Partnership, as_of: date, params: Mapping[str, Any]
) -> Iterable[Fact]:
    years = int(params["cycle_years"])
    s11 = [a for a in partnership.audits if a.kind is AuditKind.SECTION_11]
    issued: dict[str, list[date]] = defaultdict(list)
    for audit in s11:
        if _on_or_before(audit.issued_on, as_of) and audit.issued_on is not None:
            issued[audit.agencies[0]].append(audit.issued_on)
    for agency in partnership.agencies:
        if not agency.under_section11_duty(as_of) or agency.section11_duty_from is None:
            continue
        last = max(issued.get(agency.id, []), default=None)
        # An agency new to the duty is due at once; otherwise the cycle runs from the last issue.
        due = last + relativedelta(years=years) if last is not None else agency.section11_duty_from
        data: dict[str, Any] = {
            "agency": agency.id,
            "cycle_due_on": _ord(due),
            "days_until_due": (due - as_of).days,
        }
        if last is not None:
            data["last_issued_on"] = _ord(last)
        yield _fact("section11_agency", agency.id, data)
    se = _role_subgroup(partnership, SubgroupRole.SAFEGUARDING_EFFECTIVENESS)
    se_meetings = _meetings_by_subgroup(partnership, as_of).get(se, []) if se else []
    considered = _considered(partnership, se, as_of)
    for audit in s11:
        if audit.issued_on is None or audit.issued_on > as_of:
            continue
        audited: str = audit.agencies[0]
        earlier = any(d < audit.issued_on for d in issued.get(audited, []))
        returned = _on_or_before(audit.returned_on, as_of)
        data = {
            "agency": audited,
            "issued_on": _ord(audit.issued_on),
            "returned": returned,
            "has_previous_audit": earlier,
            "changes_recorded": bool(audit.changes_since_previous),
            "development_recorded": bool(audit.areas_for_development),
            "theme_recorded": bool(audit.themed_section),
            "considered_by_se": returned and audit.id in considered,
        }
        if audit.return_due_on is not None:
            data["return_due_on"] = _ord(audit.return_due_on)
            data["past_return_due"] = as_of > audit.return_due_on
        if returned and audit.returned_on is not None:
            data["returned_on"] = _ord(audit.returned_on)
            since = [d for d in se_meetings if d > audit.returned_on]
            data["se_cycles_since_return"] = len(since)
            data["meetings"] = [_ord(d) for d in since]
        yield _fact("section11_audit", audit.id, data)
    for event in partnership.challenge_events:
        yield _fact(
            "challenge_event",
            event.id,
            {
                "held": event.held_on <= as_of,
                "held_on": _ord(event.held_on),
                "young_people": event.young_people,
            },
        )


def _audit_facts(partnership: Partnership, as_of: date) -> Iterable[Fact]:
    se = _role_subgroup(partnership, SubgroupRole.SAFEGUARDING_EFFECTIVENESS)
    considered = _considered(partnership, se, as_of)
    raised: dict[str, int] = defaultdict(int)
    for action in partnership.actions:
        if action.source_ref is not None and action.raised_on <= as_of:
            raised[action.source_ref] += 1
    for audit in partnership.audits:
        dates = [d for d in (audit.issued_on, audit.completed_on, audit.returned_on) if d]
        if dates and min(dates) > as_of:
            continue  # not begun yet
        completed = _on_or_before(audit.completed_on, as_of)
        data: dict[str, Any] = {
            "audit_kind": audit.kind.value,
            "voice_of_child_questions": audit.voice_of_child_questions,
            "completed": completed,
            "findings": len(audit.findings),
            "actions": raised.get(audit.id, 0),
            "considered_by_se": audit.id in considered,
        }
        if dates:
            data["started_on"] = _ord(min(dates))
        if completed and audit.completed_on is not None:
            data["completed_on"] = _ord(audit.completed_on)
            data["days_since_completed"] = (as_of - audit.completed_on).days
        yield _fact("audit", audit.id, data)
        for index, issue in enumerate(audit.agency_issues):
            issue_data: dict[str, Any] = {
                "agency": issue.agency,
                "audit": audit.id,
                "reported": _on_or_before(issue.reported_on, as_of),
            }
            if completed and audit.completed_on is not None:
                issue_data["audit_completed_on"] = _ord(audit.completed_on)
            yield _fact("agency_issue", f"{audit.id}/issue-{index + 1}", issue_data)


def _partnership_facts(partnership: Partnership, as_of: date) -> Iterable[Fact]:
    yield _fact(
        "partnership",
        "partnership",
        {
            "audit_programme_current": any(
                p.starts_on <= as_of <= p.ends_on for p in partnership.audit_programmes
            ),
            "advocacy_available": any(
                s.available(as_of) and s.child_protection and s.looked_after
                for s in partnership.advocacy_services
            ),
            "as_of": _ord(as_of),
        },
    )
    for agency in partnership.agencies:
        yield _fact(
            "agency",
            agency.id,
            {
                "agency": agency.id,
                "feedback_mechanisms": len(agency.feedback_mechanisms),
                "as_of": _ord(as_of),
            },
        )


def _performance_facts(partnership: Partnership, as_of: date) -> Iterable[Fact]:
    indicators: dict[str, Indicator] = {i.id: i for i in partnership.indicators}
    for ret in partnership.performance_returns:
        if ret.period_end > as_of:
            continue
        received = _on_or_before(ret.received_on, as_of)
        blank = out_of_range = unagreed = 0
        if received:
            for name, value in ret.values.items():
                indicator = indicators.get(name)
                if indicator is None:
                    unagreed += 1
                elif value is None:
                    blank += 1
                elif (indicator.minimum is not None and value < indicator.minimum) or (
                    indicator.maximum is not None and value > indicator.maximum
                ):
                    out_of_range += 1
        yield _fact(
            "performance_return",
            ret.id,
            {
                "agency": ret.agency,
                "due_on": _ord(ret.due_on),
                "received": received,
                "past_due": as_of > ret.due_on,
                "blank_values": blank,
                "out_of_range_values": out_of_range,
                "unagreed_indicators": unagreed,
            },
        )


def _training_facts(
    partnership: Partnership, as_of: date, params: Mapping[str, Any]
) -> Iterable[Fact]:
    strategy = partnership.training_strategy
    if strategy is not None:
        updates = [d for d in strategy.updated_on if d <= as_of]
        data: dict[str, Any] = {}
        if updates:
            last = max(updates)
            due = last + relativedelta(months=int(params["strategy_months"]))
            data["last_updated_on"] = _ord(last)
        else:
            due = as_of  # never updated: due now
        data["update_due_on"] = _ord(due)
        data["past_update_due"] = as_of > due or not updates
        yield _fact("training_strategy", "training_strategy", data)
    for course in partnership.courses:
        delivered = _on_or_before(course.delivered_on, as_of)
        course_data: dict[str, Any] = {
            "multi_agency": course.multi_agency,
            "delivered": delivered,
            "feedback_responses": course.feedback_responses,
        }
        if delivered and course.delivered_on is not None:
            course_data["delivered_on"] = _ord(course.delivered_on)
        yield _fact("course", course.id, course_data)
    linked = {
        source
        for course in partnership.courses
        if _on_or_before(course.delivered_on, as_of)
        for source in course.lessons_from
    }
    for output in partnership.learning_outputs:
        if output.kind in (OutputKind.BRIEFING, OutputKind.TRAINING_MATERIAL) and _on_or_before(
            output.published_on, as_of
        ):
            linked |= {ref for ref in (output.audit, output.review) if ref}
    months = int(params["feed_in_months"])
    sources: list[tuple[str, str, date]] = [
        (a.id, "audit", a.completed_on)
        for a in partnership.audits
        if a.completed_on is not None and a.completed_on <= as_of and a.findings
    ]
    sources += [
        (r.id, "review", r.completed_on)
        for r in partnership.reviews
        if r.completed_on is not None and r.completed_on <= as_of and r.recommendations
    ]
    for source_id, kind, completed in sources:
        due = completed + relativedelta(months=months)
        yield _fact(
            "lessons",
            source_id,
            {
                "source_kind": kind,
                "completed_on": _ord(completed),
                "fed_in": source_id in linked,
                "feed_in_due_on": _ord(due),
                "past_feed_in_due": as_of > due,
            },
        )
    latest: dict[str, Any] = {}
    for ret in sorted(partnership.workforce_returns, key=lambda r: (r.period_end, r.id)):
        if _on_or_before(ret.received_on, as_of):
            latest[ret.agency] = ret
    for agency, ret in sorted(latest.items()):
        yield _fact(
            "workforce_return",
            ret.id,
            {
                "agency": agency,
                "period_end": _ord(ret.period_end),
                "basic_share": ret.basic_trained / ret.staff if ret.staff else 0.0,
                "refresher_share": ret.refreshed / ret.staff if ret.staff else 0.0,
            },
        )


def _membership_facts(partnership: Partnership, as_of: date) -> Iterable[Fact]:
    for subgroup in partnership.subgroups:
        meetings = sorted(
            (
                m
                for m in partnership.meetings
                if m.subgroup == subgroup.id and not m.cancelled and m.held_on <= as_of
            ),
            key=lambda m: (m.held_on, m.id),
        )
        if not meetings:
            continue
        for agency in subgroup.members:
            missed = 0
            last_present = meetings[0].held_on - timedelta(days=1)
            for meeting in reversed(meetings):
                if agency in meeting.present:
                    last_present = meeting.held_on
                    break
                missed += 1
            yield _fact(
                "membership",
                f"{subgroup.id}/{agency}",
                {
                    "subgroup": subgroup.id,
                    "agency": agency,
                    "consecutive_absences": missed,
                    "last_present_on": _ord(last_present),
                    "meetings": [_ord(m.held_on) for m in meetings],
                },
            )


def _late(deadline: date, done_on: date | None, as_of: date) -> bool:
    """Whether, as of a date, a deadline has passed with the thing not done by it."""
    return as_of > deadline and (done_on is None or done_on > deadline)


def _incident_data(
    *,
    became_aware: date,
    notifiable: bool,
    notified_on: date | None,
    rapid_review_on: date | None,
    as_of: date,
    params: Mapping[str, Any],
    calendar: WorkingCalendar | None,
    via: str,
) -> dict[str, Any]:
    notify_due = add_working_days(became_aware, int(params["notify_working_days"]), calendar)
    notified = notified_on is not None and notified_on <= as_of
    data: dict[str, Any] = {
        "notifiable": notifiable,
        "became_aware_on": _ord(became_aware),
        "notified": notified,
        "notify_due_on": _ord(notify_due),
        "notified_late": _late(notify_due, notified_on, as_of),
        "rapid_review_completed": rapid_review_on is not None and rapid_review_on <= as_of,
        "via": via,
    }
    if notified and notified_on is not None:
        data["notified_on"] = _ord(notified_on)
        due = add_working_days(notified_on, int(params["rapid_review_working_days"]), calendar)
        data["rapid_review_due_on"] = _ord(due)
        data["rapid_review_late"] = _late(due, rapid_review_on, as_of)
    return data


def _review_facts(
    partnership: Partnership,
    as_of: date,
    params: Mapping[str, Any],
    calendar: WorkingCalendar | None,
) -> Iterable[Fact]:
    rapid: dict[str, RapidReview] = {}
    for review in sorted(partnership.rapid_reviews, key=lambda r: (r.started_on, r.id)):
        if review.started_on <= as_of:
            rapid.setdefault(review.incident, review)
    incidents = {i.id: i for i in partnership.incidents}
    for incident in partnership.incidents:
        if incident.became_aware_on > as_of:
            continue
        suspected = incident.abuse_or_neglect is not AbuseOrNeglect.NOT_SUSPECTED
        harmed = incident.outcome in (IncidentOutcome.DEATH, IncidentOutcome.SERIOUS_HARM)
        looked_after_death = incident.looked_after and incident.outcome is IncidentOutcome.DEATH
        first = rapid.get(incident.id)
        yield _fact(
            "incident",
            incident.id,
            _incident_data(
                became_aware=incident.became_aware_on,
                notifiable=(suspected and harmed) or looked_after_death,
                notified_on=incident.notified_on,
                rapid_review_on=first.completed_on if first else None,
                as_of=as_of,
                params=params,
                calendar=calendar,
                via="recorded",
            ),
        )
    threshold = int(params["multi_agency_threshold"])
    for review in rapid.values():
        completed = _on_or_before(review.completed_on, as_of)
        decision = (
            review.decision if review.decision and review.decision.decided_on <= as_of else None
        )
        data: dict[str, Any] = {
            "incident": review.incident,
            "completed": completed,
            "decision_recorded": decision is not None,
            "reasons_recorded": bool(decision and decision.reasons),
            "type_differs": False,
            "departure_reason_recorded": bool(decision and decision.departure_reason),
        }
        if completed and review.completed_on is not None:
            data["completed_on"] = _ord(review.completed_on)
        reviewed = incidents.get(review.incident)
        if (
            decision is not None
            and reviewed is not None
            and review.meets_statutory_criteria is not None
            and review.insight_potential is not None
        ):
            recommended = recommend_review(
                statutory_criteria_met=review.meets_statutory_criteria,
                insight_potential=review.insight_potential,
                agencies_involved=len(reviewed.agencies_involved),
                complex_case=reviewed.complex,
                multi_agency_threshold=threshold,
            )
            data["decided_on"] = _ord(decision.decided_on)
            data["recommended_type"] = recommended.review_type.value
            data["chosen_type"] = decision.review_type.value
            data["type_differs"] = recommended.review_type is not decision.review_type
        yield _fact("rapid_review", review.id, data)
    summaries = {
        o.review
        for o in partnership.learning_outputs
        if o.kind is OutputKind.LEARNING_SUMMARY and _on_or_before(o.published_on, as_of)
    }
    actions: dict[str, Action] = {a.id: a for a in partnership.actions}
    for case in partnership.reviews:
        if case.decided_on > as_of:
            continue
        lead = case.lead_reviewer
        due = case.decided_on + relativedelta(months=int(params["completion_months"]))
        completed = _on_or_before(case.completed_on, as_of)
        published = _on_or_before(case.published_on, as_of)
        data = {
            "review_type": case.type.value,
            "practice_review": case.type is ReviewType.PRACTICE_REVIEW,
            "decided_on": _ord(case.decided_on),
            "lead_recorded": lead is not None,
            "lead_independent": lead is not None
            and not lead.involved_in_case
            and (lead.agency is None or lead.agency not in case.agencies_under_review),
            "agencies_without_practitioners": len(
                set(case.agencies_under_review) - set(case.practitioners_invited)
            ),
            "family_invited": case.family_invited,
            "family_reason_recorded": bool(case.family_not_invited_reason),
            "child_voice_recorded": bool(case.child_voice),
            "completed": completed,
            "completion_due_on": _ord(due),
            "past_completion_due": as_of > due,
            "published": published,
            "unpublished_reason_recorded": bool(case.unpublished_reason),
            "response_recorded": _on_or_before(case.response_on, as_of),
            "summary_published": case.id in summaries,
        }
        if completed and case.completed_on is not None:
            data["completed_on"] = _ord(case.completed_on)
            share = case.completed_on + relativedelta(months=int(params["share_months"]))
            data["share_due_on"] = _ord(share)
            data["past_share_due"] = as_of > share
        if published and case.published_on is not None:
            data["published_on"] = _ord(case.published_on)
            needed = int(params["send_before_working_days"])
            data["sent_in_time"] = (
                case.report_sent_on is not None
                and working_days_between(case.report_sent_on, case.published_on, calendar) >= needed
            )
            if _on_or_before(case.withdrawn_on, as_of) and case.withdrawn_on is not None:
                keep = case.published_on + relativedelta(
                    months=int(params["keep_published_months"])
                )
                data["withdrawn_on"] = _ord(case.withdrawn_on)
                data["withdrawn_early"] = case.withdrawn_on < keep
        yield _fact("case_review", case.id, data)
        for rec in case.recommendations:
            yield recommendation_fact(case, rec, actions, as_of, params)


def recommendation_fact(
    case: CaseReview,
    rec: Recommendation,
    actions: Mapping[str, Action],
    as_of: date,
    params: Mapping[str, Any],
) -> Fact:
    """The fact about one recommendation of a case review, given the actions by id."""
    taken = [actions[a] for a in rec.actions if a in actions and actions[a].raised_on <= as_of]
    done = [a.completed_on for a in taken if _on_or_before(a.completed_on, as_of)]
    data: dict[str, Any] = {
        "review": case.id,
        "actions": len(taken),
        "actions_with_owner_timescale_criteria": sum(
            1 for a in taken if a.owner and a.due_on and a.success_criteria
        ),
        "all_actions_completed": bool(taken) and len(done) == len(taken),
        "impact_assessed": _on_or_before(rec.impact_assessed_on, as_of),
        "decided_on": _ord(case.decided_on),
    }
    if data["all_actions_completed"]:
        last = max(d for d in done if d is not None)
        impact_due = last + relativedelta(months=int(params["impact_months"]))
        data["impact_due_on"] = _ord(impact_due)
        data["past_impact_due"] = as_of > impact_due
    return _fact("recommendation", rec.id, data)


def _output_facts(partnership: Partnership, as_of: date) -> Iterable[Fact]:
    redactor = Redactor(partnership.people)
    for output in partnership.learning_outputs:
        if _on_or_before(output.withdrawn_on, as_of):
            continue
        published = _on_or_before(output.published_on, as_of)
        when = output.published_on if published else output.planned_on
        if when is None:
            continue
        hits = redactor.hits(output.text)
        welfare = output.welfare
        data: dict[str, Any] = {
            "output_kind": output.kind.value,
            "local_case": output.case is not None,
            "published": published,
            "publication_on": _ord(when),
            "restricted": output.case is not None
            and any(o.case == output.case and o.in_force(when) for o in partnership.court_orders),
            "welfare_recorded": welfare is not None and welfare.considered_on <= as_of,
            "welfare_harm_unmitigated": welfare is not None
            and welfare.harm_found
            and not welfare.mitigation,
            "social_media": output.channel is Channel.SOCIAL_MEDIA
            or output.kind is OutputKind.SOCIAL_MEDIA_POST,
            "social_media_approved": bool(output.social_media_approved),
            "identifiers_found": len(hits),
            "identifier_positions": "; ".join(str(h) for h in hits) or "none",
        }
        yield _fact("learning_output", output.id, data)


def _death_facts(
    partnership: Partnership, as_of: date, params: Mapping[str, Any]
) -> Iterable[Fact]:
    outputs: dict[str, LearningOutput] = {o.id: o for o in partnership.learning_outputs}
    # a death is notified by its own incident, or by an incident recording that child's death
    notified_children = {
        i.child
        for i in partnership.incidents
        if i.outcome is IncidentOutcome.DEATH and _on_or_before(i.notified_on, as_of)
    }
    notified_incidents = {
        i.id for i in partnership.incidents if _on_or_before(i.notified_on, as_of)
    }
    for death in partnership.child_deaths:
        if death.died_on > as_of:
            continue
        due = death.died_on + relativedelta(months=int(params["review_months"]))
        reviewed = _on_or_before(death.reviewed_on, as_of)
        output = outputs.get(death.lessons_output) if death.lessons_output else None
        data: dict[str, Any] = {
            "normally_resident": death.normally_resident,
            "died_on": _ord(death.died_on),
            "reviewed": reviewed,
            "review_due_on": _ord(due),
            "past_review_due": as_of > due,
            "category_recorded": death.category is not None,
            "modifiable_recorded": death.modifiable_factors is not None,
            "abuse_suspected": death.abuse_or_neglect is not AbuseOrNeglect.NOT_SUSPECTED,
            "notified": death.incident in notified_incidents or death.child in notified_children,
            "lessons": len(death.lessons),
            "lessons_disseminated": output is not None
            and _on_or_before(output.published_on, as_of),
        }
        if reviewed and death.reviewed_on is not None:
            data["reviewed_on"] = _ord(death.reviewed_on)
        yield _fact("child_death", death.id, data)


def project(
    partnership: Partnership,
    as_of: date,
    calendar: WorkingCalendar | None = None,
    *,
    params: Mapping[str, Any],
    kinds: Collection[str] | None = None,
) -> list[Fact]:
    """Every fact about a partnership's records as of a date, in a stable order.

    Only records dated on or before *as of* count. ``calendar`` is the working
    day calendar statutory timescales are counted in (England and Wales by
    default); ``params`` are the rules' parameter values on that date, for the
    derived values that depend on one (financial quarters, cycles in years or
    months). With ``kinds``, only the records that give facts of those kinds
    are read (the others' facts may still come with them).
    """
    return list(iter_facts(partnership, as_of, calendar, params=params, kinds=kinds))


def iter_facts(
    partnership: Partnership,
    as_of: date,
    calendar: WorkingCalendar | None = None,
    *,
    params: Mapping[str, Any],
    kinds: Collection[str] | None = None,
) -> Iterator[Fact]:
    """The facts of :func:`project` one at a time, for callers that need not keep them all.

    With ``kinds``, only the records that give facts of those kinds are read.
    """
    for projector, gives in _PROJECTORS:
        if kinds is None or not gives.isdisjoint(kinds):
            yield from projector(partnership, as_of, params, calendar)


Projector = Callable[
    [Partnership, date, Mapping[str, Any], "WorkingCalendar | None"], Iterable[Fact]
]

#: Each part of the projection, and the kinds of fact it gives (a test checks these).
_PROJECTORS: tuple[tuple[Projector, frozenset[str]], ...] = (
    (lambda p, d, _, __: _action_facts(p, d), frozenset({"action", "escalation"})),
    (lambda p, d, k, _: _report_facts(p, d, k), frozenset({"quarter_due", "quarterly_report"})),
    (
        lambda p, d, k, _: _section11_facts(p, d, k),
        frozenset({"section11_agency", "section11_audit", "challenge_event"}),
    ),
    (lambda p, d, _, __: _audit_facts(p, d), frozenset({"audit", "agency_issue"})),
    (lambda p, d, _, __: _partnership_facts(p, d), frozenset({"partnership", "agency"})),
    (lambda p, d, _, __: _performance_facts(p, d), frozenset({"performance_return"})),
    (
        lambda p, d, k, _: _training_facts(p, d, k),
        frozenset({"course", "training_strategy", "lessons", "workforce_return"}),
    ),
    (lambda p, d, _, __: _membership_facts(p, d), frozenset({"membership"})),
    (
        lambda p, d, k, c: _review_facts(p, d, k, c),
        frozenset({"incident", "rapid_review", "case_review", "recommendation"}),
    ),
    (lambda p, d, _, __: _output_facts(p, d), frozenset({"learning_output"})),
    (lambda p, d, k, _: _death_facts(p, d, k), frozenset({"child_death"})),
)


def derive(
    kind: str,
    parent: Fact,
    *,
    on: date,
    via: str,
    as_of: date,
    params: Mapping[str, Any] | None = None,
    calendar: WorkingCalendar | None = None,
) -> Fact:
    """The fact a chained rule sees when a rule's finding about ``parent`` fell due on ``on``.

    For ``escalation``: the action escalated to its subgroup on that date, and
    the meeting cycles of the subgroup held since. For ``incident``: a death
    with abuse or neglect suspected and no notification enters the serious
    incident pathway as an incident the local authority knew of on that date.
    """
    if kind == "incident":
        incident_data = _incident_data(
            became_aware=on,
            notifiable=True,
            notified_on=None,
            rapid_review_on=None,
            as_of=as_of,
            params=params or {},
            calendar=calendar,
            via=via,
        )
        return Fact(
            kind=kind,
            key=f"{kind}:{parent.subject}:{via}",
            subject=parent.subject,
            data=incident_data,
            parent=parent.key,
        )
    if kind != "escalation":
        raise ValueError(f"no chained fact kind {kind!r}")
    meetings = [date.fromordinal(d) for d in parent.data.get("meetings", [])]
    data: dict[str, Any] = {
        key: parent.data[key]
        for key in ("title", "agency", "subgroup", "open")
        if key in parent.data
    }
    data["escalated_on"] = _ord(on)
    data["via"] = via
    data["cycles_since_escalated"] = _count_after(meetings, on)
    if "meetings" in parent.data:
        data["meetings"] = list(parent.data["meetings"])
    return Fact(
        kind=kind,
        key=f"{kind}:{parent.subject}:{via}",
        subject=parent.subject,
        data=data,
        parent=parent.key,
    )


# --- the date a finding fell due -------------------------------------------------------

_DATE_RULE = re.compile(
    r"^\s*(?:(?P<fn>cycle|day_after|working_days|days)\(\s*(?P<field>[a-z_]+)\s*"
    r"(?:,\s*(?P<n>[a-z_]+|\d+)\s*)?\)|(?P<bare>[a-z_]+))\s*$"
)


@attrs.frozen(kw_only=True)
class DateRule:
    """How the date a finding fell due is worked out from its fact.

    ``field`` (that date), ``day_after(field)``, ``days(field, n)``,
    ``working_days(field, n)`` (the n-th working day after), or
    ``cycle(field, n)`` (the n-th meeting cycle after); ``n`` is a number or a
    parameter name.
    """

    text: str
    function: str | None
    field: str
    count: str | None

    def parameters(self) -> set[str]:
        """The parameter names the rule uses."""
        return {self.count} if self.count and not self.count.isdigit() else set()

    def describe(self, describe: Callable[[str], str]) -> str:
        """The rule in plain English, with fields as ``describe`` words them.

        >>> DateRule(text="", function="cycle", field="due_on", count="k").describe(str)
        'the date of the k-th meeting cycle after due_on'
        """
        field: str = describe(self.field)
        n = self.count
        if self.function is None:
            return field
        if self.function == "day_after":
            return f"the day after {field}"
        if self.function == "days":
            return f"{n} days after {field}"
        if self.function == "working_days":
            return f"the {n}-th working day after {field}"
        return f"the date of the {n}-th meeting cycle after {field}"

    def due(
        self,
        data: Mapping[str, Any],
        params: Mapping[str, Any],
        calendar: WorkingCalendar | None = None,
    ) -> date | None:
        """The date it fell due, or None when the fact lacks what is needed."""
        start = data.get(self.field)
        if not isinstance(start, int):
            return None
        day = date.fromordinal(start)
        n = 0
        if self.count is not None:
            n = int(self.count) if self.count.isdigit() else int(params[self.count])
        if self.function is None:
            return day
        if self.function == "day_after":
            return day + timedelta(days=1)
        if self.function == "days":
            return day + timedelta(days=n)
        if self.function == "working_days":
            return add_working_days(day, n, calendar)
        meetings = [date.fromordinal(d) for d in data.get("meetings", [])]
        return nth_meeting_after(meetings, day, n)


def parse_date_rule(text: str, kind: FactKind) -> DateRule:
    """Read a ``falls_due`` expression for facts of a kind.

    Raises:
        ValueError: the text is not a date rule, or names a field the kind
            has no date for.
    """
    match = _DATE_RULE.match(text) if isinstance(text, str) else None
    if not match:
        raise ValueError(
            f"expected a date field, or day_after(f), days(f, n), working_days(f, n) or "
            f"cycle(f, n); got {text!r}"
        )
    function = match.group("fn")
    field = match.group("field") or match.group("bare")
    count = match.group("n")
    spec = kind.field(field)
    if spec is None or spec.type != "date":
        raise ValueError(f"{field!r} is not a date field of {kind.name} facts")
    if function in ("cycle", "days", "working_days") and count is None:
        raise ValueError(f"{function}() needs a number or a parameter: {function}({field}, n)")
    if function == "cycle" and kind.field("meetings") is None:
        raise ValueError(f"{kind.name} facts carry no meeting cycles to count")
    return DateRule(text=text, function=function, field=field, count=count)
