"""Evaluate the rules against a partnership's records as of a date.

:func:`evaluate` is the one call most hosts need. An :class:`Engine` holds a
RuleBook compiled to durable-rules and can be reused (and shared by threads:
it has one lock); two Engines never see each other's facts or rules. A
:class:`Session` loads a partnership once and then takes changes (a record
added or changed, the date moving on), answering with the findings raised and
resolved; its findings always equal a full evaluation of the same records.

Two paths give the same findings: ``durable`` runs the compiled rules in
durable-rules; ``python`` evaluates the same condition trees in Python.
"""

from __future__ import annotations

import collections
import itertools
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any, Literal, get_args

import attrs

from kscp_core import _durable
from kscp_core.conditions import Scalar, compile_condition, compile_python
from kscp_core.errors import EvaluationError
from kscp_core.facts import Fact, derive, project
from kscp_core.findings import Finding, FindingBuilder
from kscp_core.identifiers import Redactor
from kscp_core.partnership import Partnership
from kscp_core.rulebook import Rule, RuleBook
from kscp_core.working_days import WorkingCalendar

__all__ = ["Changes", "Engine", "Method", "NewDate", "Removed", "Session", "evaluate"]

Method = Literal["durable", "python"]
Test = Callable[[Mapping[str, Any]], bool]

_SHARD = 300_000  # facts per engine session; derived facts need room below the id bound
_serial = itertools.count(1)


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
        self.facts[child.key] = child
        self.children[fact.key].add(child.key)
        return child

    def forget(self, key: str) -> list[str]:
        """Drop a fact, its matches and its chained facts; return every key dropped."""
        dropped = [key]
        self.projected.discard(key)
        self.facts.pop(key, None)
        self.matches.pop(key, None)
        self.stamped.pop(key, None)
        for child in sorted(self.children.pop(key, set())):
            dropped += self.forget(child)
        return dropped

    def findings(self, rulebook: RuleBook, partnership: Partnership) -> list[Finding]:
        """The findings: one per rule and record, at the earliest date any match fell due.

        Text copied from the records is cleared of the identifiers of the people
        in them (personal data never reaches a finding).
        """
        redact = Redactor(partnership.people) if partnership.people else None
        best: dict[tuple[int, str], tuple[date | None, str]] = {}
        for key, fired in self.matches.items():
            fact = self.facts[key]
            for index, due in fired.items():
                slot = (index, fact.subject)
                current = best.get(slot)
                if current is None or _earlier((due, key), current):
                    best[slot] = (due, key)
        builder = FindingBuilder(rulebook, partnership, self.as_of, self.params, redact)
        findings = [
            builder.build(self.rules[index], self.facts[key], due)
            for (index, _), (due, key) in best.items()
        ]
        return sorted(findings, key=lambda f: (f.rule, f.subject))


def _earlier(a: tuple[date | None, str], b: tuple[date | None, str]) -> bool:
    def rank(x: tuple[date | None, str]) -> tuple[int, int, str]:
        return (0 if x[0] is not None else 1, x[0].toordinal() if x[0] else 0, x[1])

    return rank(a) < rank(b)


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
        self._rulesets: dict[tuple[tuple[str, Scalar], ...], str] = {}
        self._compiled: dict[tuple[tuple[str, Scalar], ...], dict[str, list[tuple[int, Test]]]] = {}
        self._runs: dict[str, _Run] = {}
        self._sessions: dict[str, _durable.DurableSession] = {}
        self._serial = next(_serial)
        self._sids = itertools.count(1)
        self._lock = threading.RLock()

    # -- compiling -----------------------------------------------------------------------

    def _ruleset(self, as_of: date) -> str:
        epoch = self.rulebook.epoch(as_of)
        with self._lock:
            name = self._rulesets.get(epoch)
            if name is None:
                params = dict(epoch)
                name = f"kscp_{self._serial}_{len(self._rulesets) + 1}"
                compiled = [
                    (rule.id, rule.applies_to, compile_condition(rule.condition, params))
                    for rule in self.rulebook.active
                ]
                self._host.register(name, compiled, self._on_match)
                self._rulesets[epoch] = name
            return name

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
            run.facts[fact.key] = fact
            run.projected.add(fact.key)
            stamped = session.stamp(fact.kind, fact.key, fact.data)
            run.stamped[fact.key] = stamped
            session.assert_fact(stamped)

    def _python_rules(self, as_of: date) -> dict[str, list[tuple[int, Test]]]:
        """The active rules' conditions compiled to Python, by the fact kind they apply to."""
        epoch = self.rulebook.epoch(as_of)
        with self._lock:
            compiled = self._compiled.get(epoch)
            if compiled is None:
                params = dict(epoch)
                compiled = defaultdict(list)
                for index, rule in enumerate(self.rulebook.active):
                    test = compile_python(rule.condition, params)
                    compiled[rule.applies_to].append((index, test))
                self._compiled[epoch] = compiled
            return compiled

    def _run_python(self, run: _Run, facts: Iterable[Fact]) -> None:
        by_kind = self._python_rules(run.as_of)
        queue = collections.deque(facts)
        for fact in queue:
            run.facts[fact.key] = fact
        while queue:
            fact = queue.popleft()
            for index, test in by_kind.get(fact.kind, ()):
                if test(fact.data):
                    child = run.matched(index, fact)
                    if child is not None:
                        queue.append(child)

    def evaluate(
        self, partnership: Partnership, as_of: date, *, method: Method = "durable"
    ) -> list[Finding]:
        """Every finding of the active rules about a partnership's records as of a date.

        Raises:
            RuleActionError: a rule's action failed inside the engine.
        """
        if method not in get_args(Method):
            raise EvaluationError(f"method must be one of {get_args(Method)}, not {method!r}")
        facts = project(
            partnership, as_of, self.calendar, params=self.rulebook.parameter_values(as_of)
        )
        run = self._new_run(as_of)
        if method == "python":
            self._run_python(run, facts)
        else:
            with self._lock:
                for start in range(0, max(len(facts), 1), _SHARD):
                    session = self._open(run)
                    try:
                        self._assert(session, run, facts[start : start + _SHARD])
                    finally:
                        self._close(session)
        return run.findings(self.rulebook, partnership)

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
    method: Method = "durable",
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
    return engine.evaluate(partnership, as_of, method=method)


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
    place in the engine, which holds at most about a thousand at once.
    """

    def __init__(self, engine: Engine, partnership: Partnership, as_of: date) -> None:
        self.engine = engine
        self.partnership = partnership
        self.as_of = as_of
        self._run = engine._new_run(as_of)
        self._session = engine._open(self._run)
        self._ruleset = self._session.ruleset
        with engine._lock:
            engine._assert(
                self._session,
                self._run,
                project(
                    partnership,
                    as_of,
                    engine.calendar,
                    params=engine.rulebook.parameter_values(as_of),
                ),
            )
        self._findings = self._run.findings(engine.rulebook, partnership)

    @property
    def findings(self) -> list[Finding]:
        """The findings as the records and date now stand."""
        return list(self._findings)

    def post(self, *changes: object) -> Changes:
        """Apply changes (records added or replaced, :class:`Removed`, :class:`NewDate`).

        Returns:
            The findings raised and resolved by the changes.
        """
        partnership = self.partnership
        as_of = self.as_of
        for change in changes:
            if isinstance(change, NewDate):
                as_of = change.as_of
            else:
                partnership = apply_change(partnership, change)
        engine = self.engine
        new_facts = {
            f.key: f
            for f in project(
                partnership, as_of, engine.calendar, params=engine.rulebook.parameter_values(as_of)
            )
        }
        with engine._lock:
            if engine._ruleset(
                as_of
            ) != self._ruleset or self._run.params != engine.rulebook.parameter_values(as_of):
                self._reopen(as_of, new_facts.values())
            else:
                moved = self._run.as_of != as_of
                self._run.as_of = as_of
                self._sync(new_facts, date_moved=moved)
        self.partnership, self.as_of = partnership, as_of
        before = {f.id: f for f in self._findings}
        self._findings = self._run.findings(engine.rulebook, partnership)
        after = {f.id: f for f in self._findings}
        return Changes(
            raised=tuple(f for i, f in after.items() if i not in before),
            resolved=tuple(f for i, f in before.items() if i not in after),
        )

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
                stamped = run.stamped.pop(dropped, None)
                if stamped is not None:
                    self._session.retract_fact(stamped)
        fresh = [f for k, f in new_facts.items() if k not in run.facts]
        self.engine._assert(self._session, run, fresh)

    def _reopen(self, as_of: date, facts: Iterable[Fact]) -> None:
        self.engine._close(self._session)
        self._run = self.engine._new_run(as_of)
        self._session = self.engine._open(self._run)
        self._ruleset = self._session.ruleset
        self.engine._assert(self._session, self._run, facts)

    def close(self) -> None:
        """Free the Session's place in the engine."""
        self.engine._close(self._session)

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
