"""The JSON Schema of the records, made from the model, agrees with the loader."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import kscp_core
from kscp_core.cli import main
from kscp_core.errors import RecordsError
from kscp_core.io.documents import read_document
from kscp_core.io.schema import record_schema, records_schema
from kscp_core.model.partnership import COLLECTIONS
from kscp_core.testing.strategies import partnerships

from .conftest import EXAMPLE
from .test_fuzz import PATHS, _replace, json_values

SCHEMA = records_schema()
VALIDATOR = Draft202012Validator(SCHEMA)
EXAMPLE_DATA = read_document(EXAMPLE)

# what the loader checks that a schema cannot say (the module's docstring lists them):
# references, unique ids, real dates, ids naming a person, and each record's own rules
_BEYOND_A_SCHEMA = (
    "is not the id of any",
    "duplicate id",
    "not a real date",
    "of a person in the",
    "before it was raised",
    "either completed or closed",
    "is expected",  # a date from 1900-01-01 to 2199-12-31
    "cannot end before it starts",
    "issued to exactly one agency",
    "must be between 0 and the number of staff",
    "expected a whole number, got a number",  # 2.0 is an integer to JSON Schema
)


def test_the_schemas_are_valid_json_schema_and_the_example_meets_them() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert VALIDATOR.is_valid(EXAMPLE_DATA)
    for collection in COLLECTIONS:
        schema = record_schema(collection)
        Draft202012Validator.check_schema(schema)
        one = Draft202012Validator(schema)
        for record in EXAMPLE_DATA.get(collection, []):
            assert one.is_valid(record), (collection, record.get("id"))


@given(partnership=partnerships(others=(0, 3)))
def test_every_partnership_the_library_writes_meets_the_schema(partnership: Any) -> None:
    data = json.loads(kscp_core.dumps(partnership, "json"))
    assert VALIDATOR.is_valid(data), next(iter(VALIDATOR.iter_errors(data))).message


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=json_values)
def test_the_schema_and_the_loader_agree_on_any_changed_field(
    path: tuple[Any, ...], value: Any
) -> None:
    """A file the schema refuses, the loader refuses; the loader refuses more only where
    a schema cannot say why (references, real dates, unique ids, date order)."""
    data = _replace(EXAMPLE_DATA, path, value)
    fits = VALIDATOR.is_valid(data)
    try:
        kscp_core.structure(data, "changed.json")
    except RecordsError as error:
        if fits:
            for problem in error.problems:
                assert any(k in problem.message for k in _BEYOND_A_SCHEMA), str(problem)
        return
    assert fits, next(iter(VALIDATOR.iter_errors(data))).message


def test_kscp_schema_prints_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA
    assert main(["schema", "actions"]) == 0
    assert json.loads(capsys.readouterr().out)["$ref"] == "#/$defs/Action"
    assert main(["schema", "actoins"]) == 2
    assert "actions" in capsys.readouterr().err
