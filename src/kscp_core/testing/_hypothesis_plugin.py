"""Hypothesis' entry point: ``st.from_type(Partnership)`` works with no setup.

Hypothesis runs this hook while it is itself being imported, which may be
from inside :mod:`kscp_core.testing.strategies`; so the hook registers
deferred strategies that look up the real ones only when first drawn.
"""

from __future__ import annotations

import importlib
from typing import Any


def _lazy(name: str) -> Any:
    from hypothesis import strategies as st

    return st.deferred(
        lambda: getattr(importlib.import_module("kscp_core.testing.strategies"), name)()
    )


def _hypothesis_setup_hook() -> None:
    """Register kscp_core's strategies for its model classes."""
    from hypothesis import strategies as st

    from kscp_core.model.actions import Action, Closure, Escalation, ProgressUpdate
    from kscp_core.model.agencies import Agency
    from kscp_core.model.partnership import Partnership
    from kscp_core.model.people import Person

    for cls, name in [
        (Partnership, "partnerships"),
        (Action, "actions"),
        (Agency, "agencies"),
        (Person, "people"),
        (Closure, "closures"),
        (Escalation, "escalations"),
        (ProgressUpdate, "progress_updates"),
    ]:
        st.register_type_strategy(cls, _lazy(name))
