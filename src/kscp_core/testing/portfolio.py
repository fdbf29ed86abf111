"""Synthetic portfolios: many partnerships' records, seeded and reproducible.

A region's or the nation's view holds about 150 partnerships with years of
records each. :func:`synthetic_portfolio` builds such a portfolio with the
records of each partnership in proportion to its actions, for load tests and
benchmarks; :func:`write_portfolio` writes it as one JSON records file per
partnership, which :func:`kscp_core.io.records.load` reads back equal.

The proportions below are this generator's own choices, meant to look like a
busy partnership's records; the framework gives none of them. Every id a
record mentions exists, so :func:`kscp_core.model.partnership.reference_problems`
finds nothing, and the same seed always gives the same records.

>>> from datetime import date
>>> portfolio = synthetic_portfolio(actions=300, per_partnership=100, as_of=date(2025, 11, 14))
>>> len(portfolio), sum(len(p.actions) for p in portfolio)
(3, 300)
>>> portfolio == synthetic_portfolio(actions=300, per_partnership=100, as_of=date(2025, 11, 14))
True
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import attrs

from kscp_core.io.records import dumps
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
    PracticeExample,
    PracticeExampleId,
    Request,
    RequestId,
    RequestKind,
)
from kscp_core.model.audits import Audit, AuditId, AuditKind, ReturnReceiver, Section11Standard
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
from kscp_core.model.publication import Channel, LearningOutput, LearningOutputId, OutputKind
from kscp_core.model.reports import (
    AnnualReport,
    AnnualReportId,
    AnnualReportSection,
    QuarterlyReport,
    ReportId,
    quarters_between,
)
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
    TrainingStrategy,
    WorkforceReturn,
    WorkforceReturnId,
)
from kscp_core.model.voice import Consultation, ConsultationId, ConsultationMethod, Consulter

__all__ = ["Shape", "synthetic_partnership", "synthetic_portfolio", "write_portfolio"]


@attrs.frozen(kw_only=True)
class Shape:
    """How a synthetic partnership's records are proportioned (local choices).

    Counts are per partnership; ``*_per_1000_actions`` scale with its actions.
    """

    years: int = 5
    agencies: int = 24
    meetings_per_year: int = 10
    cancelled_meeting_share: float = 0.05
    audits_per_1000_actions: int = 20
    incidents_per_1000_actions: int = 3
    deaths_per_1000_actions: int = 6
    outputs_per_1000_actions: int = 10
    courses_per_year: int = 30
    #: Shares of the actions raised in the last ``recent_days`` that are completed,
    #: closed, and open but not yet due; the rest are open and overdue.
    recent_days: int = 270
    recent_shares: tuple[float, float, float] = (0.45, 0.05, 0.35)
    #: Shares of older actions that are completed, closed, and open but not yet due.
    old_shares: tuple[float, float, float] = (0.9, 0.08, 0.0)
    escalated_share: float = 0.3  # of overdue actions


_KINDS = (
    AgencyKind.LOCAL_AUTHORITY,
    AgencyKind.POLICE,
    AgencyKind.HEALTH,
    AgencyKind.HEALTH,
    AgencyKind.HEALTH,
    AgencyKind.EDUCATION,
    AgencyKind.EDUCATION,
    AgencyKind.PROBATION,
    AgencyKind.YOUTH_JUSTICE,
    AgencyKind.HOUSING,
    AgencyKind.VOLUNTARY,
    AgencyKind.EARLY_YEARS,
)
_ROLES = (
    SubgroupRole.BUSINESS_GROUP,
    SubgroupRole.SAFEGUARDING_EFFECTIVENESS,
    SubgroupRole.SERIOUS_PRACTICE_REVIEW,
    SubgroupRole.CHILD_DEATH_OVERVIEW_PANEL,
    SubgroupRole.LEARNING_AND_DEVELOPMENT,
    SubgroupRole.OTHER,
)
_TOPICS = (
    "neglect",
    "domestic abuse",
    "exploitation",
    "missing from education",
    "online harm",
    "early help",
    "transitions",
    "information sharing",
)
_GIVEN = ("Amara", "Ben", "Chloe", "Dylan", "Esme", "Finn", "Grace", "Harvey", "Isla", "Jay")
_FAMILY = ("Aldridge", "Barraclough", "Crowther", "Dyson", "Exley", "Firth", "Haigh", "Lockwood")
_VERBS = ("Review", "Embed", "Audit", "Refresh", "Train staff on", "Report on")


def synthetic_partnership(
    index: int, *, actions: int, as_of: date, seed: int = 0, shape: Shape | None = None
) -> Partnership:
    """One synthetic partnership with ``actions`` actions, records dated up to ``as_of``."""
    return _Builder(
        index, actions, as_of, random.Random(f"{seed}:{index}"), shape or Shape()
    ).build()


def synthetic_portfolio(
    *,
    actions: int,
    as_of: date,
    seed: int = 0,
    per_partnership: int = 6_667,
    shape: Shape | None = None,
) -> list[Partnership]:
    """Partnerships holding ``actions`` actions in all, about ``per_partnership`` each.

    The default gives 150 partnerships for a million actions.
    """
    return list(
        _partnerships(actions=actions, as_of=as_of, seed=seed, per=per_partnership, shape=shape)
    )


def _partnerships(
    *, actions: int, as_of: date, seed: int, per: int, shape: Shape | None
) -> Iterator[Partnership]:
    if actions < 0 or per < 1:
        raise ValueError("actions must be at least 0 and per_partnership at least 1")
    count = max(1, -(-actions // per))
    for index in range(count):
        share = actions // count + (1 if index < actions % count else 0)
        yield synthetic_partnership(index, actions=share, as_of=as_of, seed=seed, shape=shape)


def write_portfolio(folder: str | Path, portfolio: Sequence[Partnership]) -> list[Path]:
    """Write each partnership as ``partnership-NNNN.json`` in ``folder``; return the paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index, partnership in enumerate(portfolio):
        path = out / f"partnership-{index:04d}.json"
        path.write_text(dumps(partnership, "json"), encoding="utf-8")
        paths.append(path)
    return paths


class _Builder:
    def __init__(
        self, index: int, actions: int, as_of: date, rng: random.Random, shape: Shape
    ) -> None:
        self.code = f"P{index:04d}"
        self.actions = actions
        self.as_of = as_of
        self.rng = rng
        self.shape = shape
        self.start = date(as_of.year - shape.years, as_of.month, 1)
        self.span = (as_of - self.start).days

    def day(self, after: date | None = None, within: int | None = None) -> date:
        first = after or self.start
        last = self.as_of if within is None else min(self.as_of, first + timedelta(days=within))
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def name(self) -> str:
        return f"{self.rng.choice(_GIVEN)} {self.rng.choice(_FAMILY)}"

    def per_1000(self, rate: int) -> int:
        return max(1, round(self.actions * rate / 1000)) if self.actions else 0

    def build(self) -> Partnership:
        return self.learning(self.records())

    def records(self) -> Partnership:
        rng, code, shape = self.rng, self.code, self.shape
        agencies = tuple(
            Agency(
                id=AgencyId(f"{code}-AG{n:02d}"),
                name=f"Agency {n} of {code}",
                kind=_KINDS[n % len(_KINDS)],
                section11_duty_from=self.start if n % 3 != 2 else None,
                feedback_mechanisms=(FeedbackMechanism.SURVEY,) if n % 4 else (),
            )
            for n in range(shape.agencies)
        )
        agency_ids = [a.id for a in agencies]
        subgroups = tuple(
            Subgroup(
                id=SubgroupId(f"{code}-SG{n}"),
                name=f"{role.value.replace('_', ' ').title()} ({code})",
                role=role,
                chair=f"Chair {n}",
                chair_agency=agency_ids[n],
                members=tuple(rng.sample(agency_ids, 8)),
            )
            for n, role in enumerate(_ROLES)
        )
        meetings = self.meetings(subgroups)
        actions = self.action_log(subgroups, agency_ids)
        reports = self.reports(subgroups, actions)
        audits = self.audits(agency_ids)
        people, incidents, rapid, reviews, deaths = self.cases(agency_ids, actions)
        outputs = self.outputs(reviews, audits)
        indicators = (
            Indicator(id=IndicatorId(f"{code}-IND1"), name="Re-referrals", maximum=25.0),
            Indicator(id=IndicatorId(f"{code}-IND2"), name="Visits on time", minimum=80.0),
        )
        quarters = quarters_between(self.start, self.as_of - timedelta(days=1), 4)
        performance = tuple(
            PerformanceReturn(
                id=PerformanceReturnId(f"{code}-PR{n}-{q.label}"),
                agency=agency_ids[n],
                period_end=q.end,
                due_on=q.end + timedelta(days=30),
                received_on=(
                    None if rng.random() < 0.1 else q.end + timedelta(days=rng.randint(5, 45))
                ),
                values={
                    indicators[0].id: round(rng.uniform(5, 35), 1),
                    indicators[1].id: round(rng.uniform(60, 99), 1),
                },
            )
            for n in range(6)
            for q in quarters
            if q.end + timedelta(days=45) <= self.as_of
        )
        workforce = tuple(
            WorkforceReturn(
                id=WorkforceReturnId(f"{code}-WR{n}-{year}"),
                agency=agency_ids[n],
                period_end=date(year, 3, 31),
                staff=(staff := rng.randint(50, 900)),
                basic_trained=rng.randint(staff // 2, staff),
                refreshed=rng.randint(staff // 3, staff),
                received_on=date(year, 5, 1),
            )
            for n in range(len(agency_ids))
            for year in range(self.start.year + 1, self.as_of.year + 1)
            if date(year, 5, 1) <= self.as_of
        )
        courses = tuple(
            Course(
                id=CourseId(f"{code}-C{n}"),
                title=f"{rng.choice(_TOPICS).capitalize()} course",
                multi_agency=rng.random() < 0.7,
                delivered_on=self.day(),
                participants=rng.randint(8, 40),
                feedback_responses=rng.randint(0, 8),
            )
            for n in range(shape.courses_per_year * shape.years)
        )
        return Partnership(
            name=f"Synthetic partnership {code}",
            chair=PartnershipChair(name=f"Independent chair of {code}"),
            agencies=agencies,
            subgroups=subgroups,
            meetings=meetings,
            actions=actions,
            quarterly_reports=reports,
            audits=audits,
            people=people,
            incidents=incidents,
            rapid_reviews=rapid,
            reviews=reviews,
            child_deaths=deaths,
            learning_outputs=outputs,
            indicators=indicators,
            performance_returns=performance,
            training_strategy=TrainingStrategy(
                title="Multi-agency training strategy",
                updated_on=tuple(
                    date(y, 6, 1)
                    for y in range(self.start.year + 1, self.as_of.year + 1)
                    if date(y, 6, 1) <= self.as_of
                ),
            ),
            courses=courses,
            workforce_returns=workforce,
        )

    def learning(self, p: Partnership) -> Partnership:
        """The records of learning, sharing, assurance and children's voices, mostly in order.

        Drawn from a random stream of their own, so the other records are the
        same as before these were added (the benchmark's yardstick stays valid).
        """
        rng = random.Random(f"{self.code}:learning")
        code, start, as_of = self.code, self.start, self.as_of
        years = list(range(start.year, as_of.year + 1))
        agency_ids = [a.id for a in p.agencies]
        by_role = {s.role: s.id for s in p.subgroups}
        lead = {
            LearningMethod.CHALLENGE: SubgroupRole.SAFEGUARDING_EFFECTIVENESS,
            LearningMethod.SERIOUS_PRACTICE_REVIEW: SubgroupRole.SERIOUS_PRACTICE_REVIEW,
            LearningMethod.MULTI_AGENCY_LEARNING_REVIEW: SubgroupRole.SERIOUS_PRACTICE_REVIEW,
            LearningMethod.CHILD_DEATH_REVIEW: SubgroupRole.CHILD_DEATH_OVERVIEW_PANEL,
            LearningMethod.QUALITY_ASSURANCE: SubgroupRole.SAFEGUARDING_EFFECTIVENESS,
            LearningMethod.COURSE: SubgroupRole.LEARNING_AND_DEVELOPMENT,
            LearningMethod.VIRTUAL_TRAINING: SubgroupRole.LEARNING_AND_DEVELOPMENT,
            LearningMethod.SINGLE_AGENCY_TRAINING_AUDIT: SubgroupRole.LEARNING_AND_DEVELOPMENT,
            LearningMethod.GUIDANCE_POLICY_RESEARCH: SubgroupRole.BUSINESS_GROUP,
            LearningMethod.CHILDREN_AND_FAMILIES: SubgroupRole.BUSINESS_GROUP,
        }
        priorities = tuple(
            Priority(id=PriorityId(f"{code}-PRI{n}"), name=name, starts_on=start)
            for n, name in enumerate(("Neglect", "Early help", "Exploitation", "Missing"))
        )
        activities = []
        for year in years:
            for n, method in enumerate(LearningMethod):
                held = date(year, 1 + n, 10)
                if held > as_of:
                    continue
                activities.append(
                    LearningActivity(
                        id=LearningActivityId(f"{code}-LA{year}-{n}"),
                        method=method,
                        title=f"{method.value.replace('_', ' ').capitalize()} {year}",
                        held_on=held,
                        lead=by_role.get(lead[method]),
                        evidence=tuple(Evidence),
                        priorities=(priorities[n % len(priorities)].id,),
                        communication_considered_on=held,
                    )
                )
        shared: list[Dissemination] = []

        def share(learning: str, done: date, involved: Sequence[str], review: bool) -> None:
            if rng.random() < 0.05:
                return  # a few stay unshared, as in life
            on = done + timedelta(days=rng.randint(5, 60))
            others = tuple(
                s for r, s in by_role.items() if r is SubgroupRole.LEARNING_AND_DEVELOPMENT
            ) + tuple(s for r, s in by_role.items() if r is SubgroupRole.BUSINESS_GROUP)
            channels = [
                (ShareChannel.PARTNERSHIP, (), ()),
                (ShareChannel.SUBGROUP, others, ()),
                (ShareChannel.WEBSITE, (), ()),
                (ShareChannel.NEWSLETTER, (), ()),
                (ShareChannel.AGENCY_FEEDBACK, (), tuple(involved)),
            ]
            if review:
                channels += [
                    (ShareChannel.PRACTICE_CHANGE, (), ()),
                    (ShareChannel.SERVICE_DEVELOPMENT, (), ()),
                    (ShareChannel.TRAINING, (), ()),
                ]
            for n, (channel, subgroups, agencies) in enumerate(channels):
                shared.append(
                    Dissemination(
                        id=DisseminationId(f"{learning}-DS{n}"),
                        learning=learning,
                        channel=channel,
                        on=on,
                        subgroups=tuple(SubgroupId(s) for s in subgroups),
                        agencies=tuple(AgencyId(a) for a in agencies),
                    )
                )

        for audit in p.audits:
            if (
                audit.kind in (AuditKind.MULTI_AGENCY, AuditKind.SINGLE_AGENCY)
                and audit.completed_on
            ):
                involved = list(
                    dict.fromkeys([*audit.agencies, *(i.agency for i in audit.agency_issues)])
                )
                share(audit.id, audit.completed_on, involved, False)
        for review in p.reviews:
            if review.completed_on:
                share(review.id, review.completed_on, review.agencies_under_review, True)
        for death in p.child_deaths:
            if death.lessons and death.reviewed_on:
                share(death.id, death.reviewed_on, (), False)
        examples = []
        for n, agency in enumerate(agency_ids):
            for year in years:
                shared_on = date(year, 1 + n % 12, 15)
                if shared_on > as_of:
                    continue
                example = PracticeExample(
                    id=PracticeExampleId(f"{code}-PE{n}-{year}"),
                    agency=agency,
                    shared_on=shared_on,
                    summary="Joint visits within a day",
                )
                examples.append(example)
                shared.append(
                    Dissemination(
                        id=DisseminationId(f"{example.id}-DS"),
                        learning=example.id,
                        channel=ShareChannel.NEWSLETTER,
                        on=shared_on + timedelta(days=20),
                    )
                )
        requests = tuple(
            Request(
                id=RequestId(f"{code}-RQ{n}"),
                agency=agency_ids[n % len(agency_ids)],
                kind=kind,
                requested_on=(asked := self.day()),
                due_on=asked + timedelta(days=42),
                met_on=None if rng.random() < 0.1 else asked + timedelta(days=rng.randint(7, 40)),
            )
            for n, kind in enumerate(list(RequestKind) * 3)
        )
        reports = tuple(
            AnnualReport(
                id=AnnualReportId(f"{code}-AR{year}"),
                period_end=date(year, 3, 31),
                published_on=date(year, 9, 1),
                sections=tuple(AnnualReportSection),
            )
            for year in years
            if date(year, 9, 1) <= as_of
        )
        heard: list[tuple[Consulter, ConsultationMethod, date, AgencyId | None]] = []
        duties = [
            (Consulter.LOCAL_AUTHORITY, ConsultationMethod.SURVEY),
            (Consulter.CPRU, ConsultationMethod.FEEDBACK),
            (Consulter.PARTNERSHIP, ConsultationMethod.HEARING),
            (Consulter.PARTNERSHIP, ConsultationMethod.GROUP_PRESENTATION),
            (Consulter.PARTNERSHIP, ConsultationMethod.SURVEY),
        ]
        for year in years:
            for n, (by, how) in enumerate(duties):
                held = date(year, 2 + 2 * n, 1)
                if held <= as_of:
                    heard.append((by, how, held, None))
            for n, agency in enumerate(agency_ids):
                held = date(year, 1 + n % 12, 20)
                if held <= as_of:
                    heard.append((Consulter.AGENCY, ConsultationMethod.FOCUS_GROUP, held, agency))
        consultations = tuple(
            Consultation(
                id=ConsultationId(f"{code}-CY{n}"),
                by=by,
                method=how,
                held_on=held,
                topic="Feeling safe",
                agency=agency,
                service_development=agency is not None,
                young_people=rng.randint(5, 200),
                feedback_to_partnership_on=held + timedelta(days=30),
                changes=("A change to the service",),
            )
            for n, (by, how, held, agency) in enumerate(heard)
        )
        reviewed = [d for d in p.child_deaths if d.reviewed_on]
        evaluations = tuple(
            CdopEvaluation(
                id=CdopEvaluationId(f"{code}-CE{year}-{kind.value}"),
                kind=kind,
                held_on=date(year, 12, 1),
                deaths=tuple(
                    d.id
                    for d in reviewed
                    if d.reviewed_on is not None
                    and d.reviewed_on <= date(year, 12, 1)
                    and (kind is EvaluationKind.DATA or d.modifiable_factors)
                ),
            )
            for year in years
            for kind in EvaluationKind
            if date(year, 12, 1) <= as_of
        )
        courses = tuple(
            attrs.evolve(
                c,
                agencies_attending=tuple(agency_ids),
                trainers_from=(agency_ids[n % len(agency_ids)],),
                impact_evaluated_on=c.delivered_on + timedelta(days=60) if c.delivered_on else None,
            )
            for n, c in enumerate(p.courses)
        )
        feedback = tuple(
            FeedbackReview(
                id=FeedbackReviewId(f"{c.id}-FR"),
                reviewed_on=c.delivered_on + timedelta(days=45),
                courses=(c.id,),
                changes=("A change to the course",),
            )
            for c in p.courses
            if c.delivered_on is not None and c.feedback_responses
        )
        workforce = tuple(
            attrs.evolve(
                w,
                safely_recruited=w.staff * 19 // 20,
                supervised=w.staff * 19 // 20,
                competence_assessed=w.staff * 19 // 20,
                inducted=w.staff * 19 // 20,
                practice_reviewed=w.staff * 19 // 20,
            )
            for w in p.workforce_returns
        )
        audits = tuple(
            attrs.evolve(
                a,
                returned_to=ReturnReceiver.SAFEGUARDING_CHILDREN_COORDINATOR,
                evidence_items=3,
                standards=tuple(Section11Standard),
                practitioners_involved=a.agencies,
            )
            for a in p.audits
        )
        training_audits = tuple(
            Audit(
                id=AuditId(f"{code}-TA{year}"),
                kind=AuditKind.TRAINING,
                title=f"Single agency training audit {year}",
                agencies=tuple(agency_ids),
                completed_on=date(year, 11, 1),
                voice_of_child_questions=True,
            )
            for year in years
            if date(year, 11, 1) <= as_of
        )
        reviews = tuple(
            attrs.evolve(
                r,
                strengths=("Prompt information sharing",),
                family_informed_on=r.decided_on if r.family_invited else None,
                young_people_involved=1,
            )
            for r in p.reviews
        )
        return attrs.evolve(
            p,
            priorities=priorities,
            learning_activities=tuple(activities),
            disseminations=tuple(shared),
            requests=requests,
            practice_examples=tuple(examples),
            annual_reports=reports,
            consultations=consultations,
            cdop_evaluations=evaluations,
            courses=courses,
            feedback_reviews=feedback,
            workforce_returns=workforce,
            audits=audits + training_audits,
            reviews=reviews,
        )

    def meetings(self, subgroups: Sequence[Subgroup]) -> tuple[Meeting, ...]:
        rng, shape = self.rng, self.shape
        gap = 365 // shape.meetings_per_year
        meetings = []
        for subgroup in subgroups:
            day = self.start + timedelta(days=rng.randint(0, gap - 1))
            n = 0
            while day <= self.as_of + timedelta(days=90):
                n += 1
                meetings.append(
                    Meeting(
                        id=MeetingId(f"{subgroup.id}-M{n}"),
                        subgroup=subgroup.id,
                        held_on=day,
                        present=tuple(rng.sample(list(subgroup.members), 5)),
                        cancelled=rng.random() < shape.cancelled_meeting_share,
                    )
                )
                day += timedelta(days=gap + rng.randint(-4, 4))
        return tuple(meetings)

    def action_log(
        self, subgroups: Sequence[Subgroup], agency_ids: Sequence[AgencyId]
    ) -> tuple[Action, ...]:
        rng, shape = self.rng, self.shape
        owners = [s.id for s in subgroups if s.role is not SubgroupRole.BUSINESS_GROUP]
        sources = list(ActionSource)
        actions = []
        for n in range(self.actions):
            raised = self.day()
            due = raised + timedelta(days=rng.choice((30, 60, 90, 120, 180)))
            # old actions are nearly all finished; open ones are mostly recent
            recent = (self.as_of - raised).days < shape.recent_days
            done, closed, waiting = shape.recent_shares if recent else shape.old_shares
            roll = rng.random()
            completed = closure = None
            if roll < done:
                completed = self.day(raised, within=240)
            elif roll < done + closed:
                closure = Closure(
                    on=self.day(raised, within=240),
                    reason="Superseded by a new plan" if rng.random() < 0.9 else None,
                    instead="Covered by the revised plan" if rng.random() < 0.8 else None,
                )
            elif roll < done + closed + waiting:
                due = self.as_of + timedelta(days=rng.randint(1, 120))
            end = completed or (closure.on if closure else self.as_of)
            updates = tuple(
                ProgressUpdate(
                    on=self.day(raised, within=max(0, (end - raised).days)), note="Progress noted"
                )
                for _ in range(rng.randint(0, 3))
            )
            escalations: tuple[Escalation, ...] = ()
            if due < self.as_of and end == self.as_of and rng.random() < shape.escalated_share:
                escalations = (
                    Escalation(on=self.day(due, within=120), to=EscalationLevel.SUBGROUP),
                )
            actions.append(
                Action(
                    id=ActionId(f"{self.code}-A{n}"),
                    title=f"{rng.choice(_VERBS)} {rng.choice(_TOPICS)} practice",
                    source=rng.choice(sources),
                    raised_on=raised,
                    agency=rng.choice(agency_ids) if rng.random() < 0.97 else None,
                    subgroup=rng.choice(owners) if rng.random() < 0.98 else None,
                    due_on=due if rng.random() < 0.97 else None,
                    owner=f"Lead {rng.randint(1, 40)}",
                    success_criteria="Evidence in the next audit" if rng.random() < 0.9 else None,
                    updates=tuple(sorted(updates, key=lambda u: u.on)),
                    escalations=escalations,
                    completed_on=completed,
                    closure=closure,
                )
            )
        return tuple(actions)

    def reports(
        self, subgroups: Sequence[Subgroup], actions: Sequence[Action]
    ) -> tuple[QuarterlyReport, ...]:
        rng = self.rng
        by_subgroup: dict[str, list[Action]] = {}
        for action in actions:
            if action.subgroup is not None:
                by_subgroup.setdefault(action.subgroup, []).append(action)
        reports = []
        for subgroup in subgroups:
            if subgroup.role is SubgroupRole.BUSINESS_GROUP:
                continue
            for quarter in quarters_between(self.start, self.as_of - timedelta(days=1), 4):
                if rng.random() < 0.1 or quarter.end + timedelta(days=60) > self.as_of:
                    continue
                mine = by_subgroup.get(subgroup.id, [])
                covered = [a.id for a in rng.sample(mine, min(len(mine), 5))]
                reports.append(
                    QuarterlyReport(
                        id=ReportId(f"{subgroup.id}-{quarter.label}"),
                        subgroup=subgroup.id,
                        period_end=quarter.end,
                        submitted_on=quarter.end + timedelta(days=rng.randint(10, 50)),
                        actions_covered=tuple(covered),
                        strong_practice=("Joint visits",) if rng.random() < 0.7 else (),
                    )
                )
        return tuple(reports)

    def audits(self, agency_ids: Sequence[AgencyId]) -> tuple[Audit, ...]:
        rng, code = self.rng, self.code
        audits = []
        for n in range(self.per_1000(self.shape.audits_per_1000_actions)):
            kind = rng.choice((AuditKind.MULTI_AGENCY, AuditKind.SINGLE_AGENCY, AuditKind.TRAINING))
            issued = self.day()
            audits.append(
                Audit(
                    id=AuditId(f"{code}-AU{n}"),
                    kind=kind,
                    title=f"Audit of {rng.choice(_TOPICS)}",
                    agencies=tuple(rng.sample(list(agency_ids), 3)),
                    issued_on=issued,
                    completed_on=self.day(issued, within=120) if rng.random() < 0.8 else None,
                    voice_of_child_questions=rng.random() < 0.8,
                    findings=("Plans lacked the child's view",),
                )
            )
        for n, agency in enumerate(agency_ids):
            issued = self.day(self.as_of - timedelta(days=700), within=300)
            audits.append(
                Audit(
                    id=AuditId(f"{code}-S11-{n}"),
                    kind=AuditKind.SECTION_11,
                    title="Section 11 audit",
                    agencies=(agency,),
                    issued_on=issued,
                    return_due_on=issued + timedelta(days=56),
                    returned_on=issued + timedelta(days=rng.randint(20, 90)),
                    voice_of_child_questions=True,
                )
            )
        return tuple(audits)

    def cases(
        self, agency_ids: Sequence[AgencyId], actions: Sequence[Action]
    ) -> tuple[
        tuple[Person, ...],
        tuple[SeriousIncident, ...],
        tuple[RapidReview, ...],
        tuple[CaseReview, ...],
        tuple[ChildDeath, ...],
    ]:
        rng, code = self.rng, self.code
        people: list[Person] = []
        incidents, rapid, reviews, deaths = [], [], [], []
        for n in range(self.per_1000(self.shape.incidents_per_1000_actions)):
            child = PersonId(f"{code}-CH{n}")
            people.append(Person(id=child, role=PersonRole.CHILD, name=self.name()))
            aware = self.day()
            incident = SeriousIncident(
                id=IncidentId(f"{code}-SI{n}"),
                child=child,
                became_aware_on=aware,
                abuse_or_neglect=AbuseOrNeglect.KNOWN,
                outcome=rng.choice((IncidentOutcome.SERIOUS_HARM, IncidentOutcome.DEATH)),
                notified_on=aware + timedelta(days=rng.randint(1, 8)),
                agencies_involved=tuple(rng.sample(list(agency_ids), 3)),
            )
            incidents.append(incident)
            started = aware + timedelta(days=rng.randint(1, 5))
            kind = rng.choice((ReviewType.LOCAL_LEARNING_REVIEW, ReviewType.PRACTICE_REVIEW))
            decided = started + timedelta(days=rng.randint(10, 25))
            if decided > self.as_of:
                continue
            rapid.append(
                RapidReview(
                    id=RapidReviewId(f"{code}-RR{n}"),
                    incident=incident.id,
                    started_on=started,
                    completed_on=decided,
                    meets_statutory_criteria=kind is ReviewType.PRACTICE_REVIEW,
                    insight_potential=True,
                    decision=ReviewDecision(
                        decided_on=decided, review_type=kind, reasons="Learning"
                    ),
                )
            )
            recs = tuple(
                Recommendation(
                    id=RecommendationId(f"{code}-CR{n}-R{r}"),
                    text=f"Improve {rng.choice(_TOPICS)} practice",
                    actions=(rng.choice(actions).id,) if actions else (),
                )
                for r in range(rng.randint(1, 4))
            )
            completed = decided + timedelta(days=rng.randint(90, 240))
            reviews.append(
                CaseReview(
                    id=ReviewId(f"{code}-CR{n}"),
                    type=kind,
                    title=f"Review {n} of {code}",
                    decided_on=decided,
                    incident=incident.id,
                    lead_reviewer=LeadReviewer(name=f"Reviewer {n}"),
                    agencies_under_review=incident.agencies_involved,
                    practitioners_invited=incident.agencies_involved,
                    family_invited=True,
                    child_voice="Recorded from school records",
                    recommendations=recs,
                    completed_on=completed if completed <= self.as_of else None,
                )
            )
        categories = list(DeathCategory)
        for n in range(self.per_1000(self.shape.deaths_per_1000_actions)):
            child = PersonId(f"{code}-CD{n}")
            people.append(Person(id=child, role=PersonRole.CHILD, name=self.name()))
            died = self.day()
            reviewed = died + timedelta(days=rng.randint(60, 400))
            deaths.append(
                ChildDeath(
                    id=ChildDeathId(f"{code}-D{n}"),
                    child=child,
                    died_on=died,
                    normally_resident=rng.random() < 0.95,
                    abuse_or_neglect=AbuseOrNeglect.NOT_SUSPECTED,
                    reviewed_on=reviewed if reviewed <= self.as_of else None,
                    category=rng.choice(categories) if reviewed <= self.as_of else None,
                    modifiable_factors=rng.random() < 0.3 if reviewed <= self.as_of else None,
                )
            )
        return tuple(people), tuple(incidents), tuple(rapid), tuple(reviews), tuple(deaths)

    def outputs(
        self, reviews: Sequence[CaseReview], audits: Sequence[Audit]
    ) -> tuple[LearningOutput, ...]:
        rng, code = self.rng, self.code
        outputs = []
        for n in range(self.per_1000(self.shape.outputs_per_1000_actions)):
            review = rng.choice(reviews) if reviews and rng.random() < 0.4 else None
            audit = rng.choice(audits) if review is None and rng.random() < 0.5 else None
            planned = self.day()
            outputs.append(
                LearningOutput(
                    id=LearningOutputId(f"{code}-LO{n}"),
                    kind=rng.choice((OutputKind.LEARNING_SUMMARY, OutputKind.BRIEFING)),
                    channel=rng.choice((Channel.WEBSITE, Channel.NEWSLETTER, Channel.EMAIL)),
                    title=f"Learning about {rng.choice(_TOPICS)}",
                    text="What practitioners should do next.",
                    review=review.id if review else None,
                    audit=audit.id if audit else None,
                    planned_on=planned,
                    published_on=self.day(planned, within=60) if rng.random() < 0.7 else None,
                )
            )
        return tuple(outputs)
