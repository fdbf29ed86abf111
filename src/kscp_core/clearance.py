"""Publication clearance: whether a learning output may be published on a date.

The output is checked by the same rules the engine runs, as if it were to be
published that day; the rules that can stop publication say so in their
outcome (``blocks_publication: true`` in the rule file), so a partnership's
overlay can add its own.
"""

from __future__ import annotations

from datetime import date

import attrs

from kscp_core.engine import Engine, Finding, apply_change
from kscp_core.model.partnership import Partnership
from kscp_core.model.publication import LearningOutput

__all__ = ["Clearance", "clear_for_publication"]


@attrs.frozen(kw_only=True)
class Clearance:
    """Whether a learning output may be published on a date, and if not, what blocks it."""

    cleared: bool
    blocking: tuple[Finding, ...]


def clear_for_publication(
    output: LearningOutput, partnership: Partnership, *, on: date, engine: Engine | None = None
) -> Clearance:
    """Whether a learning output may be published on a date (CONF-1..3, COMM-1..3).

    The output is checked as if it were to be published that day, by the same
    rules the engine runs: no court order or reporting restriction covers its
    case, the welfare impact has been considered without unmitigated harm, a
    social media post has been judged appropriate, and its text identifies
    nobody in the case records. The blocking findings say what kind of
    identifier is where, never the identifier.
    """
    engine = engine or Engine()
    blockers = {r.id for r in engine.rulebook.active if r.outcome.blocks_publication}
    planned = attrs.evolve(output, planned_on=on, published_on=None, withdrawn_on=None)
    records = apply_change(partnership, planned)
    findings = engine.evaluate(records, on)
    blocking = tuple(f for f in findings if f.rule in blockers and f.subject == output.id)
    return Clearance(cleared=not blocking, blocking=blocking)
