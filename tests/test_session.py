"""The Session: after any sequence of changes, its findings equal a full evaluation."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kscp_core
from kscp_core import Partnership
from kscp_core.engine import Engine, NewDate, Removed
from kscp_core.engine import session as session_module
from kscp_core.errors import EvaluationError, KscpError, RecordsError, UsageError
from kscp_core.model.actions import (
    Action,
    ActionId,
    ActionSource,
    Closure,
    Escalation,
    EscalationLevel,
    ProgressUpdate,
)
from kscp_core.model.agencies import Agency, AgencyId, AgencyKind, PartnershipChair
from kscp_core.model.meetings import Meeting, MeetingId
from kscp_core.model.partnership import referring_records
from kscp_core.model.subgroups import Subgroup, SubgroupId, SubgroupRole
from kscp_core.testing.strategies import SPAN, actions, meetings, partnerships

ENGINE = Engine()
AS_OF = date(2025, 11, 14)


@st.composite
def changes(draw: st.DrawFn, partnership: Partnership) -> list[object]:
    agency_ids = [a.id for a in partnership.agencies]
    subgroup_ids = [s.id for s in partnership.subgroups]
    steps: list[object] = []
    for n in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(
                [
                    "action",
                    "meeting",
                    "date",
                    "remove",
                    "complete",
                    "move",
                    "update",
                    "refused",
                    "added and removed",
                    "two versions",
                    "meeting moved",
                    "meeting removed",
                    "record again",
                ]
            )
        )
        if kind == "action":
            steps.append(draw(actions(agency_ids, subgroup_ids, action_id=f"new-{n}")))
        elif kind == "refused":
            new = draw(actions(agency_ids, subgroup_ids, action_id=f"bad-{n}"))
            steps.append(
                draw(
                    st.sampled_from(
                        [
                            attrs.evolve(new, due_on="2025-01-01"),  # text where a date goes
                            attrs.evolve(new, title=None),
                            NewDate(date(9999, 12, 31)),
                            "not a record",
                        ]
                    )
                )
            )
        elif kind == "added and removed":
            new = draw(actions(agency_ids, subgroup_ids, action_id=f"gone-{n}"))
            steps += [new, Removed("actions", new.id)]
        elif kind == "two versions" and partnership.actions:
            target = draw(st.sampled_from(partnership.actions))
            later = target.raised_on + timedelta(days=draw(st.integers(0, 900)))
            steps += [
                attrs.evolve(target, completed_on=None, closure=None),
                attrs.evolve(target, raised_on=later, completed_on=None, closure=None),
            ]
        elif kind == "meeting":
            steps.append(draw(meetings(subgroup_ids, agency_ids, meeting_id=f"new-m{n}")))
        elif kind == "meeting moved" and partnership.meetings and subgroup_ids:
            target = draw(st.sampled_from(partnership.meetings))
            steps.append(
                attrs.evolve(
                    target,
                    subgroup=draw(st.sampled_from(subgroup_ids)),
                    held_on=draw(st.dates(*SPAN)),
                    cancelled=draw(st.booleans()),
                )
            )
        elif kind == "meeting removed" and partnership.meetings:
            steps.append(Removed("meetings", draw(st.sampled_from(partnership.meetings)).id))
        elif kind == "record again":
            # a record of another kind posted again as it stands: nothing may change
            name = draw(st.sampled_from(_REPOSTED))
            records = getattr(partnership, name)
            if records:
                steps.append(draw(st.sampled_from(records)))
        elif kind == "date":
            steps.append(NewDate(draw(st.dates(SPAN[0], SPAN[1] + timedelta(days=90)))))
        elif partnership.actions:
            target = draw(st.sampled_from(partnership.actions))
            if kind == "remove":
                steps.append(Removed("actions", target.id))
            elif kind == "move":
                steps.append(
                    attrs.evolve(
                        target,
                        subgroup=draw(st.sampled_from([None, *subgroup_ids])),
                        due_on=draw(st.none() | st.dates(*SPAN)),
                    )
                )
            elif kind == "update":
                on = draw(st.dates(target.raised_on, SPAN[1]))
                steps.append(
                    attrs.evolve(
                        target,
                        updates=(*target.updates, ProgressUpdate(on=on, note="n")),
                        escalations=(
                            *target.escalations,
                            Escalation(on=on, to=draw(st.sampled_from(EscalationLevel))),
                        ),
                    )
                )
            else:
                steps.append(attrs.evolve(target, completed_on=target.raised_on, closure=None))
    return steps


#: collections a sequence of posts may post a record of again, as it stands
_REPOSTED = ("audits", "quarterly_reports", "reviews", "courses", "learning_outputs", "requests")


def _refused(change: object, records: Partnership) -> bool:
    """Whether a change is one no post may take, given the records as they stand."""
    if isinstance(change, Removed):  # another record still names it
        return bool(referring_records(records, change.collection, change.id))
    if isinstance(change, NewDate):
        return change.as_of.year > 2199
    if isinstance(change, Action):
        return not isinstance(change.due_on, date | None) or not isinstance(change.title, str)
    try:
        session_module.collection_of(change)  # a record of some collection: taken
    except UsageError:
        return True
    return False


@pytest.mark.fuzz  # make fuzz runs it with 20,000 sequences of posts
@given(data=st.data())
def test_a_session_after_any_changes_equals_a_full_evaluation(data: st.DataObject) -> None:
    partnership = data.draw(partnerships(), label="partnership")
    as_of = data.draw(st.dates(SPAN[0], SPAN[1]), label="as_of")
    with ENGINE.session(partnership, as_of) as session:
        assert session.findings == ENGINE.evaluate(partnership, as_of)
        steps = data.draw(changes(partnership), label="changes")
        cuts = sorted(
            data.draw(st.sets(st.integers(1, max(1, len(steps))), max_size=3), label="cuts")
        )
        for start, end in zip([0, *cuts], [*cuts, len(steps)], strict=True):
            if start == end:
                continue
            told = {
                f.id: (f.message, f.falls_due, f.severity, f.recipient) for f in session.findings
            }
            before = set(told)
            posted = steps[start:end]
            if any(_refused(change, session.partnership) for change in posted):
                findings, records, day = session.findings, session.partnership, session.as_of
                with pytest.raises(KscpError):
                    session.post(*posted)
                # refused whole: nothing changed
                assert session.findings == findings
                assert session.partnership == records
                assert session.as_of == day
                continue
            result = session.post(*posted)
            expected = ENGINE.evaluate(session.partnership, session.as_of)
            assert session.findings == expected
            after = {f.id for f in expected}
            assert {f.id for f in result.raised} == after - before
            assert {f.id for f in result.resolved} == before - after
            now = {f.id: (f.message, f.falls_due, f.severity, f.recipient) for f in expected}
            assert {c.after.id for c in result.changed} == {
                i for i in before & after if told[i] != now[i]
            }


def test_completing_an_action_resolves_its_findings(example: Partnership) -> None:
    with ENGINE.session(example, AS_OF) as session:
        target = next(a for a in example.actions if "drifting, on to the" in a.title)
        mine = {f.id for f in session.findings if f.subject == target.id}
        assert mine
        result = session.post(attrs.evolve(target, completed_on=AS_OF))
        assert {f.id for f in result.resolved} == mine
        assert not result.raised


def test_a_meeting_held_and_the_date_moving_on_raise_an_escalation() -> None:
    partnership = Partnership(
        name="P",
        chair=PartnershipChair(name="C"),
        agencies=(Agency(id=AgencyId("police"), name="Police", kind=AgencyKind.POLICE),),
        subgroups=(
            Subgroup(id=SubgroupId("se"), name="SE", role=SubgroupRole.OTHER, chair="Chair"),
        ),
        actions=(
            Action(
                id=ActionId("A-1"),
                title="t",
                source=ActionSource.MEETING,
                raised_on=date(2025, 1, 1),
                agency=AgencyId("police"),
                subgroup=SubgroupId("se"),
                due_on=date(2025, 2, 1),
                updates=(ProgressUpdate(on=date(2025, 3, 1), note="n"),),
            ),
        ),
        meetings=(
            Meeting(id=MeetingId("m1"), subgroup=SubgroupId("se"), held_on=date(2025, 3, 5)),
        ),
    )
    with ENGINE.session(partnership, date(2025, 3, 6)) as session:
        assert "escalation.two_cycles:A-1" not in {f.id for f in session.findings}
        second = Meeting(id=MeetingId("m2"), subgroup=SubgroupId("se"), held_on=date(2025, 4, 2))
        assert not session.post(second).raised  # not held yet as of 6 March
        raised = session.post(NewDate(date(2025, 4, 2))).raised
        assert "escalation.two_cycles:A-1" in {f.id for f in raised}


def test_posting_something_that_is_not_a_record_is_an_error(example: Partnership) -> None:
    with ENGINE.session(example, AS_OF) as session, pytest.raises(UsageError):
        session.post("not a record")


def test_a_closed_session_says_so_and_keeps_its_last_findings(example: Partnership) -> None:
    with ENGINE.session(example, AS_OF) as session:
        findings = session.findings
    with pytest.raises(UsageError, match="closed"):
        session.post(NewDate(date(2025, 12, 1)))
    with pytest.raises(UsageError, match="closed"):
        session.post(Removed("actions", example.actions[0].id))
    assert session.findings == findings
    session.close()  # closing twice is harmless


def test_posting_an_action_does_not_derive_the_whole_partnership_again(
    example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ENGINE.session(example, AS_OF) as session:
        monkeypatch.setattr(session_module, "iter_facts", _must_not_run)
        target = next(a for a in example.actions if a.state(AS_OF).value == "open")
        session.post(attrs.evolve(target, completed_on=AS_OF))
        monkeypatch.undo()
        assert session.findings == ENGINE.evaluate(session.partnership, AS_OF)


def _must_not_run(*_: object, **__: object) -> None:
    raise AssertionError("the whole partnership was projected again")


class _FailingCalendar:
    """A host's calendar that fails once when armed: a failure in the middle of a post."""

    armed = False

    def is_working_day(self, day: date) -> bool:
        if self.armed:
            self.armed = False
            raise RuntimeError("the host's calendar service is down")
        return day.weekday() < 5


def test_a_post_that_fails_halfway_leaves_the_session_as_it_was(example: Partnership) -> None:
    calendar = _FailingCalendar()
    engine = Engine(ENGINE.rulebook, calendar=calendar)
    with engine.session(example, AS_OF) as session:
        findings, records = session.findings, session.partnership
        calendar.armed = True
        with pytest.raises(EvaluationError, match="nothing changed") as raised:
            session.post(NewDate(date(2026, 6, 1)))
        assert isinstance(raised.value.__cause__, RuntimeError)
        assert session.as_of == AS_OF
        assert session.findings == findings
        assert session.partnership == records
        # and it goes on working
        done = next(a for a in example.actions if a.state(AS_OF).value == "open")
        session.post(attrs.evolve(done, completed_on=AS_OF))
        assert session.findings == engine.evaluate(session.partnership, AS_OF)


def test_an_actions_only_post_that_fails_halfway_is_undone(
    example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kscp_core.facts import ActionFacts

    with ENGINE.session(example, AS_OF) as session:
        first, second = [a for a in example.actions if a.state(AS_OF).value == "open"][:2]
        session.post(first)  # after an actions-only post the Session keeps only its actions
        findings, records = session.findings, example  # (reading .partnership would rebuild it)
        original = ActionFacts.facts
        failures = [RuntimeError("a projector failed once")]

        def failing(self: ActionFacts, action: Action) -> list[object]:
            if action.id == second.id and failures:
                raise failures.pop()
            return original(self, action)  # type: ignore[return-value]

        monkeypatch.setattr(ActionFacts, "facts", failing)
        with pytest.raises(EvaluationError, match="nothing changed"):
            session.post(
                attrs.evolve(first, completed_on=AS_OF), attrs.evolve(second, completed_on=AS_OF)
            )
        monkeypatch.undo()
        assert session.findings == findings
        assert session.partnership == records
        session.post(first)  # unchanged: the records are now rebuilt from the Session's own
        assert session.partnership == records
        assert session.findings == findings


def test_a_post_is_checked_as_loading_would_and_refused_whole(example: Partnership) -> None:
    """Issue: posts took records the loader refuses (a subgroup that does not exist)."""
    with ENGINE.session(example, AS_OF) as session:
        before, records = session.findings, session.partnership
        open_action = next(
            a for a in example.actions if a.state(AS_OF).value == "open" and a.subgroup
        )
        with pytest.raises(RecordsError, match=r"actions\.subgroup: 'nope' is not the id"):
            session.post(attrs.evolve(open_action, subgroup="nope"))
        # a subgroup posted in the same post, before the action naming it, is there
        new = Subgroup(id=SubgroupId("new-sg"), name="New", role=SubgroupRole.OTHER, chair="C")
        session.post(new, attrs.evolve(open_action, subgroup="new-sg"))
        session.post(attrs.evolve(open_action))
        session.post(Removed("subgroups", "new-sg"))
        with pytest.raises(RecordsError, match="which the post removes"):
            session.post(Removed("subgroups", open_action.subgroup))
        assert session.findings == before
        assert session.partnership == records


def test_an_action_completed_before_it_was_raised_is_refused_where_it_is_made() -> None:
    with pytest.raises(UsageError, match="completed before it was raised"):
        Action(
            id=ActionId("A"),
            title="T",
            source=ActionSource.MEETING,
            raised_on=date(2025, 3, 1),
            completed_on=date(2025, 2, 1),
        )


def test_a_finding_told_anew_is_reported_as_changed_with_json(example: Partnership) -> None:
    """Issue: moving a due date changed a finding's message, and the host was not told."""
    with ENGINE.session(example, AS_OF) as session:
        overdue = next(f for f in session.findings if f.rule == "actions.overdue")
        action = example.by_id("actions")[overdue.subject]
        assert action.due_on is not None
        result = session.post(attrs.evolve(action, due_on=action.due_on - timedelta(days=30)))
        told = [c for c in result.changed if c.after.id == overdue.id]
        assert told
        assert told[0].before.message != told[0].after.message
        data = result.to_json()
        assert set(data) == {"raised", "resolved", "changed"}
        assert any(c["after"]["id"] == overdue.id for c in data["changed"])
        assert not session.post(NewDate(AS_OF))  # nothing changed, nothing told


def test_one_record_to_plain_data_and_back_with_the_loaders_strictness(
    example: Partnership,
) -> None:
    import kscp_core

    action = example.actions[0]
    data = kscp_core.unstructure_record(action)
    assert kscp_core.structure_record(data, Action) == action
    with pytest.raises(RecordsError, match="raised_on"):
        kscp_core.structure_record({**data, "raised_on": "soon"}, Action, "posted action")
    assert example.get("actions", action.id) == action
    assert example.get("actions", "no such action") is None
    with pytest.raises(UsageError, match="no collection"):
        example.get("actoins", action.id)


def test_an_action_both_completed_and_closed_is_a_kscp_error_where_it_is_made() -> None:
    """Issue: a plain ValueError, which a host's handler of KscpError does not catch."""
    with pytest.raises(KscpError, match="either completed or closed"):
        Action(
            id=ActionId("A"),
            title="T",
            source=ActionSource.MEETING,
            raised_on=date(2025, 3, 1),
            completed_on=date(2025, 3, 2),
            closure=Closure(on=date(2025, 3, 2), reason="r", instead="i"),
        )


def test_a_post_the_loader_would_refuse_later_is_refused_now(example: Partnership) -> None:
    """Found by a review: a person named like an id, an id with '/', a link and its
    removal in one post were taken, and the records then failed to load."""
    with ENGINE.session(example, AS_OF) as session:
        before = session.findings
        agency, action = example.agencies[0], example.actions[0]
        person = next(p for p in example.people)
        with pytest.raises(RecordsError, match="holds a name of a person"):
            session.post(attrs.evolve(person, name=agency.id.replace("-", " ").title()))
        with pytest.raises(RecordsError, match="may not contain '/'"):
            session.post(attrs.evolve(agency, id=AgencyId("a/b")))
        with pytest.raises(RecordsError, match="which the same post removes"):
            session.post(
                attrs.evolve(agency, id=AgencyId("zz-new")),
                attrs.evolve(action, agency=AgencyId("zz-new")),
                Removed("agencies", "zz-new"),
            )
        assert session.findings == before
        reloaded = kscp_core.structure(kscp_core.unstructure(session.partnership))
        assert reloaded == session.partnership


def test_a_post_that_moves_only_a_findings_deadline_reports_it_changed(
    example: Partnership,
) -> None:
    """A host keeping findings from Changes must learn of a new 'due' date too."""
    import datetime

    as_of = datetime.date(2025, 11, 14)
    engine = Engine()
    before = {f.id: f for f in engine.evaluate(example, as_of, method="python")}
    finding = next(f for f in before.values() if f.rule == "escalation.two_cycles")
    action = example.get("actions", finding.subject)
    assert action is not None
    assert action.due_on is not None
    for delta in (1, 2, 3, 5, -1, -2, -3):
        moved = attrs.evolve(action, due_on=action.due_on + datetime.timedelta(days=delta))
        with engine.session(example, as_of) as session:
            changes = session.post(moved)
            after = {f.id: f for f in session.findings}.get(finding.id)
        if after is not None and after.deadline != finding.deadline:
            assert finding.id in {c.after.id for c in changes.changed}
            return
    raise AssertionError("no move of the due date changed only the deadline")


def test_a_meeting_posted_with_the_date_it_already_has_is_taken(example: Partnership) -> None:
    with ENGINE.session(example, AS_OF) as session:
        meeting = example.meetings[0]
        session.post(attrs.evolve(meeting, cancelled=True), NewDate(AS_OF))
        assert session.findings == ENGINE.evaluate(session.partnership, AS_OF)
        session.post(Removed("meetings", meeting.id), NewDate(AS_OF))
        assert session.findings == ENGINE.evaluate(session.partnership, AS_OF)
