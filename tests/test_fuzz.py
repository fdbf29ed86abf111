"""Fuzzing every entry point that takes outside data.

The only outcomes allowed: a valid result, or a KscpError whose message names
the place. Never another exception, a hang or unbounded memory. ``make fuzz``
runs these with many more inputs (the ``fuzz`` profile).
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kscp_core
from kscp_core.cli import main
from kscp_core.errors import ConditionError, KscpError
from kscp_core.io.documents import read_document
from kscp_core.io.records import structure
from kscp_core.rulebook import RuleBook
from kscp_core.rulebook.conditions import parse
from kscp_core.testing.scenarios import load_scenarios

from .conftest import EXAMPLE

pytestmark = pytest.mark.fuzz

EXAMPLE_DATA = read_document(EXAMPLE)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value[:3]):
            found += _paths(item, (*path, index))
    return found


PATHS = [p for p in _paths(EXAMPLE_DATA) if p]


def _replace(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(data))
    target = copy
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return copy


def _outcome(load: Any) -> Any:
    """What a load gives: the records, or the error's words."""
    try:
        return load()
    except KscpError as error:
        return f"refused: {error}"


def _both(load: Any) -> Any:
    """The quick loader and the careful one agree: the same records, or the same problems."""
    quick = _outcome(lambda: load(False))
    assert quick == _outcome(lambda: load(True))
    return quick


@given(data=json_values)
def test_any_json_value_is_records_or_a_clear_error(data: Any) -> None:
    outcome = _both(lambda careful: structure(data, "fuzz.json", careful=careful))
    if isinstance(outcome, str):
        assert "fuzz.json" in outcome


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(PATHS), value=json_values)
def test_any_field_of_real_records_replaced_by_anything(path: tuple[Any, ...], value: Any) -> None:
    mutated = _replace(EXAMPLE_DATA, path, value)
    _both(lambda careful: structure(mutated, "fuzz.yaml", careful=careful))
    try:
        structure(mutated, "fuzz.yaml")
    except KscpError as error:
        problems = getattr(error, "problems", ())
        assert problems, str(error)
        assert all(p.path or p.message for p in problems)


@given(text=st.text(max_size=300))
def test_any_yaml_text_is_records_or_a_clear_error(text: str) -> None:
    outcome = _both(lambda careful: kscp_core.loads(text, "yaml", "fuzz.yaml", careful=careful))
    if isinstance(outcome, str):
        assert outcome.startswith("refused: fuzz.yaml")


@given(text=st.text(max_size=300))
def test_any_json_text_is_records_or_a_clear_error(text: str) -> None:
    outcome = _both(lambda careful: kscp_core.loads(text, "json", "fuzz.json", careful=careful))
    if isinstance(outcome, str):
        assert outcome.startswith("refused: fuzz.json")


def test_a_huge_deep_document_is_refused_quickly() -> None:
    deep = "[" * 100_000 + "]" * 100_000
    with pytest.raises(KscpError):
        kscp_core.loads(deep, "json")
    with pytest.raises(KscpError):
        kscp_core.loads("a: " + "[" * 100_000, "yaml")


@given(text=st.text(max_size=120))
def test_any_condition_text_parses_or_is_refused(text: str) -> None:
    try:
        parse(text)
    except ConditionError as error:
        assert "condition" in str(error)


_words = st.sampled_from(
    [
        "open",
        "and",
        "or",
        "not",
        "(",
        ")",
        "in",
        "[",
        "]",
        "==",
        "<",
        ">=",
        "1",
        '"x"',
        "true",
        "present",
        "missing",
        ",",
        "past_due",
        ".",
    ]
)


@given(tokens=st.lists(_words, max_size=25))
def test_any_sequence_of_the_language_s_words_parses_or_is_refused(tokens: list[str]) -> None:
    with contextlib.suppress(ConditionError):
        parse(" ".join(tokens))


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=json_values)
def test_any_overlay_loads_or_names_its_file(tmp_path: Path, document: Any) -> None:
    folder = tmp_path / "overlay"
    folder.mkdir(exist_ok=True)
    (folder / "local.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    try:
        RuleBook.load(overlay=folder)
    except KscpError as error:
        assert "local.yaml" in str(error)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    field=st.sampled_from(
        [
            "id",
            "title",
            "statement",
            "sources",
            "applies_to",
            "condition",
            "outcome",
            "examples",
            "run",
        ]
    ),
    value=json_values,
)
def test_a_rule_with_any_field_changed_loads_or_names_rule_and_field(
    tmp_path: Path, field: str, value: Any
) -> None:
    rule = {
        "id": "local.x",
        "title": "T",
        "statement": "S",
        "sources": {"clauses": ["DI-1"]},
        "applies_to": "action",
        "condition": "open",
        "examples": [{"name": "n", "as_of": "2025-01-01", "expect": []}],
        "outcome": {
            "severity": "advice",
            "recipient": "agency",
            "message": "m",
            "falls_due": "raised_on",
        },
    }
    rule[field] = value
    folder = tmp_path / "overlay-rule"
    folder.mkdir(exist_ok=True)
    (folder / "local.yaml").write_text(yaml.safe_dump({"rules": [rule]}), encoding="utf-8")
    try:
        RuleBook.load(overlay=folder)
    except KscpError as error:
        assert "local.yaml" in str(error)


def test_a_rule_cannot_name_python_to_run(tmp_path: Path) -> None:
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "local.yaml").write_text(
        "rules:\n  - id: local.x\n    run: os.system\n", encoding="utf-8"
    )
    with pytest.raises(KscpError, match="unknown key"):
        RuleBook.load(overlay=folder)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(document=json_values)
def test_any_scenario_file_loads_or_names_its_file(tmp_path: Path, document: Any) -> None:
    path = tmp_path / "fuzz.scenario.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    try:
        load_scenarios(path)
    except KscpError as error:
        assert "fuzz.scenario.yaml" in str(error)


COMMANDS = [
    ["validate"],
    ["summary"],
    ["check"],
    ["explain"],
    ["rules", "show"],
    ["test"],
    ["report", "quarterly"],
    ["rules", "list"],
]
arguments = st.lists(
    st.sampled_from(
        [
            "--as-of",
            "2025-11-14",
            "2025-13-45",
            "--format",
            "json",
            "--fail-on",
            "--overlay",
            "/nonexistent",
            str(EXAMPLE),
            "--subgroup",
            "se",
            "--quarter",
            "2025Q9",
            "x",
            "",
            "--method",
            "python",
        ]
    ),
    max_size=6,
)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), args=arguments)
def test_any_command_line_exits_0_1_or_2_without_a_traceback(
    command: list[str], args: list[str]
) -> None:
    assert main([*command, *args]) in (0, 1, 2)


def test_a_review_replaced_by_nothing_is_a_clear_error() -> None:
    """Found by the fuzz: the check of recommendation ids read into a null review."""
    data = json.loads(json.dumps(EXAMPLE_DATA))
    data["reviews"][1] = None
    with pytest.raises(KscpError, match=r"reviews\[1\]"):
        structure(data, "fuzz.yaml")
