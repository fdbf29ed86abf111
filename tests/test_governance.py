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
from kscp_core.model.meetings import Meeting, MeetingId
from kscp_core.model.subgroups import Subgroup, SubgroupId, SubgroupRole
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
