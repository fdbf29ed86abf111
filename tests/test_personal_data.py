"""Personal data never reaches a finding, an explanation or the JSON output."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kscp_core
from kscp_core import Partnership
from kscp_core.cli import main
from kscp_core.engine import Engine
from kscp_core.testing.strategies import SPAN, partnerships

ENGINE = Engine()
# Markers no other generated text contains: the values of personal fields.
marker = st.from_regex(r"Zqx[a-f0-9]{6}", fullmatch=True)


@st.composite
def with_people_named_everywhere(draw: st.DrawFn) -> tuple[Partnership, list[str]]:
    """Partnerships whose people have marker names, copied into action titles too."""
    partnership = draw(partnerships(others=(1, 3)))
    values: list[str] = []
    people = []
    for person in partnership.people:
        name, school = draw(marker), f"{draw(marker)} Academy"
        values += [name, school]
        people.append(
            attrs.evolve(person, name=name, school=school, postcode=None, date_of_birth=None)
        )
    actions = tuple(
        attrs.evolve(a, title=f"Follow up {draw(st.sampled_from(values))}'s case") if values else a
        for a in partnership.actions
    )
    return attrs.evolve(partnership, people=tuple(people), actions=actions), values


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(case=with_people_named_everywhere(), as_of=st.dates(*SPAN))
def test_no_finding_or_explanation_contains_a_personal_value(
    case: tuple[Partnership, list[str]], as_of: date
) -> None:
    partnership, values = case
    shared = json.dumps([f.to_json() for f in ENGINE.evaluate(partnership, as_of)])
    for value in values:
        assert value not in shared


def test_a_name_copied_into_a_title_is_blanked_out(example: Partnership) -> None:
    child = next(p for p in example.people if p.name == "Jaxon Pell")
    action = attrs.evolve(
        example.actions[-1],
        title="Check on Jaxon Pell's sister",
        completed_on=None,
        closure=None,
        due_on=date(2025, 1, 1),
    )
    records = attrs.evolve(example, actions=(*example.actions[:-1], action))
    text = json.dumps([f.to_json() for f in ENGINE.evaluate(records, date(2025, 11, 14))])
    assert child.name not in text
    assert "Check on [name]'s sister" in text


def test_a_findings_json_blanks_postcodes_as_the_command_does(example: Partnership) -> None:
    target = next(a for a in example.actions if a.id == "A-099")  # overdue: its title is shown
    titled = attrs.evolve(target, title="Call at HD1 2AB")
    records = attrs.evolve(
        example, actions=tuple(titled if a.id == target.id else a for a in example.actions)
    )
    found = Engine().evaluate(records, date(2025, 11, 14))
    finding = next(f for f in found if f.subject == "A-099" and "Call at" in f.message)
    assert "HD1 2AB" in finding.message  # nobody in the records has it: the text stands
    assert "HD1 2AB" not in json.dumps(finding.to_json())
    assert "HD1 2AB" in json.dumps(finding.to_json(redact=False))


def test_names_in_labels_titles_and_reports_are_cleared(
    example: Partnership, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a person's surname in an agency's, a subgroup's and the partnership's name
    surname = example.people[0].name.split()[-1]
    agencies = tuple(attrs.evolve(a, name=f"{a.name} ({surname} team)") for a in example.agencies)
    subgroups = tuple(attrs.evolve(s, name=f"{s.name} {surname}") for s in example.subgroups)
    records = attrs.evolve(
        example, name=f"Ashvale re {surname}", agencies=agencies, subgroups=subgroups
    )
    file = tmp_path / "records.yaml"
    kscp_core.dump(records, file)
    outputs = []
    for fmt in ("text", "json"):
        args = ["check", str(file), "--as-of", "2025-11-14", "--fail-on", "never"]
        assert main([*args, "--format", fmt]) == 0
        outputs.append(capsys.readouterr().out)
        se = next(s.id for s in example.subgroups if s.role.value == "safeguarding_effectiveness")
        report = ["report", "quarterly", str(file), "--subgroup", se, "--quarter", "2025Q2"]
        assert main([*report, "--format", "json" if fmt == "json" else "markdown"]) == 0
        outputs.append(capsys.readouterr().out)
    for output in outputs:
        assert surname not in output
    assert any("[name]" in output for output in outputs)
