"""Build the Ashvale example partnership: a fictional partnership, no real person or case.

Run ``python examples/build_ashvale.py`` to rewrite ``examples/ashvale.yaml``.
The records run from April 2024 to January 2026; evaluate them as of
14 November 2025 (:data:`AS_OF`). Routine records are in order; the scenarios
below are written so that each rule family finds something, and each is
named in its record's title or note so a reader can find it.
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import attrs

from kscp_core import (
    AbuseOrNeglect,
    Action,
    ActionId,
    ActionSource,
    AdvocacyService,
    Agency,
    AgencyId,
    AgencyIssue,
    AgencyKind,
    AnnualReport,
    AnnualReportId,
    AnnualReportSection,
    Audit,
    AuditId,
    AuditKind,
    AuditProgramme,
    AuditProgrammeId,
    CaseReview,
    CdopEvaluation,
    CdopEvaluationId,
    ChallengeEvent,
    ChallengeEventId,
    Channel,
    ChildDeath,
    ChildDeathId,
    Closure,
    Concern,
    ConcernId,
    Consultation,
    ConsultationId,
    ConsultationMethod,
    Consulter,
    Course,
    CourseId,
    CourtOrder,
    CourtOrderId,
    CourtOrderKind,
    DeathCategory,
    Dissemination,
    DisseminationId,
    Escalation,
    EscalationLevel,
    EvaluationKind,
    Evidence,
    FeedbackMechanism,
    FeedbackReview,
    FeedbackReviewId,
    ForwardPlanEntry,
    ForwardPlanEntryId,
    IncidentId,
    IncidentOutcome,
    Indicator,
    IndicatorId,
    LeadReviewer,
    LearningActivity,
    LearningActivityId,
    LearningMethod,
    LearningOutput,
    LearningOutputId,
    Meeting,
    MeetingId,
    NeedSource,
    OutputKind,
    Partnership,
    PartnershipChair,
    PerformanceReturn,
    PerformanceReturnId,
    Person,
    PersonId,
    PersonRole,
    PracticeExample,
    PracticeExampleId,
    Priority,
    PriorityId,
    ProgressUpdate,
    QuarterlyReport,
    RapidReview,
    RapidReviewId,
    Recommendation,
    RecommendationId,
    ReportId,
    Request,
    RequestId,
    RequestKind,
    ReturnReceiver,
    ReviewDecision,
    ReviewId,
    ReviewType,
    Section11Standard,
    SeriousIncident,
    ShareChannel,
    Subgroup,
    SubgroupId,
    SubgroupRole,
    TrainingNeed,
    TrainingNeedId,
    TrainingStrategy,
    WelfareConsideration,
    WorkforceReturn,
    WorkforceReturnId,
    dumps,
)

AS_OF = date(2025, 11, 14)
START = date(2024, 4, 1)
OUT = Path(__file__).with_name("ashvale.yaml")

A = AgencyId
S = SubgroupId
D = date


def agencies() -> list[Agency]:
    duty = D(2019, 4, 1)
    fm = FeedbackMechanism
    rows = [
        (
            "childrens-services",
            "Ashvale Council Children's Services",
            AgencyKind.LOCAL_AUTHORITY,
            duty,
            None,
            (fm.SURVEY, fm.COMPLAINTS, fm.YOUTH_PANEL),
        ),
        (
            "learning-service",
            "Ashvale Council Learning Service",
            AgencyKind.LOCAL_AUTHORITY,
            duty,
            None,
            (fm.SURVEY,),
        ),
        ("police", "Westmoor Police", AgencyKind.POLICE, duty, None, (fm.COMPLAINTS, fm.SURVEY)),
        (
            "icb",
            "Ashvale and Westmoor Integrated Care Board",
            AgencyKind.HEALTH,
            duty,
            None,
            (fm.CONSULTATION,),
        ),
        (
            "acute-trust",
            "Ashvale Hospitals NHS Foundation Trust",
            AgencyKind.HEALTH,
            duty,
            None,
            (fm.SURVEY, fm.COMPLAINTS),
        ),
        (
            "community-health",
            "Ashvale Community Health Trust",
            AgencyKind.HEALTH,
            duty,
            None,
            (fm.QUESTIONNAIRE,),
        ),
        (
            "mental-health",
            "Westmoor Mental Health Trust",
            AgencyKind.HEALTH,
            duty,
            None,
            (fm.SURVEY,),
        ),
        (
            "ambulance",
            "Westmoor Ambulance Service",
            AgencyKind.HEALTH,
            duty,
            None,
            (fm.COMPLAINTS,),
        ),
        (
            "probation",
            "Probation Service, Westmoor",
            AgencyKind.PROBATION,
            duty,
            None,
            (fm.QUESTIONNAIRE,),
        ),
        (
            "youth-justice",
            "Ashvale Youth Justice Service",
            AgencyKind.YOUTH_JUSTICE,
            duty,
            None,
            (fm.YOUTH_PANEL, fm.ADVOCACY),
        ),
        ("housing", "Ashvale Homes", AgencyKind.HOUSING, duty, None, (fm.SURVEY,)),
        (
            "fire",
            "Westmoor Fire and Rescue Service",
            AgencyKind.OTHER,
            duty,
            None,
            (fm.CONSULTATION,),
        ),
        (
            "schools-forum",
            "Ashvale Schools Safeguarding Forum",
            AgencyKind.EDUCATION,
            None,
            None,
            (fm.SURVEY, fm.YOUTH_PANEL),
        ),
        (
            "early-years",
            "Little Steps Early Years Network",
            AgencyKind.EARLY_YEARS,
            None,
            None,
            (fm.QUESTIONNAIRE,),
        ),
        # Scenario voice.feedback_mechanism_missing: records no feedback mechanism.
        ("voluntary-action", "Ashvale Voluntary Action", AgencyKind.VOLUNTARY, None, None, ()),
        # Scenario section11: new to the duty in June 2025, so due at once.
        (
            "leisure-trust",
            "Ashvale Leisure Trust",
            AgencyKind.OTHER,
            D(2025, 6, 1),
            None,
            (fm.SURVEY,),
        ),
        # Scenario section11: left the duty in March 2025, so no longer due.
        (
            "secure-centre",
            "Westmoor Secure Children's Centre",
            AgencyKind.OTHER,
            duty,
            D(2025, 3, 31),
            (fm.ADVOCACY,),
        ),
    ]
    return [
        Agency(
            id=A(i),
            name=n,
            kind=k,
            section11_duty_from=f,
            section11_duty_until=u,
            feedback_mechanisms=m,
        )
        for i, n, k, f, u, m in rows
    ]


SUBGROUPS = [
    (
        "business",
        "Business Group",
        SubgroupRole.BUSINESS_GROUP,
        "Chair of the Business Group",
        ["childrens-services", "police", "icb"],
    ),
    (
        "se",
        "Safeguarding Effectiveness Subgroup",
        SubgroupRole.SAFEGUARDING_EFFECTIVENESS,
        "Chair of the SE Subgroup",
        ["childrens-services", "police", "icb", "acute-trust", "housing", "learning-service"],
    ),
    (
        "spr",
        "Serious Practice Review Subgroup",
        SubgroupRole.SERIOUS_PRACTICE_REVIEW,
        "Chair of the SPR Subgroup",
        ["childrens-services", "police", "icb", "community-health"],
    ),
    (
        "cdop",
        "Ashvale and Westmoor Joint Child Death Overview Panel",
        SubgroupRole.CHILD_DEATH_OVERVIEW_PANEL,
        "Chair of the CDOP",
        ["icb", "acute-trust", "police", "childrens-services"],
    ),
    (
        "ld",
        "Learning and Development Subgroup",
        SubgroupRole.LEARNING_AND_DEVELOPMENT,
        "Chair of the L&D Subgroup",
        ["childrens-services", "learning-service", "community-health", "voluntary-action"],
    ),
    (
        "exploitation",
        "Exploitation and Missing Subgroup",
        SubgroupRole.OTHER,
        "Chair of the Exploitation Subgroup",
        ["police", "childrens-services", "youth-justice", "schools-forum"],
    ),
]


def subgroups() -> list[Subgroup]:
    return [
        Subgroup(
            id=S(i), name=n, role=r, chair=c, chair_agency=A(m[0]), members=tuple(A(x) for x in m)
        )
        for i, n, r, c, m in SUBGROUPS
    ]


def meeting_dates(first: date, every_weeks: int, until: date) -> list[date]:
    days = []
    day = first
    while day <= until:
        days.append(day)
        day += timedelta(weeks=every_weeks)
    return days


def build() -> Partnership:
    rng = random.Random(2024)
    members = {i: m for i, _, _, _, m in SUBGROUPS}
    schedule = {
        "business": meeting_dates(D(2024, 4, 10), 8, D(2026, 1, 31)),
        "se": meeting_dates(D(2024, 4, 16), 6, D(2026, 1, 31)),
        "spr": meeting_dates(D(2024, 4, 18), 6, D(2026, 1, 31)),
        "cdop": meeting_dates(D(2024, 4, 23), 8, D(2026, 1, 31)),
        "ld": meeting_dates(D(2024, 4, 25), 8, D(2026, 1, 31)),
        "exploitation": meeting_dates(D(2024, 5, 2), 8, D(2026, 1, 31)),
    }
    meetings: list[Meeting] = []
    considered: dict[str, dict[str, list[str]]] = {}
    for sub, days in schedule.items():
        for day in days:
            present = list(members[sub])
            # Scenario representation.agency_absent: Ashvale Homes stops coming to the SE Subgroup.
            if sub == "se" and D(2025, 8, 1) <= day:
                present.remove("housing")
            mid = f"{sub}-{day.isoformat()}"
            considered[mid] = {"actions": [], "audits": [], "reports": []}
            meetings.append(
                Meeting(
                    id=MeetingId(mid),
                    subgroup=S(sub),
                    held_on=day,
                    present=tuple(A(x) for x in present),
                )
            )

    def held(sub: str, after: date, upto: date) -> list[date]:
        return [d for d in schedule[sub] if after < d <= upto]

    actions: list[Action] = []
    counter = 0

    def new_id() -> ActionId:
        nonlocal counter
        counter += 1
        return ActionId(f"A-{counter:03d}")

    # Routine actions: raised at a meeting, updated at later meetings, mostly done in time.
    themes = [
        "Refresh the neglect toolkit guidance",
        "Audit return-home interviews for missing children",
        "Embed the graded care profile in early help",
        "Review the escalation policy leaflet",
        "Report on strategy discussion timeliness",
        "Brief GP practices on the voice of the child",
        "Update the exploitation risk screening tool",
        "Share learning on bruising in non-mobile babies",
        "Test the professional challenge route",
        "Check safer sleep advice in health visiting",
        "Review domestic abuse notifications to schools",
        "Publish the seven-minute briefing on neglect",
    ]
    for sub, days in schedule.items():
        if sub == "business":
            continue
        for day in days:
            if day > AS_OF - timedelta(days=20):
                break
            for _ in range(rng.choice([1, 2, 2])):
                aid = new_id()
                due = day + timedelta(days=rng.choice([56, 84, 112]))
                agency = A(rng.choice(members[sub]))
                updates = tuple(
                    ProgressUpdate(on=d, note="Progress reported at the subgroup")
                    for d in held(sub, day, min(due, AS_OF))
                )
                fate = rng.random()
                completed = closure = None
                if due <= AS_OF and fate < 0.86:
                    completed = due - timedelta(days=rng.choice([0, 3, 10, 21]))
                elif due <= AS_OF and fate < 0.92:
                    closure = Closure(
                        on=due,
                        reason="Superseded by the regional procedure",
                        instead="Adopted the West Yorkshire consortium procedure and briefed staff",
                    )
                elif due <= AS_OF:
                    # Completed late, after one meeting cycle past the due date: never escalated.
                    late = held(sub, due, AS_OF)
                    completed = (late[0] - timedelta(days=1)) if late else None
                    if completed is not None and completed < due:
                        completed = due
                updates = tuple(u for u in updates if completed is None or u.on <= completed)
                theme = themes[counter % len(themes)]
                actions.append(
                    Action(
                        id=aid,
                        title=theme,
                        source=rng.choice(
                            [ActionSource.MEETING, ActionSource.AUDIT, ActionSource.CHALLENGE]
                        ),
                        raised_on=day,
                        agency=agency,
                        subgroup=S(sub),
                        due_on=due,
                        owner="Named lead",
                        success_criteria="Evidence presented to the subgroup",
                        updates=updates,
                        completed_on=completed,
                        closure=closure,
                    )
                )
                considered[f"{sub}-{day.isoformat()}"]["actions"].append(aid)

    def scenario(
        title: str,
        sub: str | None,
        raised: date,
        due: date | None,
        agency: str | None = "police",
        updates: tuple[date, ...] = (),
        **kw: object,
    ) -> ActionId:
        aid = new_id()
        actions.append(
            Action(
                id=aid,
                title=title,
                source=ActionSource.MEETING,
                raised_on=raised,
                agency=A(agency) if agency else None,
                subgroup=S(sub) if sub else None,
                due_on=due,
                owner="Named lead",
                updates=tuple(ProgressUpdate(on=d, note="Update given") for d in updates),
                **kw,  # type: ignore[arg-type]
            )
        )
        return aid

    # Scenarios for actions.* and escalation.*
    scenario("Scenario: no accountable subgroup recorded", None, D(2025, 9, 2), D(2025, 12, 31))
    scenario(
        "Scenario: no due date recorded",
        "exploitation",
        D(2025, 7, 3),
        None,
        "youth-justice",
        updates=(D(2025, 8, 28), D(2025, 10, 23)),
    )
    scenario(
        "Scenario: overdue by days, no meeting since the due date",
        "se",
        D(2025, 9, 9),
        D(2025, 11, 7),
        "acute-trust",
        updates=(D(2025, 10, 21),),
    )
    scenario(
        "Scenario: overdue through one meeting cycle",
        "se",
        D(2025, 7, 15),
        D(2025, 10, 10),
        "icb",
        updates=(D(2025, 9, 2), D(2025, 10, 14)),
    )
    scenario(
        "Scenario: overdue through two meeting cycles, updated each time",
        "spr",
        D(2025, 6, 1),
        D(2025, 8, 29),
        "community-health",
        updates=(D(2025, 7, 24), D(2025, 9, 4), D(2025, 10, 16)),
    )
    scenario(
        "Scenario: overdue and drifting, on to the Partnership Chair",
        "se",
        D(2025, 3, 4),
        D(2025, 6, 30),
        "housing",
        updates=(D(2025, 4, 15),),
    )
    scenario(
        "Scenario: not yet due but drifting, no update since raised",
        "exploitation",
        D(2025, 6, 12),
        D(2026, 3, 31),
        "schools-forum",
    )
    scenario(
        "Scenario: escalated to the subgroup on record, still open",
        "cdop",
        D(2025, 2, 3),
        D(2025, 4, 30),
        "acute-trust",
        updates=(D(2025, 4, 29), D(2025, 6, 24), D(2025, 8, 19), D(2025, 10, 14)),
        escalations=(
            Escalation(
                on=D(2025, 6, 24),
                to=EscalationLevel.SUBGROUP,
                note="Discussed and escalated at the CDOP",
            ),
        ),
    )
    scenario(
        "Scenario: closed without recording why",
        "ld",
        D(2025, 1, 16),
        D(2025, 5, 30),
        "learning-service",
        closure=Closure(on=D(2025, 6, 5)),
    )
    scenario(
        "Scenario: closed with a reason but nothing done instead",
        "exploitation",
        D(2025, 2, 6),
        D(2025, 6, 30),
        "police",
        closure=Closure(on=D(2025, 7, 1), reason="Funding for the pilot ended"),
    )
    scenario(
        "Scenario: completed after escalation",
        "se",
        D(2024, 11, 12),
        D(2025, 2, 28),
        "police",
        updates=(D(2024, 12, 24), D(2025, 3, 11), D(2025, 4, 22)),
        completed_on=D(2025, 6, 2),
    )
    scenario(
        "Scenario: open, due next year, updated",
        "ld",
        D(2025, 9, 25),
        D(2026, 2, 27),
        "community-health",
        updates=(D(2025, 11, 13),),
    )

    # Review recommendation actions (owner, timescale and success criteria recorded).
    rec_actions = []
    for n, (agency, sub) in enumerate(
        [("childrens-services", "spr"), ("police", "spr"), ("acute-trust", "spr")]
    ):
        aid = new_id()
        actions.append(
            Action(
                id=aid,
                title=f"Practice review PR-1 recommendation {n + 1}",
                source=ActionSource.REVIEW_RECOMMENDATION,
                source_ref="PR-1",
                raised_on=D(2024, 11, 14),
                agency=A(agency),
                subgroup=S(sub),
                due_on=D(2025, 3, 31),
                owner="Named lead",
                success_criteria="Audit shows practice changed",
                updates=(ProgressUpdate(on=D(2025, 1, 23), note="On track"),),
                completed_on=D(2025, 3, 20),
            )
        )
        rec_actions.append(aid)
    no_criteria = new_id()
    actions.append(
        Action(
            id=no_criteria,
            title="Local learning review LLR-2: improve information sharing with schools",
            source=ActionSource.REVIEW_RECOMMENDATION,
            source_ref="LLR-2",
            raised_on=D(2025, 9, 4),
            agency=A("learning-service"),
            subgroup=S("spr"),
            due_on=D(2026, 1, 30),
            owner="Named lead",
            updates=(ProgressUpdate(on=D(2025, 10, 9), note="Started"),),
        )
    )
    audit_action = new_id()
    actions.append(
        Action(
            id=audit_action,
            title="Multi-agency audit MAA-2024-1: neglect thresholds",
            source=ActionSource.AUDIT,
            source_ref="MAA-2024-1",
            raised_on=D(2024, 9, 17),
            agency=A("childrens-services"),
            subgroup=S("se"),
            due_on=D(2024, 12, 31),
            owner="Named lead",
            success_criteria="Re-audit",
            completed_on=D(2024, 12, 10),
            updates=(ProgressUpdate(on=D(2024, 10, 29), note="On track"),),
        )
    )

    # Quarterly reports to the Business Group, by financial quarter.
    quarter_ends = [
        D(2024, 6, 30),
        D(2024, 9, 30),
        D(2024, 12, 31),
        D(2025, 3, 31),
        D(2025, 6, 30),
        D(2025, 9, 30),
    ]
    reports: list[QuarterlyReport] = []
    plan: list[ForwardPlanEntry] = []
    business_days = schedule["business"]
    for sub in ("se", "spr", "cdop", "ld", "exploitation"):
        for end in quarter_ends:
            # Scenario reports.quarterly_missing: no L&D report for the quarter to June 2025.
            if sub == "ld" and end == D(2025, 6, 30):
                continue
            covered = tuple(
                a.id
                for a in actions
                if a.subgroup == S(sub)
                and a.due_on is not None
                and a.due_on < end
                and a.state(end).value == "open"
            )
            practice: tuple[str, ...] = ("Joint visits within 24 hours of a referral",)
            # Scenario reports.quarterly_incomplete: no example of strong practice.
            if sub == "exploitation" and end == D(2025, 9, 30):
                practice = ()
            rid = ReportId(f"QR-{sub}-{end.isoformat()}")
            submitted = end + timedelta(days=21)
            reports.append(
                QuarterlyReport(
                    id=rid,
                    subgroup=S(sub),
                    period_end=end,
                    submitted_on=submitted,
                    actions_covered=covered,
                    strong_practice=practice,
                )
            )
            meeting = next(d for d in business_days if d > submitted)
            # Scenario reports.forward_plan: the CDOP report for September 2025 is not in the forward plan.
            if not (sub == "cdop" and end == D(2025, 9, 30)):
                plan.append(
                    ForwardPlanEntry(
                        id=ForwardPlanEntryId(f"FP-{rid}"),
                        subgroup=S("business"),
                        planned_for=meeting,
                        item=f"Quarterly report: {sub}",
                        report=rid,
                    )
                )
            if meeting <= AS_OF:
                considered[f"business-{meeting.isoformat()}"]["reports"].append(rid)

    # Audits: the Section 11 cycle, multi- and single-agency audits.
    under_duty = [
        a for a in agencies() if a.section11_duty_from is not None and a.id != "leisure-trust"
    ]
    audits: list[Audit] = []
    for agency in under_duty:
        audits.append(
            Audit(
                id=AuditId(f"S11-2023-{agency.id}"),
                kind=AuditKind.SECTION_11,
                title="Section 11 audit 2023",
                agencies=(agency.id,),
                # Scenario section11.cycle_due_soon: the Mental Health Trust was issued its
                # 2023 audit late, in December, so its next falls due in December 2025.
                issued_on=D(2023, 12, 4) if agency.id == "mental-health" else D(2023, 5, 2),
                return_due_on=D(2024, 2, 29) if agency.id == "mental-health" else D(2023, 7, 31),
                returned_on=D(2024, 2, 20) if agency.id == "mental-health" else D(2023, 7, 20),
                voice_of_child_questions=True,
                themed_section="Neglect",
                changes_since_previous="First audit in this tool",
                areas_for_development=("Supervision records",),
                returned_to=ReturnReceiver.SAFEGUARDING_CHILDREN_COORDINATOR,
                evidence_items=6,
                standards=tuple(Section11Standard),
            )
        )
    se_after_return: list[tuple[str, date]] = []
    for agency in under_duty:
        if agency.id == "secure-centre":
            continue  # left the duty before the 2025 cycle
        returned: date | None = D(2025, 7, 25)
        theme: str | None = "Children missing education"
        changes: str | None = "New safeguarding lead; supervision policy revised"
        issued = D(2025, 5, 1)
        if agency.id == "probation":
            returned = None  # Scenario section11.return_overdue
        if agency.id == "ambulance":
            returned = D(2025, 7, 31)  # returned on its due date: in time
        if agency.id == "fire":
            changes = None  # Scenario section11.changes_missing
        if agency.id == "youth-justice":
            theme = None  # Scenario section11.theme_missing
        if agency.id == "mental-health":
            issued = D(2025, 5, 1)
        if agency.id in ("housing", "mental-health"):
            continue  # housing: Scenario section11.cycle_due, last issued May 2023
        # Scenarios section11.return_misdirected (Learning Service), evidence_missing
        # (Community Health), contracted_services_unanswered (Ambulance Service) and
        # raising_concerns_unanswered (Police).
        receiver = (
            ReturnReceiver.BUSINESS_UNIT
            if agency.id == "learning-service"
            else ReturnReceiver.SAFEGUARDING_CHILDREN_COORDINATOR
        )
        unanswered = {
            "ambulance": {Section11Standard.CONTRACTED_SERVICES},
            "police": {Section11Standard.RAISING_CONCERNS},
        }.get(agency.id, set())
        aid = AuditId(f"S11-2025-{agency.id}")
        audits.append(
            Audit(
                id=aid,
                kind=AuditKind.SECTION_11,
                title="Section 11 audit 2025",
                agencies=(agency.id,),
                issued_on=issued,
                return_due_on=D(2025, 7, 31),
                returned_on=returned,
                voice_of_child_questions=agency.id
                != "icb",  # Scenario audits.voice_of_child_missing
                themed_section=theme,
                changes_since_previous=changes,
                areas_for_development=("Training records",),
                returned_to=receiver,
                evidence_items=0 if agency.id == "community-health" else 5,
                standards=tuple(x for x in Section11Standard if x not in unanswered),
            )
        )
        # The SE Subgroup considers returned audits at its September meeting, except one (not monitored).
        if returned is not None and agency.id != "acute-trust":
            se_after_return.append((aid, next(d for d in schedule["se"] if d > D(2025, 9, 1))))
    for aid, day in se_after_return:
        considered[f"se-{day.isoformat()}"]["audits"].append(aid)

    audits += [
        Audit(
            id=AuditId("MAA-2024-1"),
            kind=AuditKind.MULTI_AGENCY,
            title="Neglect thresholds",
            agencies=(A("childrens-services"), A("police"), A("icb")),
            completed_on=D(2024, 9, 10),
            voice_of_child_questions=True,
            findings=("Thresholds applied inconsistently",),
            agency_issues=(
                AgencyIssue(
                    agency=A("police"),
                    description="Referrals lacked history",
                    reported_on=D(2024, 9, 20),
                ),
            ),
        ),
        # Scenario audits.action_plan_missing and audits.agency_issue_not_reported.
        Audit(
            id=AuditId("MAA-2025-1"),
            kind=AuditKind.MULTI_AGENCY,
            title="Children missing from home",
            agencies=(A("police"), A("childrens-services"), A("youth-justice")),
            # Scenario training.lessons_not_fed_in: no course or briefing carries its lessons.
            completed_on=D(2025, 4, 22),
            voice_of_child_questions=True,
            findings=("Return interviews not always offered",),
            agency_issues=(
                AgencyIssue(agency=A("youth-justice"), description="Interviews not recorded"),
            ),
        ),
        # Scenario audits.not_quality_assured and audits.voice_of_child_missing.
        Audit(
            id=AuditId("MAA-2025-2"),
            kind=AuditKind.MULTI_AGENCY,
            title="Pre-birth assessments",
            agencies=(A("acute-trust"), A("childrens-services")),
            completed_on=D(2025, 10, 3),
            voice_of_child_questions=False,
            findings=("Fathers rarely assessed",),
        ),
        # Scenario audits.single_agency_only: a "multi-agency" audit with one agency in it.
        Audit(
            id=AuditId("MAA-2025-3"),
            kind=AuditKind.MULTI_AGENCY,
            title="Early help step-down",
            agencies=(A("childrens-services"),),
            issued_on=D(2025, 10, 6),
            voice_of_child_questions=True,
        ),
        Audit(
            id=AuditId("SAA-2025-1"),
            kind=AuditKind.SINGLE_AGENCY,
            title="Health visiting records",
            agencies=(A("community-health"),),
            completed_on=D(2025, 4, 11),
            voice_of_child_questions=True,
        ),
    ]
    considered[f"se-{next(d for d in schedule['se'] if d > D(2024, 9, 10)).isoformat()}"][
        "audits"
    ].append("MAA-2024-1")
    considered[f"se-{next(d for d in schedule['se'] if d > D(2025, 4, 22)).isoformat()}"][
        "audits"
    ].append("MAA-2025-1")
    considered[f"se-{next(d for d in schedule['se'] if d > D(2025, 4, 11)).isoformat()}"][
        "audits"
    ].append("SAA-2025-1")
    # The SE Subgroup reviewed the 2023 Section 11 returns at its first meeting in the records.
    considered[f"se-{schedule['se'][0].isoformat()}"]["audits"].extend(
        a.id for a in audits if a.id.startswith("S11-2023-")
    )

    programmes = [
        AuditProgramme(
            id=AuditProgrammeId("AP-2024"),
            starts_on=D(2024, 4, 1),
            ends_on=D(2025, 3, 31),
            planned=("Neglect thresholds",),
        ),
        AuditProgramme(
            id=AuditProgrammeId("AP-2025"),
            # Scenario audits.programme_missing: the 2025 programme was agreed a month late.
            starts_on=D(2025, 5, 1),
            ends_on=D(2026, 3, 31),
            planned=("Children missing from home", "Pre-birth assessments"),
        ),
    ]
    challenge_events = [
        ChallengeEvent(
            id=ChallengeEventId("CE-2023"),
            held_on=D(2023, 10, 12),
            agencies=tuple(a.id for a in under_duty),
            young_people=6,
        ),
        # Scenario section11.challenge_event_without_young_people.
        ChallengeEvent(
            id=ChallengeEventId("CE-2025"),
            held_on=D(2025, 10, 16),
            agencies=tuple(a.id for a in under_duty),
            young_people=0,
        ),
    ]

    # People in case records: fictional names and details.
    P = PersonId
    people = [
        Person(
            id=P("child-1"),
            role=PersonRole.CHILD,
            name="Jaxon Pell",
            date_of_birth=D(2024, 2, 11),
            address="14 Fennel Row, Ashvale",
            postcode="AV4 9QT",
            nhs_number="9434765919",
            cases=("INC-1",),
        ),
        Person(
            id=P("parent-1"),
            role=PersonRole.PARENT,
            name="Corinne Pell",
            date_of_birth=D(1999, 6, 3),
            cases=("INC-1",),
        ),
        Person(
            id=P("child-2"),
            role=PersonRole.CHILD,
            name="Maisie Thorne",
            date_of_birth=D(2012, 9, 30),
            school="Ashvale Brook Academy",
            postcode="AV2 3LD",
            cases=("INC-2",),
        ),
        Person(
            id=P("sibling-2"),
            role=PersonRole.SIBLING,
            name="Rowan Thorne",
            date_of_birth=D(2015, 1, 17),
            cases=("INC-2",),
        ),
        Person(
            id=P("child-3"),
            role=PersonRole.CHILD,
            name="Tobias Wren",
            date_of_birth=D(2009, 4, 22),
            cases=("INC-3",),
        ),
        Person(
            id=P("child-4"),
            role=PersonRole.CHILD,
            name="Esme Calloway",
            date_of_birth=D(2019, 12, 1),
            cases=("INC-4",),
        ),
        Person(
            id=P("child-5"), role=PersonRole.CHILD, name="Arlo Finch", date_of_birth=D(2023, 3, 8)
        ),
        Person(
            id=P("child-6"), role=PersonRole.CHILD, name="Lyra Benn", date_of_birth=D(2010, 7, 19)
        ),
        Person(
            id=P("child-7"), role=PersonRole.CHILD, name="Otis Vane", date_of_birth=D(2016, 5, 5)
        ),
        Person(
            id=P("child-8"), role=PersonRole.CHILD, name="Ivy Marlow", date_of_birth=D(2021, 11, 27)
        ),
        Person(
            id=P("child-9"), role=PersonRole.CHILD, name="Felix Drury", date_of_birth=D(2008, 8, 14)
        ),
        Person(
            id=P("practitioner-1"),
            role=PersonRole.PRACTITIONER,
            name="Dana Okoro",
            cases=("INC-1",),
        ),
        Person(id=P("child-10"), role=PersonRole.CHILD, name="Noah Quill", cases=("INC-5",)),
        Person(id=P("child-11"), role=PersonRole.CHILD, name="Poppy Larch", cases=("INC-6",)),
        Person(id=P("child-12"), role=PersonRole.CHILD, name="Ellis Varga"),
    ]
    I = IncidentId
    incidents = [
        # INC-5: a practice review that overran its six months and was never published.
        SeriousIncident(
            id=I("INC-5"),
            child=P("child-10"),
            became_aware_on=D(2024, 7, 8),
            abuse_or_neglect=AbuseOrNeglect.KNOWN,
            outcome=IncidentOutcome.SERIOUS_HARM,
            notified_on=D(2024, 7, 10),
            agencies_involved=(A("childrens-services"), A("police"), A("acute-trust")),
            complex=True,
        ),
        # INC-6: Scenario reviews.decision_missing: the rapid review recorded no decision.
        SeriousIncident(
            id=I("INC-6"),
            child=P("child-11"),
            became_aware_on=D(2025, 5, 12),
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
            outcome=IncidentOutcome.SERIOUS_HARM,
            notified_on=D(2025, 5, 14),
            agencies_involved=(A("police"),),
        ),
        # INC-1: a death, abuse suspected; notified in time, rapid review in time, practice review published.
        SeriousIncident(
            id=I("INC-1"),
            child=P("child-1"),
            became_aware_on=D(2024, 5, 20),
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
            outcome=IncidentOutcome.DEATH,
            notified_on=D(2024, 5, 23),
            agencies_involved=(
                A("childrens-services"),
                A("acute-trust"),
                A("police"),
                A("community-health"),
            ),
            complex=True,
        ),
        # INC-2: serious harm, neglect known; notified late (Scenario reviews.notification_overdue).
        SeriousIncident(
            id=I("INC-2"),
            child=P("child-2"),
            became_aware_on=D(2025, 3, 3),
            abuse_or_neglect=AbuseOrNeglect.KNOWN,
            outcome=IncidentOutcome.SERIOUS_HARM,
            notified_on=D(2025, 3, 14),
            agencies_involved=(A("learning-service"), A("childrens-services"), A("police")),
        ),
        # INC-3: serious harm, not yet notified three weeks on.
        SeriousIncident(
            id=I("INC-3"),
            child=P("child-3"),
            became_aware_on=D(2025, 10, 20),
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
            outcome=IncidentOutcome.SERIOUS_HARM,
            agencies_involved=(A("youth-justice"), A("police")),
        ),
        # INC-4: notified, rapid review not completed in time.
        SeriousIncident(
            id=I("INC-4"),
            child=P("child-4"),
            became_aware_on=D(2025, 9, 22),
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
            outcome=IncidentOutcome.SERIOUS_HARM,
            notified_on=D(2025, 9, 25),
            agencies_involved=(A("acute-trust"),),
        ),
    ]
    rapid_reviews = [
        RapidReview(
            id=RapidReviewId("RR-5"),
            incident=I("INC-5"),
            started_on=D(2024, 7, 11),
            completed_on=D(2024, 7, 26),
            meets_statutory_criteria=True,
            insight_potential=True,
            decision=ReviewDecision(
                decided_on=D(2024, 7, 29),
                review_type=ReviewType.PRACTICE_REVIEW,
                reasons="Criteria met; three agencies",
            ),
        ),
        RapidReview(
            id=RapidReviewId("RR-6"),
            incident=I("INC-6"),
            started_on=D(2025, 5, 15),
            completed_on=D(2025, 6, 3),
        ),
        RapidReview(
            id=RapidReviewId("RR-1"),
            incident=I("INC-1"),
            started_on=D(2024, 5, 24),
            completed_on=D(2024, 6, 12),
            meets_statutory_criteria=True,
            insight_potential=True,
            decision=ReviewDecision(
                decided_on=D(2024, 6, 14),
                review_type=ReviewType.PRACTICE_REVIEW,
                reasons="Criteria met; learning for four agencies",
            ),
        ),
        RapidReview(
            id=RapidReviewId("RR-2"),
            incident=I("INC-2"),
            started_on=D(2025, 3, 17),
            completed_on=D(2025, 4, 2),
            meets_statutory_criteria=False,
            insight_potential=True,
            decision=ReviewDecision(
                decided_on=D(2025, 4, 4),
                review_type=ReviewType.LOCAL_LEARNING_REVIEW,
                reasons="Criteria not met; insight into education and social care",
            ),
        ),
        # Scenario reviews.rapid_review_overdue: started, not completed.
        RapidReview(id=RapidReviewId("RR-4"), incident=I("INC-4"), started_on=D(2025, 9, 29)),
    ]
    reviews = [
        CaseReview(
            id=ReviewId("PR-1"),
            type=ReviewType.PRACTICE_REVIEW,
            title="Child J: practice review",
            decided_on=D(2024, 6, 14),
            incident=I("INC-1"),
            lead_reviewer=LeadReviewer(name="Independent reviewer"),
            agencies_under_review=(
                A("childrens-services"),
                A("acute-trust"),
                A("police"),
                A("community-health"),
            ),
            practitioners_invited=(
                A("childrens-services"),
                A("acute-trust"),
                A("police"),
                A("community-health"),
            ),
            family_invited=True,
            family_informed_on=D(2024, 6, 28),
            young_people_not_involved_reason="Child J was a baby; no siblings",
            strengths=("Health visitor escalated promptly",),
            child_voice="The child's daily routine from health visitor records",
            recommendations=tuple(
                Recommendation(
                    id=RecommendationId(f"PR-1-R{n + 1}"),
                    text=f"Recommendation {n + 1}",
                    actions=(aid,),
                    impact_assessed_on=D(2025, 9, 30) if n == 0 else None,
                    impact="Re-audit found improvement" if n == 0 else None,
                )
                for n, aid in enumerate(rec_actions)
            ),
            completed_on=D(2024, 11, 8),
            report_sent_on=D(2024, 11, 11),
            published_on=D(2024, 11, 28),
            response_on=D(2024, 11, 28),
        ),
        # LLR-2: a local learning review led from inside an agency under review, no family, no child's voice.
        CaseReview(
            id=ReviewId("LLR-2"),
            type=ReviewType.LOCAL_LEARNING_REVIEW,
            title="Child M: local learning review",
            decided_on=D(2025, 4, 4),
            incident=I("INC-2"),
            lead_reviewer=LeadReviewer(name="Service manager", agency=A("learning-service")),
            agencies_under_review=(A("learning-service"), A("childrens-services"), A("police")),
            practitioners_invited=(A("learning-service"), A("childrens-services")),
            strengths=("The school nurse's chronology",),
            recommendations=(
                Recommendation(
                    id=RecommendationId("LLR-2-R1"),
                    text="Improve information sharing with schools",
                    actions=(no_criteria,),
                ),
                Recommendation(
                    id=RecommendationId("LLR-2-R2"), text="Record the child's wishes at each visit"
                ),
            ),
            completed_on=D(2025, 8, 29),
        ),
        # PR-5: completed late and never published: Scenarios reviews.completion_overdue
        # (as of 15 April 2025) and reviews.report_unpublished (once completed).
        CaseReview(
            id=ReviewId("PR-5"),
            type=ReviewType.PRACTICE_REVIEW,
            title="Child N: practice review",
            decided_on=D(2024, 7, 29),
            incident=I("INC-5"),
            lead_reviewer=LeadReviewer(name="Independent reviewer"),
            agencies_under_review=(A("childrens-services"), A("police"), A("acute-trust")),
            practitioners_invited=(A("childrens-services"), A("police"), A("acute-trust")),
            # Scenarios reviews.family_not_informed and reviews.young_people_not_included.
            family_invited=True,
            strengths=("Police and school shared concerns the same day",),
            child_voice="The child's own account to the school nurse",
            completed_on=D(2025, 5, 14),
        ),
        # PR-0: an older review: sent late, published without the Partnership's response,
        # and taken down early (Scenarios reviews.report_not_sent_before_publication,
        # reviews.response_missing, publication.withdrawn_early).
        CaseReview(
            id=ReviewId("PR-0"),
            type=ReviewType.PRACTICE_REVIEW,
            title="Child K: practice review",
            decided_on=D(2024, 4, 2),
            lead_reviewer=LeadReviewer(name="Independent reviewer"),
            agencies_under_review=(A("police"),),
            practitioners_invited=(A("police"),),
            family_invited=True,
            family_informed_on=D(2024, 4, 20),
            young_people_involved=1,
            strengths=("Neighbourhood officers knew the family",),
            child_voice="Recorded from the child's social worker's visits",
            completed_on=D(2024, 9, 20),
            report_sent_on=D(2024, 9, 30),
            published_on=D(2024, 10, 3),
            withdrawn_on=D(2025, 6, 30),
        ),
        # SAR-1: Scenario publication.learning_unshared: no summary of its learning.
        CaseReview(
            id=ReviewId("SAR-1"),
            type=ReviewType.SINGLE_AGENCY_REVIEW,
            title="Health visiting: a single agency review",
            decided_on=D(2024, 11, 4),
            lead_reviewer=LeadReviewer(name="Named nurse", agency=A("community-health")),
            agencies_under_review=(A("community-health"),),
            practitioners_invited=(A("community-health"),),
            # Scenario reviews.strengths_missing: records weaknesses only.
            family_invited=True,
            family_informed_on=D(2024, 11, 20),
            child_voice="The parent's account of the child's routine",
            completed_on=D(2025, 2, 14),
        ),
    ]
    child_deaths = [
        ChildDeath(
            id=ChildDeathId("CD-1"),
            child=P("child-1"),
            died_on=D(2024, 5, 19),
            normally_resident=True,
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
            incident=I("INC-1"),
            reviewed_on=D(2025, 2, 25),
            category=DeathCategory.DELIBERATELY_INFLICTED_INJURY,
            modifiable_factors=True,
            lessons=("Safer handling advice for new parents",),
            lessons_output="LO-CDOP-1",
        ),
        # Scenario child_deaths.review_missing: more than twelve months, not reviewed.
        ChildDeath(
            id=ChildDeathId("CD-2"),
            child=P("child-5"),
            died_on=D(2024, 8, 30),
            normally_resident=True,
        ),
        # Not normally resident: another panel reviews it.
        ChildDeath(
            id=ChildDeathId("CD-3"),
            child=P("child-6"),
            died_on=D(2024, 7, 2),
            normally_resident=False,
        ),
        # Scenario child_deaths.analysis_incomplete: reviewed, no category.
        ChildDeath(
            id=ChildDeathId("CD-4"),
            child=P("child-7"),
            died_on=D(2024, 10, 12),
            normally_resident=True,
            reviewed_on=D(2025, 6, 24),
            modifiable_factors=False,
        ),
        # Scenario child_deaths.abuse_suspected_not_notified.
        ChildDeath(
            id=ChildDeathId("CD-5"),
            child=P("child-8"),
            died_on=D(2025, 9, 1),
            normally_resident=True,
            abuse_or_neglect=AbuseOrNeglect.SUSPECTED,
        ),
        # Scenario child_deaths.lessons_not_disseminated.
        ChildDeath(
            id=ChildDeathId("CD-6"),
            child=P("child-9"),
            died_on=D(2024, 12, 3),
            normally_resident=True,
            reviewed_on=D(2025, 8, 19),
            category=DeathCategory.SUICIDE_OR_SELF_HARM,
            modifiable_factors=True,
            lessons=("Transition between CAMHS and adult services",),
        ),
        # Scenarios child_deaths.data_unevaluated and child_deaths.in_depth_missing:
        # reviewed in September 2024, never in an evaluation since.
        ChildDeath(
            id=ChildDeathId("CD-7"),
            child=P("child-12"),
            died_on=D(2024, 4, 20),
            normally_resident=True,
            reviewed_on=D(2024, 9, 10),
            category=DeathCategory.TRAUMA_OR_EXTERNAL_FACTORS,
            modifiable_factors=True,
            lessons=("Supervision near open water",),
            lessons_output="LO-CDOP-1",
        ),
    ]
    L = LearningOutputId
    ok_welfare = WelfareConsideration(considered_on=D(2024, 11, 20), harm_found=False)
    outputs = [
        LearningOutput(
            id=L("LO-PR-1"),
            kind=OutputKind.REVIEW_REPORT,
            channel=Channel.WEBSITE,
            title="Child J practice review",
            text="Child J was a baby living with a parent. The review found that agencies did not share concerns about bruising.",
            case=I("INC-1"),
            review=ReviewId("PR-1"),
            welfare=ok_welfare,
            published_on=D(2024, 11, 28),
            # Scenario publication.court_order (already published while restricted) is avoided: the order starts later.
        ),
        LearningOutput(
            id=L("LO-CDOP-1"),
            kind=OutputKind.BRIEFING,
            channel=Channel.EMAIL,
            title="Safer handling briefing",
            text="Advice for midwives and health visitors on safer handling of babies.",
            welfare=ok_welfare,
            published_on=D(2025, 3, 10),
            sent_to=("Midwifery services", "Health visiting"),
        ),
        # Scenario publication.court_order: a newsletter item about INC-1 planned while a reporting restriction applies.
        LearningOutput(
            id=L("LO-NEWS-7"),
            kind=OutputKind.NEWSLETTER_ITEM,
            channel=Channel.NEWSLETTER,
            title="Learning from Child J, one year on",
            text="One year on from the Child J review, agencies have changed how they share concerns.",
            case=I("INC-1"),
            review=ReviewId("PR-1"),
            welfare=ok_welfare,
            planned_on=D(2025, 12, 5),
        ),
        # Scenario publication.personal_data and publication.welfare_unassessed: a draft naming the child.
        LearningOutput(
            id=L("LO-LLR-2"),
            kind=OutputKind.LEARNING_SUMMARY,
            channel=Channel.WEBSITE,
            title="Child M learning summary (draft)",
            text="Maisie's school noticed she was often hungry. Staff at Ashvale Brook Academy raised concerns in 2024.",
            case=I("INC-2"),
            review=ReviewId("LLR-2"),
            planned_on=D(2025, 12, 12),
        ),
        # Scenarios publication.social_media_unapproved and publication.postcode_unconfirmed
        # (the venue's postcode is no one's in the records, and no one has checked it).
        LearningOutput(
            id=L("LO-POST-3"),
            kind=OutputKind.SOCIAL_MEDIA_POST,
            channel=Channel.SOCIAL_MEDIA,
            title="Safer sleep week",
            text="It is safer sleep week: come to the session at Ashvale Hub, AV1 1AA, "
            "or read our seven-minute briefing.",
            welfare=ok_welfare,
            planned_on=D(2025, 11, 20),
        ),
        LearningOutput(
            id=L("LO-POST-2"),
            kind=OutputKind.SOCIAL_MEDIA_POST,
            channel=Channel.SOCIAL_MEDIA,
            title="Neglect briefing launch",
            text="Our new neglect briefing is out.",
            welfare=ok_welfare,
            social_media_approved=True,
            published_on=D(2025, 5, 6),
        ),
    ]
    court_orders = [
        CourtOrder(
            id=CourtOrderId("CO-1"),
            kind=CourtOrderKind.REPORTING_RESTRICTION,
            case=I("INC-1"),
            starts_on=D(2025, 2, 1),
            ends_on=D(2026, 6, 30),
            note="Reporting restriction during criminal proceedings",
        ),
    ]

    # Performance information.
    indicators = [
        Indicator(
            id=IndicatorId("cp-plans-per-10k"),
            name="Child protection plans per 10,000 children",
            minimum=0,
            maximum=500,
        ),
        Indicator(
            id=IndicatorId("strategy-within-1-day"),
            name="Share of strategy discussions within one working day",
            minimum=0,
            maximum=1,
        ),
        Indicator(
            id=IndicatorId("missing-return-interviews"),
            name="Share of return interviews offered within 72 hours",
            minimum=0,
            maximum=1,
        ),
        Indicator(
            id=IndicatorId("ed-attendances-self-harm"),
            name="Emergency attendances for self-harm, under 18",
            minimum=0,
            maximum=None,
        ),
    ]
    returns: list[PerformanceReturn] = []
    for agency in (
        "childrens-services",
        "police",
        "acute-trust",
        "community-health",
        "youth-justice",
    ):
        for end in quarter_ends:
            due = end + timedelta(days=30)
            received: date | None = due - timedelta(days=rng.choice([1, 4, 9]))
            values: dict[str, float | None] = {
                "cp-plans-per-10k": round(rng.uniform(35, 55), 1),
                "strategy-within-1-day": round(rng.uniform(0.7, 0.98), 2),
            }
            if agency == "police" and end == D(2025, 9, 30):
                received = None  # Scenario performance.return_overdue
            if agency == "acute-trust" and end == D(2025, 6, 30):
                values["strategy-within-1-day"] = (
                    None  # Scenario performance.return_inaccurate (missing)
                )
            if agency == "community-health" and end == D(2025, 9, 30):
                values["strategy-within-1-day"] = (
                    1.4  # Scenario performance.return_inaccurate (out of range)
                )
            if agency == "youth-justice" and end == D(2025, 9, 30):
                values["reoffending-rate"] = 0.31  # Scenario performance.indicator_not_agreed
            if agency == "childrens-services" and end == D(2025, 6, 30):
                received = due  # received on its due date: in time
            returns.append(
                PerformanceReturn(
                    id=PerformanceReturnId(f"PR-{agency}-{end.isoformat()}"),
                    agency=A(agency),
                    period_end=end,
                    due_on=due,
                    received_on=received,
                    values=values,
                )
            )

    courses = [
        Course(
            id=CourseId("C-01"),
            title="Working Together in practice",
            multi_agency=True,
            delivered_on=D(2024, 6, 12),
            participants=38,
            feedback_responses=31,
        ),
        Course(
            id=CourseId("C-02"),
            title="Neglect: using the graded care profile",
            multi_agency=True,
            delivered_on=D(2024, 10, 3),
            participants=25,
            feedback_responses=22,
            lessons_from=("MAA-2024-1",),
        ),
        Course(
            id=CourseId("C-03"),
            title="Learning from Child J",
            multi_agency=True,
            delivered_on=D(2025, 1, 29),
            participants=60,
            feedback_responses=44,
            lessons_from=("PR-1",),
        ),
        Course(
            id=CourseId("C-04"),
            title="Exploitation awareness",
            multi_agency=True,
            delivered_on=D(2025, 5, 14),
            participants=41,
            feedback_responses=35,
        ),
        # Scenario training.feedback_missing.
        Course(
            id=CourseId("C-05"),
            title="Professional curiosity",
            multi_agency=True,
            delivered_on=D(2025, 9, 18),
            participants=30,
            feedback_responses=0,
        ),
        Course(
            id=CourseId("C-06"),
            title="Health visiting record keeping",
            multi_agency=False,
            delivered_on=D(2025, 6, 2),
            participants=12,
            lessons_from=("SAA-2025-1",),
        ),
        Course(
            id=CourseId("C-07"),
            title="Safer sleep briefing",
            multi_agency=True,
            delivered_on=D(2026, 1, 20),
        ),
    ]
    workforce = []
    for agency in (
        "childrens-services",
        "police",
        "acute-trust",
        "community-health",
        "housing",
        "learning-service",
    ):
        staff = rng.choice([420, 860, 1200, 2300])
        basic = int(
            staff * (0.93 if agency != "housing" else 0.81)
        )  # Scenario workforce.training_compliance
        workforce.append(
            WorkforceReturn(
                id=WorkforceReturnId(f"WR-{agency}-2025"),
                agency=A(agency),
                period_end=D(2025, 3, 31),
                staff=staff,
                basic_trained=basic,
                refreshed=int(staff * 0.91),
                received_on=D(2025, 4, 28),
            )
        )

    # Who attends and helps deliver multi-agency courses, and what became of their feedback.
    everyone = [a.id for a in agencies()]
    attending = [a for a in everyone if a != "secure-centre"]  # Scenario workforce.not_attending
    # Scenario workforce.not_releasing_trainers: the Leisure Trust never helps deliver.
    trainers = [a for a in everyone if a != "leisure-trust"]
    impact = {
        "C-01": D(2024, 10, 1),
        "C-02": D(2025, 2, 3),
    }  # C-03: Scenario training.impact_unevaluated
    courses = [
        attrs.evolve(
            c,
            agencies_attending=tuple(attending) if c.multi_agency else (),
            trainers_from=tuple(trainers[n % 3 :: 3]) if c.multi_agency else (),
            impact_evaluated_on=impact.get(c.id),
        )
        for n, c in enumerate(courses)
    ]
    feedback_reviews = [
        FeedbackReview(
            id=FeedbackReviewId("FR-2024-2"),
            reviewed_on=D(2024, 11, 21),
            courses=(CourseId("C-01"),),
            changes=("More time on case discussion",),
        ),
        # Scenario training.feedback_unused: the review of C-02's feedback changed nothing.
        FeedbackReview(
            id=FeedbackReviewId("FR-2025-1"),
            reviewed_on=D(2025, 3, 20),
            courses=(CourseId("C-02"), CourseId("C-03")),
        ),
        FeedbackReview(
            id=FeedbackReviewId("FR-2025-2"),
            reviewed_on=D(2025, 5, 22),
            courses=(CourseId("C-03"),),
            changes=("Add the family's perspective to the Child J session",),
        ),
    ]
    training_needs = [
        TrainingNeed(
            id=TrainingNeedId("TN-1"),
            source=NeedSource.AUDIT,
            identified_on=D(2024, 9, 20),
            summary="Applying neglect thresholds",
            planned_in=(CourseId("C-02"),),
            planned_on=D(2024, 9, 26),
        ),
        TrainingNeed(
            id=TrainingNeedId("TN-2"),
            source=NeedSource.REVIEW,
            identified_on=D(2024, 11, 14),
            summary="Sharing concerns about babies",
            planned_in=(CourseId("C-03"),),
            planned_on=D(2024, 12, 5),
        ),
        # Scenario training.need_unplanned: raised by the CDOP, no course planned.
        TrainingNeed(
            id=TrainingNeedId("TN-3"),
            source=NeedSource.CHILD_DEATH,
            identified_on=D(2025, 3, 4),
            summary="Safer handling of babies for new parents",
        ),
    ]
    # The L&D Officer's audit of single-agency training (Scenario
    # training.single_agency_unassured: the Youth Justice Service was not in it).
    audits.append(
        Audit(
            id=AuditId("TA-2024-1"),
            kind=AuditKind.TRAINING,
            title="Single agency training audit 2024",
            agencies=tuple(A(a) for a in everyone if a != "youth-justice"),
            completed_on=D(2024, 11, 20),
            voice_of_child_questions=True,
        )
    )
    # Workforce returns from the other agencies, and what every return counts.
    counted = {
        # Scenarios workforce.recruitment_short, supervision_short, induction_short and
        # practice_review_short; the Probation Service does not report competence.
        "mental-health": {"safely_recruited": 0.85},
        "police": {"supervised": 0.82},
        "fire": {"inducted": 0.78},
        "acute-trust": {"practice_reviewed": 0.7},
        "probation": {"competence_assessed": None},
    }
    shares = (
        "safely_recruited",
        "supervised",
        "competence_assessed",
        "inducted",
        "practice_reviewed",
    )
    returned = {r.agency for r in workforce}
    for agency in everyone:
        # Scenario workforce.return_missing: Little Steps has never made a return.
        if agency in returned or agency == "early-years":
            continue
        workforce.append(
            WorkforceReturn(
                id=WorkforceReturnId(f"WR-{agency}-2025"),
                agency=A(agency),
                period_end=D(2025, 3, 31),
                staff=200,
                basic_trained=192,
                refreshed=190,
                received_on=D(2025, 5, 12),
            )
        )
    # Last year's returns, which every agency but Little Steps made too.
    workforce += [
        attrs.evolve(
            w,
            id=WorkforceReturnId(f"WR-{w.agency}-2024"),
            period_end=D(2024, 3, 31),
            received_on=D(2024, 5, 10),
        )
        for w in list(workforce)
    ]
    workforce = [
        attrs.evolve(
            w,
            **{
                name: (
                    None
                    if name in counted.get(w.agency, {}) and counted[w.agency][name] is None
                    else int(w.staff * counted.get(w.agency, {}).get(name, 0.95) or 0)
                )
                for name in shares
            },
        )
        for w in workforce
    ]
    learning = learning_records(
        cdop_action=next(a.id for a in actions if a.subgroup == "cdop"),
    )

    # Progress is reported at the subgroup's meetings: a meeting that took an update
    # considered the action.
    for action in actions:
        for update in action.updates:
            mid = f"{action.subgroup}-{update.on.isoformat()}"
            if mid in considered and action.id not in considered[mid]["actions"]:
                considered[mid]["actions"].append(action.id)

    final_meetings = []
    for m in meetings:
        # Scenario escalation.subgroup_not_meeting: the Learning and Development
        # Subgroup's meetings stop after July 2025 (what it planned stays as it was).
        if m.subgroup == "ld" and m.held_on > D(2025, 7, 31):
            continue
        c = considered[m.id]
        final_meetings.append(
            Meeting(
                id=m.id,
                subgroup=m.subgroup,
                held_on=m.held_on,
                present=m.present,
                considered_actions=tuple(c["actions"]),
                considered_audits=tuple(c["audits"]),
                considered_reports=tuple(c["reports"]),
            )
        )

    return Partnership(
        name="Ashvale Safeguarding Children Partnership (fictional)",
        chair=PartnershipChair(name="Independent Partnership Chair"),
        agencies=tuple(agencies()),
        subgroups=tuple(subgroups()),
        meetings=tuple(final_meetings),
        forward_plan=tuple(plan),
        actions=tuple(actions),
        quarterly_reports=tuple(reports),
        audits=tuple(audits),
        audit_programmes=tuple(programmes),
        challenge_events=tuple(challenge_events),
        people=tuple(people),
        incidents=tuple(incidents),
        rapid_reviews=tuple(rapid_reviews),
        reviews=tuple(reviews),
        child_deaths=tuple(child_deaths),
        learning_outputs=tuple(outputs),
        court_orders=tuple(court_orders),
        indicators=tuple(indicators),
        performance_returns=tuple(returns),
        # Scenario training.strategy_stale: last updated in May 2024.
        training_strategy=TrainingStrategy(
            title="Ashvale multi-agency training strategy",
            updated_on=(D(2023, 5, 4), D(2024, 5, 9)),
        ),
        courses=tuple(courses),
        workforce_returns=tuple(workforce),
        feedback_reviews=tuple(feedback_reviews),
        training_needs=tuple(training_needs),
        **learning,
        # Scenario voice.advocacy_unavailable: a month between providers in April 2025.
        advocacy_services=(
            AdvocacyService(
                provider="Ashvale Children's Rights Service",
                starts_on=D(2020, 4, 1),
                ends_on=D(2025, 3, 31),
            ),
            AdvocacyService(provider="Westmoor Advocacy Partnership", starts_on=D(2025, 5, 1)),
        ),
    )


def learning_records(cdop_action: str) -> dict[str, tuple[Any, ...]]:
    """Learning activity, how learning went out, what agencies gave, and the voice of children.

    Routine records are in order; each scenario is named in a comment.
    """
    ev = Evidence
    m = LearningMethod
    pr = PriorityId
    priorities = (
        Priority(id=pr("early-help"), name="Early intervention and prevention", starts_on=START),
        Priority(id=pr("neglect"), name="Neglect", starts_on=START),
        Priority(id=pr("exploitation"), name="Child sexual exploitation", starts_on=START),
        # Scenario learning.priority_unpursued: no activity has served it since April 2024.
        Priority(id=pr("missing"), name="Missing children", starts_on=START),
    )

    def activity(
        aid: str,
        method: LearningMethod,
        title: str,
        held: date,
        lead: str | None,
        evidence: tuple[Evidence, ...],
        served: tuple[str, ...] = ("neglect",),
        considered: date | None = None,
        external: str | None = None,
    ) -> LearningActivity:
        return LearningActivity(
            id=LearningActivityId(aid),
            method=method,
            title=title,
            held_on=held,
            lead=S(lead) if lead else None,
            external_lead=external,
            evidence=evidence,
            priorities=tuple(pr(p) for p in served),
            communication_considered_on=considered or held,
        )

    activities = (
        # Routine: each method led by the subgroup Table Two names, its evidence recorded.
        activity(
            "LA-01",
            m.CHALLENGE,
            "Action log challenge",
            D(2025, 1, 14),
            "se",
            (ev.ACTIONS_FOLLOWED_THROUGH, ev.QUARTERLY_REPORT),
            ("early-help",),
        ),
        activity(
            "LA-02",
            m.SERIOUS_PRACTICE_REVIEW,
            "Child J learning",
            D(2024, 12, 5),
            "spr",
            (ev.WEBSITE, ev.TRAINING, ev.BRIEFING),
        ),
        activity(
            "LA-03",
            m.MULTI_AGENCY_LEARNING_REVIEW,
            "Neglect learning review",
            D(2025, 1, 21),
            "se",
            (ev.SUBGROUP_CASCADE, ev.PROTOCOL_CHANGE),
        ),
        activity(
            "LA-04",
            m.CHILD_DEATH_REVIEW,
            "Safer sleep themes",
            D(2025, 2, 25),
            "cdop",
            (ev.THEMES_AND_TRENDS, ev.INFORMATION_CAMPAIGN),
            ("early-help",),
        ),
        activity(
            "LA-05",
            m.QUALITY_ASSURANCE,
            "Performance scorecard review",
            D(2025, 2, 11),
            "se",
            (ev.PERFORMANCE_TRENDS, ev.PRACTICE_QUALITY),
        ),
        activity(
            "LA-06",
            m.COURSE,
            "Exploitation conference",
            D(2025, 5, 14),
            "ld",
            (ev.SAFEGUARDING_ISSUES, ev.THEMES_AND_TRENDS),
            ("exploitation",),
        ),
        activity("LA-07", m.VIRTUAL_TRAINING, "Online neglect module", D(2025, 3, 6), "ld", ()),
        activity(
            "LA-08",
            m.SINGLE_AGENCY_TRAINING_AUDIT,
            "Single agency training audit",
            D(2024, 11, 20),
            "ld",
            (
                ev.TRAINING_QUALITY,
                ev.TRAINING_QUANTITY,
                ev.STANDARDS_COMPLIANCE,
                ev.LEARNING_OUTCOMES,
                ev.TRAINING_NEEDS,
            ),
        ),
        activity(
            "LA-09",
            m.GUIDANCE_POLICY_RESEARCH,
            "Regional neglect procedure",
            D(2025, 1, 8),
            None,
            (ev.PRACTICE_GUIDANCE,),
            external="West Yorkshire consortium policy and procedures group",
        ),
        activity(
            "LA-10",
            m.CHILDREN_AND_FAMILIES,
            "Young people's panel on early help",
            D(2025, 3, 12),
            "business",
            (ev.EXPERIENCE_IN_POLICY, ev.PROTOCOL_EVALUATION),
            ("early-help",),
        ),
        # Scenarios: an activity of each method led by the wrong subgroup (or none) whose
        # evidence of learning was never recorded; the first also never considered how to
        # communicate it (learning.communication_unplanned).
        activity(
            "LA-11",
            m.CHALLENGE,
            "Escalation challenge log",
            D(2024, 10, 8),
            None,
            (),
            considered=D(2025, 12, 1),
        ),
        activity("LA-12", m.SERIOUS_PRACTICE_REVIEW, "Child K learning", D(2024, 10, 17), "se", ()),
        activity(
            "LA-13",
            m.MULTI_AGENCY_LEARNING_REVIEW,
            "Domestic homicide review learning",
            D(2024, 10, 22),
            "ld",
            (),
        ),
        activity("LA-14", m.CHILD_DEATH_REVIEW, "Water safety themes", D(2024, 10, 29), "spr", ()),
        activity(
            "LA-15",
            m.QUALITY_ASSURANCE,
            "Multi-agency dataset review",
            D(2024, 11, 5),
            "business",
            (),
        ),
        activity("LA-16", m.COURSE, "Domestic abuse seminar", D(2024, 11, 12), "se", ()),
        activity("LA-17", m.VIRTUAL_TRAINING, "Webinar on bruising", D(2024, 11, 19), "se", ()),
        activity(
            "LA-18",
            m.SINGLE_AGENCY_TRAINING_AUDIT,
            "Schools training audit",
            D(2024, 11, 26),
            "se",
            (ev.TRAINING_QUALITY,),
        ),
        activity(
            "LA-19", m.GUIDANCE_POLICY_RESEARCH, "National review digest", D(2024, 12, 3), None, ()
        ),
        activity(
            "LA-20", m.CHILDREN_AND_FAMILIES, "Care leavers' experiences", D(2024, 12, 10), "se", ()
        ),
    )

    dn = DisseminationId
    sc = ShareChannel

    def out(i: str, learning: str, channel: ShareChannel, on: date, **kw: Any) -> Dissemination:
        return Dissemination(id=dn(i), learning=learning, channel=channel, on=on, **kw)

    everyone = [a.id for a in agencies()]
    sharing = [
        # MAA-2024-1: shared every way the framework names.
        out("DS-01", "MAA-2024-1", sc.PARTNERSHIP, D(2024, 10, 9)),
        out("DS-02", "MAA-2024-1", sc.SUBGROUP, D(2024, 10, 24), subgroups=(S("ld"), S("spr"))),
        out("DS-03", "MAA-2024-1", sc.WEBSITE, D(2024, 11, 1)),
        out("DS-04", "MAA-2024-1", sc.NEWSLETTER, D(2024, 11, 15)),
        out(
            "DS-05",
            "MAA-2024-1",
            sc.AGENCY_FEEDBACK,
            D(2024, 10, 1),
            agencies=(A("childrens-services"), A("police"), A("icb")),
        ),
        # Scenarios sharing.not_with_partnership, report_not_on_website,
        # agencies_not_fed_back and not_partnership_wide: MAA-2025-1 went to the L&D
        # Subgroup and two of its three agencies, and nowhere else.
        out("DS-06", "MAA-2025-1", sc.SUBGROUP, D(2025, 5, 20), subgroups=(S("ld"),)),
        out(
            "DS-07",
            "MAA-2025-1",
            sc.AGENCY_FEEDBACK,
            D(2025, 5, 27),
            agencies=(A("police"), A("childrens-services")),
        ),
        # Scenario sharing.report_not_promoted: SAA-2025-1 on the website, promoted nowhere.
        out("DS-08", "SAA-2025-1", sc.PARTNERSHIP, D(2025, 5, 6)),
        out("DS-09", "SAA-2025-1", sc.SUBGROUP, D(2025, 5, 8), subgroups=(S("ld"),)),
        out("DS-10", "SAA-2025-1", sc.WEBSITE, D(2025, 5, 12)),
        out(
            "DS-11",
            "SAA-2025-1",
            sc.AGENCY_FEEDBACK,
            D(2025, 5, 12),
            agencies=(A("community-health"),),
        ),
        # PR-0 and PR-1: shared with the other subgroups, the agencies, and into practice,
        # services and training. (Scenarios sharing.review_not_shared,
        # agencies_not_fed_back, not_to_learning_and_development and learning_not_applied:
        # SAR-1's learning stayed within the SPR Subgroup.)
        *(
            item
            for review, done, involved in (
                ("PR-0", D(2024, 9, 20), ("police",)),
                (
                    "PR-1",
                    D(2024, 11, 8),
                    ("childrens-services", "acute-trust", "police", "community-health"),
                ),
            )
            for item in (
                out(
                    f"DS-{review}-1",
                    review,
                    sc.SUBGROUP,
                    done + timedelta(days=20),
                    subgroups=(S("ld"), S("se")),
                ),
                out(
                    f"DS-{review}-2",
                    review,
                    sc.AGENCY_FEEDBACK,
                    done + timedelta(days=25),
                    agencies=tuple(A(a) for a in involved),
                ),
                out(f"DS-{review}-3", review, sc.BRIEFING, done + timedelta(days=30)),
                out(f"DS-{review}-4", review, sc.PRACTICE_CHANGE, done + timedelta(days=60)),
                out(f"DS-{review}-5", review, sc.SERVICE_DEVELOPMENT, done + timedelta(days=90)),
                out(f"DS-{review}-6", review, sc.TRAINING, done + timedelta(days=80)),
            )
        ),
        out("DS-SAR-1", "SAR-1", sc.SUBGROUP, D(2025, 3, 13), subgroups=(S("spr"),)),
        # Child deaths' learning to the L&D Subgroup (CD-7's never went: Scenario
        # sharing.not_to_learning_and_development).
        out("DS-CD-1", "CD-1", sc.SUBGROUP, D(2025, 3, 27), subgroups=(S("ld"),)),
    ]
    examples = []
    for n, agency in enumerate(a for a in everyone if a != "ambulance"):
        # Scenario assurance.no_practice_shared: the Ambulance Service has shared none.
        example = PracticeExampleId(f"PE-{n + 1:02d}")
        month = (12, 1, 2, 3, 4)[n % 5]
        shared = D(2024 if month == 12 else 2025, month, 10)
        examples.append(
            PracticeExample(
                id=example, agency=A(agency), shared_on=shared, summary="Joint home visits"
            )
        )
        # Scenario sharing.example_not_disseminated: the Fire Service's example stayed put.
        if agency != "fire":
            sharing.append(
                out(f"DS-{example}", example, sc.NEWSLETTER, shared + timedelta(days=21))
            )

    rq = RequestId
    k = RequestKind
    requests = (
        Request(
            id=rq("RQ-01"),
            agency=A("police"),
            kind=k.EVALUATION,
            requested_on=D(2025, 2, 3),
            due_on=D(2025, 3, 3),
            met_on=D(2025, 2, 27),
        ),
        # Scenarios, one for each kind of request not met by its due date.
        Request(
            id=rq("RQ-02"),
            agency=A("acute-trust"),
            kind=k.EVALUATION,
            requested_on=D(2025, 8, 4),
            due_on=D(2025, 9, 30),
        ),
        Request(
            id=rq("RQ-03"),
            agency=A("youth-justice"),
            kind=k.ACTION_PLAN,
            requested_on=D(2025, 5, 1),
            due_on=D(2025, 6, 30),
            about="MAA-2025-1",
        ),
        Request(
            id=rq("RQ-04"),
            agency=A("housing"),
            kind=k.IMPLEMENTATION_UPDATE,
            requested_on=D(2025, 7, 1),
            due_on=D(2025, 9, 1),
        ),
        Request(
            id=rq("RQ-05"),
            agency=A("mental-health"),
            kind=k.REVIEW_CONTRIBUTION,
            requested_on=D(2025, 4, 7),
            due_on=D(2025, 5, 30),
            about="LLR-2",
        ),
        Request(
            id=rq("RQ-06"),
            agency=A("probation"),
            kind=k.REPRESENTATION,
            requested_on=D(2025, 9, 1),
            due_on=D(2025, 10, 14),
        ),
        Request(
            id=rq("RQ-07"),
            agency=A("community-health"),
            kind=k.ASSURANCE,
            requested_on=D(2025, 3, 3),
            due_on=D(2025, 6, 2),
            about="SAR-1",
        ),
        Request(
            id=rq("RQ-08"),
            agency=A("acute-trust"),
            kind=k.LESSONS_EVIDENCE,
            requested_on=D(2025, 5, 1),
            due_on=D(2025, 8, 29),
            about="PR-1",
        ),
        Request(
            id=rq("RQ-09"),
            agency=A("childrens-services"),
            kind=k.LESSONS_EVIDENCE,
            requested_on=D(2025, 5, 1),
            due_on=D(2025, 8, 29),
            met_on=D(2025, 8, 20),
            about="PR-1",
        ),
    )
    concerns = (
        Concern(
            id=ConcernId("CN-1"),
            agency=A("schools-forum"),
            raised_on=D(2025, 3, 19),
            summary="Children missing education after exclusion",
            improvement_strategy="A joint register with the Learning Service",
        ),
        # Scenario assurance.concern_without_strategy.
        Concern(
            id=ConcernId("CN-2"),
            agency=A("housing"),
            raised_on=D(2025, 10, 2),
            summary="Families placed out of area without notice",
        ),
    )
    ar = AnnualReportId
    s = AnnualReportSection
    annual_reports = (
        # Scenario annual_report (as of 15 April 2025): the 2023/24 report left out the
        # help given, the effectiveness of training and the CDOP's report.
        AnnualReport(
            id=ar("AR-2024"),
            period_end=D(2024, 3, 31),
            published_on=D(2024, 9, 26),
            sections=(s.REVIEW_IMPACT, s.TRAINING_ACTIVITY),
        ),
        # Scenario annual_report (as of 14 November 2025): the 2024/25 report left out the
        # impact of reviews and the account of training.
        AnnualReport(
            id=ar("AR-2025"),
            period_end=D(2025, 3, 31),
            published_on=D(2025, 9, 29),
            sections=(s.HELP_EFFECTIVENESS, s.TRAINING_EFFECTIVENESS, s.CHILD_DEATH_OVERVIEW),
        ),
    )
    evaluations = (
        CdopEvaluation(
            id=CdopEvaluationId("CE-1"),
            kind=EvaluationKind.DATA,
            held_on=D(2025, 3, 20),
            deaths=(ChildDeathId("CD-1"),),
            lessons=("Safer handling advice",),
            actions=(cdop_action,),
        ),
        CdopEvaluation(
            id=CdopEvaluationId("CE-2"),
            kind=EvaluationKind.IN_DEPTH,
            held_on=D(2025, 3, 20),
            deaths=(ChildDeathId("CD-1"),),
        ),
        # Scenario child_deaths.findings_not_acted_on: lessons, no action.
        CdopEvaluation(
            id=CdopEvaluationId("CE-3"),
            kind=EvaluationKind.DATA,
            held_on=D(2025, 4, 30),
            deaths=(ChildDeathId("CD-1"),),
            lessons=("Self-harm rising among 14 to 16 year olds",),
        ),
    )
    cy = ConsultationId
    by = Consulter
    cm = ConsultationMethod
    consultations = [
        # Scenarios voice.feedback_not_brought and (once a year had passed)
        # voice.local_authority_not_consulting: the Local Authority's 2024 survey.
        Consultation(
            id=cy("CY-01"),
            by=by.LOCAL_AUTHORITY,
            method=cm.SURVEY,
            held_on=D(2024, 10, 10),
            topic="Early help",
            young_people=212,
            changes=("Drop-in hours extended",),
        ),
        # Scenario voice.cpru_not_consulting (as of 15 April 2025): the CPRU's feedback
        # lapsed until June 2025.
        Consultation(
            id=cy("CY-02"),
            by=by.CPRU,
            method=cm.FEEDBACK,
            held_on=D(2024, 4, 8),
            topic="Child protection conferences",
            young_people=18,
            feedback_to_partnership_on=D(2024, 5, 20),
            changes=("Conference reports written to the child",),
        ),
        Consultation(
            id=cy("CY-03"),
            by=by.CPRU,
            method=cm.FEEDBACK,
            held_on=D(2025, 6, 16),
            topic="Looked after reviews",
            young_people=24,
            feedback_to_partnership_on=D(2025, 7, 21),
            changes=("Reviews held at school less often",),
        ),
        # Scenario voice.partnership_not_hearing (as of 15 April 2025): a year since young
        # people last spoke at the Partnership, until May 2025.
        Consultation(
            id=cy("CY-04"),
            by=by.PARTNERSHIP,
            method=cm.HEARING,
            held_on=D(2024, 4, 10),
            topic="Feeling safe",
            young_people=6,
            changes=("Youth representative on the Business Group",),
        ),
        Consultation(
            id=cy("CY-05"),
            by=by.PARTNERSHIP,
            method=cm.HEARING,
            held_on=D(2025, 5, 14),
            topic="Online safety",
            young_people=5,
            changes=("Online safety briefing for schools",),
        ),
        # Scenario voice.groups_not_heard: no group has spoken since May 2024.
        Consultation(
            id=cy("CY-06"),
            by=by.PARTNERSHIP,
            method=cm.GROUP_PRESENTATION,
            held_on=D(2024, 5, 15),
            topic="Young carers",
            young_people=9,
            changes=("Young carers' assessment shortened",),
        ),
        # Scenario voice.no_survey (as of 15 April 2025): the first survey was in June.
        # Scenario voice.views_unused: it has changed nothing yet.
        Consultation(
            id=cy("CY-07"),
            by=by.PARTNERSHIP,
            method=cm.QUESTIONNAIRE,
            held_on=D(2025, 6, 5),
            topic="What helps at home",
            young_people=340,
        ),
    ]
    for n, agency in enumerate(a for a in everyone if a != "fire"):
        # Scenario voice.agency_not_consulting: the Fire Service has not consulted.
        consultations.append(
            Consultation(
                id=cy(f"CY-{agency}"),
                by=by.AGENCY,
                agency=A(agency),
                method=cm.FOCUS_GROUP,
                held_on=D(2025, (1, 2, 3)[n % 3], 20) if n % 4 else D(2024, 11, 20),
                topic="Our services",
                service_development=True,
                young_people=12,
                changes=("Service leaflet rewritten",),
            )
        )
    return {
        "priorities": priorities,
        "learning_activities": activities,
        "disseminations": tuple(sharing),
        "requests": requests,
        "concerns": concerns,
        "practice_examples": tuple(examples),
        "annual_reports": annual_reports,
        "cdop_evaluations": evaluations,
        "consultations": tuple(consultations),
    }


def render() -> str:
    """The example partnership as YAML text."""
    header = (
        "# Ashvale Safeguarding Children Partnership: a fictional example, no real person or case.\n"
        "# Written by examples/build_ashvale.py; edit that script, not this file.\n"
        f"# Evaluate as of {AS_OF.isoformat()}.\n"
    )
    return header + dumps(build())


if __name__ == "__main__":
    OUT.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {OUT}\n")
