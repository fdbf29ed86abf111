"""Words for people: the plural of a noun a rule's message counts in.

A message shows a count with its noun, ``{cycles_since_due:meeting cycle}``:
"1 meeting cycle", "3 meeting cycles". The noun is a few plain words, checked
when the rule is read; its plural comes from inflect, which knows English
("agency", "agencies"; "analysis", "analyses").
"""

from __future__ import annotations

import functools
import re

__all__ = ["NOUN", "count", "percent", "plural", "singular"]

#: what a message may count in: a few lower-case words (capitals for a name such as "SE")
NOUN = re.compile(r"[A-Za-z][A-Za-z&' -]{0,38}[a-z]")


@functools.cache
def plural(noun: str) -> str:
    """The plural of a noun or a noun phrase.

    >>> plural("meeting cycle"), plural("agency"), plural("example of strong practice")
    ('meeting cycles', 'agencies', 'examples of strong practice')
    """
    import inflect  # imported on first use: loading records never needs it

    engine = inflect.engine()
    found: str = engine.plural_noun(noun)
    return found


@functools.cache
def singular(noun: str) -> str:
    """The singular of a plural noun (a unit such as "meeting cycles").

    >>> singular("meeting cycles"), singular("working days"), singular("months")
    ('meeting cycle', 'working day', 'month')
    """
    import inflect

    engine = inflect.engine()
    found = engine.singular_noun(noun)
    return found if isinstance(found, str) else noun


def percent(value: float) -> str:
    """A share as people say it.

    >>> percent(0.9), percent(0.8093), percent(0.905)
    ('90%', '80.9%', '90.5%')
    """
    shown = f"{value * 100:.1f}".removesuffix(".0")
    return f"{shown}%"


def count(value: int | float, unit: str) -> str:
    """A number in its unit, singular for one.

    >>> count(2, "meeting cycles"), count(1, "working days")
    ('2 meeting cycles', '1 working day')
    """
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{shown} {singular(unit) if value == 1 else unit}"
