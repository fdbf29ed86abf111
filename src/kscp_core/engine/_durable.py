"""The only module that imports durable-rules, and every guard it needs.

durable-rules 2.0.28 is the engine. This module keeps its traps away from
the rest of kscp_core:

- no global host (``durable.lang``): each :class:`DurableHost` is its own
  engine, and starts no timer threads (the stock ``Host`` starts two that
  never stop, and would run actions on another thread);
- every ruleset is registered from a deep copy (``Host`` deletes ``run`` keys);
- every rule is guarded by its fact kind, so the session's own state object
  never matches and no rule can loop on it;
- facts get integer ids assigned here, below the engine's 32-bit hash
  collision bound per session; the caller shards larger evaluations;
- a fact that no rule matches is ignored, not an error;
- an action is a plain one-argument function that never raises into the
  engine (which would swallow it): errors are recorded and raised as
  :class:`~kscp_core.errors.RuleActionError` after the engine call returns;
- one lock per host: the C engine has none;
- every session opens with a marker fact that a no-op rule matches: deleting
  a session in which no fact was ever stored crashes the process
  (segmentation fault in ``delete_state``, measured on 2.0.28).
"""

from __future__ import annotations

import contextlib
import copy
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import durable_rules_engine
from durable.engine import Host, MessageNotHandledException, MessageObservedException

from kscp_core.errors import EvaluationError, RuleActionError

__all__ = ["MAX_FACTS_PER_SESSION", "MAX_SESSIONS", "DurableHost", "DurableSession", "Match"]

#: Plain decimal ids are collision-free below 797,185 in one session; keep well under.
MAX_FACTS_PER_SESSION = 700_000
#: The engine allows 1024 live sessions per ruleset; keep a margin.
MAX_SESSIONS = 1000

#: Called as ``on_match(rule_index, sid, fact, assert_more)`` when a rule fires.
Match = Callable[[int, str, dict[str, Any], Callable[[dict[str, Any]], None]], None]


class _QuietHost(Host):  # type: ignore[misc]
    """A durable-rules host that starts no timer threads."""

    def _run(self) -> None:
        """Start nothing: kscp_core uses no timers and dispatches synchronously."""


class DurableHost:
    """One durable-rules host, its rulesets and its lock."""

    def __init__(self) -> None:
        self._host = _QuietHost()
        self.lock = threading.RLock()
        self._errors: dict[str, list[tuple[int, str]]] = {}
        self._rulesets: dict[str, list[str]] = {}
        self._live: dict[str, int] = {}

    def register(
        self, name: str, rules: list[tuple[str, str, dict[str, Any]]], on_match: Match
    ) -> None:
        """Register a ruleset: for each rule, its label, fact kind and compiled condition."""
        definition: dict[str, Any] = {
            "session_marker": {
                "all": [{"m": {"$and": [{"kind": _MARKER}, {"marker": True}]}}],
                "run": _no_op,
            }
        }
        for index, (_, kind, condition) in enumerate(rules):
            definition[f"r{index}"] = {
                "all": [{"m": {"$and": [{"kind": kind}, condition]}}],
                "run": self._action(index, on_match),
            }
        with self.lock:
            try:
                self._host.register_rulesets({name: _with_actions(definition)})
            except Exception as error:  # the C engine's "error code: N"
                raise EvaluationError(f"durable-rules refused the rules: {error}") from error
            self._rulesets[name] = [label for label, _, _ in rules]
            self._live[name] = 0

    def _action(self, index: int, on_match: Match) -> Callable[[Any], None]:
        errors = self._errors

        def action(c: Any) -> None:
            sid = str(c.s.sid)
            try:
                fact = dict(c.m._d)

                def assert_more(more: dict[str, Any]) -> None:
                    # a chained fact that no rule matches is simply not kept
                    with contextlib.suppress(MessageNotHandledException):
                        c.assert_fact(more)

                on_match(index, sid, fact, assert_more)
            except Exception as error:  # recorded, raised to the caller after the engine returns
                errors.setdefault(sid, []).append((index, f"{type(error).__name__}: {error}"))

        return action

    @contextmanager
    def session(self, ruleset: str, sid: str) -> Iterator[DurableSession]:
        """A session of a ruleset, deleted from the engine when the block ends."""
        opened = self.open(ruleset, sid)
        try:
            yield opened
        finally:
            opened.close()

    def open(self, ruleset: str, sid: str) -> DurableSession:
        """Open a session that stays until closed.

        Raises:
            EvaluationError: the ruleset already has the most live sessions the engine allows.
        """
        with self.lock:
            if self._live[ruleset] >= MAX_SESSIONS:
                raise EvaluationError(
                    f"{MAX_SESSIONS} sessions are already open on this engine's rules; "
                    "close some (Session.close) before opening more"
                )
            self._live[ruleset] += 1
            session = DurableSession(self, ruleset, sid)
            session.assert_fact(
                {"kind": _MARKER, "marker": True, "id": session.new_id(), "sid": sid}
            )
        return session

    def drop(self, ruleset: str) -> bool:
        """Free a ruleset in the engine, once it has no live session; say whether it was freed.

        durable-rules keeps every registered ruleset for the life of the
        process (about 0.7 MB for this library's rules); its C engine can delete
        one, and its host keeps it in two private registries, cleared here.
        """
        with self.lock:
            if self._live.get(ruleset, 0) > 0:
                return False
            found = self._host._ruleset_directory.pop(ruleset, None)
            if found is None:
                return False
            self._host._ruleset_list.remove(found)
            durable_rules_engine.delete_ruleset(found._handle)
            self._rulesets.pop(ruleset, None)
            self._live.pop(ruleset, None)
            return True

    def close(self) -> None:
        """Free every ruleset that has no live session."""
        with self.lock:
            for ruleset in list(self._rulesets):
                self.drop(ruleset)

    def has_room(self, ruleset: str) -> bool:
        """Whether the ruleset can take one more live session."""
        with self.lock:
            return self._live[ruleset] < MAX_SESSIONS

    def _close(self, ruleset: str, sid: str) -> None:
        with self.lock:
            # every session holds its marker fact, so there is state to delete
            self._host.delete_state(ruleset, sid)
            self._errors.pop(sid, None)
            self._live[ruleset] -= 1

    def _raise_errors(self, ruleset: str, sid: str) -> None:
        recorded = self._errors.pop(sid, [])
        try:
            state = self._host.get_state(ruleset, sid)
        except Exception:
            state = {}
        swallowed = state.get("exception") if isinstance(state, dict) else None
        if recorded:
            index, detail = recorded[0]
            raise RuleActionError(self._rulesets[ruleset][index], detail)
        if swallowed:
            raise RuleActionError("(unknown rule)", str(swallowed))

    def call(self, ruleset: str, sid: str, method: str, fact: dict[str, Any]) -> None:
        """Assert or retract one fact, then raise any error an action recorded."""
        with self.lock:
            try:
                getattr(self._host, method)(ruleset, fact)
            except MessageNotHandledException:
                pass  # no rule matches this fact: not an error
            except MessageObservedException as error:
                raise EvaluationError(f"the engine already holds fact {fact.get('id')}") from error
            except Exception as error:  # the C engine's "error code: N", never a traceback
                raise EvaluationError(f"durable-rules refused a fact: {error}") from error
            self._raise_errors(ruleset, sid)


_MARKER = "_session"


def _no_op(c: Any) -> None:
    """The marker rule's action: nothing to do."""


def _with_actions(definition: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of a ruleset definition that keeps the same action functions."""
    copied: dict[str, Any] = {}
    for name, rule in definition.items():
        copied[name] = {
            key: (value if key == "run" else copy.deepcopy(value)) for key, value in rule.items()
        }
    return copied


class DurableSession:
    """One engine session: facts asserted and retracted by the ids given here."""

    def __init__(self, host: DurableHost, ruleset: str, sid: str) -> None:
        self._host = host
        self.ruleset = ruleset
        self.sid = sid
        self._next_id = 0
        self._free: list[int] = []  # ids of retracted facts, free to use again
        self._closed = False

    def new_id(self) -> int:
        """A fact id not in use in this session: a retracted fact's, or the next new one.

        Reusing ids keeps them low however long a session lives.

        Raises:
            EvaluationError: the session would pass the engine's collision-free id range.
        """
        if self._free:
            return self._free.pop()
        self._next_id += 1
        if self._next_id > MAX_FACTS_PER_SESSION:
            raise EvaluationError(f"more than {MAX_FACTS_PER_SESSION} facts in one engine session")
        return self._next_id

    def stamp(self, kind: str, key: str, data: dict[str, Any]) -> dict[str, Any]:
        """The engine's form of a fact: data with its kind, key, a fresh id and this session."""
        return {**data, "kind": kind, "key": key, "id": self.new_id(), "sid": self.sid}

    def assert_fact(self, fact: dict[str, Any]) -> None:
        """Add a fact; rules it completes fire before this returns."""
        self._host.call(self.ruleset, self.sid, "assert_fact", fact)

    def retract_fact(self, fact: dict[str, Any]) -> None:
        """Remove a fact (by the id it was asserted with); its id may then be used again."""
        self._host.call(self.ruleset, self.sid, "retract_fact", fact)
        self._free.append(fact["id"])

    def close(self) -> None:
        """Delete the session from the engine (idempotent)."""
        if not self._closed:
            self._closed = True
            self._host._close(self.ruleset, self.sid)
