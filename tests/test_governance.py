"""Invariants of the framework, checked on generated partnerships.

Each states what the framework requires, whatever the records: "if the
timescale for achieving the action is unmet within two meeting cycles ...
there should be active escalation" (DI-5), and what follows from it.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

import attrs
from hypothesis import given
from hypothesis import strategies as st

import kscp_core
from kscp_core import Partnership
from kscp_core.engine import Engine
from kscp_core.model.actions import (
    Action,
    ActionId,
    ActionSource,
    Escalation,
    EscalationLevel,
    ProgressUpdate,
)
from kscp_core.model.agencies import Agency, AgencyId, AgencyKind, PartnershipChair
from kscp_core.model.incidents import AbuseOrNeglect, IncidentId, IncidentOutcome, SeriousIncident
from kscp_core.model.meetings import Meeting, MeetingId
from kscp_core.model.people import Person, PersonId, PersonRole
from kscp_core.model.publication import CourtOrder, CourtOrderId, CourtOrderKind
from kscp_core.model.reviews import CaseReview, ReviewId, ReviewType
from kscp_core.model.subgroups import Subgroup, SubgroupId, SubgroupRole
from kscp_core.model.working_days import working_days_between
from kscp_core.rulebook import RuleBook
from kscp_core.testing.strategies import SPAN, partnerships

ENGINE = Engine()
DUE = date(2025, 3, 31)


def one_action(meeting_days: list[date], **changes: object) -> Partnership:
    """A partnership with one open action due 31 March 2025, updated at every meeting."""
    action = Action(
        id=ActionId("A-1"),
        title="An action",
        source=ActionSource.MEETING,
        raised_on=date(2025, 1, 2),
        agency=AgencyId("police"),
        subgroup=SubgroupId("se"),
        due_on=DUE,
        updates=tuple(ProgressUpdate(on=d, note="update") for d in meeting_days),
    )
    return Partnership(
        name="P",
        chair=PartnershipChair(name="C"),
        agencies=(Agency(id=AgencyId("police"), name="Police", kind=AgencyKind.POLICE),),
        subgroups=(
            Subgroup(id=SubgroupId("se"), name="SE", role=SubgroupRole.OTHER, chair="Chair"),
        ),
        meetings=tuple(
            Meeting(id=MeetingId(f"m{i}"), subgroup=SubgroupId("se"), held_on=d)
            for i, d in enumerate(meeting_days)
        ),
        actions=(attrs.evolve(action, **changes),),
    )


meeting_days = st.lists(
    st.dates(date(2025, 1, 3), date(2025, 12, 31)), unique=True, max_size=8
).map(sorted)


def escalated(p: Partnership, as_of: date, engine: Engine = ENGINE) -> bool:
    return any(f.id == "escalation.two_cycles:A-1" for f in engine.evaluate(p, as_of))


QUIET = int(ENGINE.rulebook.parameter_values(DUE)["cycle_fallback_days"])


def cycles_after(start: date, meetings: list[date], as_of: date, raised: date) -> int:
    """Meeting cycles ended after ``start`` by ``as_of``, walked a day at a time.

    A cycle ends at each meeting held, and when QUIET days have passed since
    the last end (or since the action was raised) without a meeting.
    """
    held = {d for d in meetings if raised < d <= as_of}
    count, last, today = 0, raised, raised
    while today < as_of:
        today += timedelta(days=1)
        if today in held or (today - last).days == QUIET:
            last = today
            count += today > start
    return count


@given(days=meeting_days, as_of=st.dates(date(2025, 1, 3), date(2026, 3, 31)))
def test_an_overdue_action_is_escalated_exactly_when_two_cycles_have_passed(
    days: list[date], as_of: date
) -> None:
    cycles = cycles_after(DUE, days, as_of, raised=date(2025, 1, 2))
    overdue = as_of > DUE
    assert escalated(one_action(days), as_of) == (overdue and cycles >= 2)


@given(days=meeting_days, late=st.integers(0, 400))
def test_nothing_escapes_escalation_by_the_subgroup_not_meeting(
    days: list[date], late: int
) -> None:
    """Whatever the subgroup's meetings, an open action is escalated two quiet spells past due."""
    as_of = DUE + timedelta(days=2 * QUIET + late)
    assert escalated(one_action(days), as_of)


@given(
    days=meeting_days,
    first=st.dates(date(2025, 4, 1), date(2025, 12, 31)),
    later=st.integers(0, 400),
)
def test_moving_as_of_later_never_removes_an_escalation_of_an_unchanged_open_action(
    days: list[date], first: date, later: int
) -> None:
    p = one_action(days)
    if escalated(p, first):
        assert escalated(p, first + timedelta(days=later))


@given(partnership=partnerships(), as_of=st.dates(*SPAN), data=st.data())
def test_completing_an_action_removes_all_its_findings(
    partnership: Partnership, as_of: date, data: st.DataObject
) -> None:
    raised = [a for a in partnership.actions if a.raised_on <= as_of]
    if not raised:
        return
    action = data.draw(st.sampled_from(raised))
    done = attrs.evolve(action, completed_on=action.raised_on, closure=None)
    after = ENGINE.evaluate(
        attrs.evolve(
            partnership, actions=tuple(done if a is action else a for a in partnership.actions)
        ),
        as_of,
    )
    assert not [f for f in after if f.subject_kind == "actions" and f.subject == action.id]


@given(partnership=partnerships(), as_of=st.dates(*SPAN), seed=st.integers(0, 1000))
def test_findings_do_not_depend_on_the_order_of_records(
    partnership: Partnership, as_of: date, seed: int
) -> None:
    rng = random.Random(seed)
    shuffled = {}
    for field in attrs.fields(Partnership):
        value = getattr(partnership, field.name)
        if isinstance(value, tuple):
            items = list(value)
            rng.shuffle(items)
            shuffled[field.name] = tuple(items)
    assert ENGINE.evaluate(attrs.evolve(partnership, **shuffled), as_of) == ENGINE.evaluate(
        partnership, as_of
    )


_ENGINES: dict[int, Engine] = {}


def engine_with_cycles(k: int, folder: Path) -> Engine:
    if k not in _ENGINES:
        (folder / f"k{k}").mkdir(exist_ok=True)
        (folder / f"k{k}" / "local.yaml").write_text(
            "parameters:\n  escalation_cycles:\n    values:\n"
            f'      - {{value: {k}, from: "2000-01-01", source: "test", status: local choice}}\n',
            encoding="utf-8",
        )
        _ENGINES[k] = Engine(RuleBook.load(overlay=folder / f"k{k}"))
    return _ENGINES[k]


@given(k=st.integers(1, 4), days=meeting_days, as_of=st.dates(date(2025, 4, 1), date(2026, 3, 31)))
def test_an_overlay_moves_the_escalation_threshold_to_exactly_k(
    tmp_path_factory: object, k: int, days: list[date], as_of: date
) -> None:
    folder = Path(getattr(tmp_path_factory, "getbasetemp")()) / "cycles"  # noqa: B009
    folder.mkdir(exist_ok=True)
    cycles = cycles_after(DUE, days, as_of, raised=date(2025, 1, 2))
    assert escalated(one_action(days), as_of, engine_with_cycles(k, folder)) == (cycles >= k)


@given(partnership=partnerships(others=(0, 3)), fmt=st.sampled_from(["yaml", "json"]))
def test_loading_what_was_saved_gives_back_the_same_records(
    partnership: Partnership, fmt: str
) -> None:
    assert kscp_core.loads(kscp_core.dumps(partnership, fmt), fmt) == partnership


@given(partnership=partnerships(actions=(1, 8)), as_of=st.dates(*SPAN), data=st.data())
def test_a_recorded_escalation_discharges_the_duty_and_moves_it_up(
    partnership: Partnership, as_of: date, data: st.DataObject
) -> None:
    """DI-4, DI-5: the chair who escalates, as asked, is asked no more; the next rung owns it."""
    asked = {
        f.subject
        for f in ENGINE.evaluate(partnership, as_of)
        if f.rule in ("escalation.two_cycles", "escalation.drift")
    }
    if not asked:
        return
    target = data.draw(st.sampled_from(sorted(asked)))

    def recorded(to: EscalationLevel, p: Partnership) -> Partnership:
        # still open later, and escalated only as this test records it
        actions = tuple(
            attrs.evolve(
                a,
                escalations=(
                    *(e for e in a.escalations if e.on <= as_of),
                    Escalation(on=as_of, to=to),
                ),
                completed_on=None,
                closure=None,
            )
            if a.id == target
            else a
            for a in p.actions
        )
        return attrs.evolve(p, actions=actions)

    to_subgroup = recorded(EscalationLevel.SUBGROUP, partnership)
    after = [f for f in ENGINE.evaluate(to_subgroup, as_of) if f.subject == target]
    assert not [f for f in after if f.rule in ("escalation.two_cycles", "escalation.drift")]
    # the next rung: the Partnership Chair, once the further cycles pass, until recorded too
    later = as_of + timedelta(days=QUIET * 3)
    on_the_chair = [
        f
        for f in ENGINE.evaluate(to_subgroup, later)
        if f.subject == target and f.rule == "escalation.partnership_chair"
    ]
    assert on_the_chair
    to_chair = recorded(EscalationLevel.PARTNERSHIP_CHAIR, to_subgroup)
    assert not [
        f
        for f in ENGINE.evaluate(to_chair, later)
        if f.subject == target and f.rule.startswith("escalation.")
    ]


# rules whose breach asks for a review's report or summary to be published
_ASK_TO_PUBLISH = {"reviews.report_unpublished", "publication.learning_unshared"}


def _children_of_cases(partnership: Partnership) -> dict[str, str]:
    return {i.id: i.child for i in partnership.incidents}


def _orders_cover(partnership: Partnership, cases: set[str], children: set[str], on: date) -> bool:
    child_of = _children_of_cases(partnership)
    return any(
        o.in_force(on) and (o.case in cases or child_of.get(o.case) in children)
        for o in partnership.court_orders
    )


@st.composite
def reviews_near_their_deadlines(draw: st.DrawFn) -> tuple[Partnership, date]:
    """One practice review completed and sent around its six months, and a day near then."""
    decided = draw(st.dates(date(2024, 6, 1), date(2025, 6, 30)))
    completed = decided + timedelta(days=draw(st.integers(150, 200)))
    sent = draw(st.none() | st.just(completed + timedelta(days=draw(st.integers(0, 10)))))
    published = None
    if sent is not None and draw(st.integers(0, 3)) == 0:
        published = sent + timedelta(days=draw(st.integers(0, 20)))
    review = CaseReview(
        id=ReviewId("r"),
        type=ReviewType.PRACTICE_REVIEW,
        title="A review",
        decided_on=decided,
        incident=IncidentId("i"),
        completed_on=completed,
        report_sent_on=sent,
        published_on=published,
        unpublished_reason=draw(st.sampled_from([None, None, None, "harm to a sibling"])),
    )
    orders = ()
    if draw(st.integers(0, 2)) == 0:
        start = completed + timedelta(days=draw(st.integers(-60, 30)))
        ends = draw(st.none() | st.just(start + timedelta(days=draw(st.integers(0, 90)))))
        orders = (
            CourtOrder(
                id=CourtOrderId("co"),
                kind=CourtOrderKind.REPORTING_RESTRICTION,
                case=IncidentId("i"),
                starts_on=start,
                ends_on=ends,
            ),
        )
    child = Person(id=PersonId("c"), role=PersonRole.CHILD, name="Ivy Marlow", cases=("i",))
    incident = SeriousIncident(
        id=IncidentId("i"),
        child=PersonId("c"),
        became_aware_on=decided - timedelta(days=30),
        abuse_or_neglect=AbuseOrNeglect.KNOWN,
        outcome=IncidentOutcome.SERIOUS_HARM,
        notified_on=decided - timedelta(days=29),
    )
    partnership = Partnership(
        name="P",
        chair=PartnershipChair(name="C"),
        people=(child,),
        incidents=(incident,),
        reviews=(review,),
        court_orders=orders,
    )
    as_of = (sent or completed) + timedelta(days=draw(st.integers(0, 20)))
    return partnership, as_of


@given(case=reviews_near_their_deadlines())
def test_no_review_is_in_breach_for_not_publishing_when_publishing_is_forbidden(
    case: tuple[Partnership, date],
) -> None:
    test_no_record_is_in_breach_for_not_doing_what_another_rule_forbids.hypothesis.inner_test(*case)


@given(partnership=partnerships(others=(1, 3)), as_of=st.dates(*SPAN))
def test_no_record_is_in_breach_for_not_doing_what_another_rule_forbids(
    partnership: Partnership, as_of: date
) -> None:
    """No finding asks for a report to be published on a day publishing it is forbidden.

    Publishing is forbidden before the notice after sending the report to the
    Panel has passed (reviews.report_not_sent_before_publication), and while a
    court order covers the case (publication.court_order, CONF-3).
    """
    notice = int(ENGINE.rulebook.parameter_values(as_of)["send_before_working_days"])
    reviews = {r.id: r for r in partnership.reviews}
    child_of = _children_of_cases(partnership)
    for finding in ENGINE.evaluate(partnership, as_of):
        if finding.rule not in _ASK_TO_PUBLISH:
            continue
        review = reviews[finding.subject]
        sent = review.report_sent_on
        if sent is not None and sent <= as_of:
            assert working_days_between(sent, as_of) >= notice, finding.id
        if review.incident is not None:
            children = {child_of[review.incident]} if review.incident in child_of else set()
            assert not _orders_cover(partnership, {review.incident}, children, as_of), finding.id


@given(partnership=partnerships(others=(1, 3)), as_of=st.dates(*SPAN), data=st.data())
def test_the_gate_sees_every_published_field_through_every_link(
    partnership: Partnership, as_of: date, data: st.DataObject
) -> None:
    """An output is blocked by an order on its child however it is linked, and by a name anywhere.

    Its links: its case, its review's case, a child death whose lessons it
    carries (that death's case and child); each case brings its child.
    """
    if partnership.people and partnership.learning_outputs:  # a name in one output's title
        person = data.draw(st.sampled_from(partnership.people))
        named = data.draw(st.sampled_from(partnership.learning_outputs)).id
        outputs = tuple(
            attrs.evolve(o, title=f"Learning about {person.name}") if o.id == named else o
            for o in partnership.learning_outputs
        )
        partnership = attrs.evolve(partnership, learning_outputs=outputs)
    else:
        named = None
    found = {(f.rule, f.subject) for f in ENGINE.evaluate(partnership, as_of)}
    child_of = _children_of_cases(partnership)
    reviews = {r.id: r for r in partnership.reviews}
    for output in partnership.learning_outputs:
        withdrawn = output.withdrawn_on is not None and output.withdrawn_on <= as_of
        published = output.published_on is not None and output.published_on <= as_of
        when = output.published_on if published else output.planned_on
        if withdrawn or when is None:
            continue
        cases = {output.case} if output.case else set()
        review = reviews.get(output.review) if output.review else None
        if review is not None and review.incident is not None:
            cases.add(review.incident)
        children = {child_of[c] for c in cases if c in child_of}
        for death in partnership.child_deaths:
            if death.lessons_output == output.id:
                children.add(death.child)
                if death.incident is not None:
                    cases.add(death.incident)
                    children.add(child_of.get(death.incident, death.child))
        blocked = ("publication.court_order", output.id) in found
        assert blocked == _orders_cover(partnership, cases, children, when), output.id
        if cases or children:  # about a child: its welfare impact must be considered
            considered = output.welfare is not None and output.welfare.considered_on <= as_of
            if not considered:
                assert ("publication.welfare_unassessed", output.id) in found, output.id
        if output.id == named:
            assert ("publication.personal_data", output.id) in found, output.id
