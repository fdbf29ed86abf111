"""Evaluate the rules against a partnership's records as of a date.

:func:`evaluate` is the one call most hosts need. An :class:`Engine` holds a
RuleBook compiled to durable-rules and can be reused (and shared by threads:
it has one lock); two Engines never see each other's facts or rules. A
:class:`Session` loads a partnership once and then takes changes (a record
added or changed, the date moving on), answering with the findings raised and
resolved; its findings always equal a full evaluation of the same records.

Two paths give the same findings: ``durable`` runs the compiled rules in
durable-rules; ``python`` (the fast path) evaluates the same condition trees
compiled to Python. ``auto``, the default, takes the fast path for large
evaluations (more than :data:`AUTO_PYTHON_FROM` records).

The engine's limits are kept whatever the size. An evaluation asserts so
few facts into each durable-rules session that they and every fact they may
chain stay within the ids that never collide
(``MAX_FACTS_PER_SESSION`` in ``kscp_core._durable``), and opens one session at
a time. A Session spreads a large partnership over several sessions, reuses
the ids of retracted facts, and opens a further copy of the rules when one
copy has as many live sessions as the engine allows.
"""

from __future__ import annotations

import collections
import gc
import itertools
import threading
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any, Literal, get_args

import attrs

from kscp_core import _durable
from kscp_core.actions import Action
from kscp_core.conditions import Scalar, compile_condition, compile_python
from kscp_core.errors import EvaluationError
from kscp_core.facts import (
    Fact,
    action_facts,
    derive,
    held_days,
    iter_facts,
    project,
    recommendation_fact,
)
from kscp_core.findings import Finding, FindingBuilder
from kscp_core.identifiers import Redactor
from kscp_core.partnership import Partnership
from kscp_core.reports import QuarterlyReport, outstanding_actions
from kscp_core.reviews import CaseReview, Recommendation
from kscp_core.rulebook import Rule, RuleBook
from kscp_core.working_days import WorkingCalendar

__all__ = [
    "AUTO_PYTHON_FROM",
    "Changes",
    "Engine",
    "Method",
    "NewDate",
    "Progress",
    "Removed",
    "Session",
    "evaluate",
    "record_count",
]

Method = Literal["auto", "durable", "python"]
Test = Callable[[Mapping[str, Any]], bool]
#: Called as ``progress(done, total)``: in facts within one partnership's
#: evaluation (the fast path, which derives facts as it goes, gives the total
#: as None until the end), in partnerships across a portfolio.
Progress = Callable[[int, int | None], None]
Slot = tuple[int, str]  # (rule index, subject): one finding at most

#: With ``method="auto"``, evaluations of more records than this take the fast
#: path. A local choice: durable-rules takes about a second for this many.
AUTO_PYTHON_FROM = 10_000
_PROGRESS_EVERY = 10_000  # facts between progress calls
_serial = itertools.count(1)


def record_count(partnership: Partnership) -> int:
    """How many records a partnership holds, all collections together."""
    return sum(
        len(value)
        for value in attrs.astuple(partnership, recurse=False)
        if isinstance(value, tuple)
    )


@attrs.define
class _Run:
    """What one evaluation (or one Session) knows: its facts and which rules they met."""

    rules: tuple[Rule, ...]
    params: dict[str, Scalar]
    as_of: date
    calendar: WorkingCalendar | None
    facts: dict[str, Fact] = attrs.field(factory=dict)
    stamped: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    matches: dict[str, dict[int, date | None]] = attrs.field(factory=lambda: defaultdict(dict))
    children: dict[str, set[str]] = attrs.field(factory=lambda: defaultdict(set))
    projected: set[str] = attrs.field(factory=set)
    subjects: dict[str, set[str]] = attrs.field(factory=lambda: defaultdict(set))

    def add(self, fact: Fact) -> None:
        """Know a fact (before it meets any rule)."""
        self.facts[fact.key] = fact
        self.subjects[fact.subject].add(fact.key)

    def matched(self, index: int, fact: Fact) -> Fact | None:
        """Record that rule ``index`` fired on ``fact``; return the new chained fact, if any."""
        rule = self.rules[index]
        due = rule.outcome.falls_due.due(fact.data, self.params, self.calendar)
        self.matches[fact.key][index] = due
        if rule.outcome.emits is None or due is None:
            return None
        child = derive(
            rule.outcome.emits,
            fact,
            on=due,
            via=rule.id,
            as_of=self.as_of,
            params=self.params,
            calendar=self.calendar,
        )
        if child.key in self.facts:
            return None
        self.add(child)
        self.children[fact.key].add(child.key)
        return child

    def forget(self, key: str) -> list[str]:
        """Drop a fact, its matches and its chained facts; return every key dropped."""
        dropped = [key]
        self.projected.discard(key)
        fact = self.facts.pop(key, None)
        if fact is not None:
            self.subjects[fact.subject].discard(key)
        self.matches.pop(key, None)
        for child in sorted(self.children.pop(key, set())):
            dropped += self.forget(child)
        return dropped

    def best(self, subjects: Iterable[str] | None = None) -> dict[Slot, tuple[date | None, str]]:
        """For each rule and record (of these subjects): the fact whose match fell due first."""
        if subjects is None:
            keys: Iterable[str] = list(self.matches)
        else:
            keys = [k for s in subjects for k in self.subjects.get(s, ())]
        best: dict[Slot, tuple[date | None, str]] = {}
        for key in keys:
            fired = self.matches.get(key)
            if not fired:
                continue
            subject = self.facts[key].subject
            for index, due in fired.items():
                slot = (index, subject)
                current = best.get(slot)
                if current is None or _earlier((due, key), current):
                    best[slot] = (due, key)
        return best

    def builder(self, rulebook: RuleBook, partnership: Partnership) -> FindingBuilder:
        """Builds this run's findings; text copied from the records is cleared of identifiers."""
        redact = Redactor(partnership.people) if partnership.people else None
        return FindingBuilder(rulebook, partnership, self.as_of, self.params, redact)

    def findings(
        self, builder: FindingBuilder, subjects: Iterable[str] | None = None
    ) -> dict[Slot, Finding]:
        """The findings: one per rule and record, at the earliest date any match fell due."""
        return {
            slot: builder.build(self.rules[slot[0]], self.facts[key], due)
            for slot, (due, key) in self.best(subjects).items()
        }


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while an evaluation builds its facts.

    An evaluation makes many small dicts and objects and no reference cycles;
    the collector would scan the whole growing heap again and again (a third
    of the time of a large evaluation, measured). Reference counting still
    frees memory meanwhile. The collector runs again afterwards, if it ran
    before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _earlier(a: tuple[date | None, str], b: tuple[date | None, str]) -> bool:
    def rank(x: tuple[date | None, str]) -> tuple[int, int, str]:
        return (0 if x[0] is not None else 1, x[0].toordinal() if x[0] else 0, x[1])

    return rank(a) < rank(b)


def _in_order(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.rule, f.subject))


class Engine:
    """A RuleBook compiled for durable-rules, reusable across evaluations and threads.

    Args:
        rulebook: the rules to run (the packaged rules if not given).
        calendar: the working-day calendar (England and Wales if not given).
    """

    def __init__(
        self, rulebook: RuleBook | None = None, *, calendar: WorkingCalendar | None = None
    ) -> None:
        self.rulebook = rulebook if rulebook is not None else RuleBook.load()
        self.calendar = calendar
        self._host = _durable.DurableHost()
        self._rulesets: dict[tuple[tuple[str, Scalar], ...], list[str]] = {}
        self._compiled: dict[tuple[tuple[str, Scalar], ...], dict[str, list[tuple[int, Test]]]] = {}
        self._runs: dict[str, _Run] = {}
        self._sessions: dict[str, _durable.DurableSession] = {}
        self._serial = next(_serial)
        self._names = itertools.count(1)
        self._sids = itertools.count(1)
        self._lock = threading.RLock()
        self._shard_size: int | None = None

    # -- compiling -----------------------------------------------------------------------

    def _ruleset(self, as_of: date) -> str:
        """A copy of the rules, for the date's parameter values, with room for a session."""
        epoch = self.rulebook.epoch(as_of)
        with self._lock:
            names = self._rulesets.setdefault(epoch, [])
            for name in names:
                if self._host.has_room(name):
                    return name
            params = dict(epoch)
            name = f"kscp_{self._serial}_{next(self._names)}"
            compiled = [
                (rule.id, rule.applies_to, compile_condition(rule.condition, params))
                for rule in self.rulebook.active
            ]
            self._host.register(name, compiled, self._on_match)
            names.append(name)
            return name

    def _python_rules(self, as_of: date) -> dict[str, list[tuple[int, Test]]]:
        """The active rules' conditions compiled to Python, by the fact kind they apply to."""
        epoch = self.rulebook.epoch(as_of)
        with self._lock:
            compiled = self._compiled.get(epoch)
            if compiled is None:
                params = dict(epoch)
                compiled = defaultdict(list)
                for index, rule in enumerate(self.rulebook.active):
                    compiled[rule.applies_to].append(
                        (index, compile_python(rule.condition, params))
                    )
                self._compiled[epoch] = compiled
            return compiled

    def shard_size(self) -> int:
        """The most facts asserted into one engine session.

        Each fact may bring chained facts (an action its escalations); with
        them, a session's facts stay within the ids that never collide.
        """
        if self._shard_size is None:
            self._shard_size = self._largest_shard()
        return self._shard_size

    def _largest_shard(self) -> int:
        emits: dict[str, list[str]] = defaultdict(list)
        for rule in self.rulebook.active:
            if rule.outcome.emits is not None:
                emits[rule.applies_to].append(rule.outcome.emits)

        def chained(kind: str, depth: int = 0) -> int:
            if depth > len(emits):
                raise EvaluationError(f"the rules chain {kind!r} facts without end")
            return sum(1 + chained(child, depth + 1) for child in emits.get(kind, ()))

        most = max((chained(kind) for kind in list(emits)), default=0)
        return max(1, (_durable.MAX_FACTS_PER_SESSION - 1) // (1 + most))

    def _new_run(self, as_of: date) -> _Run:
        return _Run(
            rules=self.rulebook.active,
            params=self.rulebook.parameter_values(as_of),
            as_of=as_of,
            calendar=self.calendar,
        )

    def _on_match(self, index: int, sid: str, fact: dict[str, Any], assert_more: Any) -> None:
        run = self._runs[sid]
        child = run.matched(index, run.facts[fact["key"]])
        if child is not None:
            stamped = self._sessions[sid].stamp(child.kind, child.key, child.data)
            run.stamped[child.key] = stamped
            assert_more(stamped)

    # -- running ---------------------------------------------------------------------------

    def _open(self, run: _Run) -> _durable.DurableSession:
        sid = f"{self._serial}-{next(self._sids)}"
        session = self._host.open(self._ruleset(run.as_of), sid)
        self._runs[sid] = run
        self._sessions[sid] = session
        return session

    def _close(self, session: _durable.DurableSession) -> None:
        self._runs.pop(session.sid, None)
        self._sessions.pop(session.sid, None)
        session.close()

    def _assert(self, session: _durable.DurableSession, run: _Run, facts: Iterable[Fact]) -> None:
        for fact in facts:
            run.add(fact)
            run.projected.add(fact.key)
            stamped = session.stamp(fact.kind, fact.key, fact.data)
            run.stamped[fact.key] = stamped
            session.assert_fact(stamped)

    def _retract(self, run: _Run, key: str) -> None:
        stamped = run.stamped.pop(key, None)
        if stamped is not None:
            self._sessions[stamped["sid"]].retract_fact(stamped)

    def _run_python(self, run: _Run, facts: Iterable[Fact], progress: Progress | None) -> None:
        """Test each fact as it is derived; keep only the facts some rule met."""
        by_kind = self._python_rules(run.as_of)
        queue: collections.deque[Fact] = collections.deque()

        def test(fact: Fact) -> None:
            kept = False
            for index, condition in by_kind.get(fact.kind, ()):
                if condition(fact.data):
                    if not kept:
                        run.add(fact)
                        kept = True
                    child = run.matched(index, fact)
                    if child is not None:
                        queue.append(child)

        done = 0
        for fact in facts:
            test(fact)
            while queue:
                test(queue.popleft())
            done += 1
            if progress is not None and done % _PROGRESS_EVERY == 0:
                progress(done, None)
        if progress is not None:
            progress(done, done)

    def _run_durable(self, run: _Run, facts: list[Fact], progress: Progress | None) -> None:
        with self._lock:
            size = self.shard_size()
            for start in range(0, max(len(facts), 1), size):
                session = self._open(run)
                try:
                    shard = facts[start : start + size]
                    for at in range(0, len(shard), _PROGRESS_EVERY):
                        self._assert(session, run, shard[at : at + _PROGRESS_EVERY])
                        if progress is not None:
                            progress(start + min(at + _PROGRESS_EVERY, len(shard)), len(facts))
                finally:
                    self._close(session)
            if progress is not None:
                progress(len(facts), len(facts))

    def _method(self, method: Method, records: int) -> Literal["durable", "python"]:
        if method not in get_args(Method):
            raise EvaluationError(f"method must be one of {get_args(Method)}, not {method!r}")
        if method == "auto":
            return "python" if records > AUTO_PYTHON_FROM else "durable"
        return method

    def evaluate(
        self,
        partnership: Partnership,
        as_of: date,
        *,
        method: Method = "auto",
        progress: Progress | None = None,
    ) -> list[Finding]:
        """Every finding of the active rules about a partnership's records as of a date.

        ``method`` picks the path (both give the same findings); ``progress`` is
        called as facts are evaluated.

        Raises:
            RuleActionError: a rule's action failed inside the engine.
        """
        chosen = self._method(method, record_count(partnership))
        params = self.rulebook.parameter_values(as_of)
        # only the records that give facts some active rule looks at
        kinds = {rule.applies_to for rule in self.rulebook.active}
        with _cycle_collector_paused():
            run = self._new_run(as_of)
            if chosen == "python":
                facts = iter_facts(partnership, as_of, self.calendar, params=params, kinds=kinds)
                self._run_python(run, facts, progress)
            else:
                every = project(partnership, as_of, self.calendar, params=params, kinds=kinds)
                self._run_durable(run, every, progress)
            return _in_order(run.findings(run.builder(self.rulebook, partnership)).values())

    def evaluate_many(
        self,
        partnerships: Sequence[Partnership],
        as_of: date,
        *,
        method: Method = "auto",
        progress: Progress | None = None,
    ) -> Iterator[list[Finding]]:
        """The findings of each partnership of a portfolio in turn, as of one date.

        With ``method="auto"`` the path is chosen once, by the size of the whole
        portfolio. Findings are yielded one partnership at a time, so a host
        can write them out without holding a nation's findings at once.
        ``progress`` is called with the partnerships done and the total.
        """
        chosen = self._method(method, sum(record_count(p) for p in partnerships))
        for done, partnership in enumerate(partnerships, 1):
            findings = self.evaluate(partnership, as_of, method=chosen)
            if progress is not None:
                progress(done, len(partnerships))
            yield findings

    def session(self, partnership: Partnership, as_of: date) -> Session:
        """A Session on this engine: load the records once, then post changes."""
        return Session(self, partnership, as_of)


_DEFAULT_ENGINES: dict[int, Engine] = {}
_DEFAULT_LOCK = threading.Lock()


def evaluate(
    partnership: Partnership,
    as_of: date,
    rulebook: RuleBook | None = None,
    *,
    method: Method = "auto",
    progress: Progress | None = None,
) -> list[Finding]:
    """Every finding about a partnership's records as of a date, sorted by rule and record.

    With no ``rulebook``, the packaged rules run on an engine kept for reuse.

    >>> import kscp_core, datetime
    >>> p = kscp_core.load("examples/ashvale.yaml")  # doctest: +SKIP
    >>> [f.rule for f in evaluate(p, datetime.date(2025, 11, 14))][:1]  # doctest: +SKIP
    ['actions.accountability_missing']
    """
    if rulebook is None:
        with _DEFAULT_LOCK:
            engine = _DEFAULT_ENGINES.get(0)
            if engine is None:
                engine = _DEFAULT_ENGINES[0] = Engine()
    else:
        engine = Engine(rulebook)
    return engine.evaluate(partnership, as_of, method=method, progress=progress)


# --- the Session ------------------------------------------------------------------------


@attrs.frozen
class NewDate:
    """The date moves on (or back): evaluate as of this date from now on."""

    as_of: date


@attrs.frozen
class Removed:
    """A record taken out of the records: its collection (``actions``, ...) and id."""

    collection: str
    id: str


@attrs.frozen(kw_only=True)
class Changes:
    """What a post changed: findings raised, and findings resolved."""

    raised: tuple[Finding, ...]
    resolved: tuple[Finding, ...]


def _collections() -> dict[type, str]:
    attrs.resolve_types(Partnership)
    found: dict[type, str] = {}
    for field in attrs.fields(Partnership):
        args = get_args(field.type)
        if args and args[-1] is Ellipsis:
            found[args[0]] = field.name
    return found


_COLLECTIONS = _collections()


def apply_change(partnership: Partnership, change: object) -> Partnership:
    """The partnership with one record added, replaced (same id) or removed.

    Raises:
        EvaluationError: the change is not a record of a partnership.
    """
    if isinstance(change, Removed):
        if change.collection not in {f.name for f in attrs.fields(Partnership)}:
            raise EvaluationError(f"no collection {change.collection!r} in a partnership")
        records = getattr(partnership, change.collection)
        removed: dict[str, Any] = {
            change.collection: tuple(r for r in records if r.id != change.id)
        }
        return attrs.evolve(partnership, **removed)
    name = _COLLECTIONS.get(type(change))
    if name is None:
        raise EvaluationError(f"cannot post a {type(change).__name__}: not a partnership record")
    records = getattr(partnership, name)
    record_id = getattr(change, "id", None)
    replaced = [change if r.id == record_id else r for r in records]
    if not any(r.id == record_id for r in records):
        replaced.append(change)
    update: dict[str, Any] = {name: tuple(replaced)}
    return attrs.evolve(partnership, **update)


class Session:
    """A partnership loaded once into the engine, kept up to date by posted changes.

    A Session is single-writer: post from one thread at a time (its engine's
    lock keeps the engine itself safe). Close it (or use ``with``) to free its
    sessions in the engine.

    A post that only adds, changes or removes actions re-derives the facts of
    those actions and of the few records that count them (a quarterly report's
    missing actions, an audit's actions, a recommendation's actions), rather
    than the whole partnership's; any other post re-derives everything and
    keeps what did not change.
    """

    def __init__(self, engine: Engine, partnership: Partnership, as_of: date) -> None:
        self.engine = engine
        self.as_of = as_of
        self._partnership: Partnership | None = partnership
        self._shards: list[_durable.DurableSession] = []
        self._slots: dict[Slot, Finding] = {}
        self._by_subject: dict[str, set[Slot]] = defaultdict(set)
        self._sorted: list[Finding] | None = None
        self._load(partnership, as_of)

    # -- the records ---------------------------------------------------------------------

    @property
    def partnership(self) -> Partnership:
        """The records as they now stand."""
        if self._partnership is None:
            self._partnership = attrs.evolve(self._base, actions=tuple(self._actions.values()))
        return self._partnership

    @property
    def findings(self) -> list[Finding]:
        """The findings as the records and date now stand, sorted by rule and record."""
        if self._sorted is None:
            self._sorted = _in_order(self._slots.values())
        return list(self._sorted)

    def _index(self, partnership: Partnership) -> None:
        """What an actions-only post needs to know about the other records."""
        self._base = partnership
        self._actions: dict[str, Action] = {a.id: a for a in partnership.actions}
        self._quick = len(self._actions) == len(partnership.actions)  # ids are unique
        self._held = held_days(partnership, self.as_of)
        self._reports: dict[str, list[QuarterlyReport]] = defaultdict(list)
        for report in partnership.quarterly_reports:
            if report.submitted_on is not None and report.submitted_on <= self.as_of:
                self._reports[report.subgroup].append(report)
        self._recommendations: dict[str, list[tuple[CaseReview, Recommendation]]] = defaultdict(
            list
        )
        for review in partnership.reviews:
            if review.decided_on <= self.as_of:
                for recommendation in review.recommendations:
                    for action in set(recommendation.actions):
                        self._recommendations[action].append((review, recommendation))
        self._builder = self._run.builder(self.engine.rulebook, partnership)

    # -- loading -------------------------------------------------------------------------

    def _load(self, partnership: Partnership, as_of: date) -> None:
        """Load every fact afresh, over as many engine sessions as the facts need."""
        engine = self.engine
        facts = project(
            partnership, as_of, engine.calendar, params=engine.rulebook.parameter_values(as_of)
        )
        with engine._lock:
            for shard in self._shards:
                engine._close(shard)
            self._epoch = engine.rulebook.epoch(as_of)
            self._run = engine._new_run(as_of)
            self._shards = []
            # twice the sessions the facts need: facts are spread by key, not evenly
            for _ in range(1 + 2 * len(facts) // engine.shard_size()):
                self._shards.append(engine._open(self._run))
            self._assert(facts)
        self._index(partnership)
        self._set_findings(self._run.findings(self._builder))

    def _assert(self, facts: Iterable[Fact]) -> None:
        by_shard: dict[int, list[Fact]] = defaultdict(list)
        for fact in facts:
            by_shard[zlib.crc32(fact.key.encode()) % len(self._shards)].append(fact)
        for index, part in sorted(by_shard.items()):
            self.engine._assert(self._shards[index], self._run, part)

    def _replace(self, changed: Mapping[str, Fact | None]) -> set[str]:
        """Retract the facts under these keys (and their chained facts); assert the new ones.

        Returns the subjects whose findings may have changed.
        """
        run = self._run
        subjects: set[str] = set()
        for key in sorted(changed):
            old = run.facts.get(key)
            if old is not None and key in run.projected:
                subjects.add(old.subject)
                for dropped in run.forget(key):
                    self.engine._retract(run, dropped)
        fresh = [fact for fact in changed.values() if fact is not None]
        subjects.update(f.subject for f in fresh)
        self._assert(fresh)
        return subjects

    # -- posting -------------------------------------------------------------------------

    def post(self, *changes: object) -> Changes:
        """Apply changes (records added or replaced, :class:`Removed`, :class:`NewDate`).

        Returns:
            The findings raised and resolved by the changes.
        """
        if self._only_actions(changes):
            return self._post_actions(changes)
        partnership = self.partnership
        as_of = self.as_of
        for change in changes:
            if isinstance(change, NewDate):
                as_of = change.as_of
            else:
                partnership = apply_change(partnership, change)
        engine = self.engine
        before = self._slots
        self._partnership, self.as_of = partnership, as_of
        if engine.rulebook.epoch(as_of) != self._epoch or self._crowded():
            self._load(partnership, as_of)
        else:
            new_facts = {
                f.key: f
                for f in project(
                    partnership,
                    as_of,
                    engine.calendar,
                    params=engine.rulebook.parameter_values(as_of),
                )
            }
            with engine._lock:
                moved = self._run.as_of != as_of
                self._run.as_of = as_of
                self._sync(new_facts, date_moved=moved)
            self._index(partnership)
            self._set_findings(self._run.findings(self._builder))
        return _changes(before, self._slots)

    def _only_actions(self, changes: tuple[object, ...]) -> bool:
        if not self._quick:
            return False
        for change in changes:
            if isinstance(change, Removed):
                if change.collection != "actions":
                    return False
            elif not isinstance(change, Action):
                return False
        return True

    def _post_actions(self, changes: tuple[object, ...]) -> Changes:
        run = self._run
        changed: dict[str, Fact | None] = {}

        def current(key: str) -> Fact | None:
            return changed[key] if key in changed else run.facts.get(key)

        def adjust(key: str, field: str, delta: int) -> None:
            fact = current(key)
            if delta and fact is not None:
                data = {**fact.data, field: fact.data[field] + delta}
                changed[key] = attrs.evolve(fact, data=data)

        for change in changes:
            if isinstance(change, Removed):
                old, new = self._actions.pop(change.id, None), None
            else:
                assert isinstance(change, Action)
                old, new = self._actions.get(change.id), change
                self._actions[change.id] = change
            if old is None and new is None:
                continue
            action_id = (new or old).id  # type: ignore[union-attr]
            for key in (f"action:{action_id}", f"escalation:{action_id}:recorded"):
                if key in run.projected:
                    changed[key] = None
            if new is not None:
                for fact in action_facts(new, self.as_of, self._held):
                    changed[fact.key] = fact
            for report in self._affected_reports(old, new) if _span(old) != _span(new) else ():
                covered = action_id in report.actions_covered
                delta = (
                    0
                    if covered
                    else self._outstanding(new, report) - self._outstanding(old, report)
                )
                adjust(f"quarterly_report:{report.id}", "actions_missing", delta)
            for audit, delta in self._raised_from(old, new).items():
                adjust(f"audit:{audit}", "actions", delta)
            for review, recommendation in self._recommendations.get(action_id, ()):
                fact = recommendation_fact(
                    review, recommendation, self._actions, self.as_of, run.params
                )
                changed[fact.key] = fact
        self._partnership = None
        with self.engine._lock:
            subjects = self._replace(changed)
        result = self._refresh(subjects)
        if self._crowded():  # new actions have filled the engine sessions: spread wider
            self._load(self.partnership, self.as_of)
        return result

    def _crowded(self) -> bool:
        """Whether the facts have outgrown the engine sessions they were spread over."""
        return 2 * len(self._run.facts) > self.engine.shard_size() * len(self._shards)

    def _affected_reports(self, old: Action | None, new: Action | None) -> list[QuarterlyReport]:
        subgroups = {a.subgroup for a in (old, new) if a is not None and a.subgroup is not None}
        return [r for s in sorted(subgroups) for r in self._reports.get(s, ())]

    @staticmethod
    def _outstanding(action: Action | None, report: QuarterlyReport) -> int:
        if action is None:
            return 0
        return len(outstanding_actions([action], report.subgroup, report.period_end))

    def _raised_from(self, old: Action | None, new: Action | None) -> dict[str, int]:
        deltas: dict[str, int] = defaultdict(int)
        for action, sign in ((old, -1), (new, 1)):
            if action and action.source_ref is not None and action.raised_on <= self.as_of:
                deltas[action.source_ref] += sign
        return deltas

    def _set_findings(self, slots: dict[Slot, Finding]) -> None:
        self._slots = slots
        self._by_subject = defaultdict(set)
        for slot in slots:
            self._by_subject[slot[1]].add(slot)
        self._sorted = None

    def _refresh(self, subjects: set[str]) -> Changes:
        """Rebuild the findings about these subjects; the others stand."""
        old: dict[Slot, Finding] = {}
        for subject in subjects:
            for slot in self._by_subject.pop(subject, set()):
                old[slot] = self._slots.pop(slot)
        new = self._run.findings(self._builder, subjects)
        for slot, finding in new.items():
            self._slots[slot] = finding
            self._by_subject[slot[1]].add(slot)
        self._sorted = None
        return _changes(old, new)

    def _sync(self, new_facts: dict[str, Fact], *, date_moved: bool = False) -> None:
        run = self._run
        # A chained fact can depend on the date as well as on its parent (an incident's
        # notification deadline does): when the date moves, derive them all again.
        gone = [
            k
            for k in sorted(run.projected)
            if new_facts.get(k) != run.facts[k] or (date_moved and run.children.get(k))
        ]
        for key in gone:
            for dropped in run.forget(key):
                self.engine._retract(run, dropped)
        self._assert([f for k, f in new_facts.items() if k not in run.facts])

    def close(self) -> None:
        """Free the Session's sessions in the engine."""
        with self.engine._lock:
            for shard in self._shards:
                self.engine._close(shard)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _span(action: Action | None) -> tuple[Any, ...] | None:
    """What decides when an action is outstanding (open and past due), and for whom."""
    if action is None:
        return None
    ended = action.completed_on or (action.closure.on if action.closure else None)
    return (action.subgroup, action.raised_on, action.due_on, ended)


def _changes(before: Mapping[Slot, Finding], after: Mapping[Slot, Finding]) -> Changes:
    """Findings raised and resolved between two sets of findings."""
    return Changes(
        raised=tuple(_in_order(f for s, f in after.items() if s not in before)),
        resolved=tuple(_in_order(f for s, f in before.items() if s not in after)),
    )
