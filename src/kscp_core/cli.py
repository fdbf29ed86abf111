"""The ``kscp`` command: validate, summarise and check a partnership's records.

Exit codes: 0 all is well; 1 findings at or above the ``--fail-on`` threshold;
2 bad input (a records, rule or overlay file that cannot be used, or a bad
option), always with a message that says what and where, never a traceback.
"""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from kscp_core.errors import KscpError
from kscp_core.partnership import Partnership
from kscp_core.records import load

__all__ = ["cli", "main", "run"]

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


class _Date(click.ParamType):  # type: ignore[type-arg]
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"expected a date written YYYY-MM-DD, got {value!r}", param, ctx)


DATE = _Date()


def _console(err: bool = False) -> Console:
    return Console(stderr=err, highlight=False, soft_wrap=True)


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


def _record_counts(partnership: Partnership) -> list[tuple[str, int]]:
    counts = []
    for name in (
        "agencies",
        "subgroups",
        "meetings",
        "forward_plan",
        "actions",
        "quarterly_reports",
        "audits",
        "audit_programmes",
        "challenge_events",
        "people",
        "incidents",
        "rapid_reviews",
        "reviews",
        "child_deaths",
        "learning_outputs",
        "court_orders",
        "indicators",
        "performance_returns",
        "courses",
        "workforce_returns",
        "advocacy_services",
    ):
        counts.append((name, len(getattr(partnership, name))))
    return counts


@cli.command()
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--as-of", type=DATE, default=None, help="Date for action states (default: today).")
def summary(file: str, as_of: date | None) -> None:
    """Count the records in FILE by type, and actions by state."""
    partnership = load(file)
    day = as_of or date.today()
    console = _console()
    console.print(f"[bold]{partnership.name}[/bold] — records as of {day.isoformat()}")
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


def main(argv: list[str] | None = None) -> int:
    """Run the ``kscp`` command; bad input is reported as a message and exit code 2."""
    try:
        cli.main(args=argv, prog_name="kscp", standalone_mode=False)
    except KscpError as error:
        _console(err=True).print(f"[red]error:[/red] {error}", markup=True, highlight=False)
        return EXIT_BAD_INPUT
    except click.exceptions.Exit as done:
        return int(done.exit_code)
    except click.ClickException as error:
        error.show()
        return EXIT_BAD_INPUT
    except click.Abort:
        return EXIT_BAD_INPUT
    return EXIT_OK


def run() -> None:  # pragma: no cover - the console script
    """Entry point of the ``kscp`` console script."""
    sys.exit(main())
