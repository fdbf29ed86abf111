"""Hypothesis strategies for every record of a partnership, valid by construction.

Strategies are plural nouns (``actions()``, ``meetings()``, ``partnerships()``).
Records they produce are valid: ids resolve, dates are in order, and states
are consistent (an action is never both completed and closed). Parameters
steer them; they shrink towards small partnerships with early, simple dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from kscp_core.model.actions import (
    Action,
    ActionId,
    ActionSource,
    Closure,
    Escalation,
    EscalationLevel,
    ProgressUpdate,
)
from kscp_core.model.agencies import (
    Agency,
    AgencyId,
    AgencyKind,
    FeedbackMechanism,
    PartnershipChair,
)
from kscp_core.model.assurance import (
    Concern,
    ConcernId,
    PracticeExample,
    PracticeExampleId,
    Request,
    RequestId,
    RequestKind,
)
from kscp_core.model.audits import (
    AgencyIssue,
    Audit,
    AuditId,
    AuditKind,
    AuditProgramme,
    AuditProgrammeId,
    ReturnReceiver,
    Section11Standard,
)
from kscp_core.model.child_deaths import (
    CdopEvaluation,
    CdopEvaluationId,
    ChildDeath,
    ChildDeathId,
    DeathCategory,
    EvaluationKind,
)
from kscp_core.model.incidents import AbuseOrNeglect, IncidentId, IncidentOutcome, SeriousIncident
from kscp_core.model.learning import (
    Dissemination,
    DisseminationId,
    Evidence,
    LearningActivity,
    LearningActivityId,
    LearningMethod,
    Priority,
    PriorityId,
    ShareChannel,
)
from kscp_core.model.meetings import Meeting, MeetingId
from kscp_core.model.partnership import Partnership
from kscp_core.model.people import Person, PersonId, PersonRole
from kscp_core.model.performance import (
    Indicator,
    IndicatorId,
    PerformanceReturn,
    PerformanceReturnId,
)
from kscp_core.model.publication import (
    Channel,
    CourtOrder,
    CourtOrderId,
    CourtOrderKind,
    LearningOutput,
    LearningOutputId,
    OutputKind,
    WelfareConsideration,
)
from kscp_core.model.reports import AnnualReport, AnnualReportId, AnnualReportSection
from kscp_core.model.reviews import (
    CaseReview,
    LeadReviewer,
    RapidReview,
    RapidReviewId,
    Recommendation,
    RecommendationId,
    ReviewDecision,
    ReviewId,
    ReviewType,
)
from kscp_core.model.subgroups import Subgroup, SubgroupId, SubgroupRole
from kscp_core.model.training import (
    Course,
    CourseId,
    FeedbackReview,
    FeedbackReviewId,
    NeedSource,
    TrainingNeed,
    TrainingNeedId,
    WorkforceReturn,
    WorkforceReturnId,
)
from kscp_core.model.voice import (
    AdvocacyService,
    Consultation,
    ConsultationId,
    ConsultationMethod,
    Consulter,
)

__all__ = [
    "actions",
    "agencies",
    "annual_reports",
    "audits",
    "case_reviews",
    "child_deaths",
    "closures",
    "consultations",
    "courses",
    "court_orders",
    "dates",
    "disseminations",
    "escalations",
    "incidents",
    "learning_activities",
    "learning_outputs",
    "meetings",
    "partnerships",
    "people",
    "performance_returns",
    "progress_updates",
    "rapid_reviews",
    "requests",
    "subgroups",
    "texts",
    "workforce_returns",
]

SPAN = (date(2024, 4, 1), date(2026, 3, 31))


def texts(max_size: int = 20) -> st.SearchStrategy[str]:
    """Short text, such as a title or a note: quotes, backslashes and line breaks included."""
    return st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\n\t\r"),
        min_size=1,
        max_size=max_size,
    )


def dates(span: tuple[date, date] = SPAN) -> st.SearchStrategy[date]:
    """Dates within a span (inclusive)."""
    return st.dates(min_value=span[0], max_value=span[1])


def agencies(agency_id: str | None = None) -> st.SearchStrategy[Agency]:
    """A partner agency; some are under the section 11 duty, some joined or left it."""

    @st.composite
    def build(draw: st.DrawFn) -> Agency:
        duty_from = draw(st.none() | dates((date(2015, 1, 1), SPAN[1])))
        duty_until = None
        if duty_from is not None and draw(st.booleans()):
            duty_until = draw(dates((duty_from, SPAN[1] + timedelta(days=365))))
        return Agency(
            id=AgencyId(agency_id or draw(st.from_regex(r"[a-z]{1,8}", fullmatch=True))),
            name=draw(texts()),
            kind=draw(st.sampled_from(AgencyKind)),
            section11_duty_from=duty_from,
            section11_duty_until=duty_until,
            feedback_mechanisms=tuple(
                draw(st.lists(st.sampled_from(FeedbackMechanism), max_size=3, unique=True))
            ),
        )

    return build()


def subgroups(
    subgroup_id: str, agency_ids: list[AgencyId], role: SubgroupRole | None = None
) -> st.SearchStrategy[Subgroup]:
    """A subgroup whose chair agency and members are among the given agencies."""
    return st.builds(
        Subgroup,
        id=st.just(SubgroupId(subgroup_id)),
        name=texts(),
        role=st.just(role) if role else st.sampled_from(SubgroupRole),
        chair=texts(),
        chair_agency=st.none() | st.sampled_from(agency_ids),
        members=st.lists(st.sampled_from(agency_ids), unique=True).map(tuple),
    )


def meetings(
    subgroup_ids: list[SubgroupId],
    agency_ids: list[AgencyId],
    span: tuple[date, date] = SPAN,
    *,
    meeting_id: str = "m",
) -> st.SearchStrategy[Meeting]:
    """A meeting of one of the given subgroups within the span."""
    return st.builds(
        Meeting,
        id=st.just(MeetingId(meeting_id)),
        subgroup=st.sampled_from(subgroup_ids),
        held_on=dates(span),
        present=st.lists(st.sampled_from(agency_ids), unique=True, max_size=4).map(tuple),
        cancelled=st.sampled_from([False, False, False, True]),
    )


def progress_updates(span: tuple[date, date] = SPAN) -> st.SearchStrategy[ProgressUpdate]:
    """A progress update within the span."""
    return st.builds(ProgressUpdate, on=dates(span), note=texts())


def escalations(span: tuple[date, date] = SPAN) -> st.SearchStrategy[Escalation]:
    """A recorded escalation within the span."""
    return st.builds(
        Escalation, on=dates(span), to=st.sampled_from(EscalationLevel), note=st.none() | texts()
    )


def closures(span: tuple[date, date] = SPAN) -> st.SearchStrategy[Closure]:
    """A closure without completion, with or without its reason and what was done instead."""
    return st.builds(
        Closure, on=dates(span), reason=st.none() | texts(), instead=st.none() | texts()
    )


def actions(
    agency_ids: list[AgencyId] | None = None,
    subgroup_ids: list[SubgroupId] | None = None,
    span: tuple[date, date] = SPAN,
    *,
    action_id: str = "A-1",
    overdue: bool | None = None,
    as_of: date | None = None,
) -> st.SearchStrategy[Action]:
    """An action in a consistent state.

    Args:
        agency_ids, subgroup_ids: who may be accountable (``None``: any text id).
        span: the dates the action's life falls in.
        overdue: with ``as_of``, ``True`` gives an action open and past its due
            date on that date, ``False`` one that is not.
    """
    any_id = st.from_regex(r"[a-z]{1,6}", fullmatch=True)

    @st.composite
    def build(draw: st.DrawFn) -> Action:
        raised = draw(dates((span[0], span[1] - timedelta(days=1))))
        later = (raised, span[1])
        due = draw(st.none() | dates(later)) if overdue is None else draw(dates(later))
        completed: date | None = None
        closure: Closure | None = None
        ending = draw(st.sampled_from(["open", "completed", "closed"]))
        if overdue is not None:
            ending = "open"
        if ending == "completed":
            completed = draw(dates(later))
        elif ending == "closed":
            closure = draw(closures(later))
        if overdue is not None and as_of is not None:
            assert due is not None
            if overdue and due >= as_of:
                due = as_of - timedelta(days=draw(st.integers(1, 90)))
                raised = min(raised, due)
            if not overdue and due < as_of:
                due = as_of + timedelta(days=draw(st.integers(0, 90)))
        agency = draw(
            st.none() | (st.sampled_from(agency_ids) if agency_ids else any_id.map(AgencyId))
        )
        subgroup = draw(
            st.none() | (st.sampled_from(subgroup_ids) if subgroup_ids else any_id.map(SubgroupId))
        )
        return Action(
            id=ActionId(action_id),
            title=draw(texts()),
            source=draw(st.sampled_from(ActionSource)),
            raised_on=raised,
            agency=agency,
            subgroup=subgroup,
            due_on=due,
            updates=tuple(draw(st.lists(progress_updates(later), max_size=3))),
            escalations=tuple(draw(st.lists(escalations(later), max_size=1))),
            completed_on=completed,
            closure=closure,
        )

    return build()


def _some(ids: Sequence[str]) -> st.SearchStrategy[tuple[Any, ...]]:
    return (
        st.lists(st.sampled_from(ids), unique=True, max_size=3).map(tuple) if ids else st.just(())
    )


def _maybe(ids: Sequence[str]) -> st.SearchStrategy[Any]:
    return st.none() | st.sampled_from(ids) if ids else st.none()


def people(person_id: str = "p", case_ids: list[str] | None = None) -> st.SearchStrategy[Person]:
    """A person in the case records, with fictional identifying details."""
    return st.builds(
        Person,
        id=st.just(PersonId(person_id)),
        role=st.sampled_from(PersonRole),
        name=st.from_regex(r"[A-Z][a-z]{2,8} [A-Z][a-z]{2,9}", fullmatch=True),
        date_of_birth=st.none() | st.dates(date(2005, 1, 1), date(2025, 12, 31)),
        postcode=st.none() | st.from_regex(r"[A-Z]{2}[0-9] [0-9][A-Z]{2}", fullmatch=True),
        school=st.none()
        | st.from_regex(r"[A-Z][a-z]{3,8} (Academy|Primary School)", fullmatch=True),
        cases=_some(case_ids or []),
    )


def incidents(
    incident_id: str, child: str, agency_ids: list[str], span: tuple[date, date] = SPAN
) -> st.SearchStrategy[SeriousIncident]:
    """A serious incident about a child, notified or not."""

    @st.composite
    def build(draw: st.DrawFn) -> SeriousIncident:
        aware = draw(dates(span))
        notified = draw(st.none() | dates((aware, aware + timedelta(days=20))))
        return SeriousIncident(
            id=IncidentId(incident_id),
            child=PersonId(child),
            became_aware_on=aware,
            abuse_or_neglect=draw(st.sampled_from(AbuseOrNeglect)),
            outcome=draw(st.sampled_from(IncidentOutcome)),
            looked_after=draw(st.booleans()),
            notified_on=notified,
            agencies_involved=draw(_some(agency_ids)),
            complex=draw(st.booleans()),
        )

    return build()


def rapid_reviews(review_id: str, incident: SeriousIncident) -> st.SearchStrategy[RapidReview]:
    """The rapid review of an incident, with or without its decision."""

    @st.composite
    def build(draw: st.DrawFn) -> RapidReview:
        start = incident.notified_on or incident.became_aware_on
        done = draw(st.none() | dates((start, start + timedelta(days=40))))
        decision = None
        if done is not None and draw(st.booleans()):
            decision = ReviewDecision(
                decided_on=done + timedelta(days=draw(st.integers(0, 10))),
                review_type=draw(st.sampled_from(ReviewType)),
                reasons=draw(st.none() | texts()),
                departure_reason=draw(st.none() | texts()),
            )
        return RapidReview(
            id=RapidReviewId(review_id),
            incident=incident.id,
            started_on=start,
            completed_on=done,
            meets_statutory_criteria=draw(st.none() | st.booleans()),
            insight_potential=draw(st.none() | st.booleans()),
            decision=decision,
        )

    return build()


def case_reviews(
    review_id: str,
    agency_ids: list[str],
    action_ids: list[str],
    incident_ids: list[str],
    span: tuple[date, date] = SPAN,
) -> st.SearchStrategy[CaseReview]:
    """A case review of any kind, at any stage from decision to publication."""

    @st.composite
    def build(draw: st.DrawFn) -> CaseReview:
        decided = draw(dates(span))
        completed = draw(st.none() | dates((decided, decided + timedelta(days=300))))
        published = sent = withheld = None
        stage = draw(st.sampled_from(["completed", "sent", "published", "withheld"]))
        if completed is not None and stage != "completed":
            sent = completed + timedelta(days=draw(st.integers(0, 20)))
            if stage == "published":
                published = sent + timedelta(days=draw(st.integers(0, 30)))
            elif stage == "withheld":  # for a recorded reason (PRIN-6, COMM-1); sent or not
                withheld = draw(texts())
                sent = draw(st.sampled_from([None, sent]))
        recommendations = tuple(
            Recommendation(
                id=RecommendationId(f"{review_id}-R{n}"),
                text=draw(texts()),
                actions=draw(_some(action_ids)),
            )
            for n in range(draw(st.integers(0, 2)))
        )
        return CaseReview(
            id=ReviewId(review_id),
            type=draw(st.sampled_from(ReviewType)),
            title=draw(texts()),
            decided_on=decided,
            incident=draw(_maybe(incident_ids)),
            lead_reviewer=draw(
                st.none()
                | st.builds(
                    LeadReviewer,
                    name=texts(),
                    agency=_maybe(agency_ids),
                    involved_in_case=st.booleans(),
                )
            ),
            agencies_under_review=draw(_some(agency_ids)),
            practitioners_invited=draw(_some(agency_ids)),
            family_invited=draw(st.booleans()),
            child_voice=draw(st.none() | texts()),
            recommendations=recommendations,
            completed_on=completed,
            report_sent_on=sent,
            published_on=published,
            unpublished_reason=withheld,
            response_on=published if draw(st.booleans()) else None,
            strengths=tuple(draw(st.lists(texts(), max_size=1))),
            family_informed_on=draw(st.none() | dates((decided, decided + timedelta(days=60)))),
            young_people_involved=draw(st.integers(0, 2)),
            young_people_not_involved_reason=draw(st.none() | texts()),
        )

    return build()


def child_deaths(
    death_id: str,
    child: str,
    span: tuple[date, date] = SPAN,
    *,
    incident_ids: list[str] | None = None,
    output_ids: list[str] | None = None,
) -> st.SearchStrategy[ChildDeath]:
    """A child death, reviewed by the CDOP or not, perhaps a case, its lessons perhaps shared."""

    @st.composite
    def build(draw: st.DrawFn) -> ChildDeath:
        died = draw(dates(span))
        reviewed = draw(st.none() | dates((died, died + timedelta(days=500))))
        return ChildDeath(
            id=ChildDeathId(death_id),
            child=PersonId(child),
            died_on=died,
            normally_resident=draw(st.booleans()),
            abuse_or_neglect=draw(st.sampled_from(AbuseOrNeglect)),
            reviewed_on=reviewed,
            category=draw(st.none() | st.sampled_from(DeathCategory)) if reviewed else None,
            modifiable_factors=draw(st.none() | st.booleans()) if reviewed else None,
            incident=draw(_maybe(incident_ids or [])),
            lessons=tuple(draw(st.lists(texts(), max_size=2))) if reviewed else (),
            lessons_output=draw(_maybe(output_ids or [])) if reviewed else None,
        )

    return build()


def learning_outputs(
    output_id: str,
    incident_ids: list[str],
    span: tuple[date, date] = SPAN,
    review_ids: list[str] | None = None,
) -> st.SearchStrategy[LearningOutput]:
    """A learning output, planned or published, perhaps about a case or a review."""
    return st.builds(
        LearningOutput,
        id=st.just(LearningOutputId(output_id)),
        kind=st.sampled_from(OutputKind),
        channel=st.sampled_from(Channel),
        title=texts(),
        text=st.text(max_size=60),
        case=_maybe(incident_ids),
        review=_maybe(review_ids or []),
        welfare=st.none()
        | st.builds(
            WelfareConsideration,
            considered_on=dates(span),
            harm_found=st.booleans(),
            mitigation=st.none() | texts(),
        ),
        social_media_approved=st.none() | st.booleans(),
        planned_on=st.none() | dates(span),
        published_on=st.none() | dates(span),
    )


def court_orders(
    order_id: str, incident_id: str, span: tuple[date, date] = SPAN
) -> st.SearchStrategy[CourtOrder]:
    """A court order or reporting restriction on a case."""

    @st.composite
    def build(draw: st.DrawFn) -> CourtOrder:
        start = draw(dates(span))
        return CourtOrder(
            id=CourtOrderId(order_id),
            kind=draw(st.sampled_from(CourtOrderKind)),
            case=IncidentId(incident_id),
            starts_on=start,
            ends_on=draw(st.none() | dates((start, start + timedelta(days=700)))),
        )

    return build()


def audits(
    audit_id: str, agency_ids: list[str], span: tuple[date, date] = SPAN
) -> st.SearchStrategy[Audit]:
    """An audit of any kind (a Section 11 audit names one agency)."""

    @st.composite
    def build(draw: st.DrawFn) -> Audit:
        kind = draw(st.sampled_from(AuditKind))
        if kind is AuditKind.SECTION_11 and not agency_ids:
            kind = AuditKind.MULTI_AGENCY
        issued = draw(dates(span))
        chosen = (
            (draw(st.sampled_from(agency_ids)),)
            if kind is AuditKind.SECTION_11
            else draw(_some(agency_ids))
        )
        return Audit(
            id=AuditId(audit_id),
            kind=kind,
            title=draw(texts()),
            agencies=chosen,
            issued_on=issued,
            return_due_on=issued + timedelta(days=90),
            returned_on=draw(st.none() | dates((issued, issued + timedelta(days=120)))),
            completed_on=draw(st.none() | dates((issued, issued + timedelta(days=120)))),
            voice_of_child_questions=draw(st.booleans()),
            themed_section=draw(st.none() | texts()),
            changes_since_previous=draw(st.none() | texts()),
            findings=tuple(draw(st.lists(texts(), max_size=2))),
            returned_to=draw(st.none() | st.sampled_from(ReturnReceiver)),
            evidence_items=draw(st.integers(0, 3)),
            standards=tuple(
                draw(st.lists(st.sampled_from(Section11Standard), unique=True, max_size=3))
            ),
            practitioners_involved=draw(_some(agency_ids)),
            agency_issues=tuple(
                AgencyIssue(
                    agency=a,
                    description="issue",
                    reported_on=draw(st.none() | dates((issued, span[1]))),
                )
                for a in draw(_some(agency_ids))
            ),
        )

    return build()


def performance_returns(
    return_id: str, agency: str, indicator_ids: list[str], span: tuple[date, date] = SPAN
) -> st.SearchStrategy[PerformanceReturn]:
    """An agency's performance return, received or not, with values for some indicators."""

    @st.composite
    def build(draw: st.DrawFn) -> PerformanceReturn:
        end = draw(dates(span))
        due = end + timedelta(days=30)
        names = draw(
            st.lists(st.sampled_from([*indicator_ids, "not-agreed"]), unique=True, max_size=3)
        )
        values = {n: draw(st.none() | st.floats(-10, 1000, allow_nan=False)) for n in names}
        return PerformanceReturn(
            id=PerformanceReturnId(return_id),
            agency=AgencyId(agency),
            period_end=end,
            due_on=due,
            received_on=draw(st.none() | dates((end, due + timedelta(days=30)))),
            values=values,
        )

    return build()


def workforce_returns(
    return_id: str, agency: str, span: tuple[date, date] = SPAN
) -> st.SearchStrategy[WorkforceReturn]:
    """An agency's workforce training return, the trained counts within its staff."""

    @st.composite
    def build(draw: st.DrawFn) -> WorkforceReturn:
        staff = draw(st.integers(0, 500))
        end = draw(dates(span))
        return WorkforceReturn(
            id=WorkforceReturnId(return_id),
            agency=AgencyId(agency),
            period_end=end,
            staff=staff,
            basic_trained=draw(st.integers(0, staff)),
            refreshed=draw(st.integers(0, staff)),
            received_on=end + timedelta(days=20),
            safely_recruited=draw(st.none() | st.integers(0, staff)),
            supervised=draw(st.none() | st.integers(0, staff)),
            competence_assessed=draw(st.none() | st.integers(0, staff)),
            inducted=draw(st.none() | st.integers(0, staff)),
            practice_reviewed=draw(st.none() | st.integers(0, staff)),
        )

    return build()


def courses(
    course_id: str, agency_ids: list[str], span: tuple[date, date] = SPAN
) -> st.SearchStrategy[Course]:
    """A course, delivered or planned, who attended and who helped deliver it."""
    return st.builds(
        Course,
        id=st.just(CourseId(course_id)),
        title=texts(),
        multi_agency=st.booleans(),
        delivered_on=st.none() | dates(span),
        participants=st.integers(0, 40),
        feedback_responses=st.integers(0, 3),
        agencies_attending=_some(agency_ids),
        trainers_from=_some(agency_ids),
        impact_evaluated_on=st.none() | dates(span),
    )


def learning_activities(
    activity_id: str,
    subgroup_ids: Sequence[str],
    priority_ids: Sequence[str],
    span: tuple[date, date] = SPAN,
) -> st.SearchStrategy[LearningActivity]:
    """A learning activity under any method of Table Two, its lead and evidence."""
    return st.builds(
        LearningActivity,
        id=st.just(LearningActivityId(activity_id)),
        method=st.sampled_from(LearningMethod),
        title=texts(),
        held_on=dates(span),
        lead=_maybe(subgroup_ids),
        external_lead=st.none() | texts(),
        evidence=st.lists(st.sampled_from(Evidence), unique=True, max_size=4).map(tuple),
        priorities=_some(priority_ids),
        communication_considered_on=st.none() | dates(span),
    )


def disseminations(
    dissemination_id: str,
    learning_ids: Sequence[str],
    subgroup_ids: Sequence[str],
    agency_ids: Sequence[str],
    span: tuple[date, date] = SPAN,
) -> st.SearchStrategy[Dissemination]:
    """One occasion on which the learning of an audit, review, death or example went out."""
    return st.builds(
        Dissemination,
        id=st.just(DisseminationId(dissemination_id)),
        learning=st.sampled_from(learning_ids),
        channel=st.sampled_from(ShareChannel),
        on=dates(span),
        subgroups=_some(subgroup_ids),
        agencies=_some(agency_ids),
    )


def requests(
    request_id: str, agency_ids: list[str], span: tuple[date, date] = SPAN
) -> st.SearchStrategy[Request]:
    """A request made of an agency, met or not, on time or late."""

    @st.composite
    def build(draw: st.DrawFn) -> Request:
        asked = draw(dates(span))
        due = asked + timedelta(days=draw(st.integers(0, 90)))
        return Request(
            id=RequestId(request_id),
            agency=AgencyId(draw(st.sampled_from(agency_ids))),
            kind=draw(st.sampled_from(RequestKind)),
            requested_on=asked,
            due_on=due,
            met_on=draw(st.none() | dates((asked, due + timedelta(days=60)))),
        )

    return build()


def consultations(
    consultation_id: str, agency_ids: list[str], span: tuple[date, date] = SPAN
) -> st.SearchStrategy[Consultation]:
    """A consultation of children and young people, by whoever holds that duty."""

    @st.composite
    def build(draw: st.DrawFn) -> Consultation:
        by = draw(st.sampled_from(Consulter))
        if by is Consulter.AGENCY and not agency_ids:
            by = Consulter.PARTNERSHIP
        held = draw(dates(span))
        return Consultation(
            id=ConsultationId(consultation_id),
            by=by,
            agency=AgencyId(draw(st.sampled_from(agency_ids))) if by is Consulter.AGENCY else None,
            method=draw(st.sampled_from(ConsultationMethod)),
            held_on=held,
            topic=draw(texts()),
            service_development=draw(st.booleans()),
            young_people=draw(st.integers(0, 30)),
            feedback_to_partnership_on=draw(st.none() | dates((held, held + timedelta(days=200)))),
            changes=tuple(draw(st.lists(texts(), max_size=1))),
        )

    return build()


def annual_reports(
    report_id: str, span: tuple[date, date] = SPAN
) -> st.SearchStrategy[AnnualReport]:
    """The Annual Report for a year ending 31 March, published or not, with some sections."""

    @st.composite
    def build(draw: st.DrawFn) -> AnnualReport:
        year_end = date(draw(st.integers(span[0].year, span[1].year)), 3, 31)
        return AnnualReport(
            id=AnnualReportId(report_id),
            period_end=year_end,
            published_on=draw(st.none() | dates((year_end, year_end + timedelta(days=300)))),
            sections=tuple(draw(st.lists(st.sampled_from(AnnualReportSection), unique=True))),
        )

    return build()


def partnerships(
    *,
    agencies: tuple[int, int] = (1, 4),
    subgroups: tuple[int, int] = (1, 3),
    meetings: tuple[int, int] = (0, 12),
    actions: tuple[int, int] = (0, 8),
    others: tuple[int, int] = (0, 2),
    span: tuple[date, date] = SPAN,
) -> st.SearchStrategy[Partnership]:
    """A partnership whose records all resolve: every id names a record that exists.

    Each argument but ``span`` is a (least, most) count: of agencies,
    subgroups, meetings, actions, and of each other kind of record (people,
    incidents, reviews, deaths, outputs, court orders, audits, returns,
    courses, priorities, learning activities, disseminations, requests,
    annual reports, training needs, feedback reviews, CDOP evaluations,
    consultations). Partnerships shrink towards one agency and one subgroup.
    """
    agency_strategy = globals()["agencies"]
    subgroup_strategy = globals()["subgroups"]
    meeting_strategy = globals()["meetings"]
    action_strategy = globals()["actions"]

    @st.composite
    def build(draw: st.DrawFn) -> Partnership:
        def count() -> int:
            return draw(st.integers(*others))

        n_agencies = draw(st.integers(*agencies))
        agency_list = [draw(agency_strategy(f"ag{i}")) for i in range(n_agencies)]
        agency_ids = [a.id for a in agency_list]
        n_subgroups = draw(st.integers(*subgroups))
        subgroup_list = [draw(subgroup_strategy(f"sg{i}", agency_ids)) for i in range(n_subgroups)]
        subgroup_ids = [s.id for s in subgroup_list]
        meeting_list = [
            draw(meeting_strategy(subgroup_ids, agency_ids, span, meeting_id=f"m{i}"))
            for i in range(draw(st.integers(*meetings)))
        ]
        action_list = [
            draw(action_strategy(agency_ids, subgroup_ids, span, action_id=f"A-{i}"))
            for i in range(draw(st.integers(*actions)))
        ]
        action_ids = [a.id for a in action_list]
        children = [f"p{i}" for i in range(count())]
        incident_list = [
            draw(incidents(f"i{n}", child, agency_ids, span))
            for n, child in enumerate(children)
            if draw(st.booleans())
        ]
        incident_ids: list[str] = [i.id for i in incident_list]
        person_list = [draw(people(child, incident_ids)) for child in children]
        indicator_list = [
            Indicator(id=IndicatorId(f"ind{i}"), name=f"Indicator {i}", minimum=0, maximum=100)
            for i in range(count())
        ]
        review_list = [
            draw(case_reviews(f"rv{n}", agency_ids, action_ids, incident_ids, span))
            for n in range(count())
        ]
        output_list = [
            draw(learning_outputs(f"lo{n}", incident_ids, span, [r.id for r in review_list]))
            for n in range(count())
        ]
        death_list = [
            draw(
                child_deaths(
                    f"cd{n}",
                    child,
                    span,
                    incident_ids=[i.id for i in incident_list if i.child == child],
                    output_ids=[o.id for o in output_list],
                )
            )
            for n, child in enumerate(children)
            if draw(st.booleans())
        ]
        audit_list = [draw(audits(f"au{n}", agency_ids, span)) for n in range(count())]
        course_list = [draw(courses(f"co{n}", agency_ids, span)) for n in range(count())]
        priority_list = [
            Priority(id=PriorityId(f"pri{n}"), name=draw(texts()), starts_on=draw(dates(span)))
            for n in range(count())
        ]
        priority_ids = [p.id for p in priority_list]
        example_list = [
            PracticeExample(
                id=PracticeExampleId(f"pe{n}"),
                agency=AgencyId(a),
                shared_on=draw(dates(span)),
                summary=draw(texts()),
            )
            for n, a in enumerate(draw(_some(agency_ids)))
        ]
        death_ids = [d.id for d in death_list]
        evaluation_list = [
            CdopEvaluation(
                id=CdopEvaluationId(f"ev{n}"),
                kind=draw(st.sampled_from(EvaluationKind)),
                held_on=draw(dates(span)),
                deaths=draw(_some(death_ids)),
                lessons=tuple(draw(st.lists(texts(), max_size=1))),
                actions=draw(_some(action_ids)),
            )
            for n in range(count())
        ]
        learning_ids = (
            [a.id for a in audit_list]
            + [r.id for r in review_list]
            + death_ids
            + [e.id for e in example_list]
        )
        course_ids = [c.id for c in course_list]
        return Partnership(
            name=draw(texts()),
            chair=PartnershipChair(name=draw(texts())),
            agencies=tuple(agency_list),
            subgroups=tuple(subgroup_list),
            meetings=tuple(meeting_list),
            actions=tuple(action_list),
            people=tuple(person_list),
            incidents=tuple(incident_list),
            rapid_reviews=tuple(
                draw(rapid_reviews(f"rr{n}", i))
                for n, i in enumerate(incident_list)
                if draw(st.booleans())
            ),
            reviews=tuple(review_list),
            child_deaths=tuple(death_list),
            learning_outputs=tuple(output_list),
            court_orders=tuple(
                draw(court_orders(f"co{n}", i, span))
                for n, i in enumerate(incident_ids)
                if draw(st.booleans())
            ),
            audits=tuple(audit_list),
            indicators=tuple(indicator_list),
            performance_returns=tuple(
                draw(performance_returns(f"pr{n}", a, [i.id for i in indicator_list], span))
                for n, a in enumerate(agency_ids)
                if draw(st.booleans())
            ),
            workforce_returns=tuple(
                draw(workforce_returns(f"wr{n}", a, span))
                for n, a in enumerate(agency_ids)
                if draw(st.booleans())
            ),
            audit_programmes=tuple(
                AuditProgramme(
                    id=AuditProgrammeId(f"ap{n}"), starts_on=s, ends_on=s + timedelta(days=364)
                )
                for n, s in enumerate(draw(st.lists(dates(span), max_size=others[1])))
            ),
            advocacy_services=tuple(
                draw(
                    st.lists(
                        st.builds(
                            AdvocacyService,
                            provider=texts(),
                            starts_on=dates(span),
                            ends_on=st.none(),
                        ),
                        max_size=1,
                    )
                )
            ),
            courses=tuple(course_list),
            priorities=tuple(priority_list),
            learning_activities=tuple(
                draw(learning_activities(f"la{n}", subgroup_ids, priority_ids, span))
                for n in range(count())
            ),
            disseminations=tuple(
                draw(disseminations(f"ds{n}", learning_ids, subgroup_ids, agency_ids, span))
                for n in range(count() if learning_ids else 0)
            ),
            requests=tuple(
                draw(requests(f"rq{n}", agency_ids, span))
                for n in range(count() if agency_ids else 0)
            ),
            concerns=tuple(
                Concern(
                    id=ConcernId(f"cn{n}"),
                    agency=AgencyId(a),
                    raised_on=draw(dates(span)),
                    summary=draw(texts()),
                    improvement_strategy=draw(st.none() | texts()),
                )
                for n, a in enumerate(draw(_some(agency_ids)))
            ),
            practice_examples=tuple(example_list),
            annual_reports=tuple(draw(annual_reports(f"ar{n}", span)) for n in range(count())),
            training_needs=tuple(
                TrainingNeed(
                    id=TrainingNeedId(f"tn{n}"),
                    source=draw(st.sampled_from(NeedSource)),
                    identified_on=(found := draw(dates(span))),
                    summary=draw(texts()),
                    planned_in=draw(_some(course_ids)),
                    planned_on=draw(st.none() | dates((found, span[1]))),
                )
                for n in range(count())
            ),
            feedback_reviews=tuple(
                FeedbackReview(
                    id=FeedbackReviewId(f"fr{n}"),
                    reviewed_on=draw(dates(span)),
                    courses=draw(_some(course_ids)),
                    changes=tuple(draw(st.lists(texts(), max_size=1))),
                )
                for n in range(count() if course_ids else 0)
            ),
            cdop_evaluations=tuple(evaluation_list),
            consultations=tuple(
                draw(consultations(f"cy{n}", agency_ids, span)) for n in range(count())
            ),
        )

    return build()
