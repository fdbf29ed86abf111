"""The pytest plugin: collects ``*.scenario.yaml`` files in any project and runs them.

Installed with kscp_core (the ``pytest11`` entry point): a host's suite runs
its scenario files with no configuration. A failure names the scenario, the
date, the rule and the difference, with no traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kscp_core.errors import KscpError
from kscp_core.testing.scenarios import Scenario, load_scenarios, run_scenario

__all__ = ["ScenarioFile", "ScenarioItem", "pytest_collect_file"]


class ScenarioFailed(Exception):
    """A scenario whose findings differ from what it expects."""


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    """Collect every ``*.scenario.yaml`` file."""
    if file_path.name.endswith(".scenario.yaml"):
        collected: pytest.Collector = ScenarioFile.from_parent(parent, path=file_path)
        return collected
    return None


class ScenarioFile(pytest.File):
    """A scenario file: one test per scenario."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            scenarios = load_scenarios(self.path)
        except KscpError as error:
            raise self.CollectError(str(error)) from None
        for scenario in scenarios:
            yield ScenarioItem.from_parent(self, name=scenario.name, scenario=scenario)


class ScenarioItem(pytest.Item):
    """One scenario, run as a test."""

    def __init__(self, *, scenario: Scenario, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario = scenario

    def runtest(self) -> None:
        result = run_scenario(self.scenario)
        if not result.passed:
            raise ScenarioFailed(result.report())

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, ScenarioFailed | KscpError):
            return str(excinfo.value)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"scenario: {self.name}"
