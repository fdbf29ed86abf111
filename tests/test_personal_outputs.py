"""A personal value, however written, in any free-text field of the records reaches no output."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any, get_args

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kscp_core
from kscp_core.cli import main
from kscp_core.model.partnership import _REFERENCES

from .conftest import EXAMPLE

AS_OF = date(2025, 11, 14)
EXAMPLE_RECORDS = kscp_core.load(EXAMPLE)
# fields that hold the id of another record: changing them would break the records
_ID_FIELDS = {"id"} | {
    step.removesuffix("[]") for _, path, _ in _REFERENCES for step in path.split(".")
}


def _is_text(field: attrs.Attribute[Any]) -> bool:
    kinds = get_args(field.type) or (field.type,)
    return str in kinds and field.name not in _ID_FIELDS


def _with_text(value: Any, extra: str) -> Any:
    """A record with ``extra`` added to every free-text field in it, nested records too."""
    if isinstance(value, tuple):
        return tuple(_with_text(item, extra) for item in value)
    if not attrs.has(type(value)):
        return value
    attrs.resolve_types(type(value))
    changes: dict[str, Any] = {}
    for field in attrs.fields(type(value)):
        current = getattr(value, field.name)
        if _is_text(field) and isinstance(current, str):
            changes[field.name] = f"{current} {extra}"
        elif isinstance(current, tuple) or attrs.has(type(current)):
            changes[field.name] = _with_text(current, extra)
    return attrs.evolve(value, **changes)


def _outputs(records: kscp_core.Partnership, folder: Path, capsys: Any) -> list[str]:
    file = folder / "records.yaml"
    kscp_core.dump(records, file)
    findings = kscp_core.evaluate(records, AS_OF)
    shown = [json.dumps([f.to_json() for f in findings])]
    main(["summary", str(file), "--as-of", "2025-11-14"])
    for finding in findings[:: max(1, len(findings) // 8)]:  # a spread of findings, explained
        main(["explain", str(file), "--as-of", "2025-11-14", finding.id])
    for fmt in ("text", "json"):
        main(["check", str(file), "--as-of", "2025-11-14", "--format", fmt, "--fail-on", "never"])
        shown.append(capsys.readouterr().out)
    for subgroup in records.subgroups:
        for fmt in ("markdown", "json"):
            args = ["--subgroup", subgroup.id, "--quarter", "2025Q2", "--format", fmt]
            main(["report", "quarterly", str(file), *args])
            shown.append(capsys.readouterr().out)
    shown.append(capsys.readouterr().err)
    return shown


def _nhs_number(first_nine: str) -> str:
    total = sum(int(d) * (10 - i) for i, d in enumerate(first_nine))
    return first_nine + str((11 - total % 11) % 11)


# generated people: every identifying field filled, each with a fresh value
_SYLLABLE = st.sampled_from(["ba", "ko", "ri", "ste", "vel", "mu", "zan", "dro", "quil", "fen"])
_word = st.lists(_SYLLABLE, min_size=2, max_size=3).map(lambda parts: "".join(parts).title())
_people = st.builds(
    lambda first, family, born, number, street, area, outward, inward, school, nine: (
        kscp_core.Person(
            id=kscp_core.PersonId("generated-person"),
            role=kscp_core.PersonRole.CHILD,
            name=f"{first} {family}",
            date_of_birth=born,
            address=f"{number} {street} Road, Ashvale",
            postcode=f"{area}{outward} {inward}",
            nhs_number=_nhs_number(nine),
            school=f"{school} Primary School",
        )
    ),
    _word,
    _word,
    st.dates(date(2006, 1, 1), date(2019, 12, 31)),  # before every date in the records
    st.integers(1, 300),
    _word,
    st.from_regex(r"[A-Z]{2}", fullmatch=True),
    st.integers(1, 9),
    st.from_regex(r"[0-9][A-Z]{2}", fullmatch=True),
    _word,
    st.from_regex(r"[1-9][0-9]{8}", fullmatch=True).filter(
        lambda nine: len(_nhs_number(nine)) == 10
    ),
)


def _written(person: kscp_core.Person, how: str) -> str:
    """One way a worker might write a person's detail into a free-text field."""
    born = person.date_of_birth
    assert born is not None
    assert person.address
    assert person.postcode
    assert person.school
    nhs = person.nhs_number or ""
    family = person.name.split()[1]
    return {
        "name": person.name,
        "possessive": f"{family}'s",
        "plural": f"the {family}s",
        "curly": f"{family}\u2019s",
        "upper": person.name.upper(),
        "hyphenated": person.name.replace(" ", "-"),
        "iso date": born.isoformat(),
        "dashed date": born.strftime("%d-%b-%Y"),
        "short date": born.strftime("%d %b %y"),
        "slashed date": born.strftime("%Y/%m/%d"),
        "month and year": born.strftime("%B %Y"),
        "address": person.address,
        "street": person.address.split(",")[0].split(" ", 1)[1],
        "postcode": person.postcode,
        "postcode unspaced": person.postcode.replace(" ", ""),
        "nhs spaced": f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}",
        "nhs dotted": f"{nhs[:3]}.{nhs[3:6]}.{nhs[6:]}",
        "nhs plain": nhs,
        "school": person.school,
        "school shortened": person.school.removesuffix(" Primary School"),
    }[how]


_HOW = [
    "name",
    "possessive",
    "plural",
    "curly",
    "upper",
    "hyphenated",
    "iso date",
    "dashed date",
    "short date",
    "slashed date",
    "month and year",
    "address",
    "street",
    "postcode",
    "postcode unspaced",
    "nhs spaced",
    "nhs dotted",
    "nhs plain",
    "school",
    "school shortened",
]


_BASELINE: set[str] | None = None


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[^\W\d_]{3,}", text)}


@settings(max_examples=8, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=_people, how=st.sampled_from(_HOW))
def test_any_persons_details_written_in_any_text_reach_no_output(
    person: kscp_core.Person,
    how: str,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    value = _written(person, how)
    records = attrs.evolve(
        _with_text(EXAMPLE_RECORDS, f"(about {value})"),
        people=(*EXAMPLE_RECORDS.people, person),  # the people themselves stay as they are
    )
    global _BASELINE
    if _BASELINE is None:  # the words the library writes anyway ("Road", "Primary")
        _BASELINE = _words(
            " ".join(_outputs(EXAMPLE_RECORDS, tmp_path_factory.mktemp("x"), capsys))
        )
    # the generated words the output would hold if the detail leaked
    telling = set() if "date" in how else _words(value) - _BASELINE
    digits = re.sub(r"\D", "", value) if how.startswith("nhs") else ""
    for output in _outputs(records, tmp_path_factory.mktemp("out"), capsys):
        assert value not in output, how
        assert not telling & _words(output), (how, telling & _words(output))
        if digits:  # however the number is spaced
            written = {re.sub(r"\D", "", n) for n in re.findall(r"\d[\d\s./\-]*\d", output)}
            assert not any(digits in n for n in written), how


def test_every_way_of_writing_a_detail_is_blanked_out_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The variants people write, as explicit examples, all in the same records."""
    person = kscp_core.Person(
        id=kscp_core.PersonId("generated-person"),
        role=kscp_core.PersonRole.CHILD,
        name="Kobari Velmu",
        date_of_birth=date(2011, 3, 4),
        address="12 Zanfen Road, Ashvale",
        postcode="QX3 7RB",
        nhs_number=_nhs_number("401023213"),
        school="Drokoste Primary School",
    )
    values = [_written(person, how) for how in _HOW]
    records = attrs.evolve(
        _with_text(EXAMPLE_RECORDS, "(about " + "; ".join(values) + ")"),
        people=(*EXAMPLE_RECORDS.people, person),
    )
    for output in _outputs(records, tmp_path, capsys):
        for how, value in zip(_HOW, values, strict=True):
            assert value not in output, how
        assert not {"kobari", "velmu", "zanfen", "drokoste"} & _words(output)
        assert "401023213" not in re.sub(r"\D", "", output)


def test_a_number_shaped_like_an_nhs_number_is_blanked_out_of_json() -> None:
    """Text is cleared string by string; a whole number in the facts is looked at too."""
    from kscp_core.engine.findings import Explanation, Finding, document_text

    finding = kscp_core.evaluate(EXAMPLE_RECORDS, AS_OF)[0]
    names = ("id", "rule", "title", "subject", "subject_kind", "severity", "recipient")
    names += ("message", "falls_due", "as_of", "citation", "deadline")
    explanation = attrs.evolve(
        finding.explanation, facts={**finding.explanation.facts, "staff": 9434765919}
    )
    assert isinstance(explanation, Explanation)
    odd = Finding(**{n: getattr(finding, n) for n in names}, explanation=explanation)
    text = document_text({"findings": [odd.to_json()]})
    assert json.loads(text)["findings"][0]["explanation"]["facts"]["staff"] == "[NHS number]"
    assert "9434765919" not in text
    assert odd.to_json(redact=False)["explanation"]["facts"]["staff"] == 9434765919
