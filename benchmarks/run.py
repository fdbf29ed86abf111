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
from datetime import UTC, date, datetime, timedelta
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
#: meeting posts and date moves (each re-derives much more, so fewer)
SESSION_SLOW_POSTS = 10


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


def _load_as_before(file: Path) -> Any:
    """Loading as it was before the quick checks: every check the careful way, collector on."""
    from kscp_core.io.documents import read_document
    from kscp_core.io.records import structure

    return structure(read_document(file, careful=True), str(file), careful=True)


def _explained(findings_by_partnership: Iterator[list[Any]]) -> set[tuple[str, str, date]]:
    """The findings' decisions, with each finding's message and explanation read (so written)."""
    found = set()
    for findings in findings_by_partnership:
        for f in findings:
            if f.message and f.explanation:
                found.add((f.rule, f.subject, f.falls_due))
    return found


def _decisions(findings_by_partnership: Iterator[list[Any]]) -> set[tuple[str, str, date]]:
    """The findings' decisions only: their words are never read, so never written."""
    found = set()
    for findings in findings_by_partnership:
        found |= {(f.rule, f.subject, f.falls_due) for f in findings}
    return found


def measure_size(
    actions: int, durable: bool, runs: int, before: bool, peers_too: bool
) -> dict[str, Any]:
    """Load a portfolio, then evaluate it: the baseline, the fast path, durable-rules, peers."""
    from benchmarks import peers
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
    if before:
        out["load_before_s"], _ = _timed(lambda: [_load_as_before(f) for f in files])
    rulebook = RuleBook.load()
    params = rulebook.parameter_values(AS_OF)

    def only(ids: tuple[str, ...]) -> Any:
        return attrs.evolve(rulebook, rules=tuple(r for r in rulebook.rules if r.id in ids))

    baseline_s, base = _timed(
        lambda: set().union(*(escalations(p, AS_OF, params) for p in portfolio)), runs
    )
    out["baseline_s"] = baseline_s
    engine = Engine(only(ESCALATION))
    engine.evaluate(portfolio[0], AS_OF, method="python")  # compile once, outside the timing
    for what, read in (("decisions", _decisions), ("explained", _explained)):
        seconds, found = _timed(
            lambda read=read: read(engine.evaluate_many(portfolio, AS_OF, method="python")), runs
        )
        out[f"escalation_{what}_s"] = seconds
        out[f"escalation_{what}_agrees"] = found == base
    engine = Engine(rulebook)
    engine.evaluate(portfolio[0], AS_OF, method="python")
    for method in ("python", "durable") if durable else ("python",):
        for what, read in (("explained", _explained), ("decisions", _decisions)):
            if method == "durable" and what == "decisions":
                continue
            with _peak() as memory:
                seconds, found = _timed(
                    lambda m=method, read=read: read(
                        engine.evaluate_many(portfolio, AS_OF, method=m)
                    ),
                    runs if method == "python" else 1,
                )
            key = f"{method}_{what}"
            out[f"{key}_s"] = seconds
            out[f"{key}_peak"] = memory["peak"]
            out[f"{key}_added"] = memory["peak"] - memory["before"]
            out[f"{key}_findings"] = len(found)
            out[f"{key}_digest"] = _digest(found)
    if peers_too:
        out["peers"] = _measure_peers(portfolio, only(peers.RULES), params, runs, durable)
    return out


def _measure_peers(
    portfolio: list[Any], book: Any, params: dict[str, Any], runs: int, durable: bool
) -> dict[str, Any]:
    """The two escalation rules in kscp_core and in each peer, on the same facts."""
    from benchmarks import peers
    from kscp_core import Engine

    engine = Engine(book)
    engine.evaluate(portfolio[0], AS_OF, method="python")

    def ours_on(method: str) -> set[tuple[str, str]]:
        found = _explained(engine.evaluate_many(portfolio, AS_OF, method=method))
        return {(rule, subject) for rule, subject, _ in found}

    ours_s, ours = _timed(lambda: ours_on("python"), runs)
    facts_s, facts = _timed(lambda: peers.facts_of(portfolio, AS_OF))
    due, drift = int(params["escalation_cycles"]), int(params["drift_cycles"])
    result: dict[str, Any] = {"ours_s": ours_s, "facts_s": facts_s, "peers": []}
    plain_s, plain = _timed(lambda: peers.plain_python(facts, due, drift), runs)
    result["plain_s"] = plain_s
    result["plain_agrees"] = plain == ours
    for name, module, run in peers.PEERS:
        why = peers.missing(module)
        if why is not None:
            result["peers"].append({"name": name, "missing": why})
            continue
        seconds, found = _timed(lambda run=run: run(facts, due, drift))
        result["peers"].append({"name": name, "s": seconds, "agrees": found == ours})
    if durable:
        ours_durable_s, found = _timed(lambda: ours_on("durable"))
        result["ours_durable_s"] = ours_durable_s
        result["ours_durable_agrees"] = found == ours
    return result


def measure_check(actions: int, workers: int) -> dict[str, Any]:
    """``kscp check`` on the whole portfolio as JSON, end to end, in fresh processes."""
    import resource

    files = portfolio_files(actions)
    kscp = str(Path(sys.executable).with_name("kscp"))
    start = time.perf_counter()
    subprocess.run(
        [
            kscp,
            "check",
            *map(str, files),
            "--as-of",
            AS_OF.isoformat(),
            "--format",
            "json",
            "--method",
            "python",
            "--fail-on",
            "never",
            "--workers",
            str(workers),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        cwd=ROOT,
    )
    seconds = time.perf_counter() - start
    # the largest resident size of any process it ran (the command or a worker), in KiB
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return {"actions": actions, "files": len(files), "workers": workers, "s": seconds, "peak": peak}


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1)]


def measure_session(actions: int, posts: int) -> dict[str, Any]:
    """Post changes to a Session holding one partnership of ``actions`` actions."""
    from kscp_core import Closure, Engine, Meeting, NewDate, ProgressUpdate, Removed
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
    meetings = []
    subgroups = sorted(s.id for s in partnership.subgroups)
    for n in range(SESSION_SLOW_POSTS):
        meeting = Meeting(
            id=f"bench-meeting-{n}", subgroup=subgroups[n % len(subgroups)], held_on=AS_OF
        )
        start = time.perf_counter()
        session.post(meeting)
        meetings.append(time.perf_counter() - start)
        session.post(Removed("meetings", meeting.id))
    dates = []
    for n in range(SESSION_SLOW_POSTS):
        start = time.perf_counter()
        session.post(NewDate(AS_OF + timedelta(days=1 + n % 7)))
        dates.append(time.perf_counter() - start)
        session.post(NewDate(AS_OF))
    return {
        "actions": actions,
        "posts": posts,
        "slow_posts": SESSION_SLOW_POSTS,
        "session_load_s": load_s,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": _percentile(latencies, 0.99) * 1000,
        "meeting_p50_ms": statistics.median(meetings) * 1000,
        "meeting_p99_ms": _percentile(meetings, 0.99) * 1000,
        "date_p50_ms": statistics.median(dates) * 1000,
        "date_p99_ms": _percentile(dates, 0.99) * 1000,
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


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def _verdict(met: bool) -> str:
    return "met" if met else "NOT MET"


def build_rows(
    sizes: list[dict[str, Any]],
    checks: list[dict[str, Any]],
    session: dict[str, Any],
    commands: dict[str, Any],
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The measurements, and the targets each with its ratio and whether it is met."""
    rows: list[tuple[str, str, str]] = []
    targets: list[tuple[str, str, str]] = []
    for s in sizes:
        label = f"{s['actions']:,} actions"
        before = ""
        if "load_before_s" in s:
            before = (
                f"; the careful way through every check, as loading was before: "
                f"{s['records'] / s['load_before_s']:,.0f} records/s"
            )
        rows.append(
            (
                f"load ({label})",
                f"{s['records'] / s['load_s']:,.0f} records/s",
                f"{s['records']:,} records in {s['partnerships']} JSON files, "
                f"{s['load_s']:.1f} s{before}",
            )
        )
    for s in sizes:
        label = f"{s['actions']:,} actions"
        for what, words in (
            ("explained", "every finding's message and explanation read"),
            ("decisions", "findings counted, their words never read (so never written)"),
        ):
            key = f"python_{what}"
            rows.append(
                (
                    f"evaluate, fast path, {what} ({label})",
                    f"{s[f'{key}_s']:.2f} s",
                    f"all rules, {words}; median of {s['runs']} runs; peak "
                    f"{_gb(s[f'{key}_peak'])} for the process, of which the evaluation added "
                    f"{_gb(s[f'{key}_added'])}; {s[f'{key}_findings']:,} findings",
                )
            )
        if "durable_explained_s" in s:
            same = (
                "same findings"
                if s["durable_explained_digest"] == s["python_explained_digest"]
                else "FINDINGS DIFFER"
            )
            rows.append(
                (
                    f"evaluate, durable-rules ({label})",
                    f"{s['durable_explained_s']:.2f} s",
                    f"all rules, explained; one run; peak {_gb(s['durable_explained_peak'])}; "
                    f"{same}; {_ratio(s['durable_explained_s'], s['python_explained_s'])} "
                    "the fast path",
                )
            )
    first, last = sizes[0], sizes[-1]
    if last["actions"] > first["actions"]:
        span = math.log(last["actions"] / first["actions"])
        for key, name in (("python_explained", "fast path"), ("durable_explained", "durable")):
            if f"{key}_s" in first and f"{key}_s" in last:
                exponent = math.log(last[f"{key}_s"] / first[f"{key}_s"]) / span
                rows.append(
                    (
                        f"growth, {name}",
                        f"exponent {exponent:.2f}",
                        f"time ~ actions^k, {first['actions']:,} to {last['actions']:,} actions",
                    )
                )
    for s in sizes:
        label = f"{s['actions']:,} actions"
        rows.append(
            (
                f"escalation rules, hand-written ({label})",
                f"{s['baseline_s']:.2f} s",
                "the three escalation rules in plain Python (benchmarks/baseline.py), "
                f"median of {s['runs']}",
            )
        )
        for what, limit in (("explained", 5.0), ("decisions", 2.0)):
            ratio = s[f"escalation_{what}_s"] / s["baseline_s"]
            agrees = "agree" if s[f"escalation_{what}_agrees"] else "DISAGREE"
            targets.append(
                (
                    f"fast path / hand-written, {what} ({label})",
                    f"{ratio:.2f}x (target at most {limit:g}x: {_verdict(ratio <= limit)})",
                    f"the three escalation rules, {s[f'escalation_{what}_s']:.2f} s against "
                    f"{s['baseline_s']:.2f} s, medians of {s['runs']}, one run; findings {agrees}",
                )
            )
    for s in sizes:
        p = s.get("peers")
        if not p:
            continue
        label = f"{s['actions']:,} actions"
        rows.append(
            (
                f"peers: kscp_core, explained ({label})",
                f"{p['ours_s']:.2f} s",
                "escalation.two_cycles and escalation.drift, every finding's message and "
                "explanation read; the peers below are given these rules' facts, derived by "
                f"kscp_core's projection in {p['facts_s']:.2f} s (counted in their time)",
            )
        )
        rows.append(
            (
                f"peers: plain Python on the facts ({label})",
                f"{p['facts_s'] + p['plain_s']:.2f} s",
                f"the facts, then the two tests as Python ({p['plain_s']:.2f} s); "
                f"answers {'agree' if p['plain_agrees'] else 'DISAGREE'}",
            )
        )
        for peer in p["peers"]:
            if "missing" in peer:
                rows.append((f"peers: {peer['name']} ({label})", "not run", peer["missing"]))
                targets.append(
                    (
                        f"faster than {peer['name']} by 2x ({label})",
                        "not measured",
                        peer["missing"],
                    )
                )
                continue
            total = p["facts_s"] + peer["s"]
            rows.append(
                (
                    f"peers: {peer['name']} ({label})",
                    f"{total:.2f} s",
                    f"the facts, then the rules in it ({peer['s']:.2f} s); bare decisions; "
                    f"answers {'agree' if peer['agrees'] else 'DISAGREE'} with kscp_core's",
                )
            )
            ratio = total / p["ours_s"]
            targets.append(
                (
                    f"{peer['name']} / kscp_core, explained ({label})",
                    f"{ratio:.2f}x (target at least 2x: {_verdict(ratio >= 2)})",
                    f"{total:.2f} s against {p['ours_s']:.2f} s, one run",
                )
            )
        if "ours_durable_s" in p:
            direct = next(
                (x for x in p["peers"] if x["name"].startswith("durable-rules") and "s" in x),
                None,
            )
            if direct is not None:
                ratio = p["ours_durable_s"] / (p["facts_s"] + direct["s"])
                targets.append(
                    (
                        f"durable path / durable-rules used directly ({label})",
                        f"{ratio:.2f}x (target at most 1.3x: {_verdict(ratio <= 1.3)})",
                        f"the two rules on kscp_core's durable path, explained, "
                        f"{p['ours_durable_s']:.2f} s, against the same facts derived and "
                        f"asserted in durable-rules directly, {p['facts_s'] + direct['s']:.2f} s",
                    )
                )
    for c in checks:
        label = f"{c['actions']:,} actions in {c['files']} files"
        rows.append(
            (
                f"kscp check, {c['workers']} workers ({label})",
                f"{c['s']:.1f} s",
                f"load, evaluate, JSON out, whole command; peak {_gb(c['peak'])} in the "
                "largest of its processes",
            )
        )
        if c["actions"] >= 1_000_000:
            met = c["s"] < 30 and c["peak"] < 500 * 2**20
            targets.append(
                (
                    f"kscp check, {c['workers']} workers ({label})",
                    f"{c['s']:.1f} s, {c['peak'] / 2**20:,.0f} MB (target under 30 s and "
                    f"500 MB a process: {_verdict(met)})",
                    "end to end, JSON out",
                )
            )
    for s in sizes:
        if "load_before_s" in s:
            ratio = s["load_before_s"] / s["load_s"]
            targets.append(
                (
                    f"loading, records/s against before ({s['actions']:,} actions)",
                    f"{ratio:.2f}x (target at least 2x: {_verdict(ratio >= 2)})",
                    "the same files loaded both ways in one run; the careful way is every "
                    "check walked with its place and the cycle collector running, as before",
                )
            )
    rows.append(
        (
            f"Session, action posts ({session['actions']:,} actions loaded)",
            f"p50 {session['p50_ms']:.2f} ms, p99 {session['p99_ms']:.2f} ms",
            f"{session['posts']} posts of a changed action (an update, completed, closed); "
            f"loading the Session took {session['session_load_s']:.1f} s",
        )
    )
    rows.append(
        (
            f"Session, meeting posts ({session['actions']:,} actions loaded)",
            f"p50 {session['meeting_p50_ms']:.0f} ms, p99 {session['meeting_p99_ms']:.0f} ms",
            f"{session['slow_posts']} posts of a meeting held on the date",
        )
    )
    rows.append(
        (
            f"Session, new date ({session['actions']:,} actions loaded)",
            f"p50 {session['date_p50_ms']:.0f} ms, p99 {session['date_p99_ms']:.0f} ms",
            f"{session['slow_posts']} moves of the date by one to seven days",
        )
    )
    for name, key, limit in (
        ("action post", "p99_ms", 1.0),
        ("meeting post", "meeting_p99_ms", 50.0),
        ("new date", "date_p99_ms", 50.0),
    ):
        targets.append(
            (
                f"Session, {name}, p99 ({session['actions']:,} actions loaded)",
                f"{session[key]:.2f} ms (target under {limit:g} ms: "
                f"{_verdict(session[key] < limit)})",
                "as measured above",
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
    targets.append(
        (
            "import kscp_core",
            f"{commands['import_s'] * 1000:.0f} ms (target under 300 ms: "
            f"{_verdict(commands['import_s'] < 0.3)})",
            "as measured above",
        )
    )
    targets.append(
        (
            "kscp check (example)",
            f"{commands['check_s']:.2f} s (target under 1 s: {_verdict(commands['check_s'] < 1)})",
            "as measured above",
        )
    )
    return rows, targets


def _markdown(
    rows: list[tuple[str, str, str]],
    targets: list[tuple[str, str, str]],
    machine: str,
    command: str,
) -> str:
    when = datetime.now(UTC).strftime("%Y-%m-%d")
    lines = [
        f"Measured on {when} with `{command}` on: {machine}.",
        "",
        "| what | result | what was measured |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    lines += [
        "",
        "Targets, each ratio measured within one run:",
        "",
        "| target | measured | how |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in targets]
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
@click.option(
    "--peers-up-to",
    type=int,
    default=100_000,
    show_default=True,
    help="Run the peer rule engines, and load the careful way too, up to this many actions.",
)
@click.option("--workers", type=int, default=2, show_default=True, help="Workers for kscp check.")
@click.option("--write/--no-write", default=True, show_default=True, help="Write RESULTS.md.")
@click.pass_context
def main(
    ctx: click.Context,
    sizes: str,
    no_durable_over: int | None,
    repeat: int,
    runs: int,
    peers_up_to: int,
    workers: int,
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
        small = "1" if count <= peers_up_to else "0"
        measured.append(
            _child("size", str(count), "1" if durable else "0", str(runs), small, small)
        )
    checks = []
    for count in counts:
        console.print(f"[dim]{count:,} actions: kscp check with {workers} workers...[/dim]")
        checks.append(_child("check", str(count), str(workers)))
    console.print(f"[dim]Session posts with {SESSION_ACTIONS:,} actions...[/dim]")
    session = _child("session", str(SESSION_ACTIONS), str(SESSION_POSTS))
    console.print("[dim]import time and kscp check...[/dim]")
    commands = _child("commands", str(repeat))
    rows, targets = build_rows(measured, checks, session, commands)
    table = Table("what", "result", "what was measured", title="kscp_core benchmarks")
    for row in rows:
        table.add_row(*row)
    Console().print(table)
    aims = Table("target", "measured", "how", title="targets (ratios within one run)")
    for row in targets:
        aims.add_row(*row)
    Console().print(aims)
    machine = _machine()
    Console().print(f"Machine: {machine}")
    if write:
        command = (
            "make bench"
            if counts == [10000, 100000, 1000000]
            else f"python benchmarks/run.py --sizes {sizes}"
        )
        RESULTS.write_text(_markdown(rows, targets, machine, command))
        Console().print(f"Written to {RESULTS.relative_to(ROOT)}")


@main.command(hidden=True)
@click.argument("what")
@click.argument("args", nargs=-1)
def measure(what: str, args: tuple[str, ...]) -> None:
    """Run one measurement and print it as JSON (used by the harness itself)."""
    if what == "size":
        result = measure_size(
            int(args[0]), args[1] == "1", int(args[2]), args[3] == "1", args[4] == "1"
        )
    elif what == "check":
        result = measure_check(int(args[0]), int(args[1]))
    elif what == "session":
        result = measure_session(int(args[0]), int(args[1]))
    else:
        result = measure_commands(int(args[0]))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
