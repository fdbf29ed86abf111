"""The rule documentation, written from the same RuleBook the engine runs.

:func:`write_pages` writes MyST Markdown pages into a folder of a Sphinx
site: the rule catalogue (a page per family, a section per rule with a stable
anchor equal to its id), clause traceability, the parameters whose sources
are not verified, and the escalation ladder drawn from the parameter values.
The Sphinx extension :mod:`kscp_core.docs.sphinxext` calls it at every build, so
the pages cannot drift from the rules.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kscp_core.rulebook import Parameter, Rule, RuleBook, SourceStatus
from kscp_core.rulebook.conditions import render
from kscp_core.rulebook.vocabulary import FACT_KINDS

__all__ = ["as_text", "escalation_ladder_svg", "incident_pathway_svg", "write_pages"]


# Every ASCII punctuation character: CommonMark lets any of them be escaped, and
# escaping all of them leaves no markup (HTML, fences, roles, directives, links,
# emphasis, tables) that text from a file could start.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_SAFE_LINK = re.compile(r"https?://[^\s<>()\\`]+")


def as_text(value: object) -> str:
    r"""Text from a rule, overlay, clause or table file, shown as text and nothing else.

    Whitespace (newlines included) folds to single spaces, and every character
    Markdown or MyST could read as markup is escaped, so what the file says is
    what the page shows.

    >>> as_text("Escalate <b>now</b>\n```{raw} html")
    'Escalate \\<b\\>now\\<\\/b\\> \\`\\`\\`\\{raw\\} html'
    """
    return _PUNCTUATION.sub(r"\\\1", " ".join(str(value).split()))


def _link(title: str, link: str | None) -> str:
    """A link to a source: only a plain web address becomes a link."""
    if link and _SAFE_LINK.fullmatch(link):
        return f"[{as_text(title)}](<{link}>)"
    return as_text(title) + (f" ({as_text(link)})" if link else "")


def _fence(content: str, info: str) -> list[str]:
    """A code block that nothing in its content can close."""
    longest = max((len(run) for run in re.findall(r"`+", content)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, content, fence]


def _cell(text: str) -> str:
    """A table cell already written as Markdown, kept on one line."""
    return " ".join(text.split())


def _table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _status(parameter: Parameter, value_index: int) -> str:
    value = parameter.values[value_index]
    words = {
        SourceStatus.VERIFIED: "verified",
        SourceStatus.TO_VERIFY: "**to verify**",
        SourceStatus.SECONDARY_ONLY: "**secondary sources only**",
        SourceStatus.LOCAL_CHOICE: "local choice",
    }[value.status]
    return words + (f" (overlay: {as_text(Path(value.overlay).name)})" if value.overlay else "")


def _anchor(rule_id: str) -> str:
    return f"rule-{rule_id.replace('.', '-').replace('_', '-')}"


def _rule_section(rule: Rule, book: RuleBook) -> list[str]:
    kind = FACT_KINDS[rule.applies_to]
    lines = [
        f"({_anchor(rule.id)})=",
        f'## <span id="{rule.id}"></span>{as_text(rule.title)}',
        "",
        f"**Rule** `{rule.id}` · **severity** {rule.outcome.severity.value} · "
        f"**who must act** {rule.outcome.recipient.value.replace('_', ' ')}",
        "",
    ]
    if rule.switched_off:
        where = f" by {as_text(Path(rule.overlay).name)}" if rule.overlay else ""
        lines += [":::{warning}", f"Switched off{where}: {as_text(rule.switched_off)}", ":::", ""]
    elif rule.overlay:
        lines += [
            ":::{note}",
            f"Added by the overlay {as_text(Path(rule.overlay).name)}.",
            ":::",
            "",
        ]
    lines += [as_text(rule.statement), ""]
    if rule.clauses:
        lines += ["**The framework says**", ""]
        for clause_id in rule.clauses:
            clause = book.clauses[clause_id]
            lines += [
                f"> {as_text(clause.quote)}",
                ">",
                f"> — {as_text(clause.id)}, *{as_text(clause.section)}*",
                "",
            ]
    if rule.sources:
        lines += ["**Other sources**", ""]
        for source in rule.sources:
            lines.append(f"- {_link(source.title, source.link)}")
        lines.append("")
    lines += [
        f"**When it applies.** To {as_text(kind.description)}, when "
        f"{as_text(render(rule.condition, kind.describe))}.",
        "",
        f"**When it falls due.** On {as_text(rule.outcome.falls_due.describe(kind.describe))}.",
        "",
    ]
    if rule.parameters:
        lines += ["**Parameters**", ""]
        rows = []
        for name in rule.parameters:
            parameter = book.parameters[name]
            for index, value in enumerate(parameter.values):
                rows.append(
                    [
                        f"`{name}`",
                        as_text(value.value),
                        value.since.isoformat(),
                        as_text(value.source),
                        _status(parameter, index),
                    ]
                )
        lines += _table(["parameter", "value", "from", "source", "status"], rows)
        lines.append("")
    lines += ["**Worked examples**", ""]
    rows = []
    for example in rule.examples:
        expected = (
            ", ".join(
                as_text(e.subject) + (f" (due {e.falls_due.isoformat()})" if e.falls_due else "")
                for e in example.expect
            )
            or "no finding"
        )
        rows.append([as_text(example.name), example.as_of.isoformat(), expected])
    lines += _table(["given", "as of", "expected"], rows)
    lines.append("")
    for example in rule.examples:
        if example.own:
            records = yaml.safe_dump(example.own, sort_keys=False, width=90).rstrip()
            lines += [f"*Given — {as_text(example.name)}:*", "", *_fence(records, "yaml"), ""]
    return lines


def _family_page(name: str, title: str, description: str, rules: list[Rule], book: RuleBook) -> str:
    lines = [f"# {as_text(title)}", "", as_text(description), ""]
    lines += _table(
        ["rule", "title", "severity"],
        [
            [f"[`{r.id}`](#{_anchor(r.id)})", as_text(r.title), r.outcome.severity.value]
            for r in rules
        ],
    )
    lines.append("")
    pictures = {
        "escalation": (
            "The escalation ladder",
            escalation_ladder_svg,
            ("escalation_cycles", "drift_cycles", "chair_cycles"),
        ),
        "reviews": (
            "The serious incident pathway",
            incident_pathway_svg,
            (
                "notify_working_days",
                "rapid_review_working_days",
                "completion_months",
                "send_before_working_days",
                "keep_published_months",
            ),
        ),
    }
    if name in pictures:
        label, draw, names = pictures[name]
        since = _latest_change(book, names)
        lines += [
            f"{label}, with the parameter values in force from {since.isoformat()}:",
            "",
            "```{raw} html",
            draw(book, since),
            "```",
            "",
        ]
    for rule in rules:
        lines += _rule_section(rule, book)
    return "\n".join(lines) + "\n"


def _latest_change(book: RuleBook, names: Iterable[str]) -> date:
    """The latest date from which any of these parameters took a value."""
    return max(v.since for n in names if n in book.parameters for v in book.parameters[n].values)


def escalation_ladder_svg(book: RuleBook, on: date) -> str:
    """The escalation ladder as an SVG picture, with the parameter values in force on a date."""
    values = book.parameter_values(on)
    steps = [
        ("Action open past its due date", "the accountable agency is warned"),
        (
            f"{values.get('escalation_cycles', '?')} meeting cycles since the due date",
            "or no progress update for "
            f"{values.get('drift_cycles', '?')} meeting cycles: the subgroup chair escalates",
        ),
        (
            f"{values.get('chair_cycles', '?')} further meeting cycle(s), still open",
            "it goes to the Partnership Chair",
        ),
    ]
    return _flow_svg("The escalation ladder", steps)


def incident_pathway_svg(book: RuleBook, on: date) -> str:
    """The serious incident pathway as an SVG picture, with the parameter values in force."""
    values = book.parameter_values(on)
    steps = [
        (
            "The local authority becomes aware",
            "of a child's death or serious harm, abuse or neglect known or suspected",
        ),
        (
            f"Notify the Panel within {values.get('notify_working_days', '?')} working days",
            "through the incident notification system",
        ),
        (
            f"Rapid review within {values.get('rapid_review_working_days', '?')} working days",
            "of notification; record the decision on a practice review and its reasons",
        ),
        (
            f"Practice review done in {values.get('completion_months', '?')} months",
            f"report sent {values.get('send_before_working_days', '?')} working days before "
            f"publication; kept published {values.get('keep_published_months', '?')} months",
        ),
    ]
    return _flow_svg("The serious incident pathway", steps)


def _flow_svg(label: str, steps: list[tuple[str, str]]) -> str:
    """Boxes joined by arrows, left to right: a heading and a line of detail in each."""
    box_w, gap, margin = 220, 50, 10
    wrapped = [(_wrap(head, 28), _wrap(tail, 30)) for head, tail in steps]
    box_h = max(20 + 16 * (len(h) + len(t)) + 10 for h, t in wrapped)
    width = 2 * margin + len(steps) * box_w + (len(steps) - 1) * gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {box_h + 20}" '
        f'width="100%" aria-label="{html.escape(label)}">',
        f"<title>{html.escape(label)}</title>",
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>',
    ]
    for index, (head, tail) in enumerate(wrapped):
        x = margin + index * (box_w + gap)
        parts.append(
            f'<rect x="{x}" y="10" width="{box_w}" height="{box_h}" rx="8" '
            'fill="#eef3fb" stroke="#36c"/>'
        )
        parts.append(_svg_lines(x + 10, 30, head, bold=True))
        parts.append(_svg_lines(x + 10, 30 + 16 * len(head) + 6, tail))
        if index < len(steps) - 1:
            x2 = x + box_w
            y = 10 + box_h // 2
            parts.append(
                f'<line x1="{x2}" y1="{y}" x2="{x2 + gap - 4}" y2="{y}" stroke="#444" '
                'stroke-width="2" marker-end="url(#arrow)"/>'
            )
    parts.append("</svg>")
    return "\n".join(parts)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + len(word) + 1 > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    lines.append(current)
    return lines


def _svg_lines(x: int, y: int, lines: list[str], bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else 16}">{html.escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{x}" y="{y}" font-family="sans-serif" font-size="13"{weight}>{spans}</text>'


def _traceability_page(book: RuleBook) -> str:
    encoders: dict[str, list[str]] = {c: [] for c in book.clauses}
    for rule in book.rules:
        for clause_id in rule.clauses:
            encoders[clause_id].append(rule.id)
    checkable = [c for c in book.clauses.values() if c.checkable]
    encoded = [c for c in checkable if encoders[c.id]]
    lines = [
        "# Clause traceability",
        "",
        "Every normative clause of the framework, in its own words, with the rules that "
        "encode it, or why no rule does.",
        "",
        f"**{len(book.clauses)} clauses in the register. Of the {len(checkable)} checkable "
        f"clauses, {len(encoded)} are encoded by rules and {len(checkable) - len(encoded)} "
        f"waived, each with the reason; {len(book.clauses) - len(checkable)} are guidance no "
        "record can show is met.**",
        "",
    ]
    rows: list[list[Any]] = []
    for clause in book.clauses.values():
        rules = ", ".join(f"[`{r}`]({_family_of(r)}.md#{_anchor(r)})" for r in encoders[clause.id])
        why = book.not_encoded.get(clause.id, "") if not encoders[clause.id] else ""
        state = (
            "encoded" if encoders[clause.id] else "waived" if clause.checkable else "not checkable"
        )
        rows.append(
            [
                f"**{as_text(clause.id)}**",
                state,
                as_text(clause.quote),
                rules or "—",
                as_text(why),
            ]
        )
    lines += _table(["clause", "state", "the framework's words", "encoded by", "why no rule"], rows)
    return "\n".join(lines) + "\n"


def _proportionality_page(book: RuleBook) -> str:
    table = book.proportionality
    assert table is not None
    threshold = book.parameter_values(_latest_change(book, ("multi_agency_threshold",))).get(
        "multi_agency_threshold", "?"
    )
    lines = [
        "# The proportionality decision table",
        "",
        "Which review a case indicates (PRIN-1), from the rapid review's findings. Every "
        "combination of answers matches exactly one row; the table is checked when the rules "
        "load. `recommend_review(...)` gives the same answer to a host, and the rule "
        "[`reviews.proportionality`](reviews.md#rule-reviews-proportionality) advises when "
        "another type is chosen without a recorded reason.",
        "",
        f"*Agencies* is **multi** when {as_text(threshold)} or more agencies were involved "
        "(`multi_agency_threshold`), otherwise **single**. *any* matches every answer.",
        "",
    ]
    headers = [
        "statutory criteria met",
        "insight into working together",
        "agencies",
        "complex",
        "recommended review",
        "why",
    ]
    rows = [
        [
            as_text(row.when["statutory"]),
            as_text(row.when["insight"]),
            as_text(row.when["agencies"]),
            as_text(row.when["complex"]),
            f"**{row.recommend.value.replace('_', ' ')}**",
            as_text(row.reason),
        ]
        for row in table.rows
    ]
    lines += _table(headers, rows)
    return "\n".join(lines) + "\n"


def _family_of(rule_id: str) -> str:
    return rule_id.split(".")[0]


def _parameters_page(book: RuleBook) -> str:
    lines = [
        "# Parameters and their sources",
        "",
        "Every number a rule uses, each value with the date from which it applies, its source "
        "and its status. **Verified**: the source was checked. **Secondary sources only**: a "
        "statutory number read only where others quote or summarise it, not in the primary "
        "text. **To verify**: a statutory "
        "number whose source text has not been confirmed. **Local choice**: the framework "
        "gives no number; the value is the library's default and a partnership may change it "
        "in its overlay.",
        "",
    ]
    unverified = [
        (p, i)
        for p in book.parameters.values()
        for i, v in enumerate(p.values)
        if v.status in (SourceStatus.TO_VERIFY, SourceStatus.SECONDARY_ONLY)
    ]
    lines += ["## Statutory numbers not yet verified", ""]
    if unverified:
        lines += _table(
            ["parameter", "value", "from", "source", "status"],
            [
                [
                    f"`{p.name}`",
                    as_text(p.values[i].value),
                    p.values[i].since.isoformat(),
                    as_text(p.values[i].source),
                    _status(p, i),
                ]
                for p, i in unverified
            ],
        )
    else:
        lines.append("None: every statutory number in the rules has a verified source.")
    lines += ["", "## Every parameter", ""]
    rows = []
    for parameter in sorted(book.parameters.values(), key=lambda p: p.name):
        for index, value in enumerate(parameter.values):
            rows.append(
                [
                    f"`{parameter.name}`",
                    as_text(parameter.description),
                    as_text(value.value),
                    value.since.isoformat(),
                    as_text(value.source),
                    _status(parameter, index),
                ]
            )
    lines += _table(["parameter", "meaning", "value", "from", "source", "status"], rows)
    return "\n".join(lines) + "\n"


def write_pages(book: RuleBook, folder: Path) -> list[Path]:
    """Write the generated pages into a folder; return the files written.

    Files already there that the rules no longer produce are removed, so a
    family taken out leaves no stale page.
    """
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    families = sorted(book.families, key=lambda f: f.name)
    for family in families:
        rules = [r for r in book.rules if r.family == family.name]
        written[f"{family.name}.md"] = _family_page(
            family.name, family.title, family.description, rules, book
        )
    written["traceability.md"] = _traceability_page(book)
    if book.proportionality is not None:
        written["proportionality.md"] = _proportionality_page(book)
    written["parameters.md"] = _parameters_page(book)
    overlay_note = (
        f"These pages were built with the overlay {as_text(Path(book.overlay).name)}.\n\n"
        if book.overlay
        else ""
    )
    index = [
        "# The rule catalogue",
        "",
        "What kscp_core checks, rule by rule, written from the same rule files the engine "
        "runs. Each rule's section has an anchor equal to its id, for example "
        "`escalation.html#escalation.two_cycles`.",
        "",
        overlay_note,
        "```{toctree}",
        ":maxdepth: 1",
        "",
        *[f.name for f in families],
        "traceability",
        "parameters",
        *(["proportionality"] if book.proportionality is not None else []),
        "```",
        "",
    ]
    written["index.md"] = "\n".join(index)
    paths = []
    for name, text in written.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    for stale in folder.glob("*.md"):
        if stale.name not in written:
            stale.unlink()
    return paths
