"""Scale: portfolios, the fast path chosen by size, and the engine's limits kept."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kscp_core
from kscp_core import Partnership
from kscp_core.engine import Engine, Removed
from kscp_core.engine import evaluation as engine_module
from kscp_core.engine import run as run_module
from kscp_core.facts import PROJECTORS, project
from kscp_core.model.actions import Action, ActionId, ActionSource, Closure
from kscp_core.model.agencies import PartnershipChair
from kscp_core.model.partnership import COLLECTIONS, record_count, reference_problems
from kscp_core.model.reports import QuarterlyReport, ReportId, outstanding_actions
from kscp_core.model.subgroups import Subgroup, SubgroupId, SubgroupRole
from kscp_core.rulebook import RuleBook
from kscp_core.rulebook.vocabulary import FACT_KINDS
from kscp_core.testing.portfolio import synthetic_portfolio, write_portfolio
from kscp_core.testing.strategies import SPAN, partnerships

AS_OF = date(2025, 11, 14)
ENGINE = Engine()


# -- the synthetic portfolio ----------------------------------------------------------------


def test_a_portfolio_is_the_same_for_the_same_seed_and_differs_for_another() -> None:
    one = synthetic_portfolio(actions=400, per_partnership=200, as_of=AS_OF, seed=1)
    assert one == synthetic_portfolio(actions=400, per_partnership=200, as_of=AS_OF, seed=1)
    assert one != synthetic_portfolio(actions=400, per_partnership=200, as_of=AS_OF, seed=2)


def test_a_portfolio_has_the_actions_asked_for_and_every_id_resolves() -> None:
    portfolio = synthetic_portfolio(actions=1001, per_partnership=250, as_of=AS_OF)
    assert len(portfolio) == 5
    assert sum(len(p.actions) for p in portfolio) == 1001
    for partnership in portfolio:
        assert reference_problems(partnership) == []
        assert len(partnership.meetings) > 0
        assert len(partnership.reviews) > 0
        assert all(a.raised_on <= AS_OF for a in partnership.actions)


def test_a_written_portfolio_loads_back_equal(tmp_path: Path) -> None:
    portfolio = synthetic_portfolio(actions=300, per_partnership=150, as_of=AS_OF)
    paths = write_portfolio(tmp_path, portfolio)
    assert [p.name for p in paths] == ["partnership-0000.json", "partnership-0001.json"]
    assert [kscp_core.load(p) for p in paths] == portfolio


# -- counting a report's missing actions in one sweep ------------------------------------------


@given(partnership=partnerships(actions=(0, 12), others=(0, 3)), as_of=st.dates(*SPAN))
def test_a_reports_missing_actions_are_its_outstanding_actions_not_covered(
    partnership: Partnership, as_of: date
) -> None:
    facts = {f.subject: f for f in project(ENGINE.context(partnership, as_of))}
    for report in partnership.quarterly_reports:
        if report.submitted_on is None or report.submitted_on > as_of:
            continue
        due = outstanding_actions(partnership.actions, report.subgroup, report.period_end)
        expected = sum(1 for a in due if a.id not in report.actions_covered)
        assert facts[report.id].data["actions_missing"] == expected


# -- the fast path, chosen by size ------------------------------------------------------------


def _no_durable(*_: object, **__: object) -> None:
    raise AssertionError("durable-rules was used")


@pytest.mark.durable
def test_auto_takes_the_fast_path_for_a_large_partnership_only(
    durable_internals: ModuleType, example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = ENGINE.evaluate(example, AS_OF, method="durable")
    engine = Engine()
    monkeypatch.setattr(durable_internals.DurableHost, "open", _no_durable)
    monkeypatch.setattr(engine_module, "AUTO_PYTHON_FROM", record_count(example) - 1)
    assert engine.evaluate(example, AS_OF) == expected
    monkeypatch.setattr(engine_module, "AUTO_PYTHON_FROM", record_count(example))
    with pytest.raises(AssertionError, match="durable-rules was used"):
        engine.evaluate(example, AS_OF)


@pytest.mark.durable
def test_a_portfolio_is_evaluated_partnership_by_partnership_with_progress() -> None:
    portfolio = synthetic_portfolio(actions=600, per_partnership=200, as_of=AS_OF)
    seen: list[tuple[int, int | None]] = []
    results = list(ENGINE.evaluate_many(portfolio, AS_OF, progress=lambda *d: seen.append(d)))
    assert results == [ENGINE.evaluate(p, AS_OF, method="durable") for p in portfolio]
    assert seen == [(1, 3), (2, 3), (3, 3)]


def test_a_portfolio_of_files_is_loaded_in_turn_and_gives_the_same_findings(
    tmp_path: Path,
) -> None:
    portfolio = synthetic_portfolio(actions=600, per_partnership=200, as_of=AS_OF)
    files = write_portfolio(tmp_path, portfolio)
    expected = [ENGINE.evaluate(p, AS_OF, method="python") for p in portfolio]
    seen: list[tuple[int, int | None]] = []
    from_files = ENGINE.evaluate_many(
        [str(f) for f in files], AS_OF, method="python", progress=lambda *d: seen.append(d)
    )
    assert list(from_files) == expected
    assert seen == [(1, 3), (2, 3), (3, 3)]
    # an iterator: one partnership made at a time, and no total to give
    seen.clear()
    made = (p for p in portfolio)
    from_iterator = ENGINE.evaluate_many(
        made, AS_OF, method="python", progress=lambda *d: seen.append(d)
    )
    assert list(from_iterator) == expected
    assert seen == [(1, None), (2, None), (3, None)]


@pytest.mark.durable
def test_progress_within_an_evaluation_counts_up_to_every_fact(
    example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(run_module, "PROGRESS_EVERY", 50)
    facts = len(project(ENGINE.context(example, AS_OF, gated=True)))  # the facts it derives
    for method in ("python", "durable"):
        seen: list[tuple[int, int | None]] = []
        ENGINE.evaluate(example, AS_OF, method=method, progress=lambda *d, s=seen: s.append(d))
        assert seen[-1] == (facts, facts)
        assert all(total in (facts, None) for _, total in seen)
        assert [done for done, _ in seen] == sorted(done for done, _ in seen)


# -- the engine's limits --------------------------------------------------------------------


@pytest.mark.durable
def test_a_session_never_holds_more_facts_than_its_ids_allow(
    durable_internals: ModuleType, example: Partnership
) -> None:
    # an action fact may chain two escalations: room is left for them
    assert ENGINE.backend("durable").shard_size() * 3 < durable_internals.MAX_FACTS_PER_SESSION


@pytest.mark.durable
def test_an_evaluation_past_the_id_limit_of_a_session_gives_every_finding(
    durable_internals: ModuleType, example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = ENGINE.evaluate(example, AS_OF, method="python")
    monkeypatch.setattr(durable_internals, "MAX_FACTS_PER_SESSION", 13)  # 4 facts a session
    monkeypatch.setattr(durable_internals, "MAX_SESSIONS", 2)
    engine = Engine()
    assert engine.backend("durable").shard_size() == 4
    assert engine.evaluate(example, AS_OF, method="durable") == expected


@pytest.mark.durable
def test_a_session_past_both_limits_stays_equal_to_a_full_evaluation(
    durable_internals: ModuleType, example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(durable_internals, "MAX_FACTS_PER_SESSION", 301)
    monkeypatch.setattr(durable_internals, "MAX_SESSIONS", 3)
    engine = Engine()
    with engine.session(example, AS_OF) as session:
        assert (
            len(session._store._shards) > 3
        )  # more engine sessions than one copy of the rules takes
        assert session.findings == engine.evaluate(example, AS_OF, method="python")
        named = (
            {a for m in example.meetings for a in m.considered_actions}
            | {a for r in example.quarterly_reports for a in r.actions_covered}
            | {a for v in example.reviews for rec in v.recommendations for a in rec.actions}
        )
        target = next(
            a for a in example.actions if a.state(AS_OF).value == "open" and a.id not in named
        )
        for _ in range(200):  # ids of retracted facts are used again
            session.post(attrs.evolve(target, completed_on=AS_OF))
            session.post(target)
        session.post(Removed("actions", target.id))
        assert session.findings == engine.evaluate(session.partnership, AS_OF, method="python")


@pytest.mark.durable
def test_more_sessions_than_the_engine_allows_per_ruleset_all_work(
    durable_internals: ModuleType,
) -> None:
    engine = Engine()
    whole = synthetic_portfolio(actions=3, per_partnership=3, as_of=AS_OF)[0]
    small = Partnership(
        name="Small",
        chair=whole.chair,
        agencies=whole.agencies,
        subgroups=whole.subgroups,
        meetings=whole.meetings[:40],
        actions=whole.actions,
    )
    sessions = [engine.session(small, AS_OF) for _ in range(durable_internals.MAX_SESSIONS + 100)]
    try:
        expected = engine.evaluate(small, AS_OF, method="python")
        assert all(s.findings == expected for s in (sessions[0], sessions[-1]))
        done = attrs.evolve(small.actions[0], completed_on=AS_OF)
        assert sessions[-1].post(done).resolved == sessions[0].post(done).resolved
    finally:
        for session in sessions:
            session.close()


# -- reading only the records the rules look at ---------------------------------------------


@given(partnership=partnerships(others=(0, 3)), as_of=st.dates(*SPAN))
def test_each_part_of_the_projection_gives_only_the_kinds_it_declares(
    partnership: Partnership, as_of: date
) -> None:
    ctx = ENGINE.context(partnership, as_of)
    for projector in PROJECTORS:
        assert {f.kind for f in projector.project(ctx)} <= projector.gives


@given(partnership=partnerships(actions=(1, 8), others=(1, 3)), as_of=st.dates(*SPAN))
def test_a_part_of_the_projection_reads_only_the_records_it_declares(
    partnership: Partnership, as_of: date
) -> None:
    # what a Session relies on to re-derive only what a post touches: taking away
    # every record of a collection a projector does not read leaves its facts alone
    if partnership.people and partnership.learning_outputs:  # text that names someone
        named = attrs.evolve(
            partnership.learning_outputs[0], text=f"About {partnership.people[0].name}."
        )
        outputs = (named, *partnership.learning_outputs[1:])
        partnership = attrs.evolve(partnership, learning_outputs=outputs)
    before = ENGINE.context(partnership, as_of)
    derived = {p.name: list(p.project(before)) for p in PROJECTORS}
    for emptied in COLLECTIONS:
        without: dict[str, Any] = {emptied: ()}
        after = ENGINE.context(attrs.evolve(partnership, **without), as_of)
        for projector in PROJECTORS:
            if emptied not in projector.reads:
                assert list(projector.project(after)) == derived[projector.name], (
                    f"{projector.name} reads {emptied}"
                )


def test_every_kind_of_fact_is_given_by_some_part_of_the_projection() -> None:
    given_kinds = set().union(*(p.gives for p in PROJECTORS))
    projected = {name for name, kind in FACT_KINDS.items() if not kind.chained}
    assert projected <= given_kinds


@pytest.mark.durable
def test_rules_of_one_family_find_what_they_find_among_all_the_rules(example: Partnership) -> None:
    every = ENGINE.evaluate(example, AS_OF, method="python")
    rulebook = ENGINE.rulebook
    only = attrs.evolve(
        rulebook, rules=tuple(r for r in rulebook.rules if r.id.startswith("escalation."))
    )
    for method in ("python", "durable"):
        found = Engine(only).evaluate(example, AS_OF, method=method)
        assert found == [f for f in every if f.rule.startswith("escalation.")]
        assert found


@pytest.mark.durable
def test_a_session_that_grows_by_posted_actions_spreads_wider(
    durable_internals: ModuleType, example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(durable_internals, "MAX_FACTS_PER_SESSION", 301)  # 100 facts a session
    engine = Engine()
    small = attrs.evolve(example, actions=example.actions[:5])
    with engine.session(small, AS_OF) as session:
        first = len(session._store._shards)
        for n, action in enumerate(example.actions * 3):
            session.post(attrs.evolve(action, id=f"{action.id}-copy-{n}"))
        assert len(session._store._shards) > first
        assert session.findings == engine.evaluate(session.partnership, AS_OF, method="python")


def test_a_reports_missing_actions_on_the_days_either_side_of_its_quarter_end() -> None:
    end = date(2025, 6, 30)
    day = timedelta(days=1)

    def action(name: str, due: date, **more: object) -> Action:
        return Action(
            id=ActionId(name),
            title=name,
            source=ActionSource.MEETING,
            raised_on=more.pop("raised_on", date(2025, 4, 1)),  # type: ignore[arg-type]
            subgroup=SubgroupId("se"),
            due_on=due,
            **more,  # type: ignore[arg-type]
        )

    actions = (
        action("done-on-the-day", end - day * 10, completed_on=end),
        action("done-the-day-after", end - day, completed_on=end + day),
        action("late-and-open", end - day),
        action("due-on-the-day", end),
        action(
            "closed-on-the-day", end - day * 9, closure=Closure(on=end, reason="r", instead="i")
        ),
        action("raised-after", end - day * 10, raised_on=end + day),
    )
    partnership = Partnership(
        name="P",
        chair=PartnershipChair(name="Chair"),
        subgroups=(
            Subgroup(
                id=SubgroupId("se"),
                name="SE",
                role=SubgroupRole.SAFEGUARDING_EFFECTIVENESS,
                chair="c",
            ),
        ),
        actions=actions,
        quarterly_reports=(
            QuarterlyReport(
                id=ReportId("r"), subgroup=SubgroupId("se"), period_end=end, submitted_on=end
            ),
        ),
    )
    as_of = date(2025, 8, 1)
    report = next(f for f in project(ENGINE.context(partnership, as_of)) if f.subject == "r")
    # open and past due at the quarter's end: the late one, and the one done a day later
    assert report.data["actions_missing"] == 2


_ESCALATION = ("escalation.two_cycles", "escalation.drift", "escalation.partnership_chair")


@given(partnership=partnerships(actions=(1, 8)), as_of=st.dates(*SPAN))
def test_the_benchmarks_hand_written_yardstick_decides_as_the_rules_do(
    partnership: Partnership, as_of: date
) -> None:
    """make bench times the fast path against plain Python; both must decide alike."""
    from benchmarks.baseline import escalations

    book = RuleBook.load()
    engine = _escalation_engine(book)
    found = {
        (f.rule, f.subject, f.falls_due)
        for f in engine.evaluate(partnership, as_of, method="python")
    }
    assert escalations(partnership, as_of, book.parameter_values(as_of)) == found


_ENGINES: dict[int, Engine] = {}


def _escalation_engine(book: RuleBook) -> Engine:
    if not _ENGINES:
        rules = tuple(r for r in book.rules if r.id in _ESCALATION)
        _ENGINES[0] = Engine(attrs.evolve(book, rules=rules))
    return _ENGINES[0]
