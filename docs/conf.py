"""Sphinx configuration for the kscp_core documentation."""

from __future__ import annotations

import os
from pathlib import Path

project = "kscp_core"
author = "kscp_core developers"
copyright = "2026, kscp_core developers"

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx_click",
    "kscp_core.docs.sphinxext",
]
# The rule catalogue is written into docs/rules/ at every build (never edited by hand);
# set kscp_overlay (or KSCP_DOCS_OVERLAY) to build the docs of a partnership's overlay.
kscp_rules_folder = "rules"
kscp_overlay = os.environ.get("KSCP_DOCS_OVERLAY") or None
source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
exclude_patterns = ["_build"]
nitpicky = True
_THIRD_PARTY = [
    "attrs",
    "cattrs",
    "click",
    "datetime",
    "enum",
    "hypothesis",
    "lark",
    "os",
    "pathlib",
    "sphinx",
    r"collections\.abc",
    "typing",
    "_io",
]
nitpick_ignore_regex = [
    # third-party types without a local inventory (no network at build time)
    (r"py:class", rf"({'|'.join(_THIRD_PARTY)})\..*"),
    (r"py:class", r"(date|Path|Any|Sequence|Iterable|Callable|ParamSpec|Converter)"),
    (r"py:class", r"kscp_core\..*Id"),
    # private helpers a public class is built from
    (r"py:class", r"(_Tester|_durable\..*|kscp_core\.engine\.findings\._RuleParts|_Words)"),
    # type aliases, documented where they are defined
    (
        r"py:class",
        r"(Condition|Scalar|Operand|Leaf|Describe|Match|Method|Deriver|BackendName|Test|T)",
    ),
    (r"py:(class|obj)", r"(Agency|AgencyId|SubgroupId|ActionId|PersonId|IncidentId)"),
    (r"py:class", r"kscp_core\.io\.records\.T"),  # the record type structure_record returns
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
html_theme = "furo"
html_title = "The KSCP framework, checked"

# Docstring examples run under pytest (--doctest-modules); the doctest builder
# runs the examples written in these pages.
doctest_test_doctest_blocks = ""
_EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "ashvale.yaml"
doctest_global_setup = f"EXAMPLE = {str(_EXAMPLE)!r}"
