"""A personal value put in any free-text field of the records reaches no output."""

from __future__ import annotations

import json
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


@settings(max_examples=6, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(person=st.sampled_from(EXAMPLE_RECORDS.people), which=st.sampled_from(["name", "nhs"]))
def test_a_persons_name_or_nhs_number_in_any_text_reaches_no_output(
    person: kscp_core.Person,
    which: str,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    value = person.name if which == "name" else "943 476 5919"
    records = attrs.evolve(
        _with_text(EXAMPLE_RECORDS, f"(about {value})"),
        people=EXAMPLE_RECORDS.people,  # the people themselves stay as they are
    )
    for output in _outputs(records, tmp_path_factory.mktemp("out"), capsys):
        assert value not in output
        for part in value.split():
            if len(part) > 3 and which == "name":
                assert part not in output, part
