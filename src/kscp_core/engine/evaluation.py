"""Evaluate the rules against a partnership's records as of a date.

:func:`evaluate` is the one call most hosts need. An :class:`Engine` holds a
RuleBook ready to run and can be reused (and shared by threads); two Engines
never see each other's facts or rules. A :class:`~kscp_core.engine.session.Session` loads a
partnership once and then takes changes.

Two paths give the same findings: ``durable`` runs the compiled rules in
durable-rules; ``python`` (the fast path) evaluates the same condition trees
compiled to Python. ``auto``, the default, takes the fast path for large
evaluations (more than :data:`AUTO_PYTHON_FROM` records).
"""

from __future__ import annotations

import importlib
import os
import threading
import weakref
from collections.abc import Iterable, Iterator, Sequence, Sized
from datetime import date
from typing import Literal, get_args

from kscp_core._collector import collector_paused
from kscp_core.engine.backend import Backend, BackendName, durable_unavailable
from kscp_core.engine.findings import Finding, PartsCache
from kscp_core.engine.python import PythonBackend
from kscp_core.engine.run import Progress, Run, in_order
from kscp_core.engine.session import Session
from kscp_core.errors import DurableUnavailableError, UsageError
from kscp_core.facts import Context, iter_facts
from kscp_core.facts.gate import open_states
from kscp_core.facts.projection import PROJECTORS
from kscp_core.io.records import load
from kscp_core.model.partnership import Partnership, record_count
from kscp_core.model.working_days import EARLIEST_DATE, LATEST_DATE, WorkingCalendar
from kscp_core.rulebook import RuleBook
from kscp_core.rulebook.conditions import Scalar

__all__ = ["AUTO_PYTHON_FROM", "Engine", "Method", "evaluate", "shared_engine"]

Method = Literal["auto", "durable", "python"]

#: With ``method="auto"``, evaluations of more records than this take the fast
#: path. A local choice: durable-rules takes about a second for this many.
AUTO_PYTHON_FROM = 10_000


class Engine:
    """A RuleBook ready to run, reusable across evaluations and threads.

    Args:
        rulebook: the rules to run (the packaged rules if not given).
        calendar: the working-day calendar (England and Wales if not given).
        gate: skip, before deriving its facts, a record in a state no active
            rule can fire on (see :mod:`kscp_core.facts.gate`): the same
            findings, sooner. False derives every record's facts.
    """

    def __init__(
        self,
        rulebook: RuleBook | None = None,
        *,
        calendar: WorkingCalendar | None = None,
        gate: bool = True,
    ) -> None:
        self.rulebook = rulebook if rulebook is not None else RuleBook.load()
        self.calendar = calendar
        self.gate = gate
        #: each rule's parts of a finding, by its parameter values (kept across evaluations)
        self._parts: PartsCache = {}
        self._open_states: dict[
            tuple[tuple[str, Scalar], ...], dict[str, frozenset[tuple[bool, ...]]]
        ] = {}
        self._lock = threading.RLock()
        self._backends: dict[BackendName, Backend] = {}
        # free the engine's rulesets in durable-rules when the Engine is closed or collected
        self._finalizer = weakref.finalize(self, _close_backends, self._backends)
        if durable_unavailable() is None:
            # what durable-rules cannot run is refused now, for both paths alike
            durable = importlib.import_module("kscp_core.engine.durable")
            backend = self.backend("durable")
            assert isinstance(backend, durable.DurableBackend)
            backend.check_rules(self.rulebook.parameter_values(EARLIEST_DATE))

    def close(self) -> None:
        """Free what this Engine holds in durable-rules (idempotent).

        Sessions still open on it keep working until they close; an evaluation
        after this registers the rules again.
        """
        with self._lock:
            _close_backends(self._backends)

    def __enter__(self) -> Engine:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def backend(self, name: BackendName) -> Backend:
        """The backend of that name, made on first use.

        Raises:
            DurableUnavailableError: durable-rules cannot run on this interpreter.
        """
        with self._lock:
            found = self._backends.get(name)
            if found is None:
                if name == "durable":
                    reason = durable_unavailable()
                    if reason is not None:
                        raise DurableUnavailableError(reason)
                    # imported here: on Python 3.13 and later durable-rules is not installed
                    durable = importlib.import_module("kscp_core.engine.durable")
                    found = durable.DurableBackend(self.rulebook)
                else:
                    found = PythonBackend(self.rulebook)
                self._backends[name] = found
            return found

    def context(self, partnership: Partnership, as_of: date, *, gated: bool = False) -> Context:
        """What the facts of a partnership are derived in, as of a date, under these rules.

        ``gated``: records in a state no active rule can fire on give no facts
        (as an evaluation and a Session derive them when the Engine's ``gate`` is on).

        Raises:
            UsageError: the date is not a date, or is outside the dates kscp_core works with.
        """
        if not isinstance(as_of, date) or not EARLIEST_DATE <= as_of <= LATEST_DATE:
            raise UsageError(
                f"as of must be a date from {EARLIEST_DATE.isoformat()} to "
                f"{LATEST_DATE.isoformat()}, not {as_of!r}"
            )
        params = self.rulebook.parameter_values(as_of)
        return Context(
            partnership=partnership,
            as_of=as_of,
            params=params,
            calendar=self.calendar,
            proportionality=self.rulebook.proportionality,
            open_states=self._states(params) if gated else None,
        )

    def _states(self, params: dict[str, Scalar]) -> dict[str, frozenset[tuple[bool, ...]]]:
        """The gate for these parameter values, worked out once."""
        epoch = tuple(sorted(params.items()))
        with self._lock:
            found = self._open_states.get(epoch)
            if found is None:
                found = open_states(PROJECTORS, self.rulebook.active, params)
                self._open_states[epoch] = found
            return found

    def new_run(self, ctx: Context) -> Run:
        """An empty run of the active rules over a context's facts."""
        return Run(rules=self.rulebook.active, params=dict(ctx.params), ctx=ctx)

    def choose(self, method: Method, records: int) -> BackendName:
        """The backend a method picks for an evaluation of this many records.

        ``auto`` takes the Python path for large evaluations, and wherever
        durable-rules cannot run.

        Raises:
            UsageError: not a method.
        """
        if method not in get_args(Method):
            raise UsageError(f"method must be one of {get_args(Method)}, not {method!r}")
        if method == "auto":
            large = records > AUTO_PYTHON_FROM
            return "python" if large or durable_unavailable() is not None else "durable"
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
            UsageError: not a method.
        """
        backend = self.backend(self.choose(method, record_count(partnership)))
        # only the records that give facts some active rule looks at
        kinds = {rule.applies_to for rule in self.rulebook.active}
        with collector_paused():
            ctx = self.context(partnership, as_of, gated=self.gate)
            run = self.new_run(ctx)
            backend.evaluate(run, iter_facts(ctx, kinds=kinds), progress)
            findings = in_order(run.findings(run.builder(self.rulebook, self._parts)).values())
            # freed by reference counting now, not traced by the collector when it resumes
            del run, ctx
        return findings

    def evaluate_many(
        self,
        partnerships: Iterable[Partnership | str | os.PathLike[str]],
        as_of: date,
        *,
        method: Method = "auto",
        progress: Progress | None = None,
    ) -> Iterator[list[Finding]]:
        """The findings of each partnership of a portfolio in turn, as of one date.

        Each item is a Partnership or the path of its records file; a file is
        loaded when its turn comes and let go once its findings are yielded, so
        a portfolio of files is never held at once (give an iterator, not a
        list, of Partnerships for the same with records made on the fly).
        With ``method="auto"`` the path is chosen once by the size of the
        whole portfolio when it is a sequence of Partnerships, else for each
        partnership by its size. ``progress`` is called with the partnerships
        done and the total (None when the portfolio does not know its length).

        Raises:
            RecordsError: a records file cannot be loaded (naming it).
            UsageError: one path given where a portfolio is expected.
        """
        if isinstance(partnerships, str | bytes | os.PathLike):
            raise UsageError(
                "evaluate_many takes a list (or an iterator) of partnerships or records "
                "files, not one path: give [path] for one file, or use evaluate"
            )
        total = len(partnerships) if isinstance(partnerships, Sized) else None
        chosen: Method = method
        if isinstance(partnerships, Sequence) and all(
            isinstance(p, Partnership) for p in partnerships
        ):
            chosen = self.choose(method, sum(record_count(p) for p in partnerships))
        for done, item in enumerate(partnerships, 1):
            partnership = item if isinstance(item, Partnership) else load(os.fspath(item))
            findings = self.evaluate(partnership, as_of, method=chosen)
            del partnership
            if progress is not None:
                progress(done, total)
            yield findings

    def session(self, partnership: Partnership, as_of: date) -> Session:
        """A Session on this engine: load the records once, then post changes."""
        return Session(self, partnership, as_of)


def _close_backends(backends: dict[BackendName, Backend]) -> None:
    for backend in list(backends.values()):
        close = getattr(backend, "close", None)
        if close is not None:
            close()


_DEFAULT_ENGINES: dict[int, tuple[weakref.ref[RuleBook] | None, Engine]] = {}
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

    An engine is kept for reuse for the packaged rules, and for each RuleBook
    given while that RuleBook lives.
    """
    return shared_engine(rulebook).evaluate(partnership, as_of, method=method, progress=progress)


def shared_engine(rulebook: RuleBook | None = None) -> Engine:
    """The engine kept for a RuleBook (the packaged rules when None), made on first use.

    It lives as long as its RuleBook; callers share it, so they must not close it.
    """
    key = 0 if rulebook is None else id(rulebook)
    with _DEFAULT_LOCK:
        found = _DEFAULT_ENGINES.get(key)
        if found is not None and (found[0] is None or found[0]() is rulebook):
            return found[1]
        engine = Engine(rulebook)
        if rulebook is None:
            _DEFAULT_ENGINES[key] = (None, engine)
        else:
            # forget the engine (and free its rulesets) when the RuleBook goes
            def forget(
                _: object,
                key: int = key,
                engines: dict[int, tuple[weakref.ref[RuleBook] | None, Engine]] = _DEFAULT_ENGINES,
                lock: threading.Lock = _DEFAULT_LOCK,
            ) -> None:
                # bound now: at the interpreter's exit this module's names may be gone
                with lock:
                    gone = engines.pop(key, None)
                if gone is not None:
                    gone[1].close()

            _DEFAULT_ENGINES[key] = (weakref.ref(rulebook, forget), engine)
        return engine
