"""A Sphinx extension that writes the rule catalogue from the RuleBook at every build.

In ``conf.py``::

    extensions = ["myst_parser", "kscp_core.docs.sphinxext"]
    kscp_rules_folder = "rules"      # where the generated pages go, inside the source
    kscp_overlay = None              # or a partnership's overlay folder

A rule citing an unknown clause, or a parameter value without a source,
makes the RuleBook refuse to load, and so fails the build.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from kscp_core.docs.pages import as_text, write_pages
from kscp_core.rulebook import RuleBook

__all__ = ["build_site", "setup"]


def _generate(app: Sphinx) -> None:
    overlay = app.config.kscp_overlay
    book = RuleBook.load(overlay=overlay, rules_dir=app.config.kscp_rules_dir)
    write_pages(book, Path(app.srcdir) / app.config.kscp_rules_folder)


def _add_static(app: Sphinx) -> None:
    static = str(Path(__file__).with_name("static"))
    if static not in app.config.html_static_path:
        app.config.html_static_path.append(static)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the settings and the page generation."""
    app.add_config_value("kscp_rules_folder", "rules", "env")
    app.add_config_value("kscp_overlay", None, "env")
    app.add_config_value("kscp_rules_dir", None, "env")
    app.connect("builder-inited", _generate)
    # the pages' own style: tables that fit, the worked examples' records set apart
    app.connect("builder-inited", _add_static)
    app.add_css_file("kscp.css")
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}


# The site's configuration holds no data: the partnership's name, the overlay and
# the rules folder reach Sphinx as configuration values (-D), never as source.
_SITE_CONF = """\
extensions = ["myst_parser", "kscp_core.docs.sphinxext"]
html_theme = "furo"
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]
"""


def build_site(
    out: Path,
    *,
    overlay: str | Path | None = None,
    rules_dir: str | Path | None = None,
    name: str = "the partnership",
) -> int:
    """Build the rule catalogue site (HTML) into ``out``; return Sphinx's exit status.

    The site is built with warnings as errors, from a source folder written
    next to the output. ``name`` is shown as text: it becomes neither code nor
    markup.
    """
    from sphinx.cmd.build import build_main

    source = Path(out) / "_source"
    source.mkdir(parents=True, exist_ok=True)
    (source / "conf.py").write_text(_SITE_CONF, encoding="utf-8")
    (source / "index.md").write_text(
        "\n".join(
            [
                "# The rules",
                "",
                f"What the software checks for {as_text(name)}, written from the rule files it "
                "runs.",
                "",
                "```{toctree}",
                ":maxdepth: 2",
                "",
                "rules/index",
                "```",
                "",
            ]
        ),
        encoding="utf-8",
    )
    title = " ".join(f"Rules for {name}".split())
    settings = ["-D", f"project={title}", "-D", f"html_title={title}"]
    if overlay:
        settings += ["-D", f"kscp_overlay={Path(overlay).resolve()}"]
    if rules_dir:
        settings += ["-D", f"kscp_rules_dir={Path(rules_dir).resolve()}"]
    return build_main(
        ["-W", "-n", "-q", *settings, "-b", "html", str(source), str(Path(out) / "html")]
    )
