"""Words for people: the plural of a noun a rule's message counts in.

A message shows a count with its noun, ``{cycles_since_due:meeting cycle}``:
"1 meeting cycle", "3 meeting cycles". The noun is a few plain words, checked
when the rule is read; its plural comes from inflect, which knows English
("agency", "agencies"; "analysis", "analyses").
"""

from __future__ import annotations

import functools
import re

__all__ = ["NOUN", "plural"]

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
    found: str = engine.plural_noun(noun)  # type: ignore[arg-type]
    return found
