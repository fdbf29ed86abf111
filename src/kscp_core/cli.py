"""The ``kscp`` command: validate, summarise and check a partnership's records.

Exit codes: 0 all is well; 1 findings at or above the ``--fail-on`` threshold;
2 bad input (a records, rule or overlay file that cannot be used, or a bad
option), always with a message that says what and where, never a traceback.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.padding import Padding
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Column, Table
from rich.text import Text

from kscp_core.engine import AUTO_PYTHON_FROM, Engine, Method
from kscp_core.engine.findings import SCHEMA_VERSION, document_text
from kscp_core.errors import DocsUnavailableError, KscpError, UnknownFindingError
from kscp_core.io.records import load
from kscp_core.io.schema import record_schema, records_schema
from kscp_core.model.identifiers import Redactor, redact_patterns
from kscp_core.model.partnership import COLLECTIONS, Partnership, record_count
from kscp_core.model.reports import parse_quarter
from kscp_core.model.working_days import EARLIEST_DATE, LATEST_DATE
from kscp_core.quarterly import draft_quarterly_report
from kscp_core.rulebook import RuleBook, Severity
from kscp_core.rulebook.conditions import render
from kscp_core.rulebook.vocabulary import FACT_KINDS
from kscp_core.streaming import check_files, default_workers

__all__ = ["cli", "main", "run"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
#: interrupted (Ctrl-C): 128 + SIGINT, as shells report it
EXIT_INTERRUPTED = 130
#: whoever read the output stopped reading (a closed pipe): 128 + SIGPIPE; not a finding
EXIT_CLOSED_PIPE = 141

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        text = str(value)
        try:
            day = date.fromisoformat(text) if _ISO_DATE.fullmatch(text) else None
        except ValueError:
            day = None
        if day is None:
            self.fail(f"expected a date written YYYY-MM-DD, got {value!r}", param, ctx)
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            self.fail(
                f"expected a date from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()}, "
                f"got {value!r}",
                param,
                ctx,
            )
        return day


DATE = _Date()


class _Console(Console):
    """rich's console, but a closed pipe ends the command with its own exit code."""

    def on_broken_pipe(self) -> None:
        # rich would exit 1, which callers read as "findings"
        self.quiet = True
        raise BrokenPipeError


def _console(err: bool = False) -> Console:
    # markup=False: text from records and rule files is printed as it is ("[urgent]" stays);
    # the command's own styles are given as Text styles, never as markup in strings.
    return _Console(stderr=err, highlight=False, markup=False, soft_wrap=True)


def _bold(head: str, rest: str = "") -> Text:
    return Text.assemble((head, "bold"), rest)


#: every command that evaluates takes the date the same way
_AS_OF = click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="The date to evaluate for, as YYYY-MM-DD (default: today).",
)


@click.group()
@click.version_option(package_name="kscp_core")
def cli() -> None:
    """Check a safeguarding children partnership's records against the KSCP
    Learning and Improvement Framework."""


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
def validate(file: str) -> None:
    """Check that FILE is a valid records file (exit 0), or say what is wrong (exit 2)."""
    partnership = load(file)
    total = sum(count for _, count in _record_counts(partnership))
    _console().print(f"{file}: valid ({total} records)")


@cli.command()
@click.argument(
    "collection", required=False, type=click.Choice(sorted(COLLECTIONS), case_sensitive=True)
)
def schema(collection: str | None) -> None:
    """Print the JSON Schema of a records file, or of one record of COLLECTION.

    What a schema cannot say (that an id names a record, real dates, date
    order) the loader still checks: see ``kscp validate``.
    """
    made = records_schema() if collection is None else record_schema(collection)
    click.echo(json.dumps(made, indent=2))


def _record_counts(partnership: Partnership) -> list[tuple[str, int]]:
    return [(name, len(getattr(partnership, name))) for name in COLLECTIONS]


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="The date to evaluate for, as YYYY-MM-DD (default: today).",
)
def summary(file: str, as_of: date | None) -> None:
    """Count the records in FILE by type, and actions by state."""
    partnership = load(file)
    day = as_of or date.today()
    console = _console()
    console.print(_bold(_shown_name(partnership), f" — records as of {day.isoformat()}"))
    table = Table("records", "count", "detail")
    for name, count in _record_counts(partnership):
        detail = ""
        if name == "actions":
            states = Counter(a.state(day).value for a in partnership.actions)
            detail = ", ".join(f"{k}: {v}" for k, v in sorted(states.items()))
        elif name == "meetings":
            held = sum(1 for m in partnership.meetings if m.held_on <= day and not m.cancelled)
            detail = f"held: {held}, planned or cancelled: {count - held}"
        elif name == "audits":
            kinds = Counter(a.kind.value for a in partnership.audits)
            detail = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
        elif name == "reviews":
            kinds = Counter(r.type.value for r in partnership.reviews)
            detail = ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items()))
        table.add_row(name, str(count), detail)
    console.print(table)


_FAIL_ON = {"breach": 0, "warning": 1, "advice": 2}


def _rulebook(overlay: str | None) -> RuleBook:
    return RuleBook.load(overlay=overlay) if overlay else RuleBook.load()


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="The date to evaluate for, as YYYY-MM-DD (default: today).",
)
@click.option("--overlay", type=click.Path(file_okay=False), help="A partnership's overlay folder.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
@click.option(
    "--fail-on",
    type=click.Choice(["breach", "warning", "advice", "never"]),
    default="breach",
    show_default=True,
    help="Exit 1 when a finding is at least this severe.",
)
@click.option(
    "--method",
    type=click.Choice(["auto", "durable", "python"]),
    default="auto",
    show_default=True,
    help="Run the rules in durable-rules, in Python, or choose by size (same findings).",
)
@click.option(
    "--redact/--no-redact",
    default=True,
    show_default=True,
    help="JSON: also blank out anything shaped like an NHS number or a postcode.",
)
@click.option(
    "--progress/--no-progress",
    default=None,
    help="Show the progress of a large check (default: when stderr is a terminal).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=None,
    help="With several files: worker processes that each load and check their own files, "
    "one partnership at a time (default: the cores; 1 checks them in this process).",
)
def check(
    files: tuple[str, ...],
    as_of: date | None,
    overlay: str | None,
    fmt: str,
    fail_on: str,
    method: str,
    redact: bool,
    progress: bool | None,
    workers: int | None,
) -> None:
    """Check FILES against the rules as of a date; list findings by who must act.

    Several files (a portfolio, one partnership per file) are each loaded,
    checked and let go in turn against the same rules, across worker processes,
    and written out in the order given; with --format json, the output is then
    a list.
    """
    as_of = as_of or date.today()
    rulebook = _rulebook(overlay)
    chosen: Method = (
        "python" if method == "python" else "durable" if method == "durable" else "auto"
    )
    err = _console(err=True)
    show = progress if progress is not None else err.is_terminal
    if len(files) > 1:
        _check_portfolio(
            files, as_of, overlay, rulebook.overlay, fmt, fail_on, chosen, redact, show, workers
        )
        return
    engine = Engine(rulebook)
    with _Progress(err) as bar:
        partnerships = [load(file) for file in files]
        if show and record_count(partnerships[0]) > AUTO_PYTHON_FROM:
            bar.start(0)
        one = engine.evaluate(partnerships[0], as_of, method=chosen, progress=bar.checked)
        results = [one]
    worst = min((f.severity.rank for found in results for f in found), default=len(_FAIL_ON))
    if fmt == "json":
        # each text is cleared as it is placed (the findings' own in to_json)
        shown = redact_patterns if redact else str
        document = {
            "schema_version": SCHEMA_VERSION,
            "partnership": shown(_shown_name(partnerships[0])),
            "as_of": as_of.isoformat(),
            "overlay": None if rulebook.overlay is None else shown(rulebook.overlay),
            "redaction": "patterns" if redact else "records",
            "findings": [f.to_json(redact=redact) for f in results[0]],
        }
        click.echo(document_text(document))
    else:
        for partnership, findings in zip(partnerships, results, strict=True):
            _print_findings(
                _shown_name(partnership), as_of, [f.to_json(redact=False) for f in findings]
            )
    if fail_on != "never" and worst <= _FAIL_ON[fail_on]:
        raise click.exceptions.Exit(EXIT_FINDINGS)


def _check_portfolio(
    files: tuple[str, ...],
    as_of: date,
    overlay: str | None,
    overlay_shown: str | None,
    fmt: str,
    fail_on: str,
    method: Method,
    redact: bool,
    show: bool,
    workers: int | None,
) -> None:
    """Several files: each loaded, checked and let go in turn, its result written at once."""
    worst = len(_FAIL_ON)
    with _Progress(_console(err=True)) as bar:
        if show:
            bar.start(0)
        header = {
            "schema_version": SCHEMA_VERSION,
            "as_of": as_of.isoformat(),
            "overlay": redact_patterns(overlay_shown)
            if redact and overlay_shown is not None
            else overlay_shown,
            "redaction": "patterns" if redact else "records",
        }
        results = check_files(
            files,
            as_of,
            overlay=overlay,
            method=method,
            redact=redact and fmt == "json",
            workers=workers if workers is not None else default_workers(),
            done=bar.checked,
            document=header if fmt == "json" else None,
        )
        if fmt == "json":
            click.echo("[")
        for index, result in enumerate(results):
            if result.worst is not None:
                worst = min(worst, result.worst)
            if result.document is not None:
                click.echo(("" if index == 0 else ",\n") + result.document, nl=False)
            else:
                _print_findings(result.name, as_of, list(result.findings))
        if fmt == "json":
            click.echo("\n]")
    if fail_on != "never" and worst <= _FAIL_ON[fail_on]:
        raise click.exceptions.Exit(EXIT_FINDINGS)


class _Progress:
    """Progress on stderr while files load and are checked; drawn only once started."""

    def __init__(self, console: Console) -> None:
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            # on a terminal the bar goes when done; elsewhere (a log) its last state stays
            transient=console.is_terminal,
        )
        self._load: TaskID | None = None
        self._check: TaskID | None = None

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *_: object) -> None:
        if self._check is not None:
            self._bar.stop()

    def start(self, files: int) -> None:
        """Draw from now on: files loading (if several), then the check."""
        if files:
            self._load = self._bar.add_task("loading", total=files)
        self._check = self._bar.add_task("checking", total=None)
        self._bar.start()

    def loaded(self, partnership: Partnership) -> Partnership:
        if self._load is not None:
            self._bar.update(self._load, advance=1)
        return partnership

    def checked(self, done: int, total: int | None) -> None:
        """How far the check is: in partnerships for several files, else in facts."""
        if self._check is not None:
            self._bar.update(self._check, completed=done, total=total)


_STYLE = {Severity.BREACH: "bold red", Severity.WARNING: "yellow", Severity.ADVICE: "cyan"}


def _shown_name(partnership: Partnership) -> str:
    """The partnership's name as output shows it: with nobody in the records identified."""
    return (
        Redactor(partnership.people)(partnership.name) if partnership.people else partnership.name
    )


def _dates(finding: dict[str, Any]) -> str:
    """The deadline and the date the finding began, each labelled, as a line shows them."""
    shown = ""
    if finding["deadline"] is not None:
        shown += f", due {finding['deadline']}"
    if finding["falls_due"] is not None and finding["falls_due"] != finding["deadline"]:
        shown += f", since {finding['falls_due']}"
    return shown


_RANK = {s.value: s.rank for s in Severity}


def _print_findings(name: str, as_of: date, findings: list[dict[str, Any]]) -> None:
    """Findings (in their JSON form) grouped by who must act, most severe first."""
    console = _console()
    console.print(_bold(name, f" as of {as_of.isoformat()}: {len(findings)} findings"))
    by_recipient: dict[str, list[dict[str, Any]]] = {}
    for finding in findings:
        by_recipient.setdefault(finding["recipient"]["label"], []).append(finding)
    for label in sorted(by_recipient):
        console.print()
        # the heading wraps rather than being cut: a label may say what to record
        console.rule(style="dim")
        console.print(_bold(f"For {label}"))
        group = sorted(
            by_recipient[label],
            key=lambda f: (_RANK[f["severity"]], f["rule"], f["subject"]["id"]),
        )
        for finding in group:
            due = _dates(finding)
            severity = (f"{finding['severity']:<7}", _STYLE[Severity(finding["severity"])])
            console.print(Text.assemble(severity, " ", finding["message"]))
            clauses = ", ".join(c["id"] for c in finding["citation"]["clauses"])
            console.print(Text(f"        {finding['id']}{due}; {clauses}", style="dim"))
    if findings:
        console.print()
        console.print(Text("kscp explain FILE --as-of DATE FINDING_ID shows why.", style="dim"))


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("finding_id")
@click.option(
    "--as-of",
    "as_of",
    type=DATE,
    default=None,
    help="The date to evaluate for, as YYYY-MM-DD (default: today).",
)
@click.option("--overlay", type=click.Path(file_okay=False), help="A partnership's overlay folder.")
def explain(file: str, finding_id: str, as_of: date | None, overlay: str | None) -> None:
    """Explain one finding: the facts, the parameter values and the clauses behind it."""
    as_of = as_of or date.today()
    partnership = load(file)
    rulebook = _rulebook(overlay)
    findings = {f.id: f for f in Engine(rulebook).evaluate(partnership, as_of)}
    if finding_id not in findings:
        raise UnknownFindingError(finding_id, as_of.isoformat())
    finding = findings[finding_id]
    rule = rulebook.rule(finding.rule)
    console = _console()
    console.print(_bold(finding.id, f" ({finding.severity.value}) as of {as_of}"))
    console.print(finding.message)
    console.print(f"Who must act: {finding.recipient.label}")
    if finding.deadline:
        console.print(f"Due: {finding.deadline.isoformat()}")
    if finding.falls_due:
        console.print(f"Finding since: {finding.falls_due.isoformat()}")
    console.print(_bold("\nThe rule", f" {rule.id}: {rule.title}"))
    console.print(rule.statement)
    console.print(_bold("\nIt fired because", f" {finding.explanation.condition}:"))
    table = Table("test", "values", "held")
    for part in finding.explanation.parts:
        values = ", ".join(f"{k} = {v}" for k, v in part.values.items())
        table.add_row(part.test, values, "yes" if part.held else "no")
    console.print(table)
    for use in finding.explanation.parameters:
        console.print(
            f"Parameter {use.name} = {use.value} (from {use.since.isoformat()}; "
            f"{use.source}; {use.status})"
        )
    console.print(_bold("\nThe framework says"))
    for clause in finding.citation.clauses:
        console.print(f"{clause.id} ({clause.section}): “{clause.quote}”")
    for source in finding.citation.sources:
        console.print(f"{source.title}" + (f" <{source.link}>" if source.link else ""))


@cli.group()
def rules() -> None:
    """List and show the rules."""


@rules.command("list")
@click.option("--overlay", type=click.Path(file_okay=False), help="A partnership's overlay folder.")
def rules_list(overlay: str | None) -> None:
    """List every rule: id, severity, title (and whether an overlay switched it off)."""
    rulebook = _rulebook(overlay)
    console = _console()
    # ids are what users type: never cut or wrapped, however narrow the terminal
    width = max((len(r.id) for r in rulebook.rules), default=2)
    if console.width < width + 60:
        # too narrow for a table that leaves the titles room: the id and severity on
        # one line, the title below it across the whole width
        for rule in rulebook.rules:
            title = rule.title
            if rule.switched_off:
                title += f" [switched off: {rule.switched_off}]"
            console.print(Text.assemble((rule.id, "bold"), "  ", rule.outcome.severity.value))
            console.print(Padding(Text(title), (0, 0, 0, 4)))
        return
    table = Table("severity", "title")
    table.columns.insert(0, Column("id", no_wrap=True, min_width=width))
    for rule in rulebook.rules:
        title = rule.title
        if rule.switched_off:
            title += f" [switched off: {rule.switched_off}]"
        table.add_row(rule.id, rule.outcome.severity.value, title)
    console.print(table)


@rules.command("show")
@click.argument("rule_id")
@click.option("--overlay", type=click.Path(file_okay=False), help="A partnership's overlay folder.")
def rules_show(rule_id: str, overlay: str | None) -> None:
    """Show a rule: statement, sources with quotes, parameters, condition in plain English."""
    rulebook = _rulebook(overlay)
    try:
        rule = rulebook.rule(rule_id)
    except KeyError:
        raise click.BadParameter(
            f"no rule {rule_id!r}; see kscp rules list", param_hint="RULE_ID"
        ) from None
    console = _console()
    console.print(_bold(rule.id, f": {rule.title}"))
    if rule.switched_off:
        console.print(Text(f"Switched off by {rule.overlay}: {rule.switched_off}", style="yellow"))
    console.print(rule.statement)
    console.print(
        f"\nSeverity: {rule.outcome.severity.value}; "
        f"who must act: {rule.outcome.recipient.value.replace('_', ' ')}"
    )
    kind = FACT_KINDS[rule.applies_to]
    console.print(f"It applies to {kind.description} when {render(rule.condition, kind.describe)}.")
    console.print(f"It falls due on {rule.outcome.falls_due.describe(kind.describe)}.")
    console.print(_bold("\nSources"))
    for clause_id in rule.clauses:
        clause = rulebook.clauses[clause_id]
        console.print(f"{clause.id} ({clause.section}): “{clause.quote}”")
    for source in rule.sources:
        console.print(f"{source.title}" + (f" <{source.link}>" if source.link else ""))
    if rule.parameters:
        console.print(_bold("\nParameters"))
        table = Table("name", "value", "from", "source", "status")
        for name in rule.parameters:
            for value in rulebook.parameters[name].values:
                table.add_row(
                    name,
                    str(value.value),
                    value.since.isoformat(),
                    value.source,
                    value.status.value,
                )
        console.print(table)


@cli.command("test")
@click.argument("folder", type=click.Path(exists=True))
def test_scenarios(folder: str) -> None:
    """Run the scenario files (named NAME.scenario.yaml) under FOLDER; exit 1 if any fails.

    No pytest is needed.
    """
    from kscp_core.testing.scenarios import run_file

    root = Path(folder)
    files = [root] if root.is_file() else sorted(root.rglob("*.scenario.yaml"))
    console = _console()
    passed = failed = 0
    for file in files:
        for result in run_file(file):
            if result.passed:
                passed += 1
            else:
                failed += 1
                console.print(result.report())
    console.print(f"{passed} passed, {failed} failed")
    if failed:
        raise click.exceptions.Exit(EXIT_FINDINGS)


@cli.group()
def report() -> None:
    """Write reports from the records."""


@report.command("quarterly")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--subgroup", required=True, help="The subgroup's id.")
@click.option("--quarter", required=True, help="The financial quarter, e.g. 2025Q3.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "json"]),
    default="markdown",
    show_default=True,
)
@click.option("--overlay", type=click.Path(file_okay=False), help="A partnership's overlay folder.")
def report_quarterly(file: str, subgroup: str, quarter: str, fmt: str, overlay: str | None) -> None:
    """Write the quarterly report a subgroup owes the Business Group."""
    partnership = load(file)
    engine = Engine(_rulebook(overlay))
    try:
        period = parse_quarter(quarter, 4)
        start_month = int(engine.rulebook.parameter_values(period.end)["year_start_month"])
        period = parse_quarter(quarter, start_month)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--quarter") from None
    draft = draft_quarterly_report(partnership, subgroup, period, engine)
    # people in the records are cleared by the draft; NHS numbers and postcodes here
    if fmt == "json":
        click.echo(redact_patterns(json.dumps(draft.to_json(), indent=2, ensure_ascii=False)))
    else:
        click.echo(redact_patterns(draft.to_markdown()), nl=False)


@cli.command()
@click.option("--overlay", type=click.Path(file_okay=False), help="A partnership's overlay folder.")
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    default="kscp-rules-site",
    show_default=True,
    help="Where to write the site.",
)
@click.option("--name", default="the partnership", help="The partnership's name, for the title.")
def docs(overlay: str | None, out: str, name: str) -> None:
    """Build the rule documentation site (HTML) for a partnership's overlay."""
    _rulebook(overlay)  # a bad overlay is reported here, plainly, before Sphinx starts
    try:
        from kscp_core.docs.sphinxext import build_site
    except ImportError as error:
        raise DocsUnavailableError(str(error)) from None
    status = build_site(Path(out), overlay=overlay, name=name)
    if status != 0:
        raise click.ClickException("the documentation build failed; see the messages above")
    _console().print(f"wrote {Path(out) / 'html' / 'index.html'}")


def main(argv: list[str] | None = None) -> int:
    """Run the ``kscp`` command; bad input is reported as a message and exit code 2."""
    try:
        # Without standalone mode click returns the exit code of ctx.exit() / Exit.
        code = cli.main(args=argv, prog_name="kscp", standalone_mode=False)
    except KscpError as error:
        _console(err=True).print(Text.assemble(("error:", "red"), f" {error}"))
        return EXIT_BAD_INPUT
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except BrokenPipeError:
        # nothing more can be written; point stdout at nothing so exit stays quiet
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLOSED_PIPE
    except OSError as error:
        # a folder that cannot be written, a full disk: the user's to fix, not a traceback
        where = f" ({error.filename})" if error.filename else ""
        reason = error.strerror or type(error).__name__
        _console(err=True).print(Text.assemble(("error:", "red"), f" {reason}{where}"))
        return EXIT_BAD_INPUT
    except click.ClickException as error:
        error.show()
        return EXIT_BAD_INPUT
    except (click.Abort, KeyboardInterrupt):
        return EXIT_INTERRUPTED
    return code if isinstance(code, int) else EXIT_OK


def run() -> None:  # pragma: no cover - the console script
    """Entry point of the ``kscp`` console script."""
    sys.exit(main())
