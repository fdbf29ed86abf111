"""The shape of the package: layers that import one way, one façade, old paths kept."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
import types
import warnings
from pathlib import Path

import pytest

import kscp_core
from kscp_core._moved import MOVED

SRC = Path(kscp_core.__file__).parent

#: Each module's layer, by the first part of its path below kscp_core; a module
#: may import from its own layer and from lower ones, never from a higher one.
LAYERS = {
    "errors": 0,
    "_moved": 0,
    "_collector": 0,
    "model": 1,
    "io": 2,
    "rulebook": 3,
    "facts": 4,
    "engine": 5,
    "cli": 6,
    "quarterly": 6,
    "clearance": 6,
    "docs": 6,
    "testing": 6,
    "streaming": 6,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str, *, run_only: bool = False) -> set[str]:
    """Every kscp_core module a module imports, anywhere in it (functions included).

    With ``run_only``, imports only a type checker runs (``if TYPE_CHECKING:``) are left out.
    """
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    typing_only: set[int] = set()
    if run_only:
        for node in ast.walk(tree):
            if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
                typing_only.update(id(n) for inner in node.body for n in ast.walk(inner))
    named: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            named.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            named.add(base)
            named.update(f"{base}.{a.name}" for a in node.names)
    return {_resolve(n) for n in named if n.startswith("kscp_core")} - {None, module}  # type: ignore[arg-type]


def _resolve(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS[parts[1]] if len(parts) > 1 else None  # the façade sits above every layer


def test_every_module_belongs_to_a_layer() -> None:
    assert {m.split(".")[1] for m in MODULES if "." in m} <= set(LAYERS)


@pytest.mark.parametrize("module", sorted(m for m in MODULES if "." in m))
def test_no_module_imports_from_a_higher_layer(module: str) -> None:
    mine = _layer(module)
    assert mine is not None
    upward = sorted(
        target
        for target in _imports(module)
        if (_layer(target) is None and target != "kscp_core") or (_layer(target) or 0) > mine
    )
    assert upward == [], f"{module} (layer {mine}) imports from above: {upward}"


def test_the_model_imports_nothing_but_errors() -> None:
    for module in (m for m in MODULES if m.startswith("kscp_core.model")):
        others = {t for t in _imports(module) if not t.startswith("kscp_core.model")}
        assert others <= {"kscp_core.errors"}, module


def test_there_is_no_import_cycle() -> None:
    # a submodule importing its own package's __init__ (a re-export) is not a cycle of logic
    graph = {
        m: {t for t in _imports(m, run_only=True) if not m.startswith(t + ".")} for m in MODULES
    }
    # Tarjan's strongly connected components: a component of two or more is a cycle
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    assert cycles == []


def test_only_one_module_imports_durable_rules() -> None:
    importers = set()
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            if any(n.split(".")[0] in ("durable", "durable_rules_engine") for n in names):
                importers.add(module)
    assert importers == {"kscp_core.engine._durable"}


# -- the façade -----------------------------------------------------------------------------


def test_the_facade_exports_a_sorted_list() -> None:
    assert kscp_core.__all__ == sorted(kscp_core.__all__)


def test_the_facade_exports_exactly_its_public_names() -> None:
    public = {
        name
        for name in dir(kscp_core)
        if not name.startswith("_") and not isinstance(getattr(kscp_core, name), types.ModuleType)
    }
    assert public == set(kscp_core.__all__)


@pytest.mark.parametrize(
    "layer", ["kscp_core.model", "kscp_core.errors", "kscp_core.engine", "kscp_core.rulebook"]
)
def test_the_facade_offers_what_hosts_use_from_each_layer(layer: str) -> None:
    module = importlib.import_module(layer)
    wanted = {
        "kscp_core.model": set(module.__all__),
        "kscp_core.errors": set(module.__all__),
        "kscp_core.engine": {
            "Changes",
            "Engine",
            "Finding",
            "Method",
            "NewDate",
            "Removed",
            "Session",
            "evaluate",
        },
        "kscp_core.rulebook": {"Recipient", "Rule", "RuleBook", "Severity"},
    }[layer]
    missing = sorted(n for n in wanted if n not in kscp_core.__all__)
    assert missing == []
    assert all(getattr(kscp_core, n) is getattr(module, n) for n in wanted)


def test_importing_the_facade_leaves_the_engine_for_first_use() -> None:
    # a host that only loads records does not pay for the rule engine at import
    code = "import sys, kscp_core; print('kscp_core.engine' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
    code = "import sys, kscp_core; kscp_core.Engine; print('kscp_core.engine' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True"


def test_the_architecture_promises_work_from_the_facade(example: kscp_core.Partnership) -> None:
    from datetime import date

    findings = kscp_core.evaluate(example, date(2025, 11, 14))
    assert findings
    assert all(isinstance(f, kscp_core.Finding) for f in findings)
    engine = kscp_core.Engine(kscp_core.RuleBook.load())
    with kscp_core.Session(engine, example, date(2025, 11, 14)) as session:
        assert session.findings == findings


# -- old paths, for one release --------------------------------------------------------------


@pytest.mark.parametrize(("old", "new"), sorted(MOVED.items()))
def test_an_old_module_path_still_works_and_says_where_it_went(old: str, new: str) -> None:
    sys.modules.pop(old, None)  # as on a host's first import of it
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module(old)
    assert module is importlib.import_module(new)
    assert module.__spec__ is not None
    assert module.__spec__.name == new
    [warning] = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert f"{old} has moved to {new}" in str(warning.message)
