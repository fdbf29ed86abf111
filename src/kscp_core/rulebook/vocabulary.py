"""The fact vocabulary: every kind of fact a rule may test, and its fields.

Rules never see records; they see facts, one per record they are about, with
the derived values the framework's rules need already worked out (see
:mod:`kscp_core.facts`, which derives them). This module says what each kind
of fact holds and what each field means, in words the rule documentation and
the explanations of findings use. It runs nothing.

A field with no value is left out of a fact (a test on it is false). Dates are
carried as day numbers (``date.toordinal()``) so the engine can compare them;
facts never carry personal data.
"""

from __future__ import annotations

import enum

import attrs

__all__ = ["FACT_KINDS", "FactField", "FactKind", "FieldType"]


class FieldType(enum.Enum):
    """What a fact field holds."""

    BOOL = "bool"
    INT = "int"
    NUMBER = "number"
    TEXT = "text"
    #: a day number (``date.toordinal()``)
    DATE = "date"
    #: sorted day numbers (the meetings a field counts)
    DATES = "dates"


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
        dates = frozenset(f.name for f in self.fields if f.type is FieldType.DATE)
        object.__setattr__(self, "date_fields", dates)

    def field(self, name: str) -> FactField | None:
        """The field of that name, if the kind has one."""
        return self._by_name.get(name)

    def describe(self, name: str) -> str:
        """How a field reads in English."""
        found = self.field(name)
        return found.description if found else name.replace("_", " ")


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


#: a meeting cycle ends at each meeting held, and every cycle_fallback_days without one
_CYCLES = ("cycle_fallback_days",)

_ACTION_FIELDS = (
    _f("title", FieldType.TEXT, "the action's title"),
    _f("agency", FieldType.TEXT, "the accountable agency", optional=True),
    _f("subgroup", FieldType.TEXT, "the accountable subgroup", optional=True),
    _f("raised_on", FieldType.DATE, "the date the action was raised"),
    _f("due_on", FieldType.DATE, "the due date", optional=True),
    _f("open", FieldType.BOOL, "the action is open (neither completed nor closed)"),
    _f("completed", FieldType.BOOL, "the action is completed"),
    _f("closed", FieldType.BOOL, "the action is closed without being completed"),
    _f("past_due", FieldType.BOOL, "the due date has passed", optional=True),
    _f(
        "days_past_due",
        FieldType.INT,
        "days since the due date (negative before it)",
        optional=True,
    ),
    _f(
        "cycles_since_due",
        FieldType.INT,
        "meeting cycles of the accountable subgroup since the due date",
        optional=True,
        parameters=_CYCLES,
    ),
    _f("last_update_on", FieldType.DATE, "the date of the last progress update", optional=True),
    _f(
        "last_progress_on",
        FieldType.DATE,
        "the date progress was last shown (the last update, or when the action was raised)",
    ),
    _f(
        "cycles_since_update",
        FieldType.INT,
        "meeting cycles of the accountable subgroup since the last progress update "
        "(or since the action was raised, if never updated)",
        optional=True,
        parameters=_CYCLES,
    ),
    _f("escalated", FieldType.BOOL, "an escalation is recorded (to the subgroup or higher)"),
    _f(
        "escalated_to_chair",
        FieldType.BOOL,
        "an escalation to the Partnership Chair is recorded",
    ),
    _f("closure_reason_recorded", FieldType.BOOL, "the reason for closing it is recorded"),
    _f("closure_instead_recorded", FieldType.BOOL, "what was done instead is recorded"),
    _f("closed_on", FieldType.DATE, "the date it was closed", optional=True),
    _f(
        "meetings",
        FieldType.DATES,
        "the ends of the accountable subgroup's meeting cycles since the action was raised",
        optional=True,
        parameters=_CYCLES,
    ),
)


_ESCALATION_FIELDS = (
    _f("title", FieldType.TEXT, "the action's title"),
    _f("agency", FieldType.TEXT, "the accountable agency", optional=True),
    _f("subgroup", FieldType.TEXT, "the accountable subgroup", optional=True),
    _f("open", FieldType.BOOL, "the action is still open"),
    _f(
        "escalated_to_chair",
        FieldType.BOOL,
        "an escalation to the Partnership Chair is recorded",
    ),
    _f("escalated_on", FieldType.DATE, "the date the action was escalated to its subgroup"),
    _f("via", FieldType.TEXT, "how the escalation came about (a rule id, or 'recorded')"),
    _f(
        "cycles_since_escalated",
        FieldType.INT,
        "meeting cycles of the accountable subgroup since the escalation",
        parameters=_CYCLES,
    ),
    _f(
        "meetings",
        FieldType.DATES,
        "the ends of the accountable subgroup's meeting cycles since the action was raised",
        optional=True,
        parameters=_CYCLES,
    ),
)


_QUARTER = ("year_start_month",)


_QUARTER_DUE_FIELDS = (
    _f("subgroup", FieldType.TEXT, "the subgroup that owes the report"),
    _f("quarter", FieldType.TEXT, "the financial quarter (YYYYQn)", parameters=_QUARTER),
    _f("quarter_end", FieldType.DATE, "the last day of the quarter", parameters=_QUARTER),
    _f(
        "days_since_quarter_end", FieldType.INT, "days since the quarter ended", parameters=_QUARTER
    ),
    _f("report_submitted", FieldType.BOOL, "a report for the quarter has been submitted"),
)


_REPORT_FIELDS = (
    _f("subgroup", FieldType.TEXT, "the subgroup that wrote the report"),
    _f("quarter_end", FieldType.DATE, "the last day of the quarter the report covers"),
    _f("submitted", FieldType.BOOL, "the report has been submitted"),
    _f(
        "actions_missing",
        FieldType.INT,
        "actions of the subgroup open and past due at the quarter's end that the report "
        "does not cover",
    ),
    _f("strong_practice", FieldType.INT, "examples of strong practice the report gives"),
    _f(
        "in_forward_plan",
        FieldType.BOOL,
        "the report is entered in the Business Group's forward plan",
    ),
)


_S11_AGENCY_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency under the section 11 duty"),
    _f(
        "last_issued_on",
        FieldType.DATE,
        "when the Section 11 audit tool was last issued",
        optional=True,
    ),
    _f(
        "cycle_due_on",
        FieldType.DATE,
        "when the next Section 11 audit is due (the last issue plus the cycle, or the day "
        "the agency came under the duty)",
        parameters=("cycle_years",),
    ),
    _f(
        "days_until_due",
        FieldType.INT,
        "days until the next Section 11 audit is due (negative: past)",
        parameters=("cycle_years",),
    ),
)


_S11_AUDIT_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency audited"),
    _f("issued_on", FieldType.DATE, "when the audit tool was issued"),
    _f("return_due_on", FieldType.DATE, "the return date", optional=True),
    _f("returned", FieldType.BOOL, "the audit has been returned"),
    _f("returned_on", FieldType.DATE, "when it was returned", optional=True),
    _f("past_return_due", FieldType.BOOL, "the return date has passed", optional=True),
    _f("has_previous_audit", FieldType.BOOL, "the agency had an earlier Section 11 audit"),
    _f("changes_recorded", FieldType.BOOL, "the changes since the previous audit are stated"),
    _f("development_recorded", FieldType.BOOL, "areas for further development are stated"),
    _f("theme_recorded", FieldType.BOOL, "the themed section is completed"),
    _f(
        "considered_by_se",
        FieldType.BOOL,
        "an SE Subgroup meeting has considered the returned audit",
    ),
    _f(
        "se_cycles_since_return",
        FieldType.INT,
        "SE Subgroup meeting cycles held since the return",
        optional=True,
    ),
    _f(
        "meetings",
        FieldType.DATES,
        "the SE Subgroup's meetings held since the return",
        optional=True,
    ),
)


_CHALLENGE_FIELDS = (
    _f("held", FieldType.BOOL, "the challenge event has been held"),
    _f("held_on", FieldType.DATE, "the date of the challenge event"),
    _f("young_people", FieldType.INT, "young people who took part"),
)


_AUDIT_FIELDS = (
    _f(
        "audit_kind",
        FieldType.TEXT,
        "the kind of audit (section_11, multi_agency, single_agency, training)",
    ),
    _f(
        "voice_of_child_questions",
        FieldType.BOOL,
        "its questions include the standard voice of the child questions",
    ),
    _f(
        "started_on",
        FieldType.DATE,
        "the audit's first date on record (issued or completed)",
        optional=True,
    ),
    _f("completed", FieldType.BOOL, "the audit is completed"),
    _f("completed_on", FieldType.DATE, "when the audit was completed", optional=True),
    _f("days_since_completed", FieldType.INT, "days since the audit was completed", optional=True),
    _f("findings", FieldType.INT, "the findings the audit recorded"),
    _f("actions", FieldType.INT, "actions raised from the audit"),
    _f("considered_by_se", FieldType.BOOL, "it has been presented to an SE Subgroup meeting"),
)


_AGENCY_ISSUE_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency the issue concerns"),
    _f("audit", FieldType.TEXT, "the audit that found it"),
    _f("audit_completed_on", FieldType.DATE, "when the audit was completed", optional=True),
    _f("reported", FieldType.BOOL, "the issue has been reported back to the agency"),
)


_PARTNERSHIP_FIELDS = (
    _f("audit_programme_current", FieldType.BOOL, "a programme of audits covers the date"),
    _f(
        "advocacy_available",
        FieldType.BOOL,
        "an advocacy service for children subject to child "
        "protection plans and looked after reviews is available",
    ),
    _f("as_of", FieldType.DATE, "the date evaluated for"),
)


_PERFORMANCE_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency making the return"),
    _f("due_on", FieldType.DATE, "the date the return is due by the agreed schedule"),
    _f("received", FieldType.BOOL, "the return has been received"),
    _f("past_due", FieldType.BOOL, "the due date has passed"),
    _f("blank_values", FieldType.INT, "indicators left blank"),
    _f("out_of_range_values", FieldType.INT, "values outside their indicator's valid range"),
    _f(
        "unagreed_indicators",
        FieldType.INT,
        "indicators reported that are not in the agreed dataset",
    ),
)


_STRATEGY_FIELDS = (
    _f(
        "last_updated_on",
        FieldType.DATE,
        "when the training strategy was last updated",
        optional=True,
    ),
    _f(
        "update_due_on",
        FieldType.DATE,
        "when the next annual update is due",
        parameters=("strategy_months",),
    ),
    _f("past_update_due", FieldType.BOOL, "the update is overdue", parameters=("strategy_months",)),
)


_COURSE_FIELDS = (
    _f("multi_agency", FieldType.BOOL, "the course is multi-agency"),
    _f("delivered", FieldType.BOOL, "the course has been delivered"),
    _f("delivered_on", FieldType.DATE, "when it was delivered", optional=True),
    _f("feedback_responses", FieldType.INT, "participant feedback responses collected"),
)


_LESSONS_FIELDS = (
    _f("source_kind", FieldType.TEXT, "an audit or a review"),
    _f("completed_on", FieldType.DATE, "when the audit or review was completed"),
    _f("fed_in", FieldType.BOOL, "its lessons are linked to a course or a briefing"),
    _f(
        "feed_in_due_on",
        FieldType.DATE,
        "the date by which its lessons should be in training",
        parameters=("feed_in_months",),
    ),
    _f("past_feed_in_due", FieldType.BOOL, "that date has passed", parameters=("feed_in_months",)),
)


_WORKFORCE_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency making the return"),
    _f("period_end", FieldType.DATE, "the end of the period the return covers"),
    _f(
        "basic_share",
        FieldType.NUMBER,
        "the share of staff with current basic safeguarding training",
    ),
    _f(
        "refresher_share",
        FieldType.NUMBER,
        "the share of staff with a refresher within the partnership's refresh window",
        parameters=("refresh_years",),
    ),
)


_MEMBERSHIP_FIELDS = (
    _f("subgroup", FieldType.TEXT, "the subgroup"),
    _f("agency", FieldType.TEXT, "the member agency"),
    _f(
        "consecutive_absences",
        FieldType.INT,
        "the subgroup's most recent meetings in a row the agency missed",
    ),
    _f(
        "last_present_on",
        FieldType.DATE,
        "the last meeting before those it attended (or the day before the subgroup first met)",
    ),
    _f("meetings", FieldType.DATES, "the subgroup's meetings held", optional=True),
)


_SUBGROUP_FIELDS = (
    _f("subgroup", FieldType.TEXT, "the subgroup"),
    _f("last_met_on", FieldType.DATE, "the date of its last meeting held"),
    _f("days_since_met", FieldType.INT, "days since its last meeting held"),
)


_AGENCY_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency"),
    _f(
        "feedback_mechanisms",
        FieldType.INT,
        "mechanisms recorded for seeking feedback from children, young people and families",
    ),
    _f("as_of", FieldType.DATE, "the date evaluated for"),
)


_NOTIFY = ("notify_working_days",)


_INCIDENT_FIELDS = (
    _f(
        "notifiable",
        FieldType.BOOL,
        "abuse or neglect is known or suspected and the child died or was "
        "seriously harmed, or a looked after child died",
    ),
    _f("became_aware_on", FieldType.DATE, "when the local authority became aware of the incident"),
    _f(
        "notified",
        FieldType.BOOL,
        "the incident has been notified to the Child Safeguarding Practice Review Panel",
    ),
    _f("notified_on", FieldType.DATE, "when it was notified", optional=True),
    _f(
        "notify_due_on", FieldType.DATE, "the last working day for notification", parameters=_NOTIFY
    ),
    _f(
        "notified_late",
        FieldType.BOOL,
        "the incident is not notified, or was notified, after the last working day for it",
        parameters=_NOTIFY,
    ),
    _f("rapid_review_completed", FieldType.BOOL, "its rapid review is completed"),
    _f(
        "rapid_review_due_on",
        FieldType.DATE,
        "the last working day for the rapid review",
        optional=True,
        parameters=("rapid_review_working_days",),
    ),
    _f(
        "rapid_review_late",
        FieldType.BOOL,
        "the rapid review is not completed, or was completed, after its last working day",
        optional=True,
        parameters=("rapid_review_working_days",),
    ),
    _f("via", FieldType.TEXT, "how the incident came to be known (a record, or a rule id)"),
)


_RAPID_REVIEW_FIELDS = (
    _f("incident", FieldType.TEXT, "the incident reviewed"),
    _f("completed", FieldType.BOOL, "the rapid review is completed"),
    _f("completed_on", FieldType.DATE, "when it was completed", optional=True),
    _f(
        "decision_recorded",
        FieldType.BOOL,
        "a decision on a local child safeguarding practice review is recorded",
    ),
    _f("reasons_recorded", FieldType.BOOL, "the reasons for the decision are recorded"),
    _f("decided_on", FieldType.DATE, "when the decision was made", optional=True),
    _f(
        "recommended_type",
        FieldType.TEXT,
        "the review type the proportionality table indicates",
        optional=True,
        parameters=("multi_agency_threshold",),
    ),
    _f("chosen_type", FieldType.TEXT, "the review type chosen", optional=True),
    _f(
        "type_differs",
        FieldType.BOOL,
        "the type chosen differs from the one indicated",
        parameters=("multi_agency_threshold",),
    ),
    _f(
        "departure_reason_recorded",
        FieldType.BOOL,
        "the reason for choosing a different type is recorded",
    ),
)


_CASE_REVIEW_FIELDS = (
    _f("review_type", FieldType.TEXT, "the kind of review"),
    _f("practice_review", FieldType.BOOL, "it is a local child safeguarding practice review"),
    _f("decided_on", FieldType.DATE, "when it was decided to hold the review"),
    _f("lead_recorded", FieldType.BOOL, "a lead reviewer is recorded"),
    _f(
        "lead_independent",
        FieldType.BOOL,
        "the lead reviewer was not involved in the case and does not "
        "work for an agency under review",
    ),
    _f(
        "agencies_without_practitioners",
        FieldType.INT,
        "agencies under review with no practitioner invited to contribute",
    ),
    _f("family_invited", FieldType.BOOL, "the family was invited to contribute"),
    _f(
        "family_reason_recorded", FieldType.BOOL, "a reason for not inviting the family is recorded"
    ),
    _f("child_voice_recorded", FieldType.BOOL, "the child's voice or lived experience is recorded"),
    _f("completed", FieldType.BOOL, "the review is completed"),
    _f("completed_on", FieldType.DATE, "when it was completed", optional=True),
    _f(
        "completion_due_on",
        FieldType.DATE,
        "the date by which it should be completed and published",
        parameters=("completion_months",),
    ),
    _f(
        "past_completion_due",
        FieldType.BOOL,
        "that date has passed",
        parameters=("completion_months",),
    ),
    _f(
        "publishable_on",
        FieldType.DATE,
        "the first day the report may be published: the set number of working days "
        "after it was sent to the Panel and the Secretary of State",
        optional=True,
        parameters=("send_before_working_days",),
    ),
    _f(
        "in_notice",
        FieldType.BOOL,
        "the report is sent and unpublished, and may not be published yet",
        parameters=("send_before_working_days",),
    ),
    _f(
        "publish_by",
        FieldType.DATE,
        "the date by which the report should be published: the completion date or, for "
        "a report sent by then, the end of the notice after sending it, if later",
        parameters=("completion_months", "send_before_working_days"),
    ),
    _f(
        "past_publish_by",
        FieldType.BOOL,
        "that date has passed",
        parameters=("completion_months", "send_before_working_days"),
    ),
    _f("published", FieldType.BOOL, "the final report is published (and not taken down)"),
    _f(
        "restricted",
        FieldType.BOOL,
        "a court order or reporting restriction covers its case, or another case of its child",
    ),
    _f("published_on", FieldType.DATE, "when it was published", optional=True),
    _f(
        "sent_in_time",
        FieldType.BOOL,
        "the report was sent to the Panel and the Secretary of State in time before publication",
        optional=True,
        parameters=("send_before_working_days",),
    ),
    _f(
        "unpublished_reason_recorded",
        FieldType.BOOL,
        "exceptional circumstances for not publishing are recorded",
    ),
    _f(
        "response_recorded",
        FieldType.BOOL,
        "the Partnership's response to the findings is published",
    ),
    _f(
        "withdrawn_early",
        FieldType.BOOL,
        "the report was taken down before the time it must stay published",
        optional=True,
        parameters=("keep_published_months",),
    ),
    _f("withdrawn_on", FieldType.DATE, "when the report was taken down", optional=True),
    _f("summary_published", FieldType.BOOL, "a learning summary of the review is published"),
    _f(
        "share_due_on",
        FieldType.DATE,
        "the date by which its learning should be shared",
        optional=True,
        parameters=("share_months",),
    ),
    _f(
        "past_share_due",
        FieldType.BOOL,
        "that date has passed",
        optional=True,
        parameters=("share_months",),
    ),
)


_RECOMMENDATION_FIELDS = (
    _f("review", FieldType.TEXT, "the review that made the recommendation"),
    _f("actions", FieldType.INT, "actions on the recommendation"),
    _f(
        "actions_with_owner_timescale_criteria",
        FieldType.INT,
        "actions on it with an owner, a timescale and success criteria",
    ),
    _f("all_actions_completed", FieldType.BOOL, "every action on it is completed"),
    _f("impact_assessed", FieldType.BOOL, "the impact of its actions has been assessed"),
    _f(
        "impact_due_on",
        FieldType.DATE,
        "the date by which impact should be assessed",
        optional=True,
        parameters=("impact_months",),
    ),
    _f(
        "past_impact_due",
        FieldType.BOOL,
        "that date has passed",
        optional=True,
        parameters=("impact_months",),
    ),
    _f("decided_on", FieldType.DATE, "when the review was decided"),
)


_OUTPUT_FIELDS = (
    _f("output_kind", FieldType.TEXT, "what the output is"),
    _f(
        "local_case",
        FieldType.BOOL,
        "it is about a local case: through its case, its review's case or a child death",
    ),
    _f("published", FieldType.BOOL, "it has been published"),
    _f(
        "publication_on",
        FieldType.DATE,
        "its publication date (published, or planned)",
        optional=True,
    ),
    _f(
        "restricted",
        FieldType.BOOL,
        "a court order or reporting restriction covers its case, or another case of its "
        "child, on its publication date",
    ),
    _f(
        "welfare_recorded",
        FieldType.BOOL,
        "the impact of publication on the child, family and others has been considered",
    ),
    _f(
        "welfare_harm_unmitigated",
        FieldType.BOOL,
        "that consideration found harm without mitigation",
    ),
    _f("social_media", FieldType.BOOL, "it is a social media post"),
    _f(
        "social_media_approved", FieldType.BOOL, "sharing it on social media was judged appropriate"
    ),
    _f(
        "identifiers_found",
        FieldType.INT,
        "identifiers of people in the case records found in its title and text "
        "(and any NHS number with a valid check digit)",
    ),
    _f(
        "identifier_positions",
        FieldType.TEXT,
        "the field, kind and place of each identifier (never the identifier itself)",
    ),
    _f(
        "unknown_postcodes",
        FieldType.INT,
        "postcode-shaped strings in its title and text that are no postcode in the case records",
    ),
    _f(
        "postcodes_checked",
        FieldType.BOOL,
        "an officer has confirmed its postcode-shaped strings identify nobody",
    ),
)


_DEATH_FIELDS = (
    _f("normally_resident", FieldType.BOOL, "the child was normally resident in the panel's area"),
    _f("died_on", FieldType.DATE, "the date of death"),
    _f("reviewed", FieldType.BOOL, "the Child Death Overview Panel has reviewed the death"),
    _f("reviewed_on", FieldType.DATE, "when it was reviewed", optional=True),
    _f(
        "review_due_on",
        FieldType.DATE,
        "the date by which the CDOP should review it",
        parameters=("review_months",),
    ),
    _f("past_review_due", FieldType.BOOL, "that date has passed", parameters=("review_months",)),
    _f("category_recorded", FieldType.BOOL, "a category of death is recorded"),
    _f("modifiable_recorded", FieldType.BOOL, "a decision on modifiable factors is recorded"),
    _f("abuse_suspected", FieldType.BOOL, "abuse or neglect is known or suspected"),
    _f("notified", FieldType.BOOL, "a serious incident notification is recorded for the death"),
    _f("lessons", FieldType.INT, "lessons the review identified"),
    _f(
        "lessons_disseminated",
        FieldType.BOOL,
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
    "subgroup": FactKind(
        name="subgroup",
        description="a subgroup that has met",
        subject="subgroups",
        fields=_SUBGROUP_FIELDS,
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
