"""An error about a personal field says what is wrong and where, never the value."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import kscp_core
from kscp_core.cli import main
from kscp_core.errors import RecordsError
from kscp_core.io.records import structure_record
from kscp_core.model.people import Person

# values that are wrong for the field, each distinctive enough to be found if echoed
WRONG = {
    "name": st.integers(10**6, 10**9),
    "other_names": st.just(["Pell-Smith", 1234567]),
    "date_of_birth": st.sampled_from(["31/02/2015", "11-Feb-2024", "1850-01-01", "2015-02-31"]),
    "address": st.floats(1000.5, 9999.5),
    "postcode": st.integers(10**5, 10**7),
    "nhs_number": st.integers(10**9, 10**10 - 1),
    "school": st.lists(st.just("Ashvale Primary"), min_size=1, max_size=2),
}


def _shown(value: Any) -> list[str]:
    """The ways a value could appear in a message."""
    if isinstance(value, list):
        return [s for item in value for s in _shown(item)]
    return [str(value), repr(value)]


@given(field=st.sampled_from(sorted(WRONG)), data=st.data())
def test_a_bad_personal_value_is_never_echoed(
    field: str, data: st.DataObject, tmp_path_factory: pytest.TempPathFactory
) -> None:
    value = data.draw(WRONG[field])
    person = {"id": "c1", "role": "child", "name": "Child One", field: value}
    document = {"name": "P", "chair": {"name": "C"}, "people": [person]}
    with pytest.raises(RecordsError) as raised:
        kscp_core.loads(json.dumps(document), "json")
    message = str(raised.value)
    assert f"people[0].{field}" in message
    assert "personal data" in message
    for shown in _shown(value):
        assert shown not in message
    with pytest.raises(RecordsError) as raised:
        structure_record(person, Person)
    for shown in _shown(value):
        assert shown not in str(raised.value)
    file = tmp_path_factory.mktemp("bad") / "records.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    assert main(["validate", str(file)]) == 2


def test_a_record_id_that_names_a_person_is_refused(example: kscp_core.Partnership) -> None:
    # ids go wherever findings go: in subjects, finding ids and messages
    surname = example.people[0].name.split()[-1]
    action = example.actions[0]
    renamed = attrs.evolve(action, id=f"A-{surname}")
    records = attrs.evolve(example, actions=(renamed, *example.actions[1:]))
    with pytest.raises(RecordsError, match=r"actions\[0\]\.id: the id holds a name") as raised:
        kscp_core.loads(kscp_core.dumps(records))
    assert surname not in str(raised.value)
    session = kscp_core.Engine().session(example, date(2025, 11, 14))
    with session, pytest.raises(RecordsError, match="the id holds a name"):
        session.post(attrs.evolve(action, id=f"B-{surname}"))


def test_a_person_written_as_text_or_with_an_odd_key_is_not_echoed() -> None:
    """Found by a review: a whole person record in the wrong shape showed its text."""
    import kscp_core
    from kscp_core.errors import RecordsError

    from .conftest import EXAMPLE

    data = kscp_core.unstructure(kscp_core.load(EXAMPLE))
    data["people"][0] = "Jaxon Pell, NHS 9434765919"
    with pytest.raises(RecordsError) as caught:
        kscp_core.structure(data)
    assert "Jaxon" not in str(caught.value)
    assert "9434765919" not in str(caught.value)
    data = kscp_core.unstructure(kscp_core.load(EXAMPLE))
    data["people"][0]["Jaxon Pell"] = 1
    with pytest.raises(RecordsError) as caught:
        kscp_core.structure(data)
    assert "Jaxon" not in str(caught.value)
    assert "unknown key" in str(caught.value)
