"""Open every page of the built documentation in headless Chromium, as a reader would.

Run by ``make docs-check`` after the site is built. It fails (exit 1) when any
page, at 1024 pixels wide, is wider than the window or has a table wider than
its box (clipped), has a link or anchor within the site that leads nowhere,
shows an image that does not load, or logs an error to the console. It saves
screenshots of the front page, a rule page, the annotated framework, the
traceability and the numbers pages.

The browser is Chromium as the operating system installs it (Debian's
``chromium`` package), driven through Playwright; nothing is downloaded.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

WIDTH = 1024
SCREENSHOTS = {
    "front-page": "index.html",
    "rule-page": "rules/escalation.html",
    "framework": "rules/framework.html",
    "traceability": "rules/traceability.html",
    "numbers": "rules/parameters.html",
}


class _Page(HTMLParser):
    """The ids a page defines and the links and images it has."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, pages: list[Path]) -> list[str]:
    """Links within the site to a page that is not there, or to an anchor it lacks."""
    parsed = {p: _parse(p) for p in pages}
    problems = []
    for page, found in parsed.items():
        for href in found.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(site)}: {href}"
            if not target.exists():
                problems.append(f"{where}: no such page")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{where}: no such anchor")
    return problems


def browse(site: Path, pages: list[Path], shots: Path, chromium: str) -> list[str]:
    """Each page in the browser at 1024 pixels: overflow, images, console errors."""
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    shots.mkdir(parents=True, exist_ok=True)
    wanted = {site / path: name for name, path in SCREENSHOTS.items()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        tab = browser.new_page(viewport={"width": WIDTH, "height": 900})
        errors: list[str] = []
        tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e: errors.append(str(e)))
        for page in pages:
            errors.clear()
            name = str(page.relative_to(site))
            tab.goto(page.as_uri(), wait_until="load")
            if tab.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"
            ):
                problems.append(f"{name}: wider than the window at {WIDTH} pixels")
            clipped = tab.evaluate(
                "[...document.querySelectorAll('article table')]"
                ".filter(t => t.scrollWidth > t.parentElement.clientWidth + 1)"
                ".length"
            )
            if clipped:
                problems.append(f"{name}: {clipped} table(s) wider than their box")
            missing = tab.evaluate(
                "[...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
                ".map(i => i.getAttribute('src'))"
            )
            problems += [f"{name}: the image {src} does not load" for src in missing]
            problems += [f"{name}: console error: {e}" for e in errors]
            if page in wanted:
                tab.screenshot(path=str(shots / f"{wanted[page]}.png"), full_page=False)
        browser.close()
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built HTML site")
    parser.add_argument("--screenshots", type=Path, default=Path("docs/_build/screenshots"))
    parser.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    args = parser.parse_args(argv)
    site = args.site.resolve()
    pages = sorted(
        p for p in site.rglob("*.html") if not {"_static", "_sources", "_modules"} & set(p.parts)
    )
    problems = broken_links(site, pages)
    problems += browse(site, pages, args.screenshots.resolve(), args.chromium)
    for problem in problems:
        print(problem)
    print(
        f"{len(pages)} pages at {WIDTH} pixels: {len(problems)} problems; "
        f"screenshots in {args.screenshots}"
    )
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
