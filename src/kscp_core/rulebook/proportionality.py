"""Proportionality (PRIN-1): which review a case indicates, as a decision table.

The table is data (``rules/proportionality.yaml``). It is checked when read:
every combination of inputs matches exactly one row. :func:`recommend_review`
gives the review type a case indicates, with the row's reason;
the rule ``reviews.proportionality`` advises when a different type was chosen
without a recorded reason.
"""

from __future__ import annotations

import itertools
from functools import cache
from pathlib import Path
from typing import Any

import attrs

from kscp_core.errors import RecordsError, RuleBookError
from kscp_core.io.documents import read_document
from kscp_core.model.reviews import ReviewType
from kscp_core.rulebook.packaged import packaged_rules_dir

__all__ = [
    "DecisionTable",
    "Recommendation",
    "Row",
    "load_table",
    "packaged_table",
    "recommend_review",
]


@attrs.frozen(kw_only=True)
class Row:
    """A row of the table: the answers it matches ("any" for every answer), its outcome."""

    when: dict[str, str]
    recommend: ReviewType
    reason: str


@attrs.frozen(kw_only=True)
class Recommendation:
    """The review a case indicates, and why."""

    review_type: ReviewType
    reason: str
    row: int


@attrs.frozen(kw_only=True)
class DecisionTable:
    """The proportionality decision table."""

    inputs: dict[str, tuple[str, ...]]
    rows: tuple[Row, ...]

    def matches(self, answers: dict[str, str]) -> list[int]:
        """The indexes of the rows a set of answers matches."""
        return [
            i
            for i, row in enumerate(self.rows)
            if all(row.when[k] in ("any", answers[k]) for k in self.inputs)
        ]


def _answer(value: Any) -> str:
    # YAML writers will write yes/no unquoted; read them as the words they are.
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


def load_table(path: Path) -> DecisionTable:
    """Read and check a decision table.

    Raises:
        RuleBookError: a malformed table, or one with a gap or an overlap.
    """
    source = str(path)
    try:
        data = read_document(path)
    except RecordsError as error:
        raise RuleBookError(source, "; ".join(str(p) for p in error.problems)) from None
    if not isinstance(data, dict) or set(data) != {"inputs", "rows"}:
        raise RuleBookError(source, "expected exactly the keys inputs and rows")
    inputs = {str(k): tuple(_answer(v) for v in values) for k, values in data["inputs"].items()}
    rows = []
    for index, raw in enumerate(data["rows"]):
        where = f"rows[{index}]"
        if not isinstance(raw, dict) or set(raw) != {"when", "recommend", "reason"}:
            raise RuleBookError(source, "expected when, recommend and reason", field=where)
        when = {str(k): _answer(v) for k, v in raw["when"].items()}
        if set(when) != set(inputs):
            raise RuleBookError(
                source, f"answer every input: {', '.join(inputs)}", field=f"{where}.when"
            )
        for key, value in when.items():
            if value != "any" and value not in inputs[key]:
                raise RuleBookError(
                    source, f"{value!r} is not an answer to {key}", field=f"{where}.when.{key}"
                )
        try:
            kind = ReviewType(raw["recommend"])
        except ValueError:
            allowed = ", ".join(t.value for t in ReviewType)
            raise RuleBookError(
                source, f"expected one of: {allowed}", field=f"{where}.recommend"
            ) from None
        rows.append(Row(when=when, recommend=kind, reason=" ".join(str(raw["reason"]).split())))
    table = DecisionTable(inputs=inputs, rows=tuple(rows))
    for combination in itertools.product(*inputs.values()):
        answers = dict(zip(inputs, combination, strict=True))
        matched = table.matches(answers)
        if len(matched) != 1:
            problem = "no row matches" if not matched else f"rows {matched} all match"
            raise RuleBookError(source, f"{problem} {answers}: every case needs exactly one row")
    return table


@cache
def packaged_table() -> DecisionTable:
    """The packaged decision table."""
    return load_table(packaged_rules_dir() / "proportionality.yaml")


def recommend_review(
    *,
    statutory_criteria_met: bool,
    insight_potential: bool,
    agencies_involved: int,
    complex_case: bool,
    multi_agency_threshold: int = 2,
    table: DecisionTable | None = None,
) -> Recommendation:
    """The review a case indicates, with the reason for it.

    >>> recommend_review(statutory_criteria_met=False, insight_potential=True,
    ...                  agencies_involved=3, complex_case=True).review_type.value
    'local_learning_review'
    """
    chosen = table or packaged_table()
    answers = {
        "statutory": "yes" if statutory_criteria_met else "no",
        "insight": "yes" if insight_potential else "no",
        "agencies": "multi" if agencies_involved >= multi_agency_threshold else "single",
        "complex": "yes" if complex_case else "no",
    }
    (index,) = chosen.matches(answers)
    row = chosen.rows[index]
    return Recommendation(review_type=row.recommend, reason=row.reason, row=index)
