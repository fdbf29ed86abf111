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
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any

from kscp_core.errors import KscpError
from kscp_core.io.records import structure
from kscp_core.model.identifiers import Redactor
from kscp_core.rulebook import Parameter, Recipient, Rule, RuleBook, Severity, SourceStatus
from kscp_core.rulebook.conditions import render
from kscp_core.rulebook.packaged import packaged_rules_dir
from kscp_core.rulebook.rules import Example, ParameterType
from kscp_core.rulebook.vocabulary import FACT_KINDS
from kscp_core.rulebook.words import count, percent, singular

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


def _clause_anchor(clause_id: str) -> str:
    """The anchor of a clause on the annotated framework page."""
    return "clause-" + re.sub(r"[^a-z0-9]+", "-", clause_id.lower()).strip("-")


def _clause_link(clause_id: str) -> str:
    return f"[{as_text(clause_id)}](framework.md#{_clause_anchor(clause_id)})"


def _rule_link(rule: Rule) -> str:
    return f"[{as_text(rule.title)}]({rule.family}.md#{_anchor(rule.id)})"


#: from this date a value applies from the start: the pages say "always"
_ALWAYS = date(2000, 1, 1)


def _since(day: date) -> str:
    return "always" if day <= _ALWAYS else day.isoformat()


def value_words(parameter: Parameter, value: object) -> str:
    """A parameter's value in its unit, as people say it: "2 meeting cycles", "90%", "March"."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if parameter.type is ParameterType.SHARE:
        return percent(float(value))
    if parameter.unit == "month of the year" and isinstance(value, int) and 1 <= value <= 12:
        return date(2000, value, 1).strftime("%B")
    return count(value, parameter.unit) if parameter.unit else f"{value:g}"


def _parameter_title(book: RuleBook, name: str) -> str:
    parameter = book.parameters.get(name)
    return f"the {parameter.title}" if parameter is not None and parameter.title else name


_SEVERITY_WORDS = {
    Severity.BREACH: "[Breach](index.md#what-a-finding-means)",
    Severity.WARNING: "[Warning](index.md#what-a-finding-means)",
    Severity.ADVICE: "[Advice](index.md#what-a-finding-means)",
}

_RECIPIENT_WORDS = {
    Recipient.AGENCY: "the accountable agency",
    Recipient.SUBGROUP: "the accountable subgroup",
    Recipient.SUBGROUP_CHAIR: "the chair of the accountable subgroup",
    Recipient.SE_SUBGROUP: "the Safeguarding Effectiveness Subgroup",
    Recipient.BUSINESS_GROUP: "the Business Group",
    Recipient.PARTNERSHIP_CHAIR: "the Partnership Chair",
    Recipient.SERIOUS_PRACTICE_REVIEW_SUBGROUP: "the Serious Practice Review Subgroup",
    Recipient.CHILD_DEATH_OVERVIEW_PANEL: "the Child Death Overview Panel",
    Recipient.LEARNING_AND_DEVELOPMENT_SUBGROUP: "the Learning and Development Subgroup",
    Recipient.LOCAL_AUTHORITY: "the local authority",
}


def _words(value: object) -> str:
    """A value from a record, for a reader: dates as dates, codes in words, lists joined."""
    if isinstance(value, dict):
        return "; ".join(f"{_key(k)} {_words(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(_words(v) for v in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text.replace("_", " ") if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", text) else text


def _key(name: object) -> str:
    return str(name).replace("_", " ")


#: collections whose records the pages never show field by field: they hold personal data
_PRIVATE = frozenset({"people"})


#: how many records (or meetings) a worked example shows before it says how many more
_SHOWN_AT_MOST = 24


def _clearer(example: Example) -> Callable[[str], str]:
    """What clears an example's text of the people in its records, as findings are cleared.

    Records that do not load as records show nothing of their text (the
    example fails its test, which says why).
    """
    try:
        people = structure(example.given, "the example's records").people
    except KscpError:
        return lambda _: "(not shown: the records do not load)"
    return Redactor(people) if people else (lambda text: text)


def _records(records: dict[str, Any], clear: Callable[[str], str] = str) -> list[str]:
    """The records of a worked example, one line each, in words (nothing personal)."""
    lines = []
    for collection, items in records.items():
        if collection in ("name", "chair"):
            continue
        what = singular(_key(collection))
        for item in items if isinstance(items, list) else [items]:
            if not isinstance(item, dict):
                continue
            label = f"{what} {item['id']}" if "id" in item else what
            if collection in _PRIVATE:
                lines.append(f"- {as_text(label)} (a person in the case records)")
                continue
            details = "; ".join(f"{_key(k)} {_words(v)}" for k, v in item.items() if k != "id")
            lines.append(f"- *{as_text(clear(label))}*: {as_text(clear(details))}")
    if len(lines) > _SHOWN_AT_MOST:
        more = len(lines) - _SHOWN_AT_MOST
        lines = [*lines[:_SHOWN_AT_MOST], f"- and {more} more records"]
    return lines


def _expected(example: Example) -> str:
    if not example.expect:
        return "no finding"
    return "a finding about " + ", ".join(
        as_text(_words(e.subject)) + (f", from {e.falls_due.isoformat()}" if e.falls_due else "")
        for e in example.expect
    )


def _shared_meetings(example: Example) -> list[str]:
    """The meetings an example's rule counts that come from the family's shared records."""
    own = {m.get("id") for m in example.own.get("meetings", []) if isinstance(m, dict)}
    shared = [
        m
        for m in example.given.get("meetings", [])
        if isinstance(m, dict) and m.get("id") not in own
    ]
    if not shared:
        return []
    held = ", ".join(
        as_text(f"{m.get('subgroup', '')} {m.get('held_on', '')}")
        + (" (cancelled)" if m.get("cancelled") else "")
        for m in shared[:_SHOWN_AT_MOST]
    )
    more = len(shared) - _SHOWN_AT_MOST
    held += f", and {more} more" if more > 0 else ""
    return [f"- *meetings shared by this family's examples*: {held}"]


def _rule_section(rule: Rule, book: RuleBook) -> list[str]:
    kind = FACT_KINDS[rule.applies_to]
    lines = [
        f"({_anchor(rule.id)})=",
        f'## <span id="{rule.id}"></span>{as_text(rule.title)}',
        "",
        f"{_SEVERITY_WORDS[rule.outcome.severity]} for "
        f"**{_RECIPIENT_WORDS[rule.outcome.recipient]}** · reference `{rule.id}`",
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
    lines += [f"**What it means.** {as_text(rule.statement)}", ""]
    if rule.clauses:
        lines += ["**The framework's words**", ""]
        for clause_id in rule.clauses:
            clause = book.clauses[clause_id]
            lines += [
                f"> {as_text(clause.quote)}",
                ">",
                f"> — {_clause_link(clause.id)}, *{as_text(clause.section)}*",
                "",
            ]
    if rule.sources:
        lines += ["**Other sources**", ""]
        for source in rule.sources:
            lines.append(f"- {_link(source.title, source.link)}")
        lines.append("")

    def param(name: str) -> str:
        return _parameter_title(book, name)

    def counted(n: str, what: str) -> str:
        return count(int(n), what + "s") if n.isdigit() else param(n)

    def field_date(name: str) -> str:
        # a date field read as a date: "when it was held" is "the date it was held"
        words = kind.describe(name)
        return "the date " + words[5:] if words.startswith("when ") else words

    condition = render(rule.condition, kind.describe, describe_param=param)
    due = rule.outcome.falls_due.describe(field_date, counted)
    lines += [
        f"**When it applies.** To {as_text(kind.description)}, when {as_text(condition)}.",
        "",
        f"**When it falls due.** On {as_text(due)}.",
        "",
    ]
    if rule.parameters:
        lines += ["**The numbers it uses**", ""]
        rows = []
        for name in rule.parameters:
            parameter = book.parameters[name]
            for index, value in enumerate(parameter.values):
                rows.append(
                    [
                        as_text(parameter.title or name),
                        as_text(value_words(parameter, value.value)),
                        _since(value.since),
                        as_text(value.source),
                        _status(parameter, index),
                    ]
                )
        lines += _table(["the number", "value", "from", "source", "status"], rows)
        lines.append("")
    lines += [
        "**Worked examples.** Each is run as a test, on the records listed, as of its date.",
        "",
    ]
    for example in rule.examples:
        records = [*_records(example.own, _clearer(example)), *_shared_meetings(example)]
        lines += [
            f"*{as_text(example.name)}*, as of {example.as_of.isoformat()}: "
            f"**{_expected(example)}**.",
            "",
        ]
        if records:
            # the records as they are written: values as recorded, in a box of their own
            lines += [":::{container} records", *records, ":::", ""]
    return lines


def _family_page(name: str, title: str, description: str, rules: list[Rule], book: RuleBook) -> str:
    lines = [f"# {as_text(title)}", "", as_text(description), ""]
    lines += _table(
        ["rule", "severity", "who must act"],
        [
            [
                f"[{as_text(r.title)}](#{_anchor(r.id)})",
                r.outcome.severity.value,
                _RECIPIENT_WORDS[r.outcome.recipient],
            ]
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
            f"{label}, with the numbers in force "
            + ("from the start:" if since <= _ALWAYS else f"from {since.isoformat()}:"),
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


def _cycles(value: object, unit: str = "meeting cycles") -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return count(value, unit)
    return f"? {unit}"


def escalation_ladder_svg(book: RuleBook, on: date) -> str:
    """The escalation ladder as an SVG picture, with the parameter values in force on a date."""
    values = book.parameter_values(on)
    steps = [
        ("Action open past its due date", "the accountable agency is warned"),
        (
            f"{_cycles(values.get('escalation_cycles'))} since the due date",
            f"or no progress update for {_cycles(values.get('drift_cycles'))}: "
            "the subgroup chair escalates",
        ),
        (
            f"{_cycles(values.get('chair_cycles'), 'further meeting cycles')}, still open",
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
    encoders: dict[str, list[Rule]] = {c: [] for c in book.clauses}
    for rule in book.rules:
        for clause_id in rule.clauses:
            encoders[clause_id].append(rule)
    checkable = [c for c in book.clauses.values() if c.checkable]
    encoded = [c for c in checkable if encoders[c.id]]
    lines = [
        "# Clause traceability",
        "",
        "Every normative clause of the framework, in its own words, with the rules that "
        "encode it, or why no rule does. Each clause links to its place in "
        "[the framework, annotated](framework.md).",
        "",
        f"**{len(book.clauses)} clauses in the register. Of the {len(checkable)} checkable "
        f"clauses, {len(encoded)} are encoded by rules and {len(checkable) - len(encoded)} "
        f"are not checked by a rule, each with the reason; {len(book.clauses) - len(checkable)} "
        "are guidance no record can show is met.**",
        "",
    ]
    rows: list[list[Any]] = []
    for clause in book.clauses.values():
        if encoders[clause.id]:
            state = "encoded by " + "; ".join(_rule_link(r) for r in encoders[clause.id])
        elif clause.checkable:
            state = "**not checked by a rule**: " + as_text(book.not_encoded.get(clause.id, ""))
        else:
            state = "not checkable: guidance no record can show is met"
        rows.append([f"**{_clause_link(clause.id)}**", as_text(clause.quote), state])
    lines += _table(["clause", "the framework's words", "how the rules stand"], rows)
    return "\n".join(lines) + "\n"


_CLAUSE_ID = re.compile(r"[A-Z0-9]+-[0-9]+")


def _normal(text: str) -> str:
    """Text compared loosely: one kind of quote and dash, spaces folded, any case."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-")
    return " ".join(text.lower().split())


def _blocks(text: str) -> list[tuple[str, str]]:
    """The framework's text as blocks: headings, paragraphs, list items and tables."""
    blocks: list[tuple[str, str]] = []
    lines = text.splitlines()
    header = ""
    for index, line in enumerate(lines):
        line = line.strip()
        if not line:
            continue
        if "\t" in line:
            # a table's rows, each a block of its own (so a clause is marked at its row),
            # labelled by the table's header; a repeated header and a row of rules are dropped
            if not header or (blocks and blocks[-1][0] not in ("row", "table")):
                header = line
                blocks.append(("table", line))
            elif line != header and re.search(r"[A-Za-z]", line):
                blocks.append(("row", header + "\n" + line))
            continue
        if line.startswith("- "):
            blocks.append(("item", line[2:]))
        elif (
            len(line) <= 60
            and not line.endswith((".", ";", ","))
            and (not line.endswith(":") or len(line.split()) <= 3)
            and index + 1 < len(lines)
        ):
            blocks.append(("heading", line.rstrip(":")))
        else:
            blocks.append(("paragraph", line))
    return blocks


def _place(book: RuleBook, blocks: list[tuple[str, str]]) -> dict[int, list[str]]:
    """Where each clause stands in the text: the block its words are in."""
    texts = [_normal(content) for _, content in blocks]
    placed: dict[int, list[str]] = {}
    for clause in book.clauses.values():
        parts = [_normal(p) for p in clause.quote.split("...") if p.strip()]
        if not parts:
            continue
        found = [i for i, t in enumerate(texts) if parts[0] in t]
        whole = [i for i in found if all(p in texts[i] for p in parts)]
        where = (whole or found or [-1])[0]
        placed.setdefault(where, []).append(clause.id)
    return placed


def _annotation(book: RuleBook, clause_id: str, encoders: dict[str, list[Rule]]) -> list[str]:
    clause = book.clauses[clause_id]
    shown = clause_id if _CLAUSE_ID.fullmatch(clause_id) else as_text(clause_id)
    if encoders[clause_id]:
        kind, state = "tip", "encoded"
        body = "Encoded by " + "; ".join(_rule_link(r) for r in encoders[clause_id]) + "."
    elif clause.checkable:
        kind, state = "warning", "not checked by a rule"
        body = "No rule encodes it: " + as_text(book.not_encoded.get(clause_id, ""))
    else:
        kind, state = "note", "not checkable"
        body = "Guidance no record can show is met."
    return [
        f"({_clause_anchor(clause_id)})=",
        f":::{{admonition}} {shown}: {state}",
        f":class: {kind}",
        f"*{as_text(clause.quote)}*",
        "",
        body,
        ":::",
        "",
    ]


def _framework_page(book: RuleBook) -> str:
    """The framework's text, every clause marked where it stands, with the rules encoding it."""
    text = (packaged_rules_dir() / "framework.txt").read_text(encoding="utf-8")
    blocks = _blocks(text)
    placed = _place(book, blocks)
    encoders: dict[str, list[Rule]] = {c: [] for c in book.clauses}
    for rule in book.rules:
        for clause_id in rule.clauses:
            encoders[clause_id].append(rule)
    lines = [
        "# The framework, annotated",
        "",
        "The KSCP Learning and Improvement Framework in its own words. Each clause of the "
        "register is marked where it stands in the text, with the rules that encode it, or "
        "why no rule does: this is how to check that the software says what the framework "
        "says. The clause ids link here from every rule and from "
        "[the traceability table](traceability.md).",
        "",
    ]
    for index, (kind, content) in enumerate(blocks):
        if kind == "heading":
            lines += [f"## {as_text(content)}", ""]
        elif kind == "item":
            lines += [f"- {as_text(content)}", ""]
        elif kind == "table":
            columns = ", ".join(as_text(c) for c in content.split("\t") if c.strip())
            lines += [f"*A table, row by row; its columns: {columns}.*", ""]
        elif kind == "row":
            heads, row = content.split("\n", 1)
            cells = row.split("\t")
            labels = heads.split("\t")
            lines += [f"**{as_text(cells[0])}**", ""]
            lines += [
                f"- *{as_text(label)}*: {as_text(cell)}"
                for label, cell in zip(labels[1:], cells[1:], strict=False)
                if cell.strip()
            ]
            lines.append("")
        else:
            lines += [as_text(content), ""]
        for clause_id in placed.get(index, []):
            lines += _annotation(book, clause_id, encoders)
    if placed.get(-1):
        lines += ["## Clauses not found in the text", ""]
        for clause_id in placed[-1]:
            lines += _annotation(book, clause_id, encoders)
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
        "Which kind of review a case indicates, from the rapid review's findings. The "
        f"framework asks for this in {_clause_link('PRIN-1')}:",
        "",
        f"> {as_text(book.clauses['PRIN-1'].quote)}" if "PRIN-1" in book.clauses else "",
        "",
        "Every combination of answers matches exactly one row; the table is checked when the "
        "rules load, and systems using this software get the same answer from it. The rule "
        "[when the review chosen differs from the one indicated]"
        "(reviews.md#rule-reviews-proportionality) gives advice when another type is chosen "
        "without a recorded reason.",
        "",
        f"*Agencies* is **multi** when {as_text(threshold)} or more agencies were involved "
        "(the number of agencies that makes a case multi-agency), otherwise **single**. "
        "*any* matches every answer.",
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


def _parameters_page(book: RuleBook) -> str:
    lines = [
        "# The numbers the rules use",
        "",
        "Every number a rule uses, each value with the date from which it applies (*always* "
        "when it has applied from the start), its source and its status. The name in code "
        "font is what a partnership's overlay uses to change it. **Verified**: the source was "
        "checked. **Secondary sources only**: a "
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
            ["the number", "value", "from", "source", "status"],
            [
                [
                    as_text(p.title or p.name),
                    as_text(value_words(p, p.values[i].value)),
                    _since(p.values[i].since),
                    as_text(p.values[i].source),
                    _status(p, i),
                ]
                for p, i in unverified
            ],
        )
    else:
        lines.append("None: every statutory number in the rules has a verified source.")
    lines += ["", "## Every number", ""]
    for parameter in sorted(book.parameters.values(), key=lambda p: (p.title or p.name).lower()):
        users = [r for r in book.rules if parameter.name in r.parameters]
        heading = parameter.title or parameter.name
        lines += [
            f"### {as_text(heading[:1].upper() + heading[1:])}",
            "",
            f"{as_text(parameter.description)} Used by: "
            + ("; ".join(_rule_link(r) for r in users) or "the facts the rules read")
            + f". In an overlay: `{parameter.name}`.",
            "",
        ]
        lines += _table(
            ["value", "from", "source", "status"],
            [
                [
                    as_text(value_words(parameter, value.value)),
                    _since(value.since),
                    as_text(value.source),
                    _status(parameter, index),
                ]
                for index, value in enumerate(parameter.values)
            ],
        )
        lines.append("")
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
    written["framework.md"] = _framework_page(book)
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
        "What the software checks, rule by rule, written from the same rule files it runs: "
        "a page for each part of the framework, then the framework itself annotated, the "
        "traceability of every clause and the numbers the rules use.",
        "",
        "## What a finding means",
        "",
        "A finding is what a rule found about one record on a date, addressed to whoever "
        "must act. Each is one of three kinds:",
        "",
        "- **Breach**: a duty the framework (or the statutory guidance it follows) states "
        "is unmet. The person or group named must act.",
        "- **Warning**: something the framework expects is overdue or falling short, and "
        "needs action before it becomes a breach.",
        "- **Advice**: something asked for is missing or could be done better, for the "
        "person or group named to consider.",
        "",
        "## The pages",
        "",
        "For developers: each rule's section has an anchor equal to its id, for example "
        "`escalation.html#escalation.two_cycles`.",
        "",
        overlay_note,
        "```{toctree}",
        ":maxdepth: 1",
        "",
        *[f.name for f in families],
        "framework",
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
