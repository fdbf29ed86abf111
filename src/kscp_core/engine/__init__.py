"""The engine: evaluate the rules against a partnership's records.

:class:`~kscp_core.engine.evaluation.Engine` and
:func:`~kscp_core.engine.evaluation.evaluate` run a RuleBook over the facts of
a partnership as of a date; a :class:`~kscp_core.engine.session.Session` keeps
one partnership loaded and takes changes. Two backends behind one small
interface (:mod:`kscp_core.engine.backend`) run the rules: durable-rules
(:mod:`kscp_core.engine.durable`, the only importer of ``durable``) and compiled
Python (:mod:`kscp_core.engine.python`). :mod:`kscp_core.engine.findings`
explains each finding.
"""

from kscp_core.engine.evaluation import AUTO_PYTHON_FROM, Engine, Method, evaluate
from kscp_core.engine.findings import Finding
from kscp_core.engine.run import Progress
from kscp_core.engine.session import Changed, Changes, NewDate, Removed, Session, apply_change

__all__ = [
    "AUTO_PYTHON_FROM",
    "Changed",
    "Changes",
    "Engine",
    "Finding",
    "Method",
    "NewDate",
    "Progress",
    "Removed",
    "Session",
    "apply_change",
    "evaluate",
]
