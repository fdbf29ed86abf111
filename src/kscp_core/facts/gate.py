"""The gate: which states of a record some rule can fire on, read from the rules' trees.

Most records of a large partnership are settled (five actions in six are
completed) and no rule can find anything about them, yet deriving their facts
is most of an evaluation's work. A projector with a
:class:`~kscp_core.facts.base.StateGate` works out a record's state first (a
few true/false fields of its fact); the gate says, from the condition trees of
the rules in force, whether any rule could fire on a fact in that state, and
the projector skips the record when none could.

Nothing here is written per rule: a rule added, changed or switched off by an
overlay changes the gate with it. A state is open when some rule on the
record's own kind, or on a kind the projector gives alongside it (an action's
recorded escalation), could hold given only the state's fields
(:func:`~kscp_core.rulebook.conditions.possible`). Facts chained by a rule
need no test of their own: a rule fires on the parent before any is derived,
so its parent's state is open already.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from kscp_core.facts.base import Projector, StateGate
from kscp_core.rulebook import Rule
from kscp_core.rulebook.conditions import Scalar, possible

__all__ = ["open_states", "states_of"]


def states_of(
    gate: StateGate, rules: Iterable[Rule], params: Mapping[str, Scalar]
) -> frozenset[tuple[bool, ...]]:
    """Every state of a gated record (its fields' values, in order) some rule could fire on."""
    by_kind: dict[str, list[Rule]] = defaultdict(list)
    for rule in rules:
        by_kind[rule.applies_to].append(rule)
    kinds = {gate.kind: gate.fields, **gate.alongside}
    found = set()
    for values in itertools.product((False, True), repeat=len(gate.fields)):
        state = dict(zip(gate.fields, values, strict=True))
        for kind, copies in kinds.items():
            known: dict[str, Any] = {f: state[f] for f in copies if f in state}
            if any(possible(rule.condition, known, params) for rule in by_kind.get(kind, ())):
                found.add(values)
                break
    return frozenset(found)


def open_states(
    projectors: Iterable[Projector], rules: Iterable[Rule], params: Mapping[str, Scalar]
) -> dict[str, frozenset[tuple[bool, ...]]]:
    """For each gated kind of record, the states some rule could fire on."""
    rules = tuple(rules)
    return {p.gate.kind: states_of(p.gate, rules, params) for p in projectors if p.gate is not None}
