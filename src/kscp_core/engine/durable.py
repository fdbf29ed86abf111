"""The durable-rules path: the rules' condition trees run in durable-rules.

Conditions compile to durable-rules' JSON form (:func:`compile_condition`),
one ruleset per set of parameter values, registered once per Engine. The
engine's limits are kept whatever the size: an evaluation asserts so few facts
into each engine session that they and every fact they may chain stay within
the ids that never collide (``MAX_FACTS_PER_SESSION`` in
``kscp_core.engine._durable``), and opens one session at a time. A
Session's store spreads a large partnership over several sessions, reuses the
ids of retracted facts, and opens a further copy of the rules when one copy
has as many live sessions as the engine allows.
"""

from __future__ import annotations

import hashlib
import importlib
import itertools
import zlib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

from kscp_core.engine import run as _run
from kscp_core.engine.backend import BackendName
from kscp_core.engine.run import Progress, Run
from kscp_core.errors import EvaluationError, RuleBookError
from kscp_core.facts import Fact, FactKey
from kscp_core.rulebook import RuleBook
from kscp_core.rulebook.conditions import (
    All,
    Any_,
    Compare,
    Condition,
    Field,
    Member,
    Op,
    Operand,
    Param,
    Present,
    Scalar,
)

if TYPE_CHECKING:
    from kscp_core.engine import _durable

__all__ = ["DurableBackend", "DurableStore", "Shard", "compile_condition", "engine_text"]

_serial = itertools.count(1)


def _wrapper() -> ModuleType:
    """The durable-rules wrapper, imported when first needed.

    durable-rules is not installed on Python 3.13 and later; this module (the
    compiling, the backend's logic) still imports there, for its documentation
    and its doctests.
    """
    return importlib.import_module("kscp_core.engine._durable")


_DURABLE_OPS = {Op.NE: "$neq", Op.LT: "$lt", Op.LE: "$lte", Op.GT: "$gt", Op.GE: "$gte"}


# durable-rules keeps a text's length in 16 bits: a text longer than 65,535
# bytes compares equal to its prefix. Texts that long (and any text that starts
# as a stand-in does) go into the engine as a stand-in made from their digest,
# so two texts are equal in the engine exactly when they are equal in Python
# (only equality is asked of text: ordering texts is refused at load).
_LONG = 16_000  # characters: at most 64,000 bytes in UTF-8
_STAND_IN = "\u2063text-sha256:"


def engine_text(value: str) -> str:
    """A text as the engine is given it: itself, or for a very long text a stand-in.

    >>> engine_text("short")
    'short'
    >>> engine_text("y" * 70_000) == engine_text("y" * 70_000) != engine_text("y" * 69_999)
    True
    >>> len(engine_text("y" * 70_000))
    77
    """
    if len(value) > _LONG or value.startswith(_STAND_IN):
        digest = hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
        return _STAND_IN + digest
    return value


def _durable_value(operand: Operand, params: Mapping[str, Scalar]) -> Any:
    if isinstance(operand, Field):
        return {"$m": operand.name}
    value = params[operand.name] if isinstance(operand, Param) else operand.value
    return engine_text(value) if isinstance(value, str) else value


def _engine_scalar(value: Scalar) -> Scalar:
    return engine_text(value) if isinstance(value, str) else value


def compile_condition(node: Condition, params: Mapping[str, Scalar]) -> dict[str, Any]:
    """The condition in durable-rules' JSON form, with parameter values filled in.

    >>> from kscp_core.rulebook.conditions import parse
    >>> compile_condition(parse("days_past_due > 0 and open"), {})
    {'$and': [{'$gt': {'days_past_due': 0}}, {'open': True}]}
    """
    if isinstance(node, All):
        return {"$and": [compile_condition(p, params) for p in node.parts]}
    if isinstance(node, Any_):
        return {"$or": [compile_condition(p, params) for p in node.parts]}
    if isinstance(node, Compare):
        assert isinstance(node.left, Field)
        value = _durable_value(node.right, params)
        test = (
            {node.left.name: value}
            if node.op is Op.EQ
            else {_DURABLE_OPS[node.op]: {node.left.name: value}}
        )
        if isinstance(node.right, Field):
            # durable-rules 2.0.28 holds every comparison with a missing right-hand
            # field true; require both fields, as a missing field fails any test.
            return {"$and": [{"$ex": {node.left.name: 1}}, {"$ex": {node.right.name: 1}}, test]}
        return test
    if isinstance(node, Member):
        name = node.field.name
        if node.negated:
            return {"$and": [{"$neq": {name: v}} for v in node.values]}
        return {"$or": [{name: v} for v in node.values]}
    if isinstance(node, Present):
        return {("$nex" if node.negated else "$ex"): {node.field.name: 1}}
    return {node.field.name: node.value}


class Shard:
    """One engine session and the facts asserted into it, by the id they were given."""

    def __init__(self, session: _durable.DurableSession, run: Run) -> None:
        self.session = session
        self.run = run
        self.keys: dict[int, FactKey] = {}
        self.stamped: dict[FactKey, dict[str, Any]] = {}

    def assert_facts(self, facts: Iterable[Fact]) -> None:
        for fact in facts:
            self.run.add(fact)
            self.run.projected.add(fact.key)
            self.assert_one(fact)

    def assert_one(self, fact: Fact, assert_more: Any = None) -> None:
        stamped: dict[str, Any] = {
            name: engine_text(value) if isinstance(value, str) else value
            for name, value in fact.data.items()
        }
        number = self.session.new_id()
        stamped["kind"] = fact.kind
        stamped["id"] = number
        stamped["sid"] = self.session.sid
        self.keys[number] = fact.key
        self.stamped[fact.key] = stamped
        (assert_more or self.session.assert_fact)(stamped)

    def retract(self, key: FactKey) -> bool:
        stamped = self.stamped.pop(key, None)
        if stamped is None:
            return False
        del self.keys[stamped["id"]]
        self.session.retract_fact(stamped)
        return True


class DurableBackend:
    """Runs a RuleBook's active rules in durable-rules, on one host of its own."""

    name: BackendName = "durable"

    def __init__(self, rulebook: RuleBook) -> None:
        self.rulebook = rulebook
        self._host: _durable.DurableHost = _wrapper().DurableHost()
        self.lock = self._host.lock
        self._rulesets: dict[tuple[tuple[str, Scalar], ...], list[str]] = {}
        self._shards: dict[str, Shard] = {}
        self._serial = next(_serial)
        self._names = itertools.count(1)
        self._sids = itertools.count(1)
        self._shard_size: int | None = None

    # -- compiling -----------------------------------------------------------------------

    def _ruleset(self, params: Mapping[str, Scalar]) -> str:
        """A copy of the rules, for these parameter values, with room for a session."""
        epoch = tuple(sorted(params.items()))
        with self.lock:
            names = self._rulesets.setdefault(epoch, [])
            for name in names:
                if self._host.has_room(name):
                    return name
            name = f"kscp_{self._serial}_{next(self._names)}"
            compiled = [
                (rule.id, rule.applies_to, compile_condition(rule.condition, params))
                for rule in self.rulebook.active
            ]
            self._host.register(name, compiled, self._on_match)
            names.append(name)
            return name

    def close(self) -> None:
        """Free the rulesets this backend registered (those with no open session)."""
        with self.lock:
            self._host.close()
            self._rulesets.clear()

    def check_rules(self, params: Mapping[str, Scalar]) -> None:
        """Register the rules once, naming the rule and file durable-rules cannot run.

        durable-rules refuses some conditions the Python path runs (an and/or
        nesting about 16 deep, measured): such a rulebook is refused for both
        paths when its Engine is made, not when a small evaluation first
        reaches durable-rules.

        Raises:
            RuleBookError: naming the rule, its file and the engine's error.
        """
        try:
            self._ruleset(params)
        except EvaluationError:
            for rule in self.rulebook.active:
                name = f"kscp_check_{self._serial}_{next(self._names)}"
                try:
                    compiled = compile_condition(rule.condition, params)
                    self._host.register(
                        name, [(rule.id, rule.applies_to, compiled)], self._on_match
                    )
                except EvaluationError as refused:
                    raise RuleBookError(
                        rule.overlay or rule.file,
                        f"the rule engine cannot run this condition ({refused}); "
                        "write it with less nesting",
                        rule=rule.id,
                        field="condition",
                    ) from None
                self._host.drop(name)
            raise

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
        limit = int(_wrapper().MAX_FACTS_PER_SESSION)
        return max(1, (limit - 1) // (1 + most))

    def _on_match(self, index: int, sid: str, fact: dict[str, Any], assert_more: Any) -> None:
        shard = self._shards[sid]
        run = shard.run
        child = run.matched(index, run.facts[shard.keys[fact["id"]]])
        if child is not None:
            shard.assert_one(child, assert_more)

    # -- sessions ------------------------------------------------------------------------

    def open(self, run: Run) -> Shard:
        """Open an engine session for a run."""
        with self.lock:
            sid = f"{self._serial}-{next(self._sids)}"
            shard = Shard(self._host.open(self._ruleset(run.params), sid), run)
            self._shards[sid] = shard
            return shard

    def close_shard(self, shard: Shard) -> None:
        """Close an engine session."""
        with self.lock:
            self._shards.pop(shard.session.sid, None)
            shard.session.close()

    def evaluate(self, run: Run, facts: Iterable[Fact], progress: Progress | None) -> None:
        """Assert the facts, a shard of sessions at a time."""
        every = list(facts)
        with self.lock:
            size = self.shard_size()
            for start in range(0, max(len(every), 1), size):
                shard = self.open(run)
                try:
                    part = every[start : start + size]
                    for at in range(0, len(part), _run.PROGRESS_EVERY):
                        shard.assert_facts(part[at : at + _run.PROGRESS_EVERY])
                        if progress is not None:
                            progress(start + min(at + _run.PROGRESS_EVERY, len(part)), len(every))
                finally:
                    self.close_shard(shard)
            if progress is not None:
                progress(len(every), len(every))

    def store(self, run: Run, expected: int) -> DurableStore:
        """A Session's store: twice the sessions the facts need (facts are spread by key)."""
        with self.lock:
            count = 1 + 2 * expected // self.shard_size()
            return DurableStore(self, run, [self.open(run) for _ in range(count)])


class DurableStore:
    """A Session's facts, spread by key over several engine sessions."""

    def __init__(self, backend: DurableBackend, run: Run, shards: list[Shard]) -> None:
        self._backend = backend
        self._run = run
        self._shards = shards

    def _shard(self, key: FactKey) -> Shard:
        return self._shards[zlib.crc32("\x1f".join(key).encode()) % len(self._shards)]

    def add(self, facts: Iterable[Fact]) -> None:
        """Assert facts, each into the session its key picks."""
        by_shard: dict[int, list[Fact]] = defaultdict(list)
        for fact in facts:
            by_shard[id(self._shard(fact.key))].append(fact)
        with self._backend.lock:
            for shard in self._shards:
                part = by_shard.get(id(shard))
                if part:
                    shard.assert_facts(part)

    def remove(self, key: FactKey) -> None:
        """Retract a fact from whichever session holds it."""
        with self._backend.lock:
            for shard in self._shards:
                if shard.retract(key):
                    return

    def crowded(self) -> bool:
        """Whether the facts have outgrown the engine sessions they were spread over."""
        return 2 * len(self._run.facts) > self._backend.shard_size() * len(self._shards)

    def close(self) -> None:
        """Close every engine session."""
        for shard in self._shards:
            self._backend.close_shard(shard)
        self._shards = []
