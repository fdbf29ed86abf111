"""The kscp command: exit codes and messages, never a traceback for bad input."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import attrs
import pytest

import kscp_core
import kscp_core.cli
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


def test_check_lists_findings_by_recipient_and_exits_1_on_a_breach(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["check", str(EXAMPLE), "--as-of", "2025-11-14"]) == 1
    out = capsys.readouterr().out
    assert "For the Partnership Chair" in out
    assert "escalation.partnership_chair:" in out


def test_check_fail_on_never_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLE), "--as-of", "2025-11-14", "--fail-on", "never"]) == 0


def test_check_json_follows_the_documented_schema(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", str(EXAMPLE), "--as-of", "2025-11-14", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert document["schema_version"] == 1
    assert set(document) == {
        "schema_version",
        "partnership",
        "as_of",
        "overlay",
        "redaction",
        "findings",
    }
    assert document["redaction"] == "patterns"
    finding = document["findings"][0]
    assert set(finding) == {
        "id",
        "rule",
        "title",
        "subject",
        "severity",
        "recipient",
        "message",
        "falls_due",
        "deadline",
        "as_of",
        "explanation",
        "citation",
    }
    assert set(finding["explanation"]) == {"condition", "parts", "parameters", "facts"}


def test_check_with_a_malformed_overlay_names_file_rule_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "local.yaml").write_text(
        "rules:\n  - id: local.x\n    title: X\n", encoding="utf-8"
    )
    assert main(["check", str(EXAMPLE), "--as-of", "2025-11-14", "--overlay", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "local.yaml: rule local.x: statement: required field missing" in err.replace("\n", "")
    assert "Traceback" not in err


def test_explain_shows_the_facts_parameters_and_clause(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["explain", str(EXAMPLE), "escalation.two_cycles:A-101", "--as-of", "2025-11-14"])
    out = capsys.readouterr().out
    assert code == 0
    assert "escalation_cycles = 2" in out
    assert "DI-5" in out
    assert "unmet within two meeting cycles" in out


def test_explain_an_unknown_finding_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(EXAMPLE), "nope:A-1", "--as-of", "2025-11-14"]) == 2
    assert "no finding 'nope:A-1'" in capsys.readouterr().err


def test_rules_list_and_show(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list"]) == 0
    assert "escalation.partnership_chair" in capsys.readouterr().out
    assert main(["rules", "show", "escalation.drift"]) == 0
    out = capsys.readouterr().out
    assert "drift_cycles" in out
    assert "local choice" in out
    assert main(["rules", "show", "no.such"]) == 2


def test_check_takes_a_portfolio_of_files_and_shows_progress_only_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:

    from kscp_core.testing.portfolio import synthetic_portfolio, write_portfolio

    portfolio = synthetic_portfolio(actions=300, per_partnership=100, as_of=date(2025, 11, 14))
    files = [str(p) for p in write_portfolio(tmp_path, portfolio)]
    args = ["check", *files, "--as-of", "2025-11-14", "--format", "json", "--fail-on", "never"]
    assert main([*args, "--progress"]) == 0
    captured = capsys.readouterr()
    documents = json.loads(captured.out)
    assert [d["partnership"] for d in documents] == [p.name for p in portfolio]
    assert "checking" in captured.err
    assert main([*args, "--method", "python", "--no-progress"]) == 0
    again = capsys.readouterr()
    assert json.loads(again.out) == documents
    assert again.err == ""


def test_text_in_square_brackets_is_printed_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], example: kscp_core.Partnership
) -> None:
    # rich would read these as style tags: "[/b]" crashed, "[urgent]" vanished
    target = next(a for a in example.actions if a.id == "A-099")  # overdue: its title is shown
    titled = attrs.evolve(target, title="[/b][urgent] Fix the [bold]rota[/bold]")
    records = attrs.evolve(
        example,
        name="Ashvale [/b] [red]",
        actions=tuple(titled if a.id == target.id else a for a in example.actions),
    )
    file = tmp_path / "records.yaml"
    kscp_core.dump(records, file)
    assert main(["validate", str(file)]) == 0
    assert main(["summary", str(file), "--as-of", "2025-11-14"]) == 0
    assert "Ashvale [/b] [red]" in capsys.readouterr().out
    assert main(["check", str(file), "--as-of", "2025-11-14", "--fail-on", "never"]) == 0
    out = capsys.readouterr().out
    assert "Ashvale [/b] [red]" in out
    assert "[/b][urgent] Fix the [bold]rota[/bold]" in out


def test_rules_list_shows_a_switched_off_rule_as_such(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "400")  # a terminal wide enough not to wrap titles
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "local.yaml").write_text(
        'switch_off:\n  - {rule: actions.overdue, reason: "tracked [elsewhere]"}\n',
        encoding="utf-8",
    )
    assert main(["rules", "list", "--overlay", str(overlay)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "[switched off: tracked [elsewhere]]" in out


@pytest.mark.parametrize("day", ["9999-12-31", "20251114", "2025-W46-5", "1899-12-31"])
def test_a_date_not_written_yyyy_mm_dd_or_out_of_range_is_bad_input(
    day: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", str(EXAMPLE), "--as-of", day]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "expected a date" in err


def test_a_record_dated_past_the_calendar_is_refused_with_its_path() -> None:
    with pytest.raises(kscp_core.RecordsError, match=r"actions\[0\]\.raised_on: a date from"):
        kscp_core.loads(
            "name: P\nchair: {name: C}\n"
            'actions: [{id: A, title: T, raised_on: "9999-12-30", source: meeting}]\n'
        )


def test_an_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(kscp_core.cli, "load", interrupted)
    assert main(["validate", str(EXAMPLE)]) == 130


def test_a_reader_that_stops_reading_is_not_a_finding() -> None:
    kscp = Path(sys.executable).parent / "kscp"
    args = [str(kscp), "check", str(EXAMPLE), "--as-of", "2025-11-14", "--fail-on", "never"]
    done = subprocess.run(
        f"{shlex.join(args)} | head -c 10 >/dev/null; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode in (0, 141)  # 0 when everything fit in the pipe before head left
    assert "Traceback" not in done.stderr


def test_docs_into_a_place_that_cannot_be_written_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(["docs", "--out", str(blocker / "site")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "a-file" in err


def test_a_full_disk_is_reported_not_raised(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import kscp_core.docs.sphinxext

    def full(*_: object, **__: object) -> int:
        raise OSError(28, "No space left on device", str(tmp_path / "site"))

    monkeypatch.setattr(kscp_core.docs.sphinxext, "build_site", full)
    assert main(["docs", "--out", str(tmp_path / "site")]) == 2
    assert "No space left on device" in capsys.readouterr().err


def test_a_scenario_whose_overlay_is_not_a_path_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "x.scenario.yaml").write_text(
        f"records: {EXAMPLE}\noverlay: 5\n"
        "scenarios:\n  - {name: s, as_of: '2025-11-14', expect: []}\n",
        encoding="utf-8",
    )
    assert main(["test", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "overlay: expected the path of an overlay folder" in err


def _portfolio(tmp_path: Path) -> list[str]:
    from datetime import date

    from kscp_core.testing.portfolio import synthetic_portfolio, write_portfolio

    written = write_portfolio(
        tmp_path, synthetic_portfolio(actions=600, as_of=date(2025, 11, 14), per_partnership=200)
    )
    return [str(EXAMPLE), *map(str, written)]


def test_a_portfolio_checked_by_workers_reads_as_one_checked_in_turn(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    files = _portfolio(tmp_path)
    outputs = {}
    for workers in ("1", "2"):
        for fmt in ("text", "json"):
            code = main(
                ["check", *files, "--as-of", "2025-11-14", "--format", fmt, "--workers", workers]
            )
            assert code == 1  # breaches found
            outputs[workers, fmt] = capsys.readouterr().out
    assert outputs["1", "text"] == outputs["2", "text"]
    assert json.loads(outputs["1", "json"]) == json.loads(outputs["2", "json"])
    documents = json.loads(outputs["2", "json"])
    # in the order the files were given, each the same as checking that file alone
    assert documents[0]["partnership"].startswith("Ashvale")
    assert [d["partnership"] for d in documents[1:]] == [
        f"Synthetic partnership P{n:04d}" for n in range(3)
    ]
    assert main(["check", files[1], "--as-of", "2025-11-14", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == documents[1]


def test_a_bad_file_in_a_portfolio_is_named_whichever_process_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: P\nchair: {name: C}\nagencies: [{id: a}]\n", encoding="utf-8")
    for workers in ("1", "2"):
        files = [str(EXAMPLE), str(bad), str(EXAMPLE)]
        assert main(["check", *files, "--as-of", "2025-11-14", "--workers", workers]) == 2
        err = capsys.readouterr().err
        assert "bad.yaml" in err
        assert "agencies[0].name" in err.replace("\n", "")
