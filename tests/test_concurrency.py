"""Engines under real threads: one Engine shared gives the same findings; several stay apart."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta
from pathlib import Path

from kscp_core import Partnership
from kscp_core.engine import Engine
from kscp_core.rulebook import RuleBook

DAYS = [date(2025, 4, 15) + timedelta(days=30 * n) for n in range(8)]


def test_one_engine_shared_by_threads_gives_the_sequential_findings(example: Partnership) -> None:
    engine = Engine()
    sequential = {d: engine.evaluate(example, d) for d in DAYS}
    with ThreadPoolExecutor(max_workers=4) as pool:
        threaded = list(pool.map(lambda d: (d, engine.evaluate(example, d)), DAYS * 3))
    for day, findings in threaded:
        assert findings == sequential[day]


def test_engines_with_different_rules_in_threads_stay_isolated(
    example: Partnership, tmp_path: Path
) -> None:
    (tmp_path / "local.yaml").write_text(
        "switch_off:\n  - {rule: actions.overdue, reason: followed at meetings}\n",
        encoding="utf-8",
    )
    engines = [Engine(), Engine(RuleBook.load(overlay=tmp_path))]
    expected = [e.evaluate(example, DAYS[-1]) for e in engines]
    assert expected[0] != expected[1]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda i: (i, engines[i].evaluate(example, DAYS[-1])), [0, 1] * 6))
    for index, findings in results:
        assert findings == expected[index]
