"""An overlay (and a site's name) is data: nothing in it becomes code or markup in the docs."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
import yaml

from kscp_core.docs.sphinxext import build_site

# Each tries a different way into the page: raw HTML, a raw fence, reST through
# eval-rst, a MyST include of a local file, a role, a link to script, a heading break.
ATTACKS = [
    "<script>alert('x')</script><b>bold</b>",
    "\n```{raw} html\n<img src=x onerror=alert(1)>\n```\n",
    "\n```{eval-rst}\n.. raw:: html\n\n   <iframe src=x></iframe>\n```\n",
    "\n```{include} SECRET\n```\n",
    "\n```{literalinclude} SECRET\n```\n",
    "\n.. include:: SECRET\n",
    "{raw}`<marquee>m</marquee>` and [click](javascript:alert(1))",
    "A title\n# A second heading <u>u</u>",
]


def _hostile_overlay(folder: Path, secret: Path) -> Path:
    attacks = [a.replace("SECRET", str(secret)) for a in ATTACKS]
    text = " ".join(attacks)
    overlay = folder / "overlay"
    overlay.mkdir()
    document = {
        "parameters": {
            "local_limit": {
                "title": text[:100],
                "description": text,
                "unit": "days",
                "type": "whole number",
                "values": [
                    {"value": 90, "from": "2025-01-01", "source": text, "status": "local choice"}
                ],
            }
        },
        "rules": [
            {
                "id": "local.long_overdue",
                "title": attacks[7] + attacks[0],
                "statement": text,
                "sources": {
                    "clauses": ["DI-1"],
                    "other": [{"title": text, "link": "https://example.org/source"}],
                },
                "applies_to": "action",
                "condition": "open and days_past_due > local_limit",
                "outcome": {
                    "severity": "advice",
                    "recipient": "business_group",
                    "message": "{title}",
                    "falls_due": "due_on",
                },
                "examples": [
                    {"name": attacks[1] + attacks[3], "as_of": "2025-01-01", "expect": []},
                    {
                        "name": "records of its own",
                        "given": {"actions": [{"id": text[:40], "title": text}]},
                        "as_of": "2025-01-01",
                        "expect": [],
                    },
                ],
            }
        ],
        "switch_off": [{"rule": "actions.overdue", "reason": attacks[2] + attacks[4] + text}],
        # shared records the pages show beside each example: never checked as records
        "example_records": {
            "meetings": [{"id": "m1", "subgroup": text, "held_on": text}],
            "actions": [{"id": "A-1", "title": text, "source": "meeting", "raised_on": text}],
        },
    }
    (overlay / "local.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    return overlay


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("hostile")
    secret = folder / "secret.txt"
    marker = "SECRET-CONTENT-7f3a"
    secret.write_text(marker, encoding="utf-8")
    overlay = _hostile_overlay(folder, secret)
    name = "Ashvale\"\nimport os; os.system('touch PWNED')\n<script>x</script>"
    assert build_site(folder / "site", overlay=overlay, name=name) == 0
    return folder, marker


def _pages(folder: Path) -> dict[str, str]:
    return {
        str(p): p.read_text(encoding="utf-8") for p in (folder / "site" / "html").rglob("*.html")
    }


def test_a_sites_name_runs_no_code(hostile_site: tuple[Path, str]) -> None:
    folder, _ = hostile_site
    assert not (folder / "PWNED").exists()
    assert not Path("PWNED").exists()
    conf = (folder / "site" / "_source" / "conf.py").read_text(encoding="utf-8")
    assert "Ashvale" not in conf  # no data is written into the configuration


def _article(page: str) -> str:
    """What a page shows of its own (the theme's scripts and chrome left out)."""
    match = re.search(r"<article\b.*?</article>", page, re.S)
    assert match is not None
    return match.group(0)


def test_no_text_from_an_overlay_becomes_markup(hostile_site: tuple[Path, str]) -> None:
    folder, marker = hostile_site
    pages = _pages(folder)
    assert pages
    for path, page in pages.items():
        assert marker not in page, path  # no local file was read into the site
        article = _article(page)
        for tag in ("<script", "<img", "<iframe", "<marquee", "<u>", "<b>"):
            assert tag not in article, (path, tag)
        assert 'href="javascript' not in article, path
        assert article.count("<h1") <= 1, path  # a newline in a title starts no heading
    local = next(page for path, page in pages.items() if path.endswith("local.html"))
    shown = (
        html.unescape(re.sub(r"<[^>]+>", "", _article(local)))
        .replace("\u2019", "'")
        .replace("\u2018", "'")
    )
    assert "<script>alert('x')</script><b>bold</b>" in shown  # the words, as text
    assert "```{raw} html" in shown
    assert ".. raw:: html" in shown
