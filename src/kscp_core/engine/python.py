"""The Python path: the rules' condition trees compiled to Python functions.

The same trees the durable-rules path compiles, turned into one Python
expression each: the fast way to test many facts, and the path that runs
wherever durable-rules cannot be imported. A function's source is written from
the tree alone: field names and values are passed to it as bound names, so no
text of a rule file ever becomes code.
"""

from __future__ import annotations

import collections
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from kscp_core.engine import run as _run
from kscp_core.engine.backend import BackendName
from kscp_core.engine.run import Progress, Run
from kscp_core.facts import Fact, FactKey
from kscp_core.rulebook import RuleBook
from kscp_core.rulebook.conditions import (
    MISSING,
    All,
    Any_,
    Compare,
    Condition,
    Field,
    Member,
    Op,
    Present,
    Scalar,
    operand_value,
    order,
    same,
)

__all__ = ["PythonBackend", "PythonStore", "compile_python"]

Test = Callable[[Mapping[str, Any]], bool]

_PY_OPS = {Op.EQ: "==", Op.NE: "!=", Op.LT: "<", Op.LE: "<=", Op.GT: ">", Op.GE: ">="}


class _Source:
    """Python source for one condition, with its constants kept aside by name."""

    def __init__(self, params: Mapping[str, Scalar]) -> None:
        self.params = params
        self.constants: dict[str, Any] = {}

    def constant(self, value: Any) -> str:
        name = f"c{len(self.constants)}"
        self.constants[name] = value
        return name

    def field(self, name: str) -> str:
        return f"f.get({self.constant(name)}, M)"

    def node(self, node: Condition) -> str:
        if isinstance(node, All | Any_):
            joiner = " and " if isinstance(node, All) else " or "
            return "(" + joiner.join(self.node(p) for p in node.parts) + ")"
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, Member):
            values = tuple(node.values)
            same = self.constant(tuple(v for v in values if isinstance(v, str)))
            other = self.constant(tuple(v for v in values if not isinstance(v, str)))
            inside = f"(x in {same} if isinstance(x, str) else x in {other})"
            return (
                f"((x := {self.field(node.field.name)}) is not M and "
                f"{'not ' if node.negated else ''}{inside})"
            )
        if isinstance(node, Present):
            return f"({self.constant(node.field.name)} {'not in' if node.negated else 'in'} f)"
        value = self.constant(node.value)
        return (
            f"((x := {self.field(node.field.name)}) is not M and "
            f"not isinstance(x, str) and x == {value})"
        )

    def compare(self, node: Compare) -> str:
        assert isinstance(node.left, Field)
        left = f"(x := {self.field(node.left.name)}) is not M"
        if isinstance(node.right, Field):
            # two fields: both must be there, and of one kind (text or not)
            if node.op is Op.EQ:
                test = "same(x, y)"
            elif node.op is Op.NE:
                test = "not same(x, y)"
            else:
                test = f"order({self.constant(node.op)}, x, y)"
            return f"({left} and (y := {self.field(node.right.name)}) is not M and {test})"
        right = operand_value(node.right, {}, self.params)
        text = isinstance(right, str)
        kind = "isinstance(x, str)" if text else "not isinstance(x, str)"
        value = self.constant(right)
        if node.op is Op.NE:
            return f"({left} and not ({kind} and x == {value}))"
        return f"({left} and {kind} and x {_PY_OPS[node.op]} {value})"


def compile_python(
    node: Condition, params: Mapping[str, Scalar]
) -> Callable[[Mapping[str, Any]], bool]:
    """The condition as a Python function of a fact, with parameter values filled in.

    The same tree as :func:`~kscp_core.rulebook.conditions.evaluate` and
    :func:`~kscp_core.engine.durable.compile_condition`, turned into one Python
    expression: the fast way to test many facts. It gives exactly what
    :func:`~kscp_core.rulebook.conditions.evaluate` gives.

    >>> from kscp_core.rulebook.conditions import parse
    >>> test = compile_python(parse("open and days_past_due > limit", parameters={"limit"}),
    ...                       {"limit": 3})
    >>> test({"open": True, "days_past_due": 5}), test({"open": True})
    (True, False)
    """
    source = _Source(params)
    body = source.node(node)
    namespace: dict[str, Any] = {
        **source.constants,
        "M": MISSING,
        "same": same,
        "order": order,
    }
    # the source is built from the tree alone; every value in it is a name bound here
    code = compile(f"lambda f: bool({body})", "<condition>", "eval")
    function: Callable[[Mapping[str, Any]], bool] = eval(code, namespace)
    return function


class PythonBackend:
    """Runs a RuleBook's active rules as compiled Python functions."""

    name: BackendName = "python"

    def __init__(self, rulebook: RuleBook) -> None:
        self.rulebook = rulebook
        self._lock = threading.Lock()
        self._compiled: dict[tuple[tuple[str, Scalar], ...], dict[str, list[tuple[int, Test]]]] = {}

    def rules_for(self, run: Run) -> dict[str, list[tuple[int, Test]]]:
        """The active rules compiled for the run's parameter values, by the fact kind they test."""
        epoch = tuple(sorted(run.params.items()))
        with self._lock:
            compiled = self._compiled.get(epoch)
            if compiled is None:
                compiled = defaultdict(list)
                for index, rule in enumerate(run.rules):
                    compiled[rule.applies_to].append(
                        (index, compile_python(rule.condition, run.params))
                    )
                self._compiled[epoch] = compiled
            return compiled

    def evaluate(self, run: Run, facts: Iterable[Fact], progress: Progress | None) -> None:
        """Test each fact as it is derived; keep only the facts some rule met."""
        tester = _Tester(run, self.rules_for(run), keep_all=False)
        done = 0
        for fact in facts:
            tester.test(fact)
            done += 1
            if progress is not None and done % _run.PROGRESS_EVERY == 0:
                progress(done, None)
        if progress is not None:
            progress(done, done)

    def store(self, run: Run, expected: int) -> PythonStore:
        """A Session's store: every fact kept, tested as it comes."""
        return PythonStore(_Tester(run, self.rules_for(run), keep_all=True))


class _Tester:
    """Tests facts, and the facts their matches chain, against compiled rules."""

    def __init__(
        self, run: Run, by_kind: Mapping[str, list[tuple[int, Test]]], *, keep_all: bool
    ) -> None:
        self.run = run
        self.by_kind = by_kind
        self.keep_all = keep_all
        self.queue: collections.deque[Fact] = collections.deque()

    def _one(self, fact: Fact) -> None:
        run = self.run
        kept = False
        for index, condition in self.by_kind.get(fact.kind, ()):
            if condition(fact.data):
                if not kept and fact.key not in run.facts:
                    run.add(fact)
                kept = True
                child = run.matched(index, fact)
                if child is not None:
                    self.queue.append(child)

    def test(self, fact: Fact) -> None:
        if self.keep_all:
            self.run.add(fact)
        self._one(fact)
        while self.queue:
            self._one(self.queue.popleft())


class PythonStore:
    """A Session's facts on the Python path: nothing is held outside the Run."""

    def __init__(self, tester: _Tester) -> None:
        self._tester = tester

    def add(self, facts: Iterable[Fact]) -> None:
        """Test each fact, keeping it in the Run."""
        run = self._tester.run
        for fact in facts:
            run.projected.add(fact.key)
            self._tester.test(fact)

    def remove(self, key: FactKey) -> None:
        """Nothing to do: the Run has forgotten the fact."""

    def crowded(self) -> bool:
        """Never: the Python path has no engine limits."""
        return False

    def close(self) -> None:
        """Nothing to free."""
