"""Proportionality: the decision table has no gap and no overlap, and recommends as written."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kscp_core.errors import RuleBookError
from kscp_core.model.reviews import ReviewType
from kscp_core.rulebook import packaged_rules_dir
from kscp_core.rulebook.proportionality import load_table, packaged_table, recommend_review


def test_every_combination_of_answers_has_exactly_one_row() -> None:
    table = packaged_table()
    for combination in itertools.product(*table.inputs.values()):
        assert len(table.matches(dict(zip(table.inputs, combination, strict=True)))) == 1


@given(
    statutory=st.booleans(),
    insight=st.booleans(),
    agencies=st.integers(0, 20),
    complex_case=st.booleans(),
    threshold=st.integers(1, 5),
)
def test_a_case_meeting_the_statutory_criteria_always_indicates_a_practice_review(
    statutory: bool, insight: bool, agencies: int, complex_case: bool, threshold: int
) -> None:
    found = recommend_review(
        statutory_criteria_met=statutory,
        insight_potential=insight,
        agencies_involved=agencies,
        complex_case=complex_case,
        multi_agency_threshold=threshold,
    )
    assert (found.review_type is ReviewType.PRACTICE_REVIEW) == statutory
    if not statutory and insight and agencies >= threshold:
        assert found.review_type is not ReviewType.SINGLE_AGENCY_REVIEW
    assert found.reason


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.yaml"
    original = (packaged_rules_dir() / "proportionality.yaml").read_text(encoding="utf-8")
    path.write_text(original.replace(*text.split("|")), encoding="utf-8")
    return path


def test_a_gap_is_refused(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "{statutory: no, insight: no, agencies: any, complex: any}|"
        "{statutory: no, insight: no, agencies: multi, complex: any}",
    )
    with pytest.raises(RuleBookError, match="no row matches"):
        load_table(path)


def test_an_overlap_is_refused(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "{statutory: no, insight: yes, agencies: single, complex: any}|"
        "{statutory: any, insight: yes, agencies: single, complex: any}",
    )
    with pytest.raises(RuleBookError, match="all match"):
        load_table(path)
