"""The clause register: one obligation per clause, each encoded by a rule or waived for a reason."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from kscp_core.errors import RuleBookError
from kscp_core.rulebook import RuleBook, packaged_rules_dir

RULES = packaged_rules_dir()
REGISTER = yaml.safe_load((RULES / "clauses.yaml").read_text(encoding="utf-8"))["clauses"]


def test_the_register_holds_one_obligation_per_clause_as_its_header_counts() -> None:
    checkable = [c for c in REGISTER if c["checkable"]]
    assert (len(REGISTER), len(checkable)) == (165, 151)
    ids = [c["id"] for c in REGISTER]
    assert len(set(ids)) == len(ids)
    # a clause split off an older one names a clause that is still there, in its section
    by_id = {c["id"]: c for c in REGISTER}
    for clause in REGISTER:
        if "split_from" in clause:
            assert clause["split_from"] in by_id, clause["id"]
            assert by_id[clause["split_from"]]["section"] == clause["section"], clause["id"]


def test_the_loaded_book_keeps_where_each_split_clause_came_from() -> None:
    book = RuleBook.load()
    assert book.clauses["SA-14"].split_from == "SA-1"
    assert book.clauses["SA-1"].split_from is None


def test_every_checkable_clause_is_encoded_or_waived_and_most_are_encoded() -> None:
    book = RuleBook.load()
    encoded = {c for rule in book.rules for c in rule.clauses}
    checkable = {c.id for c in book.clauses.values() if c.checkable}
    waived = checkable - encoded
    assert len(checkable & encoded) >= 130
    assert waived == {c for c in checkable if c in book.not_encoded}


def test_each_waiver_gives_a_reason_of_its_own() -> None:
    raw = yaml.safe_load((RULES / "traceability.yaml").read_text(encoding="utf-8"))
    reasons = raw["not_encoded"]
    assert len(set(reasons.values())) == len(reasons)
    for clause, reason in reasons.items():
        # which record would show it, and why the partnership's systems hold none
        assert len(reason.split()) >= 25, clause
        assert "record" in reason, clause
        assert not reason.lower().startswith("narrative"), clause


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    return folder


def test_a_checkable_clause_neither_encoded_nor_waived_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "traceability.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["not_encoded"]["EXP-8"]
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(rules_dir=folder)
    assert "not_encoded.EXP-8" in str(caught.value)
    assert "no rule encodes this checkable clause" in str(caught.value)


def test_a_waiver_for_a_clause_a_rule_encodes_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "traceability.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["not_encoded"]["MAA-9"] = "Reports are on the website, which the records do not hold."
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(RuleBookError) as caught:
        RuleBook.load(rules_dir=folder)
    assert "not_encoded.MAA-9" in str(caught.value)
    assert "a rule encodes this clause now" in str(caught.value)
