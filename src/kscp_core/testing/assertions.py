"""Assertions for a host's pytest suite, with failures a policy officer can read."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from kscp_core.engine import Engine
from kscp_core.engine.evaluation import shared_engine
from kscp_core.errors import UsageError
from kscp_core.model.partnership import Partnership
from kscp_core.rulebook import RuleBook
from kscp_core.testing.scenarios import Expectation, unmeetable

__all__ = ["assert_findings"]


def _expectation(item: str | tuple[str, str | None]) -> Expectation:
    if isinstance(item, tuple):
        if len(item) not in (1, 2) or not all(isinstance(part, str | None) for part in item):
            raise UsageError(f"expected (rule, subject) or (rule,), got {item!r}")
        return Expectation(rule=str(item[0]), subject=item[1] if len(item) == 2 else None)
    if not isinstance(item, str):
        raise UsageError(f"expected 'rule:subject', (rule, subject) or a rule id, got {item!r}")
    rule, _, subject = item.partition(":")
    return Expectation(rule=rule, subject=subject or None)


_OVERLAY_ENGINES: dict[str, Engine] = {}


def _engine_for(rulebook: RuleBook | None, overlay: str | Path | None) -> Engine:
    if rulebook is not None and overlay is not None:
        raise UsageError("give a rulebook or an overlay, not both")
    if overlay is None:
        return shared_engine(rulebook)
    key = str(Path(overlay).resolve())
    if key not in _OVERLAY_ENGINES:
        _OVERLAY_ENGINES[key] = Engine(RuleBook.load(overlay=overlay))
    return _OVERLAY_ENGINES[key]


def assert_findings(
    partnership: Partnership,
    as_of: date,
    *,
    includes: Iterable[str | tuple[str, str | None]] = (),
    excludes: Iterable[str | tuple[str, str | None]] = (),
    rulebook: RuleBook | None = None,
    overlay: str | Path | None = None,
    engine: Engine | None = None,
) -> None:
    """Assert which findings the rules make about the records as of a date.

    ``includes`` and ``excludes`` name findings as ``"rule:subject"``,
    ``("rule", "subject")``, or a rule id alone for any record. The rules are
    the packaged ones, or an ``engine``'s, a ``rulebook``'s or an
    ``overlay``'s; engines are made once and kept.

    Raises:
        AssertionError: listing each expected finding not found and each
            unwanted finding found, in words, with the findings there were.
        UnknownRuleError: a rule id the rules do not have (a typo would
            otherwise make the assertion check nothing).
        UsageError: a subject no record has, on that date.
    """
    __tracebackhide__ = True  # a failure points at the caller's line, not the library's
    engine = engine or _engine_for(rulebook, overlay)
    wanted_all = [_expectation(i) for i in includes]
    unwanted_all = [_expectation(i) for i in excludes]
    for _, error in unmeetable(engine, partnership, as_of, [*wanted_all, *unwanted_all]):
        raise error
    findings = engine.evaluate(partnership, as_of)
    problems = []
    for wanted in wanted_all:
        if not any(wanted.matches(f) for f in findings):
            about = sorted({f.rule for f in findings if f.subject == wanted.subject})
            also = f" (found about {wanted.subject}: {', '.join(about)})" if about else ""
            problems.append(f"expected {wanted} as of {as_of}, but the rules did not find it{also}")
    for unwanted in unwanted_all:
        problems += [
            f"expected no {unwanted} as of {as_of}, but found: {f.message}"
            for f in findings
            if unwanted.matches(f)
        ]
    if problems:
        raise AssertionError("\n".join(problems))
