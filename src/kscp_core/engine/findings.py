"""Findings: what the rules found, who must act, why, and on what authority.

A finding names its rule, the record it is about, who must act, the date it
fell due, the facts and parameter values that made it fire (each test of the
condition with its value), and the clauses it enforces in the framework's own
words. Its id is stable: the same rule about the same record gives the same
id in every evaluation, so a host can track it.
"""

from __future__ import annotations

import json
import string
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs
import orjson

from kscp_core.facts import Fact
from kscp_core.model.agencies import AgencyKind
from kscp_core.model.identifiers import nhs_number_valid, redact_patterns
from kscp_core.model.partnership import Partnership
from kscp_core.model.subgroups import Subgroup, SubgroupRole
from kscp_core.rulebook import Recipient, Rule, RuleBook, Severity, Source
from kscp_core.rulebook.conditions import Explainer, Part, Scalar, render
from kscp_core.rulebook.rules import ParameterType
from kscp_core.rulebook.vocabulary import FACT_KINDS, FactField, FactKind, FieldType
from kscp_core.rulebook.words import percent, plural

__all__ = [
    "SCHEMA_VERSION",
    "Citation",
    "CitedClause",
    "Explanation",
    "Finding",
    "FindingBuilder",
    "ParameterUse",
    "PartsCache",
    "RecipientRef",
    "document_text",
]

#: The version of the JSON form of findings (:meth:`Finding.to_json`).
SCHEMA_VERSION = 1


@attrs.frozen(kw_only=True)
class RecipientRef:
    """Who must act: their role, the record that names them (if any), and how to address them."""

    role: Recipient
    ref: str | None
    label: str


@attrs.frozen(kw_only=True)
class CitedClause:
    """A framework clause a finding enforces, in the framework's words."""

    id: str
    section: str
    quote: str


@attrs.frozen(kw_only=True)
class Citation:
    """The authority for a finding: framework clauses, and other sources."""

    clauses: tuple[CitedClause, ...]
    sources: tuple[Source, ...]


@attrs.frozen(kw_only=True)
class ParameterUse:
    """A parameter's value as used, with its provenance."""

    name: str
    value: Scalar
    since: date
    source: str
    status: str


@attrs.frozen(kw_only=True)
class Explanation:
    """Why a rule fired: the condition, each of its tests with values, and the parameters."""

    condition: str
    parts: tuple[Part, ...]
    parameters: tuple[ParameterUse, ...]
    facts: dict[str, Any]


#: the fields of a finding, in the order they are shown and compared
_FIELDS = (
    "id",
    "rule",
    "title",
    "subject",
    "subject_kind",
    "severity",
    "recipient",
    "message",
    "falls_due",
    "as_of",
    "explanation",
    "citation",
    "deadline",
)


class Finding:
    """One thing the rules found about one record as of a date.

    A value: two findings are equal when every field is, it can be hashed,
    copied and pickled, and it cannot be changed. What the rules decided (the
    rule, the record, the dates, how serious, who must act) is there from the
    start; the message and the explanation, which take most of the work, are
    written the first time either is read (or the finding is serialised,
    compared or pickled), so an evaluation whose findings are only counted or
    filtered never writes them.
    """

    __slots__ = (
        "__weakref__",
        "_explanation",
        "_later",
        "_message",
        "as_of",
        "citation",
        "deadline",
        "falls_due",
        "id",
        "recipient",
        "rule",
        "severity",
        "subject",
        "subject_kind",
        "title",
    )

    id: str
    rule: str
    title: str
    subject: str
    subject_kind: str
    severity: Severity
    recipient: RecipientRef
    #: the date the finding began, from which the duty is unmet (or the advice stands)
    falls_due: date | None
    as_of: date
    citation: Citation
    #: the deadline the duty had, where the rule counts from one (the date the
    #: finding began is often the day after it, or a meeting cycle or two later)
    deadline: date | None
    _message: str | None
    _explanation: Explanation | None
    _later: _Words | None

    def __init__(
        self,
        *,
        id: str,
        rule: str,
        title: str,
        subject: str,
        subject_kind: str,
        severity: Severity,
        recipient: RecipientRef,
        message: str,
        falls_due: date | None,
        as_of: date,
        explanation: Explanation,
        citation: Citation,
        deadline: date | None = None,
    ) -> None:
        self._set(
            id=id,
            rule=rule,
            title=title,
            subject=subject,
            subject_kind=subject_kind,
            severity=severity,
            recipient=recipient,
            falls_due=falls_due,
            as_of=as_of,
            citation=citation,
            deadline=deadline,
            _message=message,
            _explanation=explanation,
            _later=None,
        )

    @classmethod
    def _deferred(cls, later: _Words, **decided: Any) -> Finding:
        """A finding whose message and explanation ``later`` writes, each when first read."""
        finding = cls.__new__(cls)
        finding._set(**decided, _message=None, _explanation=None, _later=later)
        return finding

    def _set(self, **values: Any) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    @property
    def message(self) -> str:
        """What the finding says, in plain words, with the record's values."""
        message = self._message
        return message if message is not None else str(self._write("_message", _Words.message))

    @property
    def explanation(self) -> Explanation:
        """Why the rule fired (its condition, each test with its values, the parameters)."""
        found = self._explanation
        if found is not None:
            return found
        written = self._write("_explanation", _Words.explanation)
        assert isinstance(written, Explanation)
        return written

    def _write(self, slot: str, write: Callable[[_Words], object]) -> object:
        """Write one of the words into its slot; let the writer go once both are written."""
        later = self._later  # read once: another thread may let it go meanwhile
        if later is None:  # another thread has just written both
            return getattr(self, slot)
        value = write(later)
        self._set(**{slot: value})
        if self._message is not None and self._explanation is not None:
            self._set(_later=None)
        return value

    def __setattr__(self, name: str, value: object) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def __delattr__(self, name: str) -> None:
        raise attrs.exceptions.FrozenInstanceError()

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Finding)
        if (self.id, self.falls_due, self.as_of) != (other.id, other.falls_due, other.as_of):
            return False
        return self._values() == other._values()

    def __hash__(self) -> int:
        # what was decided: findings equal in every field are equal in these
        return hash((self.id, self.falls_due, self.as_of, self.deadline, self.severity))

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS)
        return f"Finding({shown})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restored, (self._values(),))

    def to_json(self, *, redact: bool = True) -> dict[str, Any]:
        """The finding as JSON-ready data: the schema of ``kscp check --format json``.

        With ``redact`` (the default, as for ``kscp check --format json``),
        anything shaped like an NHS number or a postcode in its text is blanked
        out, whoever it belongs to; the identifiers of people in the records
        were already cleared when the finding was made.
        """
        return self._json(redact_patterns if redact else _same)

    def _json(self, r: Callable[[str], str]) -> dict[str, Any]:
        numbers = r is not _same  # a number shaped like an NHS number is blanked out too
        # each text passes through ``r`` as it is placed (the texts a rule shares
        # with its other findings are remembered by redact_patterns)
        explanation = self.explanation
        return {
            "id": r(self.id),
            "rule": self.rule,
            "title": r(self.title),
            "subject": {"kind": self.subject_kind, "id": r(self.subject)},
            "severity": self.severity.value,
            "recipient": {
                "role": self.recipient.role.value,
                "ref": None if self.recipient.ref is None else r(self.recipient.ref),
                "label": r(self.recipient.label),
            },
            "message": r(self.message),
            "falls_due": self.falls_due.isoformat() if self.falls_due else None,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "as_of": self.as_of.isoformat(),
            "explanation": {
                "condition": r(explanation.condition),
                "parts": [
                    {"test": r(p.test), "values": _values(p.values, r, numbers), "held": p.held}
                    for p in explanation.parts
                ],
                "parameters": [
                    {
                        "name": u.name,
                        "value": r(u.value) if isinstance(u.value, str) else u.value,
                        "since": u.since.isoformat(),
                        "source": r(u.source),
                        "status": r(u.status),
                    }
                    for u in explanation.parameters
                ],
                "facts": _values(explanation.facts, r, numbers),
            },
            "citation": {
                "clauses": [
                    {"id": c.id, "section": r(c.section), "quote": r(c.quote)}
                    for c in self.citation.clauses
                ],
                "sources": [
                    {"title": r(s.title), "link": None if s.link is None else r(s.link)}
                    for s in self.citation.sources
                ],
            },
        }


def _restored(values: tuple[Any, ...]) -> Finding:
    return Finding(**dict(zip(_FIELDS, values, strict=True)))


def _same(text: str) -> str:
    return text


def _values(values: Mapping[str, Any], r: Callable[[str], str], numbers: bool) -> dict[str, Any]:
    """A copy of a mapping of values, each text (and each text in a list) through ``r``.

    With ``numbers``, a whole number whose digits are a valid NHS number is
    blanked out as well (as text: ``"[NHS number]"``).
    """
    copied: dict[str, Any] = {}
    for name, value in values.items():
        kind = type(value)  # the common kinds first: this runs for every value of every finding
        if kind is str:
            copied[name] = r(value)
        elif kind is bool or kind is float or value is None:
            copied[name] = value
        else:
            copied[name] = _value(value, r, numbers)
    return copied


def _value(value: Any, r: Callable[[str], str], numbers: bool) -> Any:
    if isinstance(value, str):
        return r(value)
    if isinstance(value, list):
        return [_value(item, r, numbers) for item in value]
    if (
        numbers
        and isinstance(value, int)
        and not isinstance(value, bool)
        and 10**9 <= abs(value) < 10**10
        and nhs_number_valid(str(abs(value)))
    ):
        return "[NHS number]"
    return value


def document_text(document: Any) -> str:
    """A JSON document as ``kscp`` writes it: indented by two spaces, text as it is.

    orjson writes it (about twenty times faster than the standard library's
    indented writer, to the same text for findings); what orjson cannot
    write (a whole number past 64 bits) is written by the standard library.
    """
    try:
        return orjson.dumps(document, option=orjson.OPT_INDENT_2).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):
        return json.dumps(document, indent=2, ensure_ascii=False)


_ROLE_OF = {
    Recipient.SE_SUBGROUP: SubgroupRole.SAFEGUARDING_EFFECTIVENESS,
    Recipient.BUSINESS_GROUP: SubgroupRole.BUSINESS_GROUP,
    Recipient.SERIOUS_PRACTICE_REVIEW_SUBGROUP: SubgroupRole.SERIOUS_PRACTICE_REVIEW,
    Recipient.CHILD_DEATH_OVERVIEW_PANEL: SubgroupRole.CHILD_DEATH_OVERVIEW_PANEL,
    Recipient.LEARNING_AND_DEVELOPMENT_SUBGROUP: SubgroupRole.LEARNING_AND_DEVELOPMENT,
}


class FindingBuilder:
    """Builds the findings of one evaluation, working out what they share once.

    The recipients' names, each rule's rendered condition, parameters, citation
    and the words of its tests are the same for every finding of that rule on
    that date; only the fact's values differ.

    ``redact`` blanks out the identifiers of people in the case records from
    any text a finding copies from the records (a title that names a child).
    ``shared`` keeps each rule's parts across evaluations with the same
    parameter values (an Engine passes its own).
    """

    def __init__(
        self,
        rulebook: RuleBook,
        partnership: Partnership,
        as_of: date,
        params: Mapping[str, Scalar],
        redact: Callable[[str], str] | None = None,
        shared: PartsCache | None = None,
    ) -> None:
        self.rulebook = rulebook
        self._shared: PartsCache = {} if shared is None else shared
        self.as_of = as_of
        self.params = params
        self.redact = redact
        shown = redact or str
        # names copied from the records into labels are cleared of identifiers too
        self._subgroups: dict[str, Subgroup] = {
            s.id: attrs.evolve(s, name=shown(s.name)) for s in partnership.subgroups
        }
        self._agencies: dict[str, str] = {a.id: shown(a.name) for a in partnership.agencies}
        authorities = sorted(
            a.id for a in partnership.agencies if a.kind is AgencyKind.LOCAL_AUTHORITY
        )
        self._local_authority = authorities[0] if authorities else None
        # the lowest id, so that the answer never depends on the order of records
        self._by_role: dict[SubgroupRole, Subgroup] = {}
        for subgroup in sorted(self._subgroups.values(), key=lambda s: s.id):
            self._by_role.setdefault(subgroup.role, subgroup)
        self._rules: dict[str, _RuleParts] = {}
        self._param_words: dict[str, Any] = {
            name: percent(float(value))
            if rulebook.parameters[name].type is ParameterType.SHARE
            and isinstance(value, int | float)
            and not isinstance(value, bool)
            else value
            for name, value in params.items()
            if name in rulebook.parameters
        }

    def _word(self, field: FactField | None, value: Any) -> Any:
        """A fact's value as a message shows it: names for ids, words for labels, shares as %."""
        shows = field.shows if field is not None else ""
        if shows == "share" and _is_number(value):
            return percent(value)
        if shows == "agency" and isinstance(value, str):
            return self._agencies.get(value, value)
        if shows == "subgroup" and isinstance(value, str):
            found = self._subgroups.get(value)
            return found.name if found is not None else value
        if shows == "label" and isinstance(value, str):
            return value.replace("_", " ")
        return value

    def _parts(self, rule: Rule, kind: FactKind) -> _RuleParts:
        known = self._rules.get(rule.id)
        if known is not None:
            return known
        uses = []
        for name in rule.parameters:
            value = self.rulebook.parameters[name].value_on(self.as_of)
            uses.append(
                ParameterUse(
                    name=name,
                    value=value.value,
                    since=value.since,
                    source=value.source,
                    status=value.status.value,
                )
            )
        key = (rule.id, tuple(uses))
        made = self._shared.get(key)
        if made is None:
            clauses = self.rulebook.clauses
            made = _RuleParts(
                condition=render(rule.condition, kind.describe, self.params),
                explainer=Explainer(rule.condition, self.params, kind.describe),
                parameters=tuple(uses),
                citation=Citation(
                    clauses=tuple(
                        CitedClause(id=c, section=clauses[c].section, quote=clauses[c].quote)
                        for c in rule.clauses
                    ),
                    sources=rule.sources,
                ),
                # plain names: the RuleBook refuses any other placeholder
                placeholders=frozenset(
                    name for _, name, _, _ in string.Formatter().parse(rule.outcome.message) if name
                ),
            )
            self._shared[key] = made
        self._rules[rule.id] = made
        return made

    def recipient(self, role: Recipient, data: Mapping[str, Any]) -> RecipientRef:
        """Who must act on a finding about a fact with these values."""
        if role is Recipient.PARTNERSHIP_CHAIR:
            return RecipientRef(role=role, ref=None, label="the Partnership Chair")
        if role is Recipient.AGENCY:
            agency = data.get("agency")
            if isinstance(agency, str):
                return RecipientRef(role=role, ref=agency, label=self._agencies.get(agency, agency))
            return RecipientRef(
                role=role,
                ref=None,
                label="the accountable agency (none recorded: record which agency is accountable)",
            )
        if role is Recipient.LOCAL_AUTHORITY:
            la = self._local_authority
            if la is not None:
                return RecipientRef(role=role, ref=la, label=self._agencies[la])
            return RecipientRef(
                role=role,
                ref=None,
                label="the local authority (none recorded: record the local authority among "
                "the partner agencies)",
            )
        if role in (Recipient.SUBGROUP, Recipient.SUBGROUP_CHAIR):
            subgroup = data.get("subgroup")
            if isinstance(subgroup, str) and subgroup in self._subgroups:
                name = self._subgroups[subgroup].name
                label = (
                    f"the chair of the {name}"
                    if role is Recipient.SUBGROUP_CHAIR
                    else f"the {name}"
                )
                return RecipientRef(role=role, ref=subgroup, label=label)
            who = (
                "chair of the accountable subgroup"
                if role is Recipient.SUBGROUP_CHAIR
                else ("accountable subgroup")
            )
            return RecipientRef(
                role=role,
                ref=None,
                label=f"the {who} (none recorded: the Business Group should record which "
                "subgroup is accountable)",
            )
        found = self._by_role.get(_ROLE_OF[role])
        label = role.value.replace("_", " ")
        return RecipientRef(
            role=role,
            ref=found.id if found else None,
            label=f"the {found.name}"
            if found
            else f"the {label} (none recorded: record which subgroup holds this role)",
        )

    def build(self, rule: Rule, fact: Fact, falls_due: date | None) -> Finding:
        """The finding a rule makes about a fact, explained and cited.

        What the rule decided is worked out now; the message and explanation
        when first read.
        """
        kind = FACT_KINDS[fact.kind]
        parts = self._parts(rule, kind)
        return Finding._deferred(
            _Words(self, rule, kind, parts, fact, falls_due),
            id=f"{rule.id}:{fact.subject}",
            rule=rule.id,
            title=rule.title,
            subject=fact.subject,
            subject_kind=kind.subject,
            severity=rule.outcome.severity,
            recipient=self.recipient(rule.outcome.recipient, fact.data),
            falls_due=falls_due,
            as_of=self.as_of,
            citation=parts.citation,
            deadline=_deadline(rule, fact),
        )

    def _message(
        self, rule: Rule, kind: FactKind, parts: _RuleParts, fact: Fact, falls_due: date | None
    ) -> str:
        """A finding's message: only the values it shows are made ready."""
        data, dates, redact = fact.data, kind.date_fields, self.redact
        words = _Template()
        for name in parts.placeholders:
            value = data.get(name, _Template)
            if value is _Template or name == "meetings" or isinstance(value, list):
                continue
            if name in dates and isinstance(value, int):
                value = date.fromordinal(value).isoformat()
            if redact is not None and isinstance(value, str):
                value = redact(value)
            words[name] = self._word(kind.field(name), value)
        words.update(self._param_words)
        words["subject"] = fact.subject
        words["falls_due"] = falls_due.isoformat() if falls_due else "(unknown)"
        return _MESSAGES.vformat(rule.outcome.message, (), words)

    def _explanation(self, kind: FactKind, parts: _RuleParts, fact: Fact) -> Explanation:
        """Why a rule fired on a fact: each test with its values, for people."""
        shown = _display(kind, fact.data)
        if self.redact is not None:
            redact = self.redact
            shown = {k: redact(v) if isinstance(v, str) else v for k, v in shown.items()}
        explained = parts.explainer(fact.data)
        for part in explained:
            for name in part.values:
                if name in shown:
                    part.values[name] = shown[name]
                elif name == "meetings":
                    part.values[name] = _show(kind, name, part.values[name])
        return Explanation(
            condition=parts.condition,
            parts=tuple(explained),
            parameters=parts.parameters,
            facts=shown,
        )


class _Words:
    """What a finding needs to write its message and explanation when they are read."""

    __slots__ = ("builder", "fact", "falls_due", "kind", "parts", "rule")

    def __init__(
        self,
        builder: FindingBuilder,
        rule: Rule,
        kind: FactKind,
        parts: _RuleParts,
        fact: Fact,
        falls_due: date | None,
    ) -> None:
        self.builder = builder
        self.rule = rule
        self.kind = kind
        self.parts = parts
        self.fact = fact
        self.falls_due = falls_due

    def message(self) -> str:
        return self.builder._message(self.rule, self.kind, self.parts, self.fact, self.falls_due)

    def explanation(self) -> Explanation:
        return self.builder._explanation(self.kind, self.parts, self.fact)


@attrs.frozen
class _RuleParts:
    condition: str
    explainer: Explainer
    parameters: tuple[ParameterUse, ...]
    citation: Citation
    #: the names the message fills in
    placeholders: frozenset[str]


#: Each rule's parts of its findings, by the rule and the values of its parameters
#: in use (with their provenance), which an Engine keeps across evaluations.
PartsCache = dict[tuple[str, tuple[ParameterUse, ...]], _RuleParts]


def _show(kind: FactKind, name: str, value: Any) -> Any:
    field = kind.field(name)
    if field is not None and field.type is FieldType.DATE and isinstance(value, int):
        return date.fromordinal(value).isoformat()
    if field is not None and field.type is FieldType.DATES and isinstance(value, list):
        return [date.fromordinal(v).isoformat() for v in value]
    return value


def _display(kind: FactKind, data: Mapping[str, Any]) -> dict[str, Any]:
    """A fact's values for people, dates as dates; not the list of meetings."""
    dates = kind.date_fields
    return {
        name: date.fromordinal(value).isoformat()
        if name in dates and isinstance(value, int)
        else value
        for name, value in data.items()
        if name != "meetings"
    }


class _Template(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "(not recorded)"


def _deadline(rule: Rule, fact: Fact) -> date | None:
    """The due date the rule counts from, when the date field it counts from is one."""
    name = rule.outcome.falls_due.field
    value = fact.data.get(name)
    if isinstance(value, int) and ("due" in name or name.endswith("_by")):
        return date.fromordinal(value)
    return None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


class _MessageFormatter(string.Formatter):
    """Fills a rule's message: ``{name}`` shows a value; ``{count:meeting cycle}`` a count
    with its noun, singular for one ("1 meeting cycle", "3 meeting cycles")."""

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        return kwargs[key] if isinstance(key, str) else args[key]

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec:
            if _is_number(value) and value == 1:
                return f"{value} {format_spec}"
            return f"{value} {plural(format_spec)}"
        return str(value)


_MESSAGES = _MessageFormatter()
