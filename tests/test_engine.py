"""The Engine: isolated, deterministic, loud about failures, quiet about records no rule matches."""

from __future__ import annotations

import gc
import os
import pickle
import random
import sys
import weakref
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import kscp_core
from kscp_core import Finding, Partnership
from kscp_core.cli import main
from kscp_core.engine import Engine, evaluate
from kscp_core.engine.backend import durable_unavailable
from kscp_core.engine.run import Run
from kscp_core.errors import DurableUnavailableError, RuleActionError, RuleBookError, UsageError
from kscp_core.rulebook import RuleBook
from kscp_core.testing.strategies import partnerships

AS_OF = date(2025, 11, 14)
BOOK = RuleBook.load()
ENGINE = Engine(BOOK)


def overlay(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "overlay"
    folder.mkdir(exist_ok=True)
    (folder / "local.yaml").write_text(text, encoding="utf-8")
    return folder


def test_the_example_gives_the_findings_it_was_written_for(example: Partnership) -> None:
    found = {
        (f.rule, f.subject) for f in ENGINE.evaluate(example, AS_OF) if f.subject_kind == "actions"
    }
    titles = {a.id: a.title for a in example.actions}
    by_title = {(rule, titles[subject]) for rule, subject in found}
    assert (
        "escalation.two_cycles",
        "Scenario: overdue through two meeting cycles, updated each time",
    ) in by_title
    assert (
        "escalation.partnership_chair",
        "Scenario: overdue and drifting, on to the Partnership Chair",
    ) in by_title
    assert (
        "escalation.drift",
        "Scenario: not yet due but drifting, no update since raised",
    ) in by_title
    assert ("actions.closure_unexplained", "Scenario: closed without recording why") in by_title
    assert not any(
        rule.startswith("escalation") and title == "Scenario: overdue through one meeting cycle"
        for rule, title in by_title
    )


def test_findings_explain_themselves_and_cite_the_framework(example: Partnership) -> None:
    finding = next(f for f in ENGINE.evaluate(example, AS_OF) if f.rule == "escalation.two_cycles")
    assert finding.id == f"escalation.two_cycles:{finding.subject}"
    assert finding.citation.clauses[0].id == "DI-5"
    assert "two meeting cycles" in finding.citation.clauses[0].quote
    assert all(part.held for part in finding.explanation.parts)
    assert [u.name for u in finding.explanation.parameters] == [
        "cycle_fallback_days",
        "escalation_cycles",
    ]
    assert finding.recipient.role.value == "subgroup_chair"
    assert finding.falls_due is not None
    assert finding.falls_due <= AS_OF


def test_a_finding_is_a_value_whose_words_are_written_once_when_read(
    example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kscp_core.engine.findings import FindingBuilder

    written: list[str] = []
    say, explain = FindingBuilder._message, FindingBuilder._explanation

    def said(self: FindingBuilder, rule: Any, *rest: Any) -> Any:
        written.append(f"message of {rule.id}")
        return say(self, rule, *rest)

    def explained(self: FindingBuilder, kind: Any, parts: Any, fact: Any) -> Any:
        written.append(f"explanation about {fact.subject}")
        return explain(self, kind, parts, fact)

    monkeypatch.setattr(FindingBuilder, "_message", said)
    monkeypatch.setattr(FindingBuilder, "_explanation", explained)
    findings = Engine(BOOK).evaluate(example, AS_OF)
    # deciding, sorting, filtering and hashing need no words
    chosen = {f for f in findings if f.rule.startswith("escalation.")}
    assert chosen
    assert not written
    finding = next(iter(chosen))
    assert finding.message == finding.message
    assert written == [f"message of {finding.rule}"]
    assert finding.explanation.parts
    assert finding.explanation.parts
    assert written == [f"message of {finding.rule}", f"explanation about {finding.subject}"]
    # a value: equal to a copy made by pickling, hashable, frozen
    again = pickle.loads(pickle.dumps(finding))
    assert again == finding
    assert hash(again) == hash(finding)
    unread = next(f for f in findings if f not in chosen)
    assert pickle.loads(pickle.dumps(unread)).to_json() == unread.to_json()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        finding.message = "changed"  # type: ignore[misc]
    assert weakref.ref(finding)() is finding
    fields = ("id", "rule", "title", "subject", "subject_kind", "severity", "recipient")
    fields += ("falls_due", "as_of", "explanation", "citation", "deadline")
    told_otherwise = Finding(
        **{name: getattr(finding, name) for name in fields}, message="told otherwise"
    )
    assert told_otherwise != finding


def test_one_path_is_not_a_portfolio() -> None:
    with pytest.raises(UsageError, match="not one path"):
        list(ENGINE.evaluate_many("examples/ashvale.yaml", AS_OF))  # type: ignore[arg-type]


def test_two_engines_with_different_rulebooks_stay_isolated(
    example: Partnership, tmp_path: Path
) -> None:
    stricter = Engine(
        RuleBook.load(
            overlay=overlay(
                tmp_path,
                """
parameters:
  escalation_cycles:
    values:
      - value: 1
        from: "2025-01-01"
        source: "local choice: escalate after one cycle"
        status: local choice
""",
            )
        )
    )
    default_first = {f.id for f in ENGINE.evaluate(example, AS_OF)}
    strict = {f.id for f in stricter.evaluate(example, AS_OF)}
    default_again = {f.id for f in ENGINE.evaluate(example, AS_OF)}
    assert default_first == default_again
    assert "escalation.two_cycles:A-100" in strict - default_first


def test_an_engine_forgets_one_partnership_before_the_next(example: Partnership) -> None:
    smaller = attrs.evolve(example, actions=example.actions[:5], audits=())
    ENGINE.evaluate(example, AS_OF)
    assert ENGINE.evaluate(smaller, AS_OF) == Engine(BOOK).evaluate(smaller, AS_OF)


def test_records_that_no_rule_matches_are_not_errors(example: Partnership) -> None:
    done = tuple(attrs.evolve(a, completed_on=a.raised_on, closure=None) for a in example.actions)
    # the partnership's own standing duties, met: its Annual Report, hearing young people,
    # and a wide enough offer of multi-agency courses
    report = kscp_core.AnnualReport(
        id=kscp_core.AnnualReportId("ar"),
        period_end=date(2025, 3, 31),
        published_on=date(2025, 9, 1),
        sections=tuple(kscp_core.AnnualReportSection),
    )
    heard = tuple(
        kscp_core.Consultation(
            id=kscp_core.ConsultationId(f"cy-{n}"),
            by=by,
            method=method,
            held_on=date(2025, 10, 1),
            topic="Feeling safe",
            feedback_to_partnership_on=date(2025, 10, 20),
            changes=("A change",),
        )
        for n, (by, method) in enumerate(
            [
                (c, kscp_core.ConsultationMethod.SURVEY)
                for c in kscp_core.Consulter
                if c.value != "agency"
            ]
            + [
                (kscp_core.Consulter.PARTNERSHIP, kscp_core.ConsultationMethod.HEARING),
                (kscp_core.Consulter.PARTNERSHIP, kscp_core.ConsultationMethod.GROUP_PRESENTATION),
            ]
        )
    )
    offer = tuple(
        kscp_core.Course(
            id=kscp_core.CourseId(f"c{n}"),
            title="Course",
            multi_agency=True,
            delivered_on=date(2025, 10, 1 + n),
            feedback_responses=10,
        )
        for n in range(6)
    )
    quiet = Partnership(
        name="Only completed actions",
        chair=example.chair,
        actions=done,
        audit_programmes=example.audit_programmes,
        advocacy_services=example.advocacy_services,
        annual_reports=(report,),
        consultations=heard,
        courses=offer,
    )
    assert [(f.rule, f.subject) for f in ENGINE.evaluate(quiet, AS_OF)] == []


@pytest.mark.durable
def test_an_error_inside_a_rule_action_reaches_the_caller_naming_the_rule(
    example: Partnership, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = Engine(BOOK)
    original = Run.matched

    def failing(self: Run, index: int, fact: object) -> object:
        if self.rules[index].id == "escalation.drift":
            raise ValueError("boom")
        return original(self, index, fact)  # type: ignore[arg-type]

    monkeypatch.setattr(Run, "matched", failing)
    with pytest.raises(RuleActionError, match=r"rule escalation\.drift: .*ValueError: boom"):
        engine.evaluate(example, AS_OF)
    monkeypatch.undo()
    assert engine.evaluate(example, AS_OF) == ENGINE.evaluate(example, AS_OF)


def test_a_switched_off_rule_finds_nothing(example: Partnership, tmp_path: Path) -> None:
    book = RuleBook.load(
        overlay=overlay(
            tmp_path,
            """
switch_off:
  - {rule: actions.overdue, reason: "The subgroup chairs follow overdue actions at each meeting"}
""",
        )
    )
    assert book.rule("actions.overdue").switched_off
    assert not [f for f in Engine(book).evaluate(example, AS_OF) if f.rule == "actions.overdue"]


def test_an_unknown_method_is_refused(example: Partnership) -> None:
    with pytest.raises(UsageError, match="method"):
        ENGINE.evaluate(example, AS_OF, method="fast")  # type: ignore[arg-type]


def test_evaluations_free_their_engine_sessions(example: Partnership) -> None:
    small = attrs.evolve(example, actions=example.actions[:3])
    engine = Engine(BOOK)
    for _ in range(1100):  # more than the engine's 1024 live sessions, one after another
        engine.evaluate(small, AS_OF)


def test_the_module_level_evaluate_reuses_one_engine(example: Partnership) -> None:
    assert evaluate(example, AS_OF) == ENGINE.evaluate(example, AS_OF)


def _shuffled(p: Partnership, seed: int) -> Partnership:
    rng = random.Random(seed)
    changes = {}
    for field in attrs.fields(Partnership):
        value = getattr(p, field.name)
        if isinstance(value, tuple):
            items = list(value)
            rng.shuffle(items)
            changes[field.name] = tuple(items)
    return attrs.evolve(p, **changes)


@settings(max_examples=10)
@given(seed=st.integers(0, 10_000))
def test_findings_do_not_depend_on_the_order_of_records(example: Partnership, seed: int) -> None:
    assert ENGINE.evaluate(_shuffled(example, seed), AS_OF) == ENGINE.evaluate(example, AS_OF)


@given(partnership=partnerships(), as_of=st.dates(date(2024, 4, 1), date(2026, 6, 30)))
def test_durable_rules_and_python_give_the_same_findings(
    partnership: Partnership, as_of: date
) -> None:
    assert ENGINE.evaluate(partnership, as_of, method="python") == ENGINE.evaluate(
        partnership, as_of
    )


# -- where durable-rules cannot be imported (Python 3.13 and later) ------------------------


@pytest.fixture
def no_durable_rules(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """As on an interpreter where durable-rules is not installed: its import fails."""
    import kscp_core.engine as engine_package

    for name in ("durable", "durable.engine", "durable.lang"):
        monkeypatch.setitem(sys.modules, name, None)  # None in sys.modules: ImportError
    for name in ("durable", "_durable"):
        monkeypatch.delitem(sys.modules, f"kscp_core.engine.{name}", raising=False)
        monkeypatch.delattr(engine_package, name, raising=False)
    durable_unavailable.cache_clear()
    yield
    durable_unavailable.cache_clear()


@pytest.fixture
def durable_findings(example: Partnership) -> list[Finding]:
    """The example's findings before durable-rules is taken away (on it, where it runs)."""
    return ENGINE.evaluate(example, AS_OF)


def test_without_durable_rules_the_python_path_gives_the_same_findings(
    example: Partnership, durable_findings: list[Finding], no_durable_rules: None
) -> None:
    expected = durable_findings
    reason = durable_unavailable()
    assert reason is not None
    assert "3.11 and 3.12" in reason
    engine = Engine(BOOK)
    assert engine.evaluate(example, AS_OF) == expected  # auto takes the Python path
    with engine.session(example, AS_OF) as session:
        assert session.findings == expected
        target = next(a for a in example.actions if a.state(AS_OF).value == "open")
        session.post(attrs.evolve(target, completed_on=AS_OF))
        assert session.findings == engine.evaluate(session.partnership, AS_OF, method="python")


@pytest.mark.usefixtures("no_durable_rules")
def test_without_durable_rules_asking_for_it_says_why(
    example: Partnership, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(DurableUnavailableError, match="durable-rules cannot be used on Python"):
        Engine(BOOK).evaluate(example, AS_OF, method="durable")
    file = str(Path(__file__).parent.parent / "examples" / "ashvale.yaml")
    assert main(["check", file, "--as-of", "2025-11-14", "--method", "durable"]) == 2
    assert "durable-rules cannot be used on Python" in capsys.readouterr().err


def _resident_mib() -> float:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


@pytest.mark.durable
def test_engines_free_their_rules_when_closed_or_collected(example: Partnership) -> None:
    # each Engine's rules in durable-rules took about 0.7 MB for the life of the process
    for _ in range(10):  # warm up the allocator
        Engine(BOOK).evaluate(example, AS_OF, method="durable")
    gc.collect()
    before = _resident_mib()
    for n in range(150):
        if n % 2:
            with Engine(BOOK) as engine:
                engine.evaluate(example, AS_OF, method="durable")
        else:
            Engine(BOOK).evaluate(example, AS_OF, method="durable")
            evaluate(example, AS_OF, BOOK, method="durable")  # one engine per RuleBook, reused
    gc.collect()
    assert _resident_mib() - before < 40  # it was about 110 MB


@pytest.mark.durable
def test_a_condition_durable_rules_cannot_run_is_refused_for_both_paths(tmp_path: Path) -> None:
    nested = "open"
    for depth in range(20):
        nested = f"days_past_due > {depth} {'or' if depth % 2 else 'and'} ({nested})"
    book = RuleBook.load(
        overlay=overlay(
            tmp_path,
            f"""
rules:
  - id: local.deep
    title: A deep condition
    statement: Nested twenty deep.
    sources: {{clauses: [DI-1]}}
    applies_to: action
    condition: "{nested}"
    outcome: {{severity: advice, recipient: business_group, message: "x", falls_due: due_on}}
    examples:
      - {{name: none, as_of: "2025-01-01", expect: []}}
""",
        )
    )
    with pytest.raises(RuleBookError, match="cannot run this condition") as raised:
        Engine(book)
    assert raised.value.rule == "local.deep"
    assert raised.value.source.endswith("local.yaml")


# texts the two paths could read differently: quotes, backslashes and line
# breaks (the engine compares escaped JSON), and texts past 65,535 characters
# (the engine keeps a text's length in 16 bits)
_awkward_texts = st.sampled_from(
    ["ag0", 'ag"0', "ag\\0", "ag0\n", "ag0\r\n", "a\tg0", "ag0 ", "\u2063text-sha256:"]
) | st.sampled_from(["ag0", "x"]).map(lambda start: start + "y" * 65_536)
_TEXT_RULES = """
rules:
  - id: local.title_is_agency
    title: An action titled with its agency's id
    statement: Fires when the title equals the agency id.
    sources: {clauses: [DI-1]}
    applies_to: action
    condition: title == agency
    examples: [{name: none, as_of: '2025-01-01', expect: []}]
    outcome: {severity: advice, recipient: agency, message: m, falls_due: raised_on}
  - id: local.title_is_not_subgroup
    title: An action titled otherwise than its subgroup's id
    statement: Fires when the title differs from the subgroup id.
    sources: {clauses: [DI-1]}
    applies_to: action
    condition: present(subgroup) and title != subgroup
    examples: [{name: none, as_of: '2025-01-01', expect: []}]
    outcome: {severity: advice, recipient: agency, message: m, falls_due: raised_on}
"""


@pytest.mark.durable
@settings(max_examples=30)
@given(
    partnership=partnerships(agencies=(1, 1), actions=(1, 4)),
    titles=st.lists(_awkward_texts, min_size=4, max_size=4),
)
def test_both_paths_agree_on_texts_with_quotes_line_breaks_and_great_length(
    tmp_path_factory: pytest.TempPathFactory, partnership: Partnership, titles: list[str]
) -> None:
    folder = tmp_path_factory.mktemp("overlay")
    (folder / "local.yaml").write_text(_TEXT_RULES, encoding="utf-8")
    engine = Engine(RuleBook.load(overlay=folder))
    actions = tuple(
        attrs.evolve(action, title=title, agency="ag0")
        for action, title in zip(partnership.actions, titles, strict=False)
    )
    records = attrs.evolve(partnership, actions=actions)
    with engine:
        assert engine.evaluate(records, AS_OF, method="durable") == engine.evaluate(
            records, AS_OF, method="python"
        )


def test_a_late_notification_is_the_local_authoritys_to_answer(example: Partnership) -> None:
    """The duty to notify the Panel is the local authority's (GOV.UK), so the finding is too."""
    authority = min(a.id for a in example.agencies if a.kind.value == "local_authority")
    late = [f for f in ENGINE.evaluate(example, AS_OF) if f.rule == "reviews.notification_overdue"]
    assert late
    assert {(f.recipient.role.value, f.recipient.ref) for f in late} == {
        ("local_authority", authority)
    }
