"""The kscp command: exit codes and messages, never a traceback for bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from kscp_core.cli import main

from .conftest import EXAMPLE


def test_validate_accepts_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(EXAMPLE)]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_names_each_problem_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    text = text.replace("raised_on: '2024-04-16'", "raised_on: '2024-04-31'", 1)
    text = text.replace("kind: police", "kind: police\n  colour: blue", 1)
    text = text.replace("subgroup: se\n", "subgroup: sea\n", 1)
    text = text.replace("name: Westmoor Police", "name: 1234", 1)
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "raised_on: not a real date" in err
    assert "unknown key colour" in err
    assert "'sea' is not the id of any subgroups record" in err
    assert "name: expected text, got a number (1234)" in err


def test_summary_counts_records_and_action_states(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(EXAMPLE), "--as-of", "2025-11-14"]) == 0
    out = capsys.readouterr().out
    assert "actions" in out
    assert "open:" in out
    assert "completed:" in out


def test_a_bad_option_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary", str(EXAMPLE), "--as-of", "14/11/2025"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
