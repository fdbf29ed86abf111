"""Finding the people in case records in a text, without repeating what was found.

A learning output must identify nobody in the case records (CONF-1, CONF-3,
COMM-3). :func:`find_identifiers` looks for each person's names (also in the
plural or possessive, in any case, hyphenated or not, with or without
accents), dates of birth in common written forms (11/02/2024, 11-Feb-2024,
11 Feb 24, 2024/02/11, February 2024), addresses (and the street without its
number) and postcodes, schools named in the records (and their short names),
the person's own NHS number, and any NHS number with a valid check digit
however it is spaced. Zero-width characters and look-alike letters (Cyrillic
or Greek) are undone before matching. Each hit gives the *kind* of identifier
and *where* it is in the text, never the value, so a finding built from it can
be shared.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date

import attrs

from kscp_core.model.people import Person

__all__ = ["POSTCODE", "Hit", "Redactor", "find_identifiers", "nhs_number_valid", "redact_patterns"]


@attrs.frozen(kw_only=True)
class Hit:
    """An identifier found in a text: its kind and its span (start inclusive, end exclusive)."""

    kind: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.kind} at characters {self.start}-{self.end}"


# between the groups of an NHS number: nothing, or up to two spaces (any kind),
# dots, hyphens or slashes, as people write them
_SEP = r"[\s.\-/\u00a0\u2009\u202f]{0,2}"
_NHS = re.compile(rf"(?<![\d])(\d{{3}}){_SEP}(\d{{3}}){_SEP}(\d{{4}})(?![\d])")


def nhs_number_valid(digits: str) -> bool:
    """Whether ten digits form an NHS number with a valid check digit (modulus 11).

    >>> nhs_number_valid("9434765919"), nhs_number_valid("9434765918")
    (True, False)
    """
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]


def _date_patterns(day: date) -> list[str]:
    d, m, y = day.day, day.month, day.year
    month = _MONTHS[m - 1]
    short = month[:3]
    ordinal = r"(?:st|nd|rd|th)?"
    names = rf"(?:{month}|{short}\.?|{'sept' if m == 9 else short})"
    year = rf"(?:{y}|'?{y % 100:02d})"
    return [
        rf"0?{d}\s*[/.\-]\s*0?{m}\s*[/.\-]\s*{year}",
        rf"{y}\s*[/.\-]\s*0?{m}\s*[/.\-]\s*0?{d}",
        rf"0?{d}{ordinal}\s*[\s\-/]\s*(?:of\s+)?{names}\s*[\s\-/,]\s*{year}",
        rf"{names}\s+0?{d}{ordinal}\s*,?\s*{year}",
        rf"{names}\s+{y}",
    ]


def _text_pattern(value: str) -> str:
    # words apart by spaces or hyphens, either way: "Pell-Smith" is "Pell Smith"
    words = [re.escape(w) for w in re.split(r"[\s\-]+", _fold(value)[0]) if w]
    return r"[\s\-]+".join(words)


# characters that hide a name from a plain match: zero-width ones are dropped,
# look-alike letters (Cyrillic and Greek, written as escapes) and typographic
# marks become the ASCII they look like
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_LOOK_ALIKE_CODES = (
    "0430:a 0435:e 043e:o 0440:p 0441:c 0445:x 0443:y 0456:i 0458:j 0455:s 0501:d "
    "0261:g 0410:A 0412:B 0415:E 041a:K 041c:M 041d:H 041e:O 0420:P 0421:C 0422:T "
    "0425:X 0406:I 0408:J 0405:S 03bf:o 039f:O 03b9:i 0399:I 03ba:k 039a:K 03bd:v "
    "039d:N 03c4:t 03a4:T 03b1:a 0391:A 03b2:b 0392:B 03b5:e 0395:E 03b6:z 0396:Z "
    "03b7:n 0397:H 03bc:m 039c:M 03c1:p 03a1:P 03c7:x 03a7:X 03c5:u 03a5:Y "
)
_LOOK_ALIKE = str.maketrans(
    {
        **{
            chr(int(code, 16)): plain
            for code, plain in (item.split(":") for item in _LOOK_ALIKE_CODES.split())
        },
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)


def _fold(text: str) -> tuple[str, list[int] | None]:
    """The text as names are matched in it, and where each of its characters came from.

    Accents are dropped, zero-width characters removed, look-alike letters and
    curly apostrophes made plain. An ASCII text is its own fold (no map).
    """
    if text.isascii():
        return text, None
    out: list[str] = []
    where: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char.translate(_INVISIBLE | _LOOK_ALIKE)):
            if not unicodedata.combining(part):
                out.append(part)
                where.append(index)
    return "".join(out), where


@attrs.frozen
class _Target:
    """One pattern to look for, and a literal that any text it matches must hold.

    ``needle`` is lower case; ``whole_word`` says it is a whole word of such a
    text. No needle: the pattern runs on every text.
    """

    kind: str
    pattern: re.Pattern[str]
    needle: str | None = None
    whole_word: bool = False


_WORD = re.compile(r"\w+")


def _first_word(value: str) -> tuple[str | None, bool]:
    """The needle for a text pattern: its first word, if the needle can be exact."""
    first = value.split()[0] if value.split() else ""
    if not first.isascii() or not first:
        return None, False
    return first.lower(), _WORD.fullmatch(first) is not None


_SCHOOL_WORDS = {"school", "academy", "primary", "college", "infant", "infants", "junior", "high"}


def _school_names(school: str) -> list[str]:
    """A school's name, and the shorter names people use for it."""
    words = school.split()
    names = {school}
    while len(words) > 1 and words[-1].lower().strip(".,") in _SCHOOL_WORDS:
        words = words[:-1]
        names.add(" ".join(words))
    return sorted(names, key=len, reverse=True)


def _targets(people: Iterable[Person]) -> list[_Target]:
    targets: list[_Target] = []
    for person in people:
        names = {person.name, *person.other_names}
        parts = {p for n in names for p in re.split(r"[\s\-]+", n) if len(p) >= 2}
        for name in sorted(names | parts, key=len, reverse=True):
            needle, _ = _first_word(_fold(name)[0])
            # "the Pells", "Pell's", "Pells'": a family name in the plural or possessive,
            # so its needle is a part of a word, not a whole one
            pattern = re.compile(rf"(?<!\w){_text_pattern(name)}(?:e?s)?(?!\w)", re.I)
            targets.append(_Target("name", pattern, needle))
        if person.date_of_birth is not None:
            # every written form holds the year's last two digits
            year = f"{person.date_of_birth.year % 100:02d}"
            for written in _date_patterns(person.date_of_birth):
                pattern = re.compile(rf"(?<!\w){written}(?!\w)", re.I)
                targets.append(_Target("date of birth", pattern, year))
        if person.address:
            first = person.address.split(",")[0]
            street = re.sub(r"^\s*\d+[a-zA-Z]?\s*,?\s*", "", first)  # without its number
            for value in sorted({v for v in (person.address, first, street) if v.strip()}):
                needle, _ = _first_word(value)
                targets.append(_Target("address", re.compile(_text_pattern(value), re.I), needle))
        if person.postcode:
            compact = person.postcode.replace(" ", "")
            written = rf"{re.escape(compact[:-3])}\s*{re.escape(compact[-3:])}"
            needle = compact[:-3].lower() if compact[:-3].isascii() else None
            targets.append(
                _Target("postcode", re.compile(rf"(?<!\w){written}(?!\w)", re.I), needle)
            )
        if person.nhs_number:
            # the person's own number, whatever its check digit, however it is spaced
            digits = re.sub(r"\D", "", person.nhs_number)
            if len(digits) == 10:
                written = f"{digits[:3]}{_SEP}{digits[3:6]}{_SEP}{digits[6:]}"
                pattern = re.compile(rf"(?<!\d){written}(?!\d)")
                targets.append(_Target("NHS number", pattern, digits[:3]))
        if person.school:
            for school in _school_names(person.school):
                needle, _ = _first_word(_fold(school)[0])
                pattern = re.compile(rf"(?<!\w){_text_pattern(school)}(?!\w)", re.I)
                targets.append(_Target("school", pattern, needle))
    return targets


class Redactor:
    """Finds, and blanks out, the identifiers of a set of people in any text.

    Its patterns are compiled once, so one Redactor serves a whole evaluation,
    and it remembers the texts it has redacted. A pattern runs only on a text
    holding a literal part of it (its first word, a year), so a text that names
    nobody costs a few lookups however many people there are.
    """

    def __init__(self, people: Iterable[Person]) -> None:
        self._targets = _targets(people)
        self._by_word: dict[str, list[int]] = {}
        self._by_part: dict[str, list[int]] = {}
        self._always: list[int] = []
        for index, target in enumerate(self._targets):
            if target.needle is None:
                self._always.append(index)
            elif target.whole_word:
                self._by_word.setdefault(target.needle, []).append(index)
            else:
                self._by_part.setdefault(target.needle, []).append(index)
        self._done: dict[str, str] = {}

    def _candidates(self, text: str) -> list[_Target]:
        if not text.isascii():
            return self._targets  # case folding beyond ASCII: no shortcut is exact
        low = text.lower()
        chosen = set(self._always)
        for word in set(_WORD.findall(low)):
            chosen.update(self._by_word.get(word, ()))
        for part, indexes in self._by_part.items():
            if part in low:
                chosen.update(indexes)
        return [self._targets[i] for i in sorted(chosen)]

    def hits(self, text: str) -> list[Hit]:
        """Every identifier in a text, merged so that none overlap."""
        # matched in the folded text (accents, zero-width and look-alike characters
        # undone), reported at their place in the text itself
        folded, where = _fold(text)

        def hit(kind: str, match: re.Match[str]) -> Hit:
            if where is None:
                return Hit(kind=kind, start=match.start(), end=match.end())
            return Hit(kind=kind, start=where[match.start()], end=where[match.end() - 1] + 1)

        found: list[Hit] = []
        for target in self._candidates(folded):
            found += [hit(target.kind, m) for m in target.pattern.finditer(folded)]
        for match in _NHS.finditer(folded):
            if nhs_number_valid("".join(match.groups())):
                found.append(hit("NHS number", match))
        merged: list[Hit] = []
        for each in sorted(found, key=lambda h: (h.start, -(h.end - h.start))):
            if merged and each.start < merged[-1].end:
                continue
            merged.append(each)
        return merged

    def __call__(self, text: str) -> str:
        """The text with each identifier replaced by its kind in brackets.

        >>> from kscp_core.model.people import PersonId, PersonRole
        >>> Redactor([Person(id=PersonId("c"), role=PersonRole.CHILD, name="Ivy Marlow")])(
        ...     "Chase Ivy's school")
        "Chase [name]'s school"
        """
        done = self._done.get(text)
        if done is None:
            done = text
            for hit in reversed(self.hits(text)):
                done = f"{done[: hit.start]}[{hit.kind}]{done[hit.end :]}"
            self._done[text] = done
        return done


#: anything shaped like a UK postcode
POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.I)


def redact_patterns(text: str) -> str:
    """Blank out anything shaped like an identifier, whoever it belongs to.

    NHS numbers with a valid check digit and UK postcodes, for output that may
    be shared beyond the partnership. Both hold digits, so a text with none is
    given back at once; the short texts found to hold neither are remembered
    (they recur in every finding: conditions, the framework's words), and a
    text that held one is never kept.

    >>> redact_patterns("NHS 943 476 5919, postcode AV4 9QT")
    'NHS [NHS number], postcode [postcode]'
    """
    if text in _CLEAN or _DIGIT.search(text) is None:
        return text
    done = _redact(text)
    if done == text and len(text) <= _REMEMBERED_LENGTH:
        if len(_CLEAN) >= _REMEMBERED:
            _CLEAN.clear()
        _CLEAN[text] = None
    return done


_DIGIT = re.compile(r"\d")
#: short texts known to hold no identifier pattern, at most _REMEMBERED of them
_CLEAN: dict[str, None] = {}
_REMEMBERED = 1 << 14
_REMEMBERED_LENGTH = 2000


def _redact(text: str) -> str:
    for match in reversed(list(_NHS.finditer(text))):
        if nhs_number_valid("".join(match.groups())):
            text = f"{text[: match.start()]}[NHS number]{text[match.end() :]}"
    return POSTCODE.sub("[postcode]", text)


def find_identifiers(text: str, people: Iterable[Person]) -> list[Hit]:
    """Every identifier of the given people in a text, and every valid NHS number, in order.

    Overlapping hits are merged into the longest (a full name, not its parts).

    >>> from kscp_core.model.people import PersonId, PersonRole
    >>> p = Person(id=PersonId("c"), role=PersonRole.CHILD, name="Maisie Thorne",
    ...            school="Ashvale Brook Academy")
    >>> [str(h) for h in find_identifiers("MAISIE's school, Ashvale Brook Academy, ...", [p])]
    ['name at characters 0-6', 'school at characters 17-38']
    """
    return Redactor(people).hits(text)
