"""The testing kit as a downstream project uses it: plugin, strategies, assertions, kscp test."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from kscp_core.cli import main
from kscp_core.testing import assert_findings

from .conftest import EXAMPLE, ROOT

SCENARIOS = ROOT / "tests" / "scenarios"


def test_kscp_test_runs_the_project_scenarios(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["test", str(SCENARIOS)]) == 0
    assert ", 0 failed" in capsys.readouterr().out


def test_a_wrong_scenario_prints_a_readable_difference_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "wrong.scenario.yaml").write_text(
        f"name: Expecting an escalation that is not there\nrecords: {EXAMPLE}\n"
        "as_of: '2025-11-14'\nexpect: [{rule: escalation.two_cycles, subject: A-100}]\n"
        "expect_not: [{rule: actions.overdue, subject: A-100}]\n",
        encoding="utf-8",
    )
    assert main(["test", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "scenario 'Expecting an escalation that is not there'" in out
    assert "as of 2025-11-14: FAILED" in out
    assert (
        "expected escalation.two_cycles about A-100, but it was not found; found about "
        "A-100: actions.overdue" in out
    )
    assert "expected no actions.overdue about A-100, but found: Action A-100" in out
    assert "Traceback" not in out


def test_a_malformed_scenario_file_names_the_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.scenario.yaml").write_text(
        f"records: {EXAMPLE}\nname: x\nas_of: 14/11/2025\n", encoding="utf-8"
    )
    assert main(["test", str(tmp_path)]) == 2
    assert "as_of: expected a date written YYYY-MM-DD" in capsys.readouterr().err


def test_assert_findings_reads_like_a_policy_officer_would_say_it() -> None:
    import kscp_core

    partnership = kscp_core.load(EXAMPLE)
    assert_findings(
        partnership,
        date(2025, 11, 14),
        includes=["escalation.two_cycles:A-101"],
        excludes=[("escalation.two_cycles", "A-100")],
    )
    with pytest.raises(AssertionError) as caught:
        assert_findings(partnership, date(2025, 11, 14), includes=["escalation.drift:A-101"])
    assert str(caught.value) == (
        "expected escalation.drift about A-101 as of 2025-11-14, but the rules did not find it"
        " (found about A-101: actions.overdue, escalation.two_cycles)"
    )


def test_assert_findings_refuses_what_could_never_be_checked() -> None:
    """Issue: a mistyped rule id passed silently, so a test could check nothing forever."""
    import kscp_core
    from kscp_core.errors import UnknownRuleError, UsageError

    partnership = kscp_core.load(EXAMPLE)
    with pytest.raises(UnknownRuleError, match=r"did you mean 'escalation\.drift'"):
        assert_findings(partnership, date(2025, 11, 14), excludes=["escalaton.drift"])
    with pytest.raises(UsageError, match="'A-999'"):
        assert_findings(partnership, date(2025, 11, 14), excludes=["escalation.drift:A-999"])


def test_a_scenario_naming_an_unknown_rule_or_record_is_an_error_at_its_line(
    tmp_path: Path,
) -> None:
    from kscp_core.errors import ScenarioError
    from kscp_core.testing.scenarios import load_scenarios, run_scenario

    path = tmp_path / "typo.scenario.yaml"
    path.write_text(
        f"name: typo\nrecords: {EXAMPLE}\nas_of: 2025-11-14\n"
        "expect:\n  - {rule: escalation.two_cycles, subject: A-101}\n"
        "expect_not:\n  - {rule: actions.overdeu, subject: A-100}\n",
        encoding="utf-8",
    )
    (scenario,) = load_scenarios(path)
    with pytest.raises(ScenarioError, match=r"expect_not\[0\] \(line 7\).*actions.overdue"):
        run_scenario(scenario)
    path.write_text(
        f"name: no such record\nrecords: {EXAMPLE}\nas_of: 2025-11-14\n"
        "expect_not:\n  - {rule: actions.overdue, subject: A-999}\n",
        encoding="utf-8",
    )
    (scenario,) = load_scenarios(path)
    with pytest.raises(ScenarioError, match=r"line 5.*'A-999'"):
        run_scenario(scenario)


def test_a_scenarios_with_patches_a_record_by_id_and_its_errors_point_there(
    tmp_path: Path,
) -> None:
    from kscp_core.errors import ScenarioError
    from kscp_core.testing.scenarios import load_scenarios, run_scenario

    path = tmp_path / "patch.scenario.yaml"
    path.write_text(
        f"name: completed\nrecords: {EXAMPLE}\nas_of: 2025-11-14\n"
        "with:\n  actions:\n    - {id: A-101, completed_on: '2025-11-01'}\n"
        "expect_not:\n  - {rule: escalation.two_cycles, subject: A-101}\n",
        encoding="utf-8",
    )
    (scenario,) = load_scenarios(path)
    assert run_scenario(scenario).passed  # one field changed, the rest kept
    path.write_text(
        f"name: bad\nrecords: {EXAMPLE}\nas_of: 2025-11-14\n"
        "with:\n  actions:\n    - {id: A-101, completed_on: 'soon'}\n",
        encoding="utf-8",
    )
    (scenario,) = load_scenarios(path)
    with pytest.raises(ScenarioError, match=r"with\.actions\[0\] \(line 6\)\.completed_on"):
        run_scenario(scenario)


DOWNSTREAM_TEST = """
from datetime import date

from hypothesis import given, settings, strategies as st

from kscp_core import Partnership, loads, dumps
from kscp_core.testing import assert_findings


@settings(max_examples=10, deadline=None)
@given(st.from_type(Partnership))
def test_from_type_gives_valid_records(partnership):
    assert loads(dumps(partnership)) == partnership


def test_assertions():
    import kscp_core
    partnership = kscp_core.load({example!r})
    assert_findings(partnership, date(2025, 11, 14), includes=["escalation.two_cycles:A-101"])
"""

DOWNSTREAM_SCENARIO = """
name: {name}
records: {example}
as_of: "2025-11-14"
expect: [{{rule: {rule}, subject: A-101}}]
"""


def test_a_separate_project_uses_the_kit_with_no_setup(tmp_path: Path) -> None:
    project = tmp_path / "host-system"
    (project / "tests").mkdir(parents=True)
    (project / "tests" / "test_host.py").write_text(
        DOWNSTREAM_TEST.format(example=str(EXAMPLE)), encoding="utf-8"
    )
    (project / "tests" / "escalated.scenario.yaml").write_text(
        DOWNSTREAM_SCENARIO.format(
            name="A-101 escalated", example=EXAMPLE, rule="escalation.two_cycles"
        ),
        encoding="utf-8",
    )
    (project / "tests" / "drifting.scenario.yaml").write_text(
        DOWNSTREAM_SCENARIO.format(name="A-101 drifting", example=EXAMPLE, rule="escalation.drift"),
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    out = run.stdout + run.stderr
    assert "1 failed, 3 passed" in out, out
    assert "scenario 'A-101 drifting'" in out
    assert "expected escalation.drift about A-101, but it was not found" in out
    assert "Traceback" not in out


def test_assert_findings_reuses_one_engine_and_takes_an_overlay(tmp_path: Path) -> None:
    """Issue: it built a new Engine (0.24 s) on every call, and took no overlay."""
    import kscp_core
    from kscp_core.testing import assertions

    assert assertions._engine_for(None, None) is assertions._engine_for(None, None)
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "local.yaml").write_text(
        "switch_off:\n  - {rule: escalation.two_cycles, reason: tested elsewhere}\n",
        encoding="utf-8",
    )
    partnership = kscp_core.load(EXAMPLE)
    assert_findings(
        partnership,
        date(2025, 11, 14),
        excludes=["escalation.two_cycles"],
        overlay=overlay,
    )
    assert assertions._engine_for(None, overlay) is assertions._engine_for(None, overlay)


def test_an_expectation_about_a_record_its_rule_never_looks_at_is_an_error() -> None:
    """Found by a review: ('actions.overdue', <an agency id>) passed, checking nothing."""
    import kscp_core
    from kscp_core.errors import UsageError

    partnership = kscp_core.load(EXAMPLE)
    agency = partnership.agencies[0].id
    with pytest.raises(UsageError, match="never about"):
        assert_findings(partnership, date(2025, 11, 14), excludes=[("actions.overdue", agency)])
    # a chained kind: escalations are about actions
    assert_findings(
        partnership, date(2025, 11, 14), excludes=[("escalation.partnership_chair", "A-001")]
    )
    assert_findings(partnership, date(2025, 11, 14), includes=[("publication.court_order",)])
    with pytest.raises(UsageError, match="expected"):
        assert_findings(partnership, date(2025, 11, 14), excludes=[("a", "b", "c")])  # type: ignore[list-item]
