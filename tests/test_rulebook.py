"""The RuleBook: strict about rule files and overlays, exact about parameters over time."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kscp_core import Engine, Partnership
from kscp_core.errors import ConditionError, RuleBookError, UnknownRuleError
from kscp_core.facts import project
from kscp_core.rulebook import RuleBook, SourceStatus, packaged_rules_dir

RULES = packaged_rules_dir()


def test_the_packaged_rules_load_and_cite_known_clauses() -> None:
    book = RuleBook.load()
    ids = {r.id for r in book.rules}
    assert {
        "actions.accountability_missing",
        "actions.overdue",
        "actions.closure_unexplained",
        "escalation.two_cycles",
        "escalation.drift",
        "escalation.partnership_chair",
    } <= ids
    for rule in book.rules:
        assert all(c in book.clauses for c in rule.clauses)


def test_every_parameter_value_states_its_source_and_status() -> None:
    book = RuleBook.load()
    assert book.parameters["escalation_cycles"].values[0].status is SourceStatus.VERIFIED
    assert book.parameters["drift_cycles"].values[0].status is SourceStatus.LOCAL_CHOICE
    for parameter in book.parameters.values():
        assert all(v.source for v in parameter.values)


def copy_rules(tmp_path: Path, family: str, edit: object) -> Path:
    """A copy of the packaged rules with one family's document changed by ``edit``."""
    folder = tmp_path / "rules"
    folder.mkdir()
    for path in RULES.glob("*.yaml"):
        (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    target = folder / f"{family}.yaml"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    edit(data)  # type: ignore[operator]
    target.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def load_error(tmp_path: Path, edit: object, family: str = "escalation") -> RuleBookError:
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(rules_dir=copy_rules(tmp_path, family, edit))
    return caught.value


def test_an_unknown_key_names_file_rule_and_field(tmp_path: Path) -> None:
    error = load_error(tmp_path, lambda d: d["rules"][0].update(colour="red"))
    assert error.source.endswith("escalation.yaml")
    assert error.rule == "escalation.two_cycles"
    assert error.field == "colour"


def test_a_duplicate_rule_id_is_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, lambda d: d["rules"].append(dict(d["rules"][0])))
    assert "duplicate rule id" in str(error)


def test_a_condition_naming_an_unknown_field_is_refused(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, lambda d: d["rules"][0].update(condition="open and cycles_since_doom >= 2")
    )
    assert error.rule == "escalation.two_cycles"
    assert error.field == "condition"
    assert "'cycles_since_doom' is neither a field of action facts nor a parameter" in str(error)


def test_a_condition_outside_the_language_is_a_condition_error(tmp_path: Path) -> None:
    error = load_error(tmp_path, lambda d: d["rules"][1].update(condition="__import__('os')"))
    assert isinstance(error, ConditionError)
    assert error.rule == "escalation.drift"


def test_a_clause_not_in_the_register_is_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, lambda d: d["rules"][0]["sources"].update(clauses=["DI-99"]))
    assert error.field == "sources.clauses[0]"
    assert "'DI-99' is not a clause id" in str(error)


def test_a_parameter_with_two_values_for_one_date_is_refused(tmp_path: Path) -> None:
    def edit(d: dict) -> None:  # type: ignore[type-arg]
        values = d["parameters"]["escalation_cycles"]["values"]
        values.append(dict(values[0], value=3))

    error = load_error(tmp_path, edit)
    assert error.field == "parameters.escalation_cycles.values"
    assert "two values for 2000-01-01" in str(error)


def test_a_parameter_value_without_a_source_is_refused(tmp_path: Path) -> None:
    error = load_error(
        tmp_path, lambda d: d["parameters"]["drift_cycles"]["values"][0].pop("source")
    )
    assert error.field == "parameters.drift_cycles.values[0].source"


def test_comparing_values_of_different_kinds_is_refused(tmp_path: Path) -> None:
    error = load_error(tmp_path, lambda d: d["rules"][0].update(condition='open and due_on == "x"'))
    assert "compares a date with a text" in str(error)


def overlay(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    return folder


def test_an_overlay_gives_a_parameter_a_new_value_from_a_date(tmp_path: Path) -> None:
    book = RuleBook.load(
        overlay=overlay(
            tmp_path,
            """
parameters:
  escalation_cycles:
    values:
      - value: 3
        from: "2026-04-01"
        source: "Business Group minute 2026/14"
        status: local choice
""",
        )
    )
    values = book.parameters["escalation_cycles"]
    assert values.value_on(date(2026, 3, 31)).value == 2
    assert values.value_on(date(2026, 4, 1)).value == 3
    assert values.value_on(date(2026, 4, 1)).overlay is not None


def test_an_overlay_adds_a_rule(tmp_path: Path) -> None:
    book = RuleBook.load(
        overlay=overlay(
            tmp_path,
            """
rules:
  - id: local.long_overdue
    title: An action overdue by more than ninety days
    statement: The Partnership looks again at any action more than ninety days overdue.
    sources: {clauses: [DI-1]}
    applies_to: action
    condition: open and days_past_due > 90
    outcome: {severity: advice, recipient: business_group, message: "{title}", falls_due: due_on}
    examples:
      - {name: none, as_of: "2025-01-01", expect: []}
""",
        )
    )
    assert book.rule("local.long_overdue").overlay is not None
    assert "local" in {f.name for f in book.families}


def test_a_malformed_overlay_names_its_file_rule_and_field(tmp_path: Path) -> None:
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(
            overlay=overlay(
                tmp_path,
                """
rules:
  - id: local.bad
    title: Bad
    statement: Bad.
    sources: {clauses: [DI-1]}
    applies_to: action
    condition: open
    outcome: {severity: catastrophic, recipient: agency, message: "x", falls_due: due_on}
    examples: []
""",
            )
        )
    error = caught.value
    assert error.source.endswith("local.yaml")
    assert (error.rule, error.field) == ("local.bad", "outcome.severity")


def test_switching_off_an_unknown_rule_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleBookError, match=r"no rule 'escalation\.nope'"):
        RuleBook.load(
            overlay=overlay(
                tmp_path,
                """
switch_off:
  - {rule: escalation.nope, reason: x}
""",
            )
        )


@given(
    starts=st.lists(
        st.dates(date(2000, 1, 1), date(2030, 1, 1)), min_size=1, max_size=5, unique=True
    ),
    day=st.dates(date(1990, 1, 1), date(2035, 1, 1)),
)
def test_for_any_date_exactly_one_value_applies_the_latest_begun(
    tmp_path_factory: pytest.TempPathFactory, starts: list[date], day: date
) -> None:
    values = "\n".join(
        f'      - {{value: {i}, from: "{d.isoformat()}", source: "minute {i}", '
        f"status: local choice}}"
        for i, d in enumerate(starts)
    )
    book = RuleBook.load(
        overlay=overlay(
            tmp_path_factory.mktemp("o"),
            f"""
parameters:
  local_threshold:
    title: local threshold
    description: A local threshold.
    unit: cases
    type: whole number
    values:
{values}
""",
        )
    )
    chosen = book.parameters["local_threshold"].value_on(day)
    begun = [d for d in starts if d <= day]
    expected = max(begun) if begun else min(starts)
    assert chosen.since == expected
    assert chosen.value == starts.index(expected)


def test_an_overlay_keeps_everything_it_does_not_name(tmp_path: Path) -> None:
    packaged = RuleBook.load()
    book = packaged.with_overlay(
        overlay(tmp_path, "switch_off:\n  - {rule: actions.overdue, reason: tracked elsewhere}\n")
    )
    # the docs built with an overlay show the proportionality table and the reasons
    # no rule encodes a clause, as the packaged rules have them
    assert book.proportionality == packaged.proportionality
    assert book.proportionality is not None
    assert book.not_encoded == packaged.not_encoded
    assert book.not_encoded
    assert book.clauses == packaged.clauses
    assert book.rule("actions.overdue").switched_off == "tracked elsewhere"


def test_the_engine_decides_proportionality_by_the_rulebooks_own_table(
    tmp_path: Path, example: Partnership
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    table = yaml.safe_load((folder / "proportionality.yaml").read_text(encoding="utf-8"))
    for row in table["rows"]:
        row["recommend"] = "no_review"
    (folder / "proportionality.yaml").write_text(yaml.safe_dump(table), encoding="utf-8")
    own = Engine(RuleBook.load(rules_dir=folder))
    day = date(2025, 11, 14)
    recommended = {
        f.data["recommended_type"]
        for f in project(own.context(example, day), kinds={"rapid_review"})
        if "recommended_type" in f.data
    }
    assert recommended == {"no_review"}
    packaged = Engine()
    before = {
        f.data["recommended_type"]
        for f in project(packaged.context(example, day), kinds={"rapid_review"})
        if "recommended_type" in f.data
    }
    assert before
    assert before != {"no_review"}


def test_asking_for_a_rule_that_is_not_there_says_so_and_suggests_one() -> None:
    with pytest.raises(UnknownRuleError, match=r"did you mean 'actions\.overdue'") as raised:
        RuleBook.load().rule("actions.overdeu")
    assert isinstance(raised.value, KeyError)


@pytest.mark.parametrize("family", ["../../escape", "actions/x", "Actions", "a b"])
def test_a_family_name_that_could_name_a_page_elsewhere_is_refused(
    tmp_path: Path, family: str
) -> None:
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    document = yaml.safe_load((folder / "voice.yaml").read_text(encoding="utf-8"))
    document["family"] = family
    (folder / "voice.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    with pytest.raises(RuleBookError, match="family: expected a name in lower case"):
        RuleBook.load(rules_dir=folder)


@pytest.mark.parametrize(
    "link", ["javascript:alert(1)", "https://example.org/a b", "ftp://x", "https://x/<y>"]
)
def test_a_source_link_that_is_not_a_web_address_is_refused(tmp_path: Path, link: str) -> None:
    text = f"""
rules:
  - id: local.x
    title: X
    statement: X.
    sources: {{other: [{{title: A source, link: {json.dumps(link)}}}]}}
    applies_to: action
    condition: open
    outcome: {{severity: advice, recipient: business_group, message: "x", falls_due: due_on}}
    examples: []
"""
    with pytest.raises(RuleBookError, match=r"sources\.other\[0\]\.link: expected a web address"):
        RuleBook.load(overlay=overlay(tmp_path, text))


def test_a_rule_id_with_a_trailing_newline_is_refused(tmp_path: Path) -> None:
    text = """
rules:
  - id: "local.x\\n"
    title: X
    statement: X.
    sources: {clauses: [DI-1]}
    applies_to: action
    condition: open
    outcome: {severity: advice, recipient: business_group, message: "x", falls_due: due_on}
    examples: []
"""
    with pytest.raises(RuleBookError, match="id"):
        RuleBook.load(overlay=overlay(tmp_path, text))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"two"', "expected a whole number from 1 to 24, got 'two'"),
        (".nan", "expected a whole number from 1 to 24, got nan"),
        (".inf", "expected a whole number from 1 to 24, got inf"),
        ("-1", "expected a whole number from 1 to 24, got -1"),
        ("2.5", "expected a whole number from 1 to 24, got 2.5"),
        ("true", "expected a whole number from 1 to 24, got True"),
        ("3000000", "expected a whole number from 1 to 24, got 3000000"),
    ],
)
def test_an_overlay_value_outside_the_parameters_type_and_range_is_refused(
    tmp_path: Path, value: str, expected: str
) -> None:
    text = f"""
parameters:
  escalation_cycles:
    values:
      - {{value: {value}, from: "2026-04-01", source: "minute 14", status: local choice}}
"""
    with pytest.raises(RuleBookError) as raised:
        RuleBook.load(overlay=overlay(tmp_path, text))
    assert "local.yaml: parameters.escalation_cycles.values[0].value" in str(raised.value)
    assert expected in str(raised.value)


def test_every_packaged_parameter_declares_its_type_and_range() -> None:
    for parameter in RuleBook.load().parameters.values():
        assert parameter.minimum is not None, parameter.name
        assert parameter.maximum is not None, parameter.name
        for value in parameter.values:
            assert parameter.refuses(value.value) is None, parameter.name


@pytest.mark.parametrize("name", ["title", "days_past_due", "subject", "falls_due"])
def test_a_parameter_named_like_a_fact_field_is_refused(tmp_path: Path, name: str) -> None:
    text = f"""
parameters:
  {name}:
    title: a clash
    description: A clash.
    unit: days
    type: whole number
    values:
      - {{value: 1, from: "2026-04-01", source: "minute 14", status: local choice}}
"""
    with pytest.raises(RuleBookError, match="choose another name"):
        RuleBook.load(overlay=overlay(tmp_path, text))


def test_a_parameter_name_that_is_not_text_is_refused(tmp_path: Path) -> None:
    text = """
parameters:
  5:
    title: a number
    description: A number for a name.
    unit: days
    type: whole number
    values:
      - {value: 1, from: "2026-04-01", source: "minute 14", status: local choice}
"""
    with pytest.raises(RuleBookError, match=r"parameters\.5"):
        RuleBook.load(overlay=overlay(tmp_path, text))


@pytest.mark.parametrize("file_name", ["local.yml", "LOCAL.YAML"])
def test_an_overlay_file_ending_yml_or_in_capitals_is_read(tmp_path: Path, file_name: str) -> None:
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / file_name).write_text(
        "switch_off:\n  - {rule: actions.overdue, reason: tracked elsewhere}\n", encoding="utf-8"
    )
    assert RuleBook.load(overlay=folder).rule("actions.overdue").switched_off == "tracked elsewhere"


def test_an_overlay_folder_with_no_rule_files_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "notes.txt").write_text("not rules", encoding="utf-8")
    with pytest.raises(RuleBookError, match=r"a folder of \.yaml \(or \.yml\) files"):
        RuleBook.load(overlay=folder)


@pytest.mark.parametrize("records", ["[1, 2]", '"text"'])
def test_overlay_example_records_that_are_not_a_mapping_are_refused(
    tmp_path: Path, records: str
) -> None:
    with pytest.raises(RuleBookError, match="example_records: expected a mapping of records"):
        RuleBook.load(overlay=overlay(tmp_path, f"example_records: {records}\n"))


def test_a_chain_of_emitted_facts_that_loops_is_refused_at_load(tmp_path: Path) -> None:
    text = """
rules:
  - id: local.again
    title: Escalated, and escalated again
    statement: An escalation escalates itself.
    sources: {clauses: [DI-4]}
    applies_to: escalation
    condition: open
    outcome:
      severity: advice
      recipient: partnership_chair
      message: "{title}"
      falls_due: escalated_on
      emits: escalation
    examples:
      - {name: none, as_of: "2025-01-01", expect: []}
"""
    with pytest.raises(RuleBookError, match="lead back where they started") as raised:
        RuleBook.load(overlay=overlay(tmp_path, text))
    assert raised.value.rule == "local.again"


@pytest.mark.parametrize(
    "message",
    ["{title:{subject}}", "{title:>99999}", "{title!r}", "{title.__class__}", "{title[0]}"],
)
def test_a_message_shows_names_only(tmp_path: Path, message: str) -> None:
    text = f"""
rules:
  - id: local.x
    title: X
    statement: X.
    sources: {{clauses: [DI-1]}}
    applies_to: action
    condition: open
    outcome:
      severity: advice
      recipient: business_group
      message: {json.dumps(message)}
      falls_due: due_on
    examples:
      - {{name: none, as_of: "2025-01-01", expect: []}}
"""
    with pytest.raises(RuleBookError, match=r"outcome\.message: .*by its name alone"):
        RuleBook.load(overlay=overlay(tmp_path, text))


def test_text_is_tested_only_for_equality(tmp_path: Path) -> None:
    text = """
rules:
  - id: local.x
    title: X
    statement: X.
    sources: {clauses: [DI-1]}
    applies_to: action
    condition: title > "M"
    outcome: {severity: advice, recipient: business_group, message: "x", falls_due: due_on}
    examples:
      - {name: none, as_of: "2025-01-01", expect: []}
"""
    with pytest.raises(RuleBookError, match="text can be tested only with == and !="):
        RuleBook.load(overlay=overlay(tmp_path, text))


def test_statutory_numbers_read_only_in_secondary_sources_say_so() -> None:
    """Issue of sources: what was read is stated; nothing unconfirmed is called verified."""
    book = RuleBook.load()
    status = {name: p.values[0].status for name, p in book.parameters.items()}
    assert status["notify_working_days"] is SourceStatus.VERIFIED  # GOV.UK, read
    for name in ("rapid_review_working_days", "completion_months", "keep_published_months"):
        assert status[name] is SourceStatus.SECONDARY_ONLY, name
    assert status["send_before_working_days"] is SourceStatus.TO_VERIFY


@pytest.mark.parametrize("noun", ["day--by-day", "day\nnight", "x" * 41, "days!", " day"])
def test_a_message_counts_only_in_plain_words(tmp_path: Path, noun: str) -> None:
    rule = {
        "id": "local.count",
        "title": "A count",
        "statement": "A count.",
        "sources": {"clauses": ["DI-1"]},
        "applies_to": "subgroup",
        "condition": "days_since_met > 1",
        "outcome": {
            "severity": "advice",
            "recipient": "business_group",
            "message": "{days_since_met:" + noun + "}",
            "falls_due": "last_met_on",
        },
        "examples": [{"name": "none", "as_of": "2025-01-01", "expect": []}],
    }
    text = yaml.safe_dump({"rules": [rule]})
    with pytest.raises(RuleBookError, match=r"outcome\.message"):
        RuleBook.load(overlay=overlay(tmp_path, text))


@pytest.mark.parametrize("unit", ["day--by-days", "<b>days</b>", "d" * 41, ""])
def test_a_parameter_unit_is_plain_words(tmp_path: Path, unit: str) -> None:
    text = yaml.safe_dump(
        {
            "parameters": {
                "local_gap": {
                    "title": "a gap",
                    "description": "A gap.",
                    "unit": unit,
                    "type": "whole number",
                    "values": [
                        {
                            "value": 1,
                            "from": "2026-04-01",
                            "source": "minute",
                            "status": "local choice",
                        }
                    ],
                }
            }
        }
    )
    with pytest.raises(RuleBookError, match=r"parameters\.local_gap\.unit"):
        RuleBook.load(overlay=overlay(tmp_path, text))


def test_plurals_of_any_words_never_fail() -> None:
    from kscp_core.rulebook.words import plural, singular

    for text in ("day--by-day", "", "x" * 300, "meeting cycle", "ünïcode"):
        assert isinstance(plural(text), str)
        assert isinstance(singular(text), str)
