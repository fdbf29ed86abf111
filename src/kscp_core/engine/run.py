"""What one evaluation (or one Session) knows: its facts, and which rules they met."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date

import attrs

from kscp_core.engine.findings import Finding, FindingBuilder, PartsCache
from kscp_core.facts import Context, Fact, FactKey, derive
from kscp_core.model.identifiers import Redactor
from kscp_core.rulebook import Rule, RuleBook
from kscp_core.rulebook.conditions import Scalar

__all__ = ["PROGRESS_EVERY", "Progress", "Run", "Slot", "in_order"]

#: Where one finding at most can stand, a rule's index and a subject.
Slot = tuple[int, str]
#: Called as ``progress(done, total)``: in facts within one partnership's
#: evaluation (the fast path, which derives facts as it goes, gives the total
#: as None until the end), in partnerships across a portfolio.
Progress = Callable[[int, int | None], None]
#: Facts between two calls of a progress callback, on either path.
PROGRESS_EVERY = 10_000


def in_order(findings: Iterable[Finding]) -> list[Finding]:
    """Findings sorted by rule and record, the order every result is given in."""
    return sorted(findings, key=lambda f: (f.rule, f.subject))


@attrs.define
class Run:
    """The facts of one evaluation, the rules each met and the date each match fell due."""

    rules: tuple[Rule, ...]
    params: dict[str, Scalar]
    ctx: Context
    facts: dict[FactKey, Fact] = attrs.field(factory=dict)
    matches: dict[FactKey, dict[int, date | None]] = attrs.field(factory=lambda: defaultdict(dict))
    children: dict[FactKey, set[FactKey]] = attrs.field(factory=lambda: defaultdict(set))
    #: the facts projected from the records (the others were chained by rules)
    projected: set[FactKey] = attrs.field(factory=set)
    subjects: dict[str, set[FactKey]] = attrs.field(factory=lambda: defaultdict(set))

    @property
    def as_of(self) -> date:
        """The date evaluated."""
        return self.ctx.as_of

    def add(self, fact: Fact) -> None:
        """Know a fact (before it meets any rule)."""
        self.facts[fact.key] = fact
        self.subjects[fact.subject].add(fact.key)

    def matched(self, index: int, fact: Fact) -> Fact | None:
        """Record that rule ``index`` fired on ``fact``; return the new chained fact, if any."""
        rule = self.rules[index]
        due = rule.outcome.falls_due.due(fact.data, self.params, self.ctx.calendar)
        self.matches[fact.key][index] = due
        if rule.outcome.emits is None or due is None:
            return None
        child = derive(rule.outcome.emits, fact, on=due, via=rule.id, ctx=self.ctx)
        if child.key in self.facts:
            return None
        self.add(child)
        self.children[fact.key].add(child.key)
        return child

    def forget(self, key: FactKey) -> list[FactKey]:
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

    def best(
        self, subjects: Iterable[str] | None = None
    ) -> dict[Slot, tuple[date | None, FactKey]]:
        """For each rule and record (of these subjects): the fact whose match fell due first."""
        if subjects is None:
            keys: Iterable[FactKey] = list(self.matches)
        else:
            keys = [k for s in subjects for k in self.subjects.get(s, ())]
        best: dict[Slot, tuple[date | None, FactKey]] = {}
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

    def builder(self, rulebook: RuleBook, shared: PartsCache | None = None) -> FindingBuilder:
        """Builds this run's findings; text copied from the records is cleared of identifiers.

        ``shared`` keeps the rules' parts across runs (see
        :class:`~kscp_core.engine.findings.FindingBuilder`).
        """
        partnership = self.ctx.partnership
        redact = Redactor(partnership.people) if partnership.people else None
        return FindingBuilder(rulebook, partnership, self.as_of, self.params, redact, shared)

    def findings(
        self, builder: FindingBuilder, subjects: Iterable[str] | None = None
    ) -> dict[Slot, Finding]:
        """The findings: one per rule and record, at the earliest date any match fell due."""
        return {
            slot: builder.build(self.rules[slot[0]], self.facts[key], due)
            for slot, (due, key) in self.best(subjects).items()
        }


def _earlier(a: tuple[date | None, FactKey], b: tuple[date | None, FactKey]) -> bool:
    def rank(x: tuple[date | None, FactKey]) -> tuple[int, int, FactKey]:
        return (0 if x[0] is not None else 1, x[0].toordinal() if x[0] else 0, x[1])

    return rank(a) < rank(b)
