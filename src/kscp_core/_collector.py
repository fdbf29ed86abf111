"""Pausing Python's cycle collector while a large structure is built."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while many small objects with no cycles are made.

    Loading records and evaluating them make hundreds of thousands of small
    dicts and objects and no reference cycles; the collector would scan the
    whole growing heap again and again (a fifth of loading and up to a third
    of a large evaluation, measured). Reference counting still frees memory
    meanwhile. The collector runs again afterwards, if it ran before.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
