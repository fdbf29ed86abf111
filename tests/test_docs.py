"""The rule documentation is built from the rules the engine runs, and cannot drift."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from kscp_core.cli import main
from kscp_core.docs.sphinxext import build_site
from kscp_core.errors import RuleBookError
from kscp_core.rulebook import RuleBook, packaged_rules_dir


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert main(["docs", "--out", str(out), "--name", "Ashvale"]) == 0
    return out / "html"


def test_every_rule_has_its_section_and_anchor(site: Path) -> None:
    for rule in RuleBook.load().rules:
        page = (site / "rules" / f"{rule.family}.html").read_text(encoding="utf-8")
        assert f'id="{rule.id}"' in page, rule.id
        # Sphinx sets apostrophes typographically
        assert rule.title in html.unescape(page).replace("\u2019", "'")


def test_the_traceability_count_matches_the_register(site: Path) -> None:
    # counted independently, from the raw register and rule files
    register = yaml.safe_load((packaged_rules_dir() / "clauses.yaml").read_text(encoding="utf-8"))
    checkable = {c["id"] for c in register["clauses"] if c["checkable"]}
    cited: set[str] = set()
    for path in packaged_rules_dir().glob("*.yaml"):
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        for rule in document.get("rules", []) if isinstance(document, dict) else []:
            cited |= set(rule["sources"].get("clauses", []))
    page = (site / "rules" / "traceability.html").read_text(encoding="utf-8")
    match = re.search(
        r"(\d+) clauses in the register. Of the (\d+) checkable clauses, (\d+) are encoded by "
        r"rules and (\d+) are not checked by a rule",
        page,
    )
    assert match is not None
    encoded = len(cited & checkable)
    assert [int(n) for n in match.groups()] == [
        len(register["clauses"]),
        len(checkable),
        encoded,
        len(checkable) - encoded,
    ]
    for clause in register["clauses"]:
        assert clause["id"] in page


def test_an_overlay_shows_in_the_site(tmp_path: Path) -> None:
    overlay = tmp_path / "overlay"
    overlay.mkdir()
    (overlay / "local.yaml").write_text(
        """
parameters:
  chair_cycles:
    values:
      - value: 3
        from: "2026-04-01"
        source: "Business Group minute 2026/14"
        status: local choice
  rapid_review_working_days:
    values:
      - value: 10
        from: "2026-04-01"
        source: "local choice: a faster rapid review"
        status: local choice
switch_off:
  - {rule: actions.overdue, reason: "Overdue actions are followed at every meeting"}
""",
        encoding="utf-8",
    )
    assert build_site(tmp_path / "site", overlay=overlay) == 0
    html = tmp_path / "site" / "html" / "rules"
    actions = (html / "actions.html").read_text(encoding="utf-8")
    assert "Switched off" in actions
    assert "Overdue actions are followed at every meeting" in actions
    escalation = (html / "escalation.html").read_text(encoding="utf-8")
    assert "in force from 2026-04-01" in escalation
    assert "3 further meeting cycles" in escalation
    reviews = (html / "reviews.html").read_text(encoding="utf-8")
    words = " ".join(re.sub(r"<[^>]+>", " ", reviews).split())  # the picture's text, unwrapped
    assert "Rapid review within 10 working days" in words


def test_the_build_fails_when_a_rule_cites_an_unknown_clause(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    for path in packaged_rules_dir().glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        if path.name == "actions.yaml":
            text = text.replace("clauses: [DI-3]", "clauses: [DI-33]")
        (rules / path.name).write_text(text, encoding="utf-8")
    with pytest.raises(RuleBookError, match="'DI-33' is not a clause id"):
        RuleBook.load(rules_dir=rules)
    assert build_site(tmp_path / "site", rules_dir=rules) != 0


class _Prose(HTMLParser):
    """What a reader reads on a page: the article's text, without code and without the
    worked examples' records (shown as they are written)."""

    _VOID = frozenset({"area", "br", "col", "hr", "img", "input", "link", "meta", "source", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool, bool]] = []  # tag, skipped, in the article
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._VOID:
            return
        classes = (dict(attrs).get("class") or "").split()
        skipped, inside = self.stack[-1][1:] if self.stack else (False, False)
        skipped = skipped or tag in ("code", "pre", "script", "style") or "records" in classes
        self.stack.append((tag, skipped, inside or tag == "article"))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1][2] and not self.stack[-1][1]:
            self.text.append(data)


def _prose(page: Path) -> str:
    parser = _Prose()
    parser.feed(page.read_text(encoding="utf-8"))
    return " ".join(" ".join(parser.text).split())


def test_the_rule_pages_speak_to_policy_staff_not_in_code(site: Path) -> None:
    """No placeholder date, identifier or raw fraction in what a policy officer reads."""
    pages = sorted((site / "rules").glob("*.html"))
    assert len(pages) > 15
    for page in pages:
        text = _prose(page)
        assert text, page.name
        assert "2000-01-01" not in text, page.name
        assert not re.findall(r"\b[a-z]+(?:_[a-z0-9]+)+\b", text), page.name
        assert not re.findall(r"(?<![\d.,])0\.\d+\b", text), page.name


def test_every_clause_has_its_place_in_the_annotated_framework(site: Path) -> None:
    page = (site / "rules" / "framework.html").read_text(encoding="utf-8")
    book = RuleBook.load()
    for clause in book.clauses.values():
        anchor = "clause-" + re.sub(r"[^a-z0-9]+", "-", clause.id.lower()).strip("-")
        assert f'id="{anchor}"' in page, clause.id
    assert "Clauses not found in the text" not in page
    # every rule links to its clauses there, and the framework page back to each rule
    for rule in book.rules:
        family = (site / "rules" / f"{rule.family}.html").read_text(encoding="utf-8")
        for clause_id in rule.clauses:
            anchor = "clause-" + clause_id.lower()
            assert f'framework.html#{anchor}"' in family, (rule.id, clause_id)
        assert f"{rule.family}.html#rule-" in page
