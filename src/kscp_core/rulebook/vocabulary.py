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
    #: how a message shows the value (``share`` as a percentage, ``agency`` and
    #: ``subgroup`` by the record's name, ``label`` as words, a closed vocabulary's
    #: value with its underscores as spaces; otherwise as it is)
    shows: str = ""


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
    shows = ""
    if type_ is FieldType.NUMBER and name.endswith("_share"):
        shows = "share"
    elif name in ("agency", "subgroup"):
        shows = name
    elif name in _LABELS:
        shows = "label"
    return FactField(
        name=name,
        type=type_,
        description=description,
        optional=optional,
        parameters=parameters,
        shows=shows,
    )


#: text fields that hold a value from a closed vocabulary, shown in words
_LABELS = frozenset(
    {
        "audit_kind",
        "by",
        "chosen_type",
        "duty",
        "evaluation_kind",
        "lead_role",
        "method",
        "output_kind",
        "recommended_type",
        "request_kind",
        "returned_to",
        "review_type",
        "source",
        "source_kind",
    }
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
        "discussed_since_due",
        FieldType.BOOL,
        "a meeting of its subgroup has discussed it since the due date",
        optional=True,
    ),
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
    _f("evidence_items", FieldType.INT, "pieces of supporting evidence sent with the return"),
    _f(
        "answers_contracted_services",
        FieldType.BOOL,
        "the return answers for the services the agency contracts out",
    ),
    _f(
        "answers_raising_concerns",
        FieldType.BOOL,
        "the return answers for staff being able to raise concerns and feel supported",
    ),
    _f("returned_to", FieldType.TEXT, "who received the completed return", optional=True),
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
        "the kind of audit (Section 11, multi-agency, single-agency or training)",
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
    _f("agencies", FieldType.INT, "agencies taking part in the audit"),
    _f(
        "practitioners_involved",
        FieldType.INT,
        "agencies whose practitioners took part in the audit",
    ),
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
    _f("feedback_reviewed", FieldType.BOOL, "a review of feedback has covered the course"),
    _f(
        "feedback_used",
        FieldType.BOOL,
        "a review of feedback covering the course recorded changes to future training",
    ),
    _f(
        "feedback_use_due_on",
        FieldType.DATE,
        "the date by which its feedback should have informed future training",
        optional=True,
        parameters=("feedback_use_months",),
    ),
    _f(
        "past_feedback_use_due",
        FieldType.BOOL,
        "that date has passed",
        optional=True,
        parameters=("feedback_use_months",),
    ),
    _f(
        "impact_evaluated",
        FieldType.BOOL,
        "its effect on participants' knowledge and skills has been evaluated",
    ),
    _f(
        "impact_due_on",
        FieldType.DATE,
        "the date by which its effect should have been evaluated",
        optional=True,
        parameters=("impact_evaluation_months",),
    ),
    _f(
        "past_impact_due",
        FieldType.BOOL,
        "that date has passed",
        optional=True,
        parameters=("impact_evaluation_months",),
    ),
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
    _f(
        "recruitment_share",
        FieldType.NUMBER,
        "the share of staff safely recruited and suitably qualified",
        optional=True,
    ),
    _f(
        "supervision_share",
        FieldType.NUMBER,
        "the share of staff in regular safeguarding supervision",
        optional=True,
    ),
    _f(
        "competence_share",
        FieldType.NUMBER,
        "the share of staff assessed as competent in their safeguarding role",
        optional=True,
    ),
    _f(
        "induction_share",
        FieldType.NUMBER,
        "the share of staff given the mandatory induction, with the procedures to follow "
        "when concerned about a child",
        optional=True,
    ),
    _f(
        "practice_review_share",
        FieldType.NUMBER,
        "the share of staff whose own practice was reviewed in the year",
        optional=True,
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
    _f(
        "meetings_without_actions",
        FieldType.INT,
        "its latest meetings in a row that considered no action from its action log",
    ),
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
    _f("strengths", FieldType.INT, "good practice and organisational strengths it found"),
    _f(
        "family_informed",
        FieldType.BOOL,
        "the family was told how their involvement could happen",
    ),
    _f("young_people_involved", FieldType.INT, "young people who took part in the review"),
    _f(
        "young_people_reason_recorded",
        FieldType.BOOL,
        "why no young people could appropriately take part is recorded",
    ),
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
    _f(
        "last_monitored_on",
        FieldType.DATE,
        "when the SPR Subgroup last considered its actions",
        optional=True,
    ),
    _f(
        "spr_meetings_unmonitored",
        FieldType.INT,
        "SPR Subgroup meetings held since it was last monitored (or since the review was "
        "completed)",
        optional=True,
    ),
    _f(
        "monitor_due_on",
        FieldType.DATE,
        "the SPR Subgroup meeting by which it should have been monitored again",
        optional=True,
        parameters=("recommendation_monitor_cycles",),
    ),
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
    _f(
        "in_data_evaluation",
        FieldType.BOOL,
        "an evaluation of the data on child deaths in the area has covered it",
    ),
    _f("in_depth_evaluated", FieldType.BOOL, "the CDOP has evaluated the case in depth"),
    _f("modifiable_factors", FieldType.BOOL, "the review found modifiable factors"),
    _f(
        "evaluation_due_on",
        FieldType.DATE,
        "the date by which it should have been evaluated",
        optional=True,
        parameters=("evaluation_months",),
    ),
    _f(
        "past_evaluation_due",
        FieldType.BOOL,
        "that date has passed",
        optional=True,
        parameters=("evaluation_months",),
    ),
)

_CDOP_EVALUATION_FIELDS = (
    _f("evaluation_kind", FieldType.TEXT, "an evaluation of data, or of a case in depth"),
    _f("held_on", FieldType.DATE, "when the evaluation was held"),
    _f("lessons", FieldType.INT, "lessons or issues of concern it identified"),
    _f("actions", FieldType.INT, "actions raised to act on its findings"),
    _f(
        "action_due_on",
        FieldType.DATE,
        "the date by which action should have been taken on its findings",
        parameters=("act_on_findings_months",),
    ),
    _f(
        "past_action_due",
        FieldType.BOOL,
        "that date has passed",
        parameters=("act_on_findings_months",),
    ),
)

_LEARNING_ACTIVITY_FIELDS = (
    _f("title", FieldType.TEXT, "the activity's title"),
    _f("method", FieldType.TEXT, "the method of learning and improvement (Table Two)"),
    _f("held_on", FieldType.DATE, "when the activity was held"),
    _f("subgroup", FieldType.TEXT, "the subgroup that led it", optional=True),
    _f("lead_role", FieldType.TEXT, "the role of the subgroup that led it", optional=True),
    _f("external_lead", FieldType.BOOL, "a body outside the subgroups led it"),
    _f(
        "evidence_due_on",
        FieldType.DATE,
        "the date by which its evidence of learning should be recorded",
        parameters=("evidence_months",),
    ),
    _f(
        "past_evidence_due",
        FieldType.BOOL,
        "that date has passed",
        parameters=("evidence_months",),
    ),
    _f("priorities", FieldType.INT, "partnership priorities it served"),
    _f(
        "communication_considered",
        FieldType.BOOL,
        "communication and publicity about it were considered",
    ),
    *(
        _f(f"shows_{value}", FieldType.BOOL, f"it shows evidence of learning: {words}")
        for value, words in (
            ("actions_followed_through", "actions followed through in meetings"),
            ("quarterly_report", "a quarterly subgroup report to the Business Group"),
            ("website", "publication on the website"),
            ("newsletter", "a newsletter"),
            ("agency_action_plan", "agency action plans"),
            ("training", "training"),
            ("briefing", "briefings"),
            ("policy_update", "policy and procedural updates"),
            ("practice_review", "practice reviews"),
            ("supervision", "staff supervision and appraisals"),
            ("staff_survey", "staff surveys"),
            ("quality_assurance", "quality assurance"),
            ("subgroup_cascade", "information cascaded by a subgroup"),
            ("partnership_report", "a report to the Partnership"),
            ("protocol_change", "changes to local protocols or procedures"),
            ("themes_and_trends", "themes and trends"),
            ("modifiable_factors", "modifiable factors"),
            ("information_campaign", "information campaigns"),
            ("stakeholder_views", "the views of stakeholders"),
            ("performance_trends", "organisational and performance trends"),
            ("practice_quality", "the quality of practice"),
            ("safeguarding_issues", "the nature and extent of safeguarding issues"),
            ("good_practice", "good practice"),
            ("training_quality", "the quality of training"),
            ("training_quantity", "the quantity of training"),
            ("standards_compliance", "compliance with the partnership's standards"),
            ("learning_outcomes", "learning outcomes"),
            ("training_needs", "training needs"),
            ("government_priorities", "government priorities"),
            ("practice_guidance", "practice guidance"),
            ("national_and_local_perspectives", "national and local perspectives"),
            ("issue_specific_learning", "issue-specific learning"),
            (
                "experience_in_policy",
                "the experience of children and families included in changes to policy",
            ),
            ("audit_areas_identified", "areas of practice identified for audit"),
            ("protocol_evaluation", "an evaluation of agency protocols"),
        )
    ),
)

_PRIORITY_FIELDS = (
    _f("name", FieldType.TEXT, "the priority's name"),
    _f("starts_on", FieldType.DATE, "when the priority was set"),
    _f(
        "first_due_on",
        FieldType.DATE,
        "the end of the first window in which it should be pursued",
        parameters=("priority_months",),
    ),
    _f(
        "past_first_due",
        FieldType.BOOL,
        "that date has passed",
        parameters=("priority_months",),
    ),
    _f(
        "activities_within",
        FieldType.INT,
        "learning activities serving it within the window before the date evaluated",
        parameters=("priority_months",),
    ),
    _f("last_activity_on", FieldType.DATE, "the last activity serving it", optional=True),
)

_SHARED_FIELDS = (
    _f("source_kind", FieldType.TEXT, "an audit, a review, a child death or a practice example"),
    _f("completed_on", FieldType.DATE, "when it was completed (or the example shared)"),
    _f("subgroup", FieldType.TEXT, "the subgroup whose learning it is", optional=True),
    _f("agency", FieldType.TEXT, "the agency that shared the example", optional=True),
    _f(
        "share_due_on",
        FieldType.DATE,
        "the date by which its learning should have gone out",
        parameters=("spread_months",),
    ),
    _f("past_share_due", FieldType.BOOL, "that date has passed", parameters=("spread_months",)),
    _f("restricted", FieldType.BOOL, "a court order in force covers its case"),
    _f("on_website", FieldType.BOOL, "it has been published on the website"),
    _f("promoted", FieldType.BOOL, "it was promoted by newsletter, training or networks"),
    _f("to_partnership", FieldType.BOOL, "it was reported to the Partnership"),
    _f("other_subgroups", FieldType.INT, "other subgroups it was shared with"),
    _f(
        "to_learning_and_development",
        FieldType.BOOL,
        "it was shared with the Learning and Development Subgroup",
    ),
    _f("agencies_involved", FieldType.INT, "agencies it concerns"),
    _f("agencies_fed_back", FieldType.INT, "of those, agencies it was fed back to"),
    _f(
        "partnership_wide",
        FieldType.BOOL,
        "it went out partnership-wide (website, newsletter, network, briefing or the Partnership)",
    ),
    _f("across_agencies", FieldType.BOOL, "it went out across agencies and partners"),
    _f("into_practice", FieldType.BOOL, "it informed a change to policy, procedure or practice"),
    _f("into_service_development", FieldType.BOOL, "it informed service development"),
    _f("into_training", FieldType.BOOL, "it informed training"),
    _f("last_shared_on", FieldType.DATE, "when it last went out", optional=True),
)

_ANNUAL_REPORT_FIELDS = (
    _f(
        "period_end",
        FieldType.DATE,
        "the end of the latest year whose report has fallen due",
        parameters=("report_year_end_month", "annual_report_months"),
    ),
    _f(
        "due_on",
        FieldType.DATE,
        "the date its report was due",
        parameters=("annual_report_months",),
    ),
    _f("published", FieldType.BOOL, "the report for that year is published"),
    _f("published_on", FieldType.DATE, "when it was published", optional=True),
    _f(
        "gives_review_impact",
        FieldType.BOOL,
        "it explains the impact of reviews on services and on deaths and serious harm",
    ),
    _f(
        "gives_training_activity",
        FieldType.BOOL,
        "it outlines learning and training activity, attendance by agencies, and impact",
    ),
    _f(
        "gives_help_effectiveness",
        FieldType.BOOL,
        "it assesses the effectiveness of the help given, early help included",
    ),
    _f(
        "gives_training_effectiveness",
        FieldType.BOOL,
        "it gives the monitoring and evaluation of the effectiveness of training",
    ),
    _f(
        "gives_child_death_overview",
        FieldType.BOOL,
        "it carries the Child Death Overview Panel's annual report",
    ),
)

_REQUEST_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency asked"),
    _f("request_kind", FieldType.TEXT, "what was asked for"),
    _f("requested_on", FieldType.DATE, "when it was asked for"),
    _f("due_on", FieldType.DATE, "when it was due"),
    _f("met", FieldType.BOOL, "the agency has met the request"),
    _f("met_on", FieldType.DATE, "when it was met", optional=True),
    _f("past_due", FieldType.BOOL, "the due date has passed"),
    _f("days_past_due", FieldType.INT, "days since the due date (negative before it)"),
)

_CONCERN_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency that raised it"),
    _f("raised_on", FieldType.DATE, "when it was raised"),
    _f("strategy_recorded", FieldType.BOOL, "a recommended improvement strategy is recorded"),
)

_AGENCY_ASSURANCE_FIELDS = (
    _f("agency", FieldType.TEXT, "the agency"),
    *(
        field
        for what, words, parameter in (
            ("practice", "shared an example of good practice", "practice_months"),
            (
                "consultation",
                "consulted children and young people on developing its services",
                "consultation_months",
            ),
            ("workforce", "made a workforce return", "assurance_months"),
            ("attended", "had staff attend multi-agency training", "attendance_months"),
            (
                "delivered",
                "released staff to help deliver multi-agency training",
                "delivery_months",
            ),
            (
                "training_qa",
                "had its single-agency training quality assured by the L&D Officer",
                "training_qa_months",
            ),
        )
        for field in (
            _f(f"last_{what}_on", FieldType.DATE, f"when it last {words}", optional=True),
            _f(
                f"{what}_due_on",
                FieldType.DATE,
                f"the date by which it should have {words} again (the date evaluated, if never)",
                parameters=(parameter,),
            ),
            _f(
                f"past_{what}_due",
                FieldType.BOOL,
                f"it has never {words}, or that date has passed",
                parameters=(parameter,),
            ),
        )
    ),
)

_CONSULTATION_FIELDS = (
    _f(
        "by",
        FieldType.TEXT,
        "who consulted: an agency, the Local Authority, the CPRU or the Partnership",
    ),
    _f("agency", FieldType.TEXT, "the agency that consulted", optional=True),
    _f("method", FieldType.TEXT, "how children and young people were heard"),
    _f("held_on", FieldType.DATE, "when it was held"),
    _f("young_people", FieldType.INT, "young people who took part"),
    _f(
        "feedback_brought",
        FieldType.BOOL,
        "its feedback was brought to the Partnership as challenge or information",
    ),
    _f(
        "feedback_due_on",
        FieldType.DATE,
        "the date by which its feedback should reach the Partnership and be acted on",
        parameters=("feedback_months",),
    ),
    _f(
        "past_feedback_due",
        FieldType.BOOL,
        "that date has passed",
        parameters=("feedback_months",),
    ),
    _f("changes", FieldType.INT, "changes to services it led to"),
)

_CONSULTATION_DUTY_FIELDS = (
    _f("duty", FieldType.TEXT, "the standing duty to hear children and young people"),
    _f("last_on", FieldType.DATE, "when it was last discharged", optional=True),
    _f(
        "due_on",
        FieldType.DATE,
        "the date by which it should be discharged again (the date evaluated, if never)",
        parameters=("consultation_months",),
    ),
    _f(
        "past_due",
        FieldType.BOOL,
        "it was never discharged, or that date has passed",
        parameters=("consultation_months",),
    ),
)

_TRAINING_OFFER_FIELDS = (
    _f(
        "courses_within",
        FieldType.INT,
        "multi-agency courses delivered within the window before the date evaluated",
        parameters=("offer_months",),
    ),
    _f("as_of", FieldType.DATE, "the date evaluated for"),
)

_TRAINING_NEED_FIELDS = (
    _f("source", FieldType.TEXT, "where the learning need came from"),
    _f("identified_on", FieldType.DATE, "when it was identified"),
    _f("planned", FieldType.BOOL, "a multi-agency course is planned to meet it"),
    _f(
        "plan_due_on",
        FieldType.DATE,
        "the date by which training should be planned for it",
        parameters=("need_months",),
    ),
    _f("past_plan_due", FieldType.BOOL, "that date has passed", parameters=("need_months",)),
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
    "cdop_evaluation": FactKind(
        name="cdop_evaluation",
        description="an evaluation by the Child Death Overview Panel",
        subject="cdop_evaluations",
        fields=_CDOP_EVALUATION_FIELDS,
    ),
    "learning_activity": FactKind(
        name="learning_activity",
        description="a learning and improvement activity, by its method of Table Two",
        subject="learning_activities",
        fields=_LEARNING_ACTIVITY_FIELDS,
    ),
    "priority": FactKind(
        name="priority",
        description="a standing priority of the partnership",
        subject="priorities",
        fields=_PRIORITY_FIELDS,
    ),
    "learning_shared": FactKind(
        name="learning_shared",
        description="the learning of a completed audit, review, child death or practice example, "
        "and how it went out",
        subject="learning",
        fields=_SHARED_FIELDS,
    ),
    "annual_report": FactKind(
        name="annual_report",
        description="the partnership's Annual Report for the latest year whose report is due",
        subject="annual_reports",
        fields=_ANNUAL_REPORT_FIELDS,
    ),
    "request": FactKind(
        name="request",
        description="a request the partnership made of an agency",
        subject="requests",
        fields=_REQUEST_FIELDS,
    ),
    "concern": FactKind(
        name="concern",
        description="an area of concern an agency raised with the partnership",
        subject="concerns",
        fields=_CONCERN_FIELDS,
    ),
    "agency_assurance": FactKind(
        name="agency_assurance",
        description="what a partner agency last gave the partnership, of each kind of assurance",
        subject="agencies",
        fields=_AGENCY_ASSURANCE_FIELDS,
    ),
    "consultation": FactKind(
        name="consultation",
        description="a consultation of children and young people",
        subject="consultations",
        fields=_CONSULTATION_FIELDS,
    ),
    "consultation_duty": FactKind(
        name="consultation_duty",
        description="a standing duty to hear children and young people",
        subject="consultation_duties",
        fields=_CONSULTATION_DUTY_FIELDS,
    ),
    "training_offer": FactKind(
        name="training_offer",
        description="the multi-agency training offered",
        subject="training_offer",
        fields=_TRAINING_OFFER_FIELDS,
    ),
    "training_need": FactKind(
        name="training_need",
        description="a learning need gathered to plan multi-agency training",
        subject="training_needs",
        fields=_TRAINING_NEED_FIELDS,
    ),
}
