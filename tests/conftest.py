"""Shared fixtures and the Hypothesis profiles (``dev`` by default, ``ci`` in CI)."""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import HealthCheck, settings

import kscp_core
from kscp_core import Partnership

settings.register_profile("dev", max_examples=60, deadline=None)
settings.register_profile(
    "ci", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("fuzz", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "ashvale.yaml"


@pytest.fixture
def durable_internals() -> ModuleType:
    """The module that wraps durable-rules, for tests of its limits (mark them ``durable``)."""
    return importlib.import_module("kscp_core.engine._durable")


@pytest.fixture(scope="session")
def example() -> Partnership:
    """The example partnership, loaded once."""
    return kscp_core.load(EXAMPLE)
