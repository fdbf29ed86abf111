"""Hypothesis strategies for every record of a partnership, valid by construction.

Strategies are plural nouns (``actions()``, ``meetings()``, ``partnerships()``).
Records they produce are valid: ids resolve, dates are in order, and states
are consistent (an action is never both completed and closed). Parameters
steer them; they shrink towards small partnerships with early, simple dates.
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from kscp_core.actions import (
    Action,
    ActionId,
    ActionSource,
    Closure,
    Escalation,
    EscalationLevel,
    ProgressUpdate,
)
from kscp_core.agencies import Agency, AgencyId, AgencyKind, FeedbackMechanism, PartnershipChair
from kscp_core.meetings import Meeting, MeetingId
from kscp_core.partnership import Partnership
from kscp_core.subgroups import Subgroup, SubgroupId, SubgroupRole

__all__ = [
    "actions",
    "agencies",
    "closures",
    "dates",
    "escalations",
    "meetings",
    "partnerships",
    "progress_updates",
    "subgroups",
    "texts",
]

SPAN = (date(2024, 4, 1), date(2026, 3, 31))


def texts(max_size: int = 20) -> st.SearchStrategy[str]:
    """Short printable text, such as a title or a note."""
    return st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=max_size
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


def partnerships(
    *,
    agencies: tuple[int, int] = (1, 4),
    subgroups: tuple[int, int] = (1, 3),
    meetings: tuple[int, int] = (0, 12),
    actions: tuple[int, int] = (0, 8),
    span: tuple[date, date] = SPAN,
) -> st.SearchStrategy[Partnership]:
    """A partnership whose agencies, subgroups, meetings and actions all resolve.

    Each argument but ``span`` is a (least, most) count of that record.
    """
    agency_strategy = globals()["agencies"]
    subgroup_strategy = globals()["subgroups"]
    meeting_strategy = globals()["meetings"]
    action_strategy = globals()["actions"]

    @st.composite
    def build(draw: st.DrawFn) -> Partnership:
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
        return Partnership(
            name=draw(texts()),
            chair=PartnershipChair(name=draw(texts())),
            agencies=tuple(agency_list),
            subgroups=tuple(subgroup_list),
            meetings=tuple(meeting_list),
            actions=tuple(action_list),
        )

    return build()
