"""Facts: a partnership's records as of a date, flattened for the rules.

Rules never see records; they see facts, one per record they are about, with
the derived values the framework's rules need already worked out: days and
meeting cycles past a deadline, whether an action has been updated since, and
so on. This layer is the only place such arithmetic lives, one module per
framework concept. ``PROJECTORS`` (in :mod:`kscp_core.facts.projection`) says
what each derives and which records it reads, so a Session re-derives only
what a change touches. The fields of
each kind of fact are declared in :mod:`kscp_core.rulebook.vocabulary`.
"""

from kscp_core.facts.actions import ActionFacts
from kscp_core.facts.base import ActionFollower, Context, Current, Fact, FactKey, Projector
from kscp_core.facts.projection import (
    PROJECTORS,
    derive,
    iter_facts,
    project,
    projectors_reading,
)

__all__ = [
    "PROJECTORS",
    "ActionFacts",
    "ActionFollower",
    "Context",
    "Current",
    "Fact",
    "FactKey",
    "Projector",
    "derive",
    "iter_facts",
    "project",
    "projectors_reading",
]
