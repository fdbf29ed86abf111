"""Old module paths, kept working for one release with a DeprecationWarning.

Until 0.2 the package's modules sat side by side (``kscp_core.actions``,
``kscp_core.findings``, ...). They now live in their layers; importing an old
path gives the module at its new path, and warns once where it is now.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import sys
import warnings
from types import ModuleType
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from importlib.abc import Loader

__all__ = ["MOVED", "install"]

#: old module path -> new module path
MOVED: dict[str, str] = {
    **{
        f"kscp_core.{name}": f"kscp_core.model.{name}"
        for name in (
            "actions",
            "agencies",
            "audits",
            "child_deaths",
            "identifiers",
            "incidents",
            "meetings",
            "partnership",
            "people",
            "performance",
            "publication",
            "reports",
            "reviews",
            "subgroups",
            "training",
            "voice",
            "working_days",
        )
    },
    "kscp_core.records": "kscp_core.io.records",
    "kscp_core.conditions": "kscp_core.rulebook.conditions",
    "kscp_core.proportionality": "kscp_core.rulebook.proportionality",
    "kscp_core.findings": "kscp_core.engine.findings",
    "kscp_core.rule_docs": "kscp_core.docs.pages",
    "kscp_core.sphinxext": "kscp_core.docs.sphinxext",
}


# Plain classes with the finder and loader methods: importlib.abc would cost a
# tenth of `import kscp_core`.
class _Loader:
    def __init__(self, new: str) -> None:
        self.new = new
        self.spec: importlib.machinery.ModuleSpec | None = None

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType:
        warnings.warn(
            f"{spec.name} has moved to {self.new}; import it from there, or from kscp_core "
            "(the old path goes in kscp_core 0.3)",
            DeprecationWarning,
            stacklevel=2,
        )
        module = importlib.import_module(self.new)
        self.spec = module.__spec__
        return module

    def exec_module(self, module: ModuleType) -> None:
        """Nothing to run: the module at its new path has run; give it back its own spec."""
        module.__spec__ = self.spec


class _Finder:
    def find_spec(
        self, fullname: str, path: object = None, target: object = None
    ) -> importlib.machinery.ModuleSpec | None:
        new = MOVED.get(fullname)
        if new is None:
            return None
        return importlib.machinery.ModuleSpec(fullname, cast("Loader", _Loader(new)))


_FINDER = _Finder()


def install() -> None:
    """Make the old module paths importable (idempotent)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)
