"""The quarterly report a subgroup owes the Business Group."""

from __future__ import annotations

import json
from datetime import date

import pytest
import yaml

from kscp_core.cli import main
from kscp_core.model.reports import parse_quarter, quarter_of, quarters_between

from .conftest import EXAMPLE


def _outstanding_by_hand(subgroup: str, end: str) -> list[str]:
    """What a reader of the records would list: read the raw file, not the model."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    found = []
    for action in data["actions"]:
        if action.get("subgroup") != subgroup or "due_on" not in action:
            continue
        done = action.get("completed_on")
        closed = (action.get("closure") or {}).get("on")
        still_open = (done is None or done > end) and (closed is None or closed > end)
        if action["raised_on"] <= end and action["due_on"] < end and still_open:
            found.append(action["id"])
    return sorted(found)


def _completed_by_hand(subgroup: str, start: str, end: str) -> list[str]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return sorted(
        a["id"]
        for a in data["actions"]
        if a.get("subgroup") == subgroup and start <= a.get("completed_on", "") <= end
    )


@pytest.mark.parametrize(
    ("subgroup", "quarter"), [("se", "2025Q2"), ("spr", "2025Q2"), ("exploitation", "2025Q1")]
)
def test_the_report_lists_exactly_the_actions_a_reader_would(
    subgroup: str, quarter: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        [
            "report",
            "quarterly",
            str(EXAMPLE),
            "--subgroup",
            subgroup,
            "--quarter",
            quarter,
            "--format",
            "json",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    period = parse_quarter(quarter)
    start, end = period.start.isoformat(), period.end.isoformat()
    assert [a["id"] for a in report["outstanding"]] == _outstanding_by_hand(subgroup, end)
    assert [a["id"] for a in report["completed"]] == _completed_by_hand(subgroup, start, end)


def test_the_se_report_has_its_section_11_and_audit_position(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["report", "quarterly", str(EXAMPLE), "--subgroup", "se", "--quarter", "2025Q2"])
    text = capsys.readouterr().out
    assert "## Section 11 position at the quarter's end" in text
    assert "| Ashvale Homes | 2023-05-02 | 2025-05-02 | yes |" in text
    assert "A programme of audits covers the quarter's end." in text


def test_an_escalated_action_is_marked(capsys: pytest.CaptureFixture[str]) -> None:
    main(
        [
            "report",
            "quarterly",
            str(EXAMPLE),
            "--subgroup",
            "se",
            "--quarter",
            "2025Q2",
            "--format",
            "json",
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert "A-102" in report["escalated"]


def test_an_unknown_subgroup_or_quarter_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["report", "quarterly", str(EXAMPLE), "--subgroup", "nope", "--quarter", "2025Q2"])
        == 2
    )
    assert "no subgroup 'nope'" in capsys.readouterr().err
    assert (
        main(["report", "quarterly", str(EXAMPLE), "--subgroup", "se", "--quarter", "2025-Q2"]) == 2
    )


def test_financial_quarters() -> None:
    assert quarter_of(date(2025, 4, 1)).label == "2025Q1"
    assert quarter_of(date(2025, 3, 31)).label == "2024Q4"
    assert parse_quarter("2024Q4").end == date(2025, 3, 31)
    # A year starting in March puts a quarter's end on the Summer bank holiday, 31 August 2026.
    assert quarter_of(date(2026, 8, 31), 3).end == date(2026, 8, 31)
    labels = [q.label for q in quarters_between(date(2025, 1, 15), date(2025, 12, 31))]
    assert labels == ["2024Q4", "2025Q1", "2025Q2", "2025Q3"]
