"""The one small interface both ways of running the rules implement.

A backend runs a RuleBook's conditions over facts and tells the :class:`~kscp_core.engine.run.Run`
which rule met which fact (the Run then derives chained facts, which the
backend tests too). :mod:`kscp_core.engine.durable` runs them in
durable-rules; :mod:`kscp_core.engine.python` runs the same condition trees
compiled to Python. Both give the same findings (a property test says so).
"""

from __future__ import annotations

import functools
import importlib
import sys
from collections.abc import Iterable
from typing import Literal, Protocol

from kscp_core.engine.run import Progress, Run
from kscp_core.facts import Fact, FactKey

__all__ = ["Backend", "BackendName", "Store", "durable_unavailable"]

BackendName = Literal["durable", "python"]


@functools.cache
def durable_unavailable() -> str | None:
    """Why durable-rules cannot run on this interpreter, or None when it can.

    durable-rules 2.0.28, its only release, is not installed on Python 3.13 and
    later (it calls a C function those interpreters removed); there the Python
    path runs the same rules.
    """
    try:
        importlib.import_module("kscp_core.engine._durable")
    except ImportError as error:
        version = f"{sys.version_info.major}.{sys.version_info.minor}"
        return (
            f"durable-rules cannot be used on Python {version} ({error}); its one release "
            "supports Python 3.11 and 3.12. The Python path gives the same findings: "
            "use method 'python' or 'auto'"
        )
    return None


class Store(Protocol):
    """The facts a Session holds in a backend, kept as its records change."""

    def add(self, facts: Iterable[Fact]) -> None:
        """Add facts; every rule they (and the facts they chain) meet is recorded in the Run."""
        ...

    def remove(self, key: FactKey) -> None:
        """Take out a fact (the Run has already forgotten it)."""
        ...

    def crowded(self) -> bool:
        """Whether the facts have outgrown the room the store was opened with."""
        ...

    def close(self) -> None:
        """Free what the store holds in the backend (idempotent)."""
        ...


class Backend(Protocol):
    """A way of running one RuleBook's active rules."""

    name: BackendName

    def evaluate(self, run: Run, facts: Iterable[Fact], progress: Progress | None) -> None:
        """Test every fact (and every fact they chain) once, recording matches in the Run."""
        ...

    def store(self, run: Run, expected: int) -> Store:
        """A store for a Session's facts, with room for about ``expected`` of them."""
        ...
