"""The README's Python runs as written, from a checkout's root."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT


def _python_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```python\n(.*?)```", text, flags=re.S)


def test_the_readmes_python_runs_as_written(tmp_path: Path) -> None:
    blocks = _python_blocks()
    assert blocks
    shutil.copytree(ROOT / "examples", tmp_path / "examples")  # what a checkout has
    for block in blocks:
        done = subprocess.run(
            [sys.executable, "-c", block],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "error::DeprecationWarning"},
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert "Ashvale Safeguarding Children Partnership (fictional)" in done.stdout
