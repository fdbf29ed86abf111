"""Publication safeguards: court orders, identifiers, clearance."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kscp_core import Partnership
from kscp_core.clearance import clear_for_publication
from kscp_core.cli import main
from kscp_core.engine import Engine
from kscp_core.model.agencies import PartnershipChair
from kscp_core.model.identifiers import Redactor, find_identifiers, nhs_number_valid
from kscp_core.model.incidents import AbuseOrNeglect, IncidentId, IncidentOutcome, SeriousIncident
from kscp_core.model.people import Person, PersonId, PersonRole
from kscp_core.model.publication import (
    Channel,
    CourtOrder,
    CourtOrderId,
    CourtOrderKind,
    LearningOutput,
    LearningOutputId,
    OutputKind,
    WelfareConsideration,
)
from kscp_core.testing import strategies

from .conftest import EXAMPLE

ENGINE = Engine()
CHILD = Person(
    id=PersonId("c"),
    role=PersonRole.CHILD,
    name="Maisie Thorne",
    date_of_birth=date(2012, 9, 30),
    school="Ashvale Brook Academy",
    postcode="AV2 3LD",
    address="3 Mill Lane, Ashvale",
    cases=("i1",),
)
CASE = SeriousIncident(
    id=IncidentId("i1"),
    child=CHILD.id,
    became_aware_on=date(2025, 1, 6),
    abuse_or_neglect=AbuseOrNeglect.KNOWN,
    outcome=IncidentOutcome.SERIOUS_HARM,
    notified_on=date(2025, 1, 7),
)
OUTPUT = LearningOutput(
    id=LearningOutputId("lo"),
    kind=OutputKind.LEARNING_SUMMARY,
    channel=Channel.WEBSITE,
    title="Learning",
    text="Agencies now share concerns sooner.",
    case=CASE.id,
    welfare=WelfareConsideration(considered_on=date(2025, 1, 1), harm_found=False),
)
RECORDS = Partnership(
    name="P",
    chair=PartnershipChair(name="C"),
    people=(CHILD,),
    incidents=(CASE,),
    learning_outputs=(OUTPUT,),
)


def test_a_clean_output_is_cleared() -> None:
    assert clear_for_publication(OUTPUT, RECORDS, on=date(2025, 6, 1), engine=ENGINE).cleared


@given(
    start=st.dates(date(2024, 1, 1), date(2026, 12, 31)),
    length=st.integers(0, 400),
    offset=st.integers(0, 400),
    open_ended=st.booleans(),
)
def test_no_output_covered_by_a_court_order_on_its_date_is_ever_cleared(
    start: date, length: int, offset: int, open_ended: bool
) -> None:
    ends = None if open_ended else start + timedelta(days=length)
    on = start + timedelta(days=min(offset, length) if ends else offset)
    order = CourtOrder(
        id=CourtOrderId("co"),
        kind=CourtOrderKind.COURT_ORDER,
        case=CASE.id,
        starts_on=start,
        ends_on=ends,
    )
    records = attrs.evolve(RECORDS, court_orders=(order,))
    clearance = clear_for_publication(OUTPUT, records, on=on, engine=ENGINE)
    assert not clearance.cleared
    assert "publication.court_order" in {f.rule for f in clearance.blocking}


def _with_check_digit(nine: str) -> str | None:
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return None if check == 10 else nine + str(check)


separators = st.sampled_from(["", " ", "-"])
filler = st.text(st.characters(codec="ascii", exclude_categories=("Nd",)), max_size=20)


@given(nine=st.from_regex(r"\d{9}", fullmatch=True), sep=separators, before=filler, after=filler)
def test_an_nhs_number_with_a_valid_check_digit_is_always_found(
    nine: str, sep: str, before: str, after: str
) -> None:
    number = _with_check_digit(nine)
    if number is None:
        return  # no valid check digit exists for these nine digits
    written = f"{number[:3]}{sep}{number[3:6]}{sep}{number[6:]}"
    text = before + written + after
    hits = find_identifiers(text, [])
    assert [(h.kind, text[h.start : h.end]) for h in hits] == [("NHS number", written)]


@given(
    nine=st.from_regex(r"\d{9}", fullmatch=True),
    wrong=st.integers(1, 9),
    sep=separators,
    before=filler,
    after=filler,
)
def test_an_nhs_number_with_an_invalid_check_digit_is_never_found(
    nine: str, wrong: int, sep: str, before: str, after: str
) -> None:
    number = _with_check_digit(nine)
    last = (int(number[-1]) + wrong) % 10 if number else 0
    digits = nine + str(last)
    if nhs_number_valid(digits):
        return
    text = before + f"{digits[:3]}{sep}{digits[3:6]}{sep}{digits[6:]}" + after
    assert find_identifiers(text, []) == []


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("maisie's teacher noticed", "name"),
        ("THORNE family", "name"),
        ("Maisie\u2019s school", "name"),
        ("born on 30th September 2012", "date of birth"),
        ("born 30.09.12", "date of birth"),
        ("at ashvale brook academy", "school"),
        ("postcode av23ld", "postcode"),
        ("lived at 3 Mill Lane", "address"),
    ],
)
def test_identifiers_are_found_in_common_forms(text: str, kind: str) -> None:
    assert [h.kind for h in find_identifiers(text, [CHILD])] == [kind]


def test_a_finding_says_where_but_never_what(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["explain", str(EXAMPLE), "publication.personal_data:LO-LLR-2", "--as-of", "2025-11-14"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "name at characters 0-6" in out
    assert "Maisie" not in out
    assert "Brook" not in out


class _EveryPattern(Redactor):
    """A Redactor that runs every pattern on every text: the slow, plain definition."""

    def _candidates(self, text: str) -> list[Any]:
        return list(self._targets)


@st.composite
def texts_about(draw: st.DrawFn) -> tuple[list[Person], str]:
    """Some people, and a text mixing their details (in any case) with other words."""
    people = draw(st.lists(strategies.people(), min_size=1, max_size=3))
    details: list[str] = []
    for person in people:
        details += [*person.name.split(), person.name]
        details += [v for v in (person.school, person.postcode, person.address) if v]
        if person.date_of_birth is not None:
            born = person.date_of_birth
            details += [born.strftime("%d/%m/%Y"), born.strftime("%d %B %y"), born.isoformat()]
    noise = st.text(st.characters(codec="ascii"), max_size=8)
    word = st.one_of(st.sampled_from(details), noise)
    pieces = draw(st.lists(word, min_size=1, max_size=6))
    # in any case, and with letters that match ASCII ones when case is ignored
    folded = {"k": "\u212a", "s": "\u017f", "i": "\u0130"}
    cased = [
        draw(
            st.sampled_from([p, p.lower(), p.upper(), f"{p}'s", p.translate(str.maketrans(folded))])
        )
        for p in pieces
    ]
    return people, draw(st.sampled_from([" ", ", ", "\n", ""])).join(cased)


@given(case=texts_about())
def test_the_quick_look_for_identifiers_misses_none(case: tuple[list[Person], str]) -> None:
    people, text = case
    assert Redactor(people).hits(text) == _EveryPattern(people).hits(text)


@pytest.mark.parametrize(
    "written", ["943.476.5919", "943/476/5919", "943  476  5919", "943\u00a0476\u00a05919"]
)
def test_an_nhs_number_however_written_is_found(written: str) -> None:
    from kscp_core.model.identifiers import redact_patterns

    assert redact_patterns(f"NHS {written} noted") == "NHS [NHS number] noted"


def test_a_persons_own_nhs_number_is_found_whatever_its_check_digit() -> None:
    person = Person(
        id=PersonId("c"), role=PersonRole.CHILD, name="Ivy Marlow", nhs_number="123 456 7890"
    )
    assert not nhs_number_valid("1234567890")  # not found by its shape alone
    assert Redactor([person])("call 123.456.7890 today") == "call [NHS number] today"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("the Thornes came", "name"),  # plural
        ("the Thornes' house", "name"),  # plural possessive
        ("Thorne\u2019s dog", "name"),  # curly apostrophe
        ("Maisie was seen", "name"),
        ("Ma\u200bisie again", "name"),  # a zero-width space inside
        ("\u041caisie again", "name"),  # a Cyrillic capital M
        ("Ashvale Brook said", "school"),  # the school's short name
        ("born 11-Feb-2015", "date of birth"),
        ("born 11 Feb 15", "date of birth"),
        ("born 2015/02/11", "date of birth"),
        ("born February 2015", "date of birth"),
        ("lives on Mill Lane", "address"),  # the street without its number
    ],
)
def test_an_identifier_written_another_way_is_still_found(text: str, kind: str) -> None:
    person = Person(
        id=PersonId("c"),
        role=PersonRole.CHILD,
        name="Maisie Thorne",
        date_of_birth=date(2015, 2, 11),
        address="12 Mill Lane, Ashvale",
        school="Ashvale Brook Academy",
    )
    hits = find_identifiers(text, [person])
    assert [h.kind for h in hits] == [kind]
    assert text[hits[0].start : hits[0].end].strip()  # a real span of the text itself


def test_an_accented_name_is_found_written_without_its_accents() -> None:
    person = Person(id=PersonId("c"), role=PersonRole.CHILD, name="Zoë Ferré")
    assert Redactor([person])("Zoe Ferre and Zoë Ferré") == "[name] and [name]"
