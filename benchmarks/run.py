"""The scale and speed harness: ``make bench`` runs it and prints one table.

Each measurement runs in a fresh Python process, so that one row's memory and
warm caches do not flatter the next. Portfolios are generated once per size
(seeded) and kept in ``benchmarks/.data``; the table is also written to
``benchmarks/RESULTS.md``, which the documentation shows.

    python benchmarks/run.py                 # 10k, 100k and 1M actions
    python benchmarks/run.py --sizes 2000,20000 --no-durable-over 20000
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
import click
from rich.console import Console
from rich.table import Table

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / ".data"
RESULTS = HERE / "RESULTS.md"
AS_OF = date(2025, 11, 14)
SEED = 20251114
ESCALATION = ("escalation.two_cycles", "escalation.drift", "escalation.partnership_chair")
SESSION_ACTIONS = 100_000
SESSION_POSTS = 300


# --- measuring ---------------------------------------------------------------------------


def _rss() -> int:
    """This process's resident memory now, in bytes."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@contextmanager
def _peak() -> Iterator[dict[str, int]]:
    """The highest resident memory seen while the block runs (sampled every 5 ms)."""
    seen = {"before": _rss(), "peak": _rss()}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.005):
            seen["peak"] = max(seen["peak"], _rss())

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        done.set()
        thread.join()
        seen["peak"] = max(seen["peak"], _rss())


def _timed(fn: Callable[[], Any], runs: int = 1) -> tuple[float, Any]:
    """The median time of ``runs`` runs, and the last run's result."""
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def _digest(decisions: set[tuple[str, str, date]]) -> str:
    text = "\n".join(f"{r} {s} {d}" for r, s, d in sorted(decisions))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# --- the portfolio ----------------------------------------------------------------------


def portfolio_files(actions: int) -> list[Path]:
    """The portfolio of this size, generated and written once."""
    from kscp_core.testing.portfolio import synthetic_portfolio, write_portfolio

    folder = DATA / f"actions-{actions}-seed-{SEED}"
    done = folder / "complete"
    if not done.exists():
        portfolio = synthetic_portfolio(actions=actions, as_of=AS_OF, seed=SEED)
        write_portfolio(folder, portfolio)
        done.write_text(f"{len(portfolio)}\n")
    return sorted(folder.glob("partnership-*.json"))


# --- the measurements (each in its own process) -------------------------------------------


def measure_size(actions: int, durable: bool, runs: int) -> dict[str, Any]:
    """Load a portfolio, then evaluate it: the baseline, the fast path, durable-rules."""
    from benchmarks.baseline import escalations
    from kscp_core import Engine, RuleBook, load
    from kscp_core.model.partnership import record_count

    files = portfolio_files(actions)
    load_s, portfolio = _timed(lambda: [load(f) for f in files])
    records = sum(record_count(p) for p in portfolio)
    out: dict[str, Any] = {
        "actions": sum(len(p.actions) for p in portfolio),
        "partnerships": len(portfolio),
        "records": records,
        "load_s": load_s,
        "runs": runs,
    }
    rulebook = RuleBook.load()
    params = rulebook.parameter_values(AS_OF)
    only_escalation = attrs.evolve(
        rulebook, rules=tuple(r for r in rulebook.rules if r.id in ESCALATION)
    )

    def decisions(findings_by_partnership: Iterator[list[Any]]) -> set[tuple[str, str, date]]:
        found = set()
        for findings in findings_by_partnership:
            found |= {(f.rule, f.subject, f.falls_due) for f in findings}
        return found

    baseline_s, base = _timed(
        lambda: set().union(*(escalations(p, AS_OF, params) for p in portfolio)), runs
    )
    out["baseline_s"] = baseline_s
    engine = Engine(only_escalation)
    engine.evaluate(portfolio[0], AS_OF, method="python")  # compile once, outside the timing
    escal_s, fast_escal = _timed(
        lambda: decisions(engine.evaluate_many(portfolio, AS_OF, method="python")), runs
    )
    out["fast_escalation_s"] = escal_s
    out["baseline_agrees"] = base == fast_escal
    engine = Engine(rulebook)
    engine.evaluate(portfolio[0], AS_OF, method="python")
    for method in ("python", "durable") if durable else ("python",):
        with _peak() as memory:
            seconds, found = _timed(
                lambda m=method: decisions(engine.evaluate_many(portfolio, AS_OF, method=m)),
                runs if method == "python" else 1,
            )
        out[f"{method}_s"] = seconds
        out[f"{method}_peak"] = memory["peak"]
        out[f"{method}_added"] = memory["peak"] - memory["before"]
        out[f"{method}_findings"] = len(found)
        out[f"{method}_digest"] = _digest(found)
    return out


def measure_session(actions: int, posts: int) -> dict[str, Any]:
    """Post changed actions to a Session holding one partnership of ``actions`` actions."""
    from kscp_core import Closure, Engine, ProgressUpdate
    from kscp_core.testing.portfolio import synthetic_partnership

    partnership = synthetic_partnership(0, actions=actions, as_of=AS_OF, seed=SEED)
    engine = Engine()
    load_s, session = _timed(lambda: engine.session(partnership, AS_OF))
    rng = random.Random(SEED)
    open_actions = [a for a in partnership.actions if a.state(AS_OF).value == "open"]
    latencies = []
    for n in range(posts):
        action = rng.choice(open_actions)
        kind = n % 3
        if kind == 0:
            changed = attrs.evolve(
                action, updates=(*action.updates, ProgressUpdate(on=AS_OF, note="Update given"))
            )
        elif kind == 1:
            changed = attrs.evolve(action, completed_on=AS_OF)
        else:
            changed = attrs.evolve(
                action, closure=Closure(on=AS_OF, reason="Merged", instead="A new plan")
            )
        start = time.perf_counter()
        session.post(changed)
        latencies.append(time.perf_counter() - start)
        session.post(action)  # and back, so every post starts from the same records
    latencies.sort()
    return {
        "actions": actions,
        "posts": posts,
        "session_load_s": load_s,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[min(len(latencies) - 1, math.ceil(0.99 * len(latencies)) - 1)] * 1000,
    }


def _python(*args: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def measure_commands(repeat: int) -> dict[str, Any]:
    """``import kscp_core`` and ``kscp check`` on the example, whole processes, median of runs."""
    kscp = str(Path(sys.executable).with_name("kscp"))
    imports, checks, bare = [], [], []
    for _ in range(repeat):
        bare.append(_python("-c", "pass"))
        imports.append(_python("-c", "import kscp_core"))
        start = time.perf_counter()
        subprocess.run(
            [
                kscp,
                "check",
                "examples/ashvale.yaml",
                "--as-of",
                AS_OF.isoformat(),
                "--fail-on",
                "never",
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        checks.append(time.perf_counter() - start)
    return {
        "interpreter_s": statistics.median(bare),
        "import_s": statistics.median(imports) - statistics.median(bare),
        "check_s": statistics.median(checks),
        "repeat": repeat,
    }


def _child(what: str, *args: str) -> dict[str, Any]:
    """Run one measurement in a fresh interpreter; return what it measured."""
    result = subprocess.run(
        [sys.executable, str(Path(__file__)), "measure", what, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the table ----------------------------------------------------------------------------


def _machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory = next(
            int(line.split()[1]) // 1024 // 1024
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory = 0
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory} GiB; {platform.system()} "
        f"{platform.release()}; Python {platform.python_version()}"
    )


def _gb(n: int) -> str:
    return f"{n / 2**30:.2f} GB"


def build_rows(
    sizes: list[dict[str, Any]], session: dict[str, Any], commands: dict[str, Any]
) -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for s in sizes:
        label = f"{s['actions']:,} actions"
        rows.append(
            (
                f"load ({label})",
                f"{s['records'] / s['load_s']:,.0f} records/s",
                f"{s['records']:,} records in {s['partnerships']} JSON files, {s['load_s']:.1f} s",
            )
        )
    for s in sizes:
        label = f"{s['actions']:,} actions"
        rows.append(
            (
                f"evaluate, fast path ({label})",
                f"{s['python_s']:.2f} s",
                f"median of {s['runs']} runs; peak {_gb(s['python_peak'])} for the process, "
                f"of which the evaluation added {_gb(s['python_added'])}; "
                f"{s['python_findings']:,} findings",
            )
        )
        if "durable_s" in s:
            same = (
                "same findings" if s["durable_digest"] == s["python_digest"] else "FINDINGS DIFFER"
            )
            rows.append(
                (
                    f"evaluate, durable-rules ({label})",
                    f"{s['durable_s']:.2f} s",
                    f"one run; peak {_gb(s['durable_peak'])}, the evaluation added "
                    f"{_gb(s['durable_added'])}; "
                    f"{same}; {s['durable_s'] / s['python_s']:.1f}x the fast path",
                )
            )
    first, last = sizes[0], sizes[-1]
    if last["actions"] > first["actions"]:
        span = math.log(last["actions"] / first["actions"])
        for method, name in (("python", "fast path"), ("durable", "durable-rules")):
            if f"{method}_s" in first and f"{method}_s" in last:
                exponent = math.log(last[f"{method}_s"] / first[f"{method}_s"]) / span
                rows.append(
                    (
                        f"growth, {name}",
                        f"exponent {exponent:.2f}",
                        f"time ~ actions^k, {first['actions']:,} to {last['actions']:,} actions",
                    )
                )
    for s in sizes:
        agrees = "agree" if s["baseline_agrees"] else "DISAGREE"
        rows.append(
            (
                f"fast path / hand-written ({s['actions']:,} actions)",
                f"{s['fast_escalation_s'] / s['baseline_s']:.2f}x",
                f"the three escalation rules (medians of {s['runs']}): "
                f"{s['fast_escalation_s']:.2f} s, plain Python {s['baseline_s']:.2f} s; "
                f"their findings {agrees}",
            )
        )
    rows.append(
        (
            f"Session post ({session['actions']:,} actions loaded)",
            f"p50 {session['p50_ms']:.2f} ms, p99 {session['p99_ms']:.2f} ms",
            f"{session['posts']} posts of a changed action (an update, completed, closed); "
            f"loading the Session took {session['session_load_s']:.1f} s",
        )
    )
    rows.append(
        (
            "import kscp_core",
            f"{commands['import_s'] * 1000:.0f} ms",
            f"median of {commands['repeat']} fresh processes, less the bare interpreter's "
            f"{commands['interpreter_s'] * 1000:.0f} ms",
        )
    )
    rows.append(
        (
            "kscp check (example)",
            f"{commands['check_s']:.2f} s",
            f"examples/ashvale.yaml as of {AS_OF}, whole command, median of {commands['repeat']}",
        )
    )
    return rows


def _markdown(rows: list[tuple[str, str, str]], machine: str, command: str) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = [
        f"Measured on {when} with `{command}` on: {machine}.",
        "",
        "| what | result | what was measured |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return "\n".join(lines) + "\n"


# --- the command --------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@click.option("--sizes", default="10000,100000,1000000", show_default=True, help="Action counts.")
@click.option(
    "--no-durable-over",
    type=int,
    default=None,
    help="Skip the durable-rules path above this many actions.",
)
@click.option("--repeat", type=int, default=5, show_default=True, help="Runs of each command.")
@click.option(
    "--runs",
    type=int,
    default=3,
    show_default=True,
    help="Runs of each fast-path and baseline evaluation (the median is shown).",
)
@click.option("--write/--no-write", default=True, show_default=True, help="Write RESULTS.md.")
@click.pass_context
def main(
    ctx: click.Context,
    sizes: str,
    no_durable_over: int | None,
    repeat: int,
    runs: int,
    write: bool,
) -> None:
    """Measure, and print the table."""
    if ctx.invoked_subcommand is not None:
        return
    console = Console(stderr=True)
    counts = [int(s) for s in sizes.split(",")]
    measured = []
    for count in counts:
        durable = no_durable_over is None or count <= no_durable_over
        console.print(f"[dim]{count:,} actions: generating (once), loading, evaluating...[/dim]")
        measured.append(_child("size", str(count), "1" if durable else "0", str(runs)))
    console.print(f"[dim]Session posts with {SESSION_ACTIONS:,} actions...[/dim]")
    session = _child("session", str(SESSION_ACTIONS), str(SESSION_POSTS))
    console.print("[dim]import time and kscp check...[/dim]")
    commands = _child("commands", str(repeat))
    rows = build_rows(measured, session, commands)
    table = Table("what", "result", "what was measured", title="kscp_core benchmarks")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    machine = _machine()
    Console().print(f"Machine: {machine}")
    if write:
        command = (
            "make bench"
            if counts == [10000, 100000, 1000000]
            else f"python benchmarks/run.py --sizes {sizes}"
        )
        RESULTS.write_text(_markdown(rows, machine, command))
        Console().print(f"Written to {RESULTS.relative_to(ROOT)}")


@main.command(hidden=True)
@click.argument("what")
@click.argument("args", nargs=-1)
def measure(what: str, args: tuple[str, ...]) -> None:
    """Run one measurement and print it as JSON (used by the harness itself)."""
    if what == "size":
        result = measure_size(int(args[0]), args[1] == "1", int(args[2]))
    elif what == "session":
        result = measure_session(int(args[0]), int(args[1]))
    else:
        result = measure_commands(int(args[0]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
