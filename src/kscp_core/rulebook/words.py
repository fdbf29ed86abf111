"""Words for people: the plural of a noun a rule's message counts in.

A message shows a count with its noun, ``{cycles_since_due:meeting cycle}``:
"1 meeting cycle", "3 meeting cycles". The noun is a few plain words, checked
when the rule is read; its plural comes from inflect, which knows English
("agency", "agencies"; "analysis", "analyses").
"""

from __future__ import annotations

import functools
import math
import re
import sys
import threading
from typing import Any

__all__ = ["NOUN", "count", "percent", "plural", "singular"]

#: what a message may count in, or a parameter's unit: up to six plain words, joined by
#: single spaces or hyphens (capitals for a name such as "SE"), 40 characters at most
NOUN = re.compile(r"(?=.{1,40}$)[A-Za-z]+(?:[ -][A-Za-z]+){0,5}")


_IMPORTING = threading.Lock()


@functools.cache
def _inflect() -> Any:
    """inflect's engine, made on first use (loading records never needs it).

    inflect decorates its functions with typeguard's ``@typechecked``, which
    re-reads and recompiles each of them as inflect is imported: 1.7 seconds
    measured, more than all the rest of ``kscp check`` on the example. Those
    checks guard inflect's callers against passing the wrong types; kscp_core
    passes text it has checked. So inflect is imported with the decorator
    standing aside (it is put back at once), unless it was imported already.
    inflect's functions then run unchecked for the whole process, a host's
    own calls included (a wrong type raises Python's own error, not
    typeguard's), and a module another thread imports in that instant is not
    instrumented either; a host that wants inflect checked imports it first.
    """
    with _IMPORTING:
        if "inflect" in sys.modules:
            return sys.modules["inflect"].engine()
        import typeguard

        checked = typeguard.typechecked
        typeguard.typechecked = _as_written
        try:
            import inflect
        finally:
            typeguard.typechecked = checked
        return inflect.engine()


def _as_written(target: Any = None, **_: Any) -> Any:
    """A stand-in for ``@typechecked`` and ``@typechecked(...)``: the function as written."""
    return target if target is not None else _as_written


@functools.cache
def plural(noun: str) -> str:
    """The plural of a noun or a noun phrase.

    >>> plural("meeting cycle"), plural("agency"), plural("example of strong practice")
    ('meeting cycles', 'agencies', 'examples of strong practice')
    """
    engine = _inflect()  # outside the try: a failure to load inflect is not a plural
    try:
        found = engine.plural_noun(noun)
    except Exception:  # inflect refuses some shapes of text: the plain rule then
        return noun + "s"
    return found if isinstance(found, str) and found else noun + "s"


@functools.cache
def singular(noun: str) -> str:
    """The singular of a plural noun (a unit such as "meeting cycles").

    >>> singular("meeting cycles"), singular("working days"), singular("months")
    ('meeting cycle', 'working day', 'month')
    """
    engine = _inflect()
    try:
        found = engine.singular_noun(noun)
    except Exception:  # inflect refuses some shapes of text: then the unit as written
        return noun
    return found if isinstance(found, str) and found else noun


def percent(value: float) -> str:
    """A share as people say it, cut (not rounded) to a tenth, so 89.99% never reads 90%.

    >>> percent(0.9), percent(0.8093), percent(0.905), percent(0.8999)
    ('90%', '80.9%', '90.5%', '89.9%')
    """
    tenths = math.floor(round(value * 1000, 6))
    shown = f"{tenths / 10:.1f}".removesuffix(".0")
    return f"{shown}%"


def count(value: int | float, unit: str) -> str:
    """A number in its unit, singular for one.

    >>> count(2, "meeting cycles"), count(1, "working days")
    ('2 meeting cycles', '1 working day')
    """
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{shown} {singular(unit) if value == 1 else unit}"
