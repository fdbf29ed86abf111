"""Where durable-rules cannot be imported (Python 3.13 and later), its tests do not run.

The tests marked ``durable`` compare the durable-rules path with the Python path or
test durable-rules' own limits; they need durable-rules installed, which its one
release allows on Python 3.11 and 3.12 only. Every other test runs everywhere, the
Python path standing in for the engine.
"""

from __future__ import annotations

import pytest

from kscp_core.engine.backend import durable_unavailable

_REASON = durable_unavailable()

# the one module that imports durable-rules cannot even be collected without it
collect_ignore = ["src/kscp_core/engine/_durable.py"] if _REASON else []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if _REASON is None:
        return
    for item in items:
        if item.get_closest_marker("durable") is not None:
            item.add_marker(pytest.mark.skip(reason=_REASON))
