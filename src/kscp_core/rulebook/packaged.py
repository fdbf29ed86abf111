"""Where the packaged rules are."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["packaged_rules_dir"]


def packaged_rules_dir() -> Path:
    """The folder of the packaged rules (in the wheel, or the source tree when editable)."""
    packaged = resources.files("kscp_core") / "rules"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "rules"
