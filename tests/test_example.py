"""The example partnership: realistic in size, fictional, and written by its script."""

from __future__ import annotations

import importlib.util
from collections import Counter

from kscp_core import Partnership
from kscp_core.model.actions import ActionState
from kscp_core.model.subgroups import SubgroupRole

from .conftest import EXAMPLE, ROOT


def _builder():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "build_ashvale", ROOT / "examples" / "build_ashvale.py"
    )
    assert spec
    assert spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_file_is_what_the_script_writes() -> None:
    assert EXAMPLE.read_text(encoding="utf-8") == _builder().render()


def test_the_example_is_large_enough_to_be_realistic(example: Partnership) -> None:
    as_of = _builder().AS_OF
    assert len(example.agencies) >= 15
    assert len(example.meetings) >= 40
    assert len(example.actions) >= 100
    states = Counter(a.state(as_of) for a in example.actions)
    assert {ActionState.OPEN, ActionState.COMPLETED, ActionState.CLOSED} <= set(states)
    roles = {s.role for s in example.subgroups}
    assert {
        SubgroupRole.BUSINESS_GROUP,
        SubgroupRole.SAFEGUARDING_EFFECTIVENESS,
        SubgroupRole.SERIOUS_PRACTICE_REVIEW,
        SubgroupRole.CHILD_DEATH_OVERVIEW_PANEL,
        SubgroupRole.LEARNING_AND_DEVELOPMENT,
    } <= roles
    first = min(m.held_on for m in example.meetings)
    last = max(m.held_on for m in example.meetings if m.held_on <= as_of)
    assert (last - first).days >= 548  # eighteen months of meetings held
    assert example.incidents
    assert example.rapid_reviews
    assert example.reviews
    assert example.child_deaths
    assert example.learning_outputs
    assert example.court_orders
    assert any(a.kind.value == "section_11" for a in example.audits)


def test_the_example_overlay_switches_off_local_choices_that_still_ship(
    example: Partnership,
) -> None:
    from datetime import date

    from kscp_core import Engine, RuleBook

    packaged = RuleBook.load()
    lighter = RuleBook.load(overlay=ROOT / "examples" / "overlays" / "lighter-touch")
    off = {r.id for r in lighter.rules if r.switched_off}
    assert off == {
        "assurance.no_practice_shared",
        "learning.communication_unplanned",
        "sharing.learning_not_applied",
        "training.offer_narrow",
    }
    assert off <= {r.id for r in packaged.rules}  # they ship, switched off only here
    as_of = date(2025, 11, 14)
    with_all = {f.rule for f in Engine(packaged).evaluate(example, as_of)}
    with_overlay = {f.rule for f in Engine(lighter).evaluate(example, as_of)}
    assert off <= with_all
    assert not off & with_overlay
