"""The Partnership: every record a safeguarding children partnership keeps."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, get_args

import attrs

from kscp_core.errors import Problem, UsageError
from kscp_core.model.actions import Action
from kscp_core.model.agencies import Agency, PartnershipChair
from kscp_core.model.assurance import Concern, PracticeExample, Request
from kscp_core.model.audits import Audit, AuditProgramme, ChallengeEvent
from kscp_core.model.child_deaths import CdopEvaluation, ChildDeath
from kscp_core.model.identifiers import Redactor
from kscp_core.model.incidents import SeriousIncident
from kscp_core.model.learning import Dissemination, LearningActivity, Priority
from kscp_core.model.meetings import ForwardPlanEntry, Meeting
from kscp_core.model.people import Person, is_personal
from kscp_core.model.performance import Indicator, PerformanceReturn
from kscp_core.model.publication import CourtOrder, LearningOutput
from kscp_core.model.reports import AnnualReport, QuarterlyReport
from kscp_core.model.reviews import CaseReview, RapidReview
from kscp_core.model.subgroups import Subgroup
from kscp_core.model.training import (
    Course,
    FeedbackReview,
    TrainingNeed,
    TrainingStrategy,
    WorkforceReturn,
)
from kscp_core.model.voice import AdvocacyService, Consultation
from kscp_core.model.working_days import EARLIEST_DATE, LATEST_DATE

__all__ = [
    "COLLECTIONS",
    "Partnership",
    "date_problems",
    "identifying_ids",
    "record_count",
    "record_ids",
    "record_reference_problems",
    "record_references",
    "reference_problems",
    "referring_records",
]


@attrs.frozen(kw_only=True)
class Partnership:
    """All the records of one safeguarding children partnership.

    Build it in code, or load it with :func:`kscp_core.io.records.load`; either way
    :func:`reference_problems` says whether every id it mentions exists.
    """

    name: str
    chair: PartnershipChair
    agencies: tuple[Agency, ...] = ()
    subgroups: tuple[Subgroup, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    forward_plan: tuple[ForwardPlanEntry, ...] = ()
    actions: tuple[Action, ...] = ()
    quarterly_reports: tuple[QuarterlyReport, ...] = ()
    audits: tuple[Audit, ...] = ()
    audit_programmes: tuple[AuditProgramme, ...] = ()
    challenge_events: tuple[ChallengeEvent, ...] = ()
    people: tuple[Person, ...] = ()
    incidents: tuple[SeriousIncident, ...] = ()
    rapid_reviews: tuple[RapidReview, ...] = ()
    reviews: tuple[CaseReview, ...] = ()
    child_deaths: tuple[ChildDeath, ...] = ()
    learning_outputs: tuple[LearningOutput, ...] = ()
    court_orders: tuple[CourtOrder, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    performance_returns: tuple[PerformanceReturn, ...] = ()
    training_strategy: TrainingStrategy | None = None
    courses: tuple[Course, ...] = ()
    workforce_returns: tuple[WorkforceReturn, ...] = ()
    advocacy_services: tuple[AdvocacyService, ...] = ()
    priorities: tuple[Priority, ...] = ()
    learning_activities: tuple[LearningActivity, ...] = ()
    disseminations: tuple[Dissemination, ...] = ()
    requests: tuple[Request, ...] = ()
    concerns: tuple[Concern, ...] = ()
    practice_examples: tuple[PracticeExample, ...] = ()
    annual_reports: tuple[AnnualReport, ...] = ()
    training_needs: tuple[TrainingNeed, ...] = ()
    feedback_reviews: tuple[FeedbackReview, ...] = ()
    cdop_evaluations: tuple[CdopEvaluation, ...] = ()
    consultations: tuple[Consultation, ...] = ()

    def by_id(self, collection: str) -> dict[str, Any]:
        """The records of a collection by id (``recommendations`` too), for a host to keep.

        Raises:
            UsageError: there is no such collection.

        >>> from kscp_core.model.agencies import Agency, AgencyKind
        >>> p = Partnership(name="P", chair=PartnershipChair(name="C"),
        ...     agencies=(Agency(id="police", name="Police", kind=AgencyKind.POLICE),))
        >>> p.by_id("agencies")["police"].name
        'Police'
        """
        if collection == "recommendations":
            return {rec.id: rec for review in self.reviews for rec in review.recommendations}
        if collection not in COLLECTIONS:
            raise UsageError(
                f"no collection {collection!r} in a partnership; one of: "
                + ", ".join(sorted(COLLECTIONS))
            )
        return {r.id: r for r in getattr(self, collection)}

    def get(self, collection: str, record_id: str) -> Any | None:
        """One record by collection and id, or None (a scan: keep :meth:`by_id` for many).

        Raises:
            UsageError: there is no such collection.
        """
        return self.by_id(collection).get(record_id)


def _collections() -> dict[str, type]:
    attrs.resolve_types(Partnership)
    found: dict[str, type] = {}
    for field in attrs.fields(Partnership):
        args = get_args(field.type)
        if args and args[-1] is Ellipsis:
            found[field.name] = args[0]
    return found


#: Every collection of records a partnership holds (each a tuple of one type of
#: record), by name, in the order of the fields.
COLLECTIONS: dict[str, type] = _collections()


def record_count(partnership: Partnership) -> int:
    """How many records a partnership holds, all collections together."""
    return sum(len(getattr(partnership, name)) for name in COLLECTIONS)


# (collection, path to an id inside each record, collections the id may name)
_REFERENCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("subgroups", "chair_agency", ("agencies",)),
    ("subgroups", "members[]", ("agencies",)),
    ("meetings", "subgroup", ("subgroups",)),
    ("meetings", "present[]", ("agencies",)),
    ("meetings", "considered_actions[]", ("actions",)),
    ("meetings", "considered_audits[]", ("audits",)),
    ("meetings", "considered_reports[]", ("quarterly_reports",)),
    ("forward_plan", "subgroup", ("subgroups",)),
    ("forward_plan", "report", ("quarterly_reports",)),
    ("actions", "agency", ("agencies",)),
    ("actions", "subgroup", ("subgroups",)),
    ("quarterly_reports", "subgroup", ("subgroups",)),
    ("quarterly_reports", "actions_covered[]", ("actions",)),
    ("audits", "agencies[]", ("agencies",)),
    ("audits", "agency_issues[].agency", ("agencies",)),
    ("challenge_events", "agencies[]", ("agencies",)),
    ("people", "cases[]", ("incidents",)),
    ("incidents", "child", ("people",)),
    ("incidents", "agencies_involved[]", ("agencies",)),
    ("rapid_reviews", "incident", ("incidents",)),
    ("reviews", "incident", ("incidents",)),
    ("reviews", "lead_reviewer.agency", ("agencies",)),
    ("reviews", "agencies_under_review[]", ("agencies",)),
    ("reviews", "practitioners_invited[]", ("agencies",)),
    ("reviews", "recommendations[].actions[]", ("actions",)),
    ("child_deaths", "child", ("people",)),
    ("child_deaths", "incident", ("incidents",)),
    ("child_deaths", "lessons_output", ("learning_outputs",)),
    ("learning_outputs", "case", ("incidents",)),
    ("learning_outputs", "review", ("reviews",)),
    ("learning_outputs", "audit", ("audits",)),
    ("court_orders", "case", ("incidents",)),
    ("performance_returns", "agency", ("agencies",)),
    ("courses", "lessons_from[]", ("reviews", "audits")),
    ("workforce_returns", "agency", ("agencies",)),
    ("courses", "agencies_attending[]", ("agencies",)),
    ("courses", "trainers_from[]", ("agencies",)),
    ("audits", "practitioners_involved[]", ("agencies",)),
    ("learning_activities", "lead", ("subgroups",)),
    ("learning_activities", "priorities[]", ("priorities",)),
    (
        "disseminations",
        "learning",
        ("audits", "reviews", "child_deaths", "cdop_evaluations", "practice_examples"),
    ),
    ("disseminations", "subgroups[]", ("subgroups",)),
    ("disseminations", "agencies[]", ("agencies",)),
    ("requests", "agency", ("agencies",)),
    ("requests", "about", ("reviews", "audits", "actions")),
    ("concerns", "agency", ("agencies",)),
    ("practice_examples", "agency", ("agencies",)),
    ("training_needs", "planned_in[]", ("courses",)),
    ("feedback_reviews", "courses[]", ("courses",)),
    ("cdop_evaluations", "deaths[]", ("child_deaths",)),
    ("cdop_evaluations", "actions[]", ("actions",)),
    ("consultations", "agency", ("agencies",)),
)

_ID_COLLECTIONS = sorted({target for _, _, targets in _REFERENCES for target in targets})


def _walk(value: Any, steps: list[str], path: str) -> Iterator[tuple[str, Any]]:
    """Yield (path, value) for every id a dotted path with ``[]`` steps reaches."""
    if value is None:
        return
    if not steps:
        if isinstance(value, str):
            yield path, value
        return
    step, rest = steps[0], steps[1:]
    many = step.endswith("[]")
    name = step.removesuffix("[]")
    inner = value.get(name) if isinstance(value, dict) else getattr(value, name, None)
    if inner is None:
        return
    if many:
        if not isinstance(inner, list | tuple):
            return
        for index, item in enumerate(inner):
            yield from _walk(item, rest, f"{path}.{name}[{index}]")
    else:
        yield from _walk(inner, rest, f"{path}.{name}")


def _records(data: Any, collection: str) -> list[Any]:
    """The records of a collection, in plain data or in records; none in anything else."""
    records = data.get(collection) if isinstance(data, dict) else getattr(data, collection, None)
    return list(records) if isinstance(records, list | tuple) else []


def _record_id(record: Any) -> str | None:
    value = record.get("id") if isinstance(record, dict) else getattr(record, "id", None)
    return value if isinstance(value, str) else None


def date_problems(value: Any, path: str = "", *, personal: bool = False) -> list[Problem]:
    """Every date in a record (or a partnership) outside the dates kscp_core works with.

    >>> from datetime import date
    >>> from kscp_core.model.agencies import PartnershipChair
    >>> [str(p) for p in date_problems(PartnershipChair(name="C"))]
    []
    """
    if isinstance(value, date):
        if EARLIEST_DATE <= value <= LATEST_DATE:
            return []
        message = (
            f"a date from {EARLIEST_DATE.isoformat()} to {LATEST_DATE.isoformat()} is expected"
        )
        shown = " (the value is not shown: it is personal data)" if personal else f", got {value}"
        return [Problem(path=path, message=message + shown)]
    if isinstance(value, tuple):
        return [
            p
            for i, item in enumerate(value)
            for p in date_problems(item, f"{path}[{i}]", personal=personal)
        ]
    if attrs.has(type(value)):
        found: list[Problem] = []
        for field in attrs.fields(type(value)):
            where = f"{path}.{field.name}" if path else field.name
            found += date_problems(
                getattr(value, field.name), where, personal=personal or is_personal(field)
            )
        return found
    return []


def identifying_ids(
    partnership: Partnership,
    records: Iterable[Any] | None = None,
    *,
    redactor: Redactor | None = None,
) -> list[Problem]:
    """Every record id that names a person in the records (an id shows in every output).

    With ``records``, only those records' ids are looked at (a Session's posted
    records); ``redactor`` is the records' own, when the caller keeps one.
    """
    if not partnership.people:
        return []
    redactor = redactor or Redactor(partnership.people)
    problems: list[Problem] = []
    if records is not None:
        found = [(type(r).__name__.lower(), r) for r in records]
    else:
        found = [
            (f"{name}[{i}]", record)
            for name in COLLECTIONS
            if name != "people"
            for i, record in enumerate(getattr(partnership, name))
        ]
    for where, record in found:
        record_id = getattr(record, "id", None)
        if isinstance(record_id, str):
            kinds = sorted({hit.kind for hit in redactor.hits(record_id)})
            if kinds:
                problems.append(
                    Problem(
                        path=f"{where}.id",
                        message=f"the id holds a {' and '.join(kinds)} of a person in the "
                        "records; ids are shown wherever findings go: choose another",
                    )
                )
    return problems


def _unique_ids(records: Iterator[tuple[str, Any]], problems: list[Problem]) -> set[str]:
    """The ids of these records; a duplicate, or an id with '/' in it, is a problem."""
    seen: dict[str, str] = {}
    for where, record in records:
        record_id = _record_id(record)
        if record_id is None:
            continue
        if "/" in record_id:
            # ids are joined with '/' to name what a finding is about (subgroup/agency)
            problems.append(Problem(path=f"{where}.id", message="an id may not contain '/'"))
        if record_id in seen:
            problems.append(
                Problem(
                    path=f"{where}.id",
                    message=f"duplicate id {record_id!r} (also {seen[record_id]})",
                )
            )
        else:
            seen[record_id] = where
    return set(seen)


def reference_problems(partnership: Partnership | dict[str, Any]) -> list[Problem]:
    """Every duplicate id and every id that names no record, with both ends named.

    Works on a :class:`Partnership` or on the plain data it is loaded from (so
    a file with other errors still has its references checked).

    >>> from kscp_core.model.agencies import PartnershipChair
    >>> from kscp_core.model.subgroups import Subgroup, SubgroupId, SubgroupRole
    >>> from kscp_core.model.agencies import AgencyId
    >>> p = Partnership(name="P", chair=PartnershipChair(name="C"),
    ...     subgroups=(Subgroup(id=SubgroupId("se"), name="SE", role=SubgroupRole.OTHER,
    ...                         chair="X", members=(AgencyId("police"),)),))
    >>> [str(x) for x in reference_problems(p)]
    ["subgroups[0].members[0]: 'police' is not the id of any agencies record"]
    """
    problems: list[Problem] = []
    known: dict[str, set[str]] = {}
    for collection in COLLECTIONS:
        known[collection] = _unique_ids(
            ((f"{collection}[{i}]", r) for i, r in enumerate(_records(partnership, collection))),
            problems,
        )
    # a recommendation is a finding's subject on its own: its id is the partnership's to keep unique
    known["recommendations"] = _unique_ids(
        (
            (f"reviews[{i}].recommendations[{j}]", rec)
            for i, review in enumerate(_records(partnership, "reviews"))
            for j, rec in enumerate(_records(review, "recommendations"))
        ),
        problems,
    )
    for where, ref in _walk(partnership, ["chair", "agency"], "$"):
        if ref not in known["agencies"]:
            problems.append(
                Problem(
                    path=where.removeprefix("$."),
                    message=f"{ref!r} is not the id of any agencies record",
                )
            )
    for collection, path, targets in _REFERENCES:
        for index, record in enumerate(_records(partnership, collection)):
            for where, ref in _walk(record, path.split("."), f"{collection}[{index}]"):
                if not any(ref in known[t] for t in targets):
                    names = " or ".join(targets)
                    problems.append(
                        Problem(path=where, message=f"{ref!r} is not the id of any {names} record")
                    )
    return problems


def record_ids(partnership: Partnership, collection: str) -> set[str]:
    """The ids of the records of a collection (``recommendations`` too)."""
    if collection == "recommendations":
        return {rec.id for review in partnership.reviews for rec in review.recommendations}
    return {r.id for r in _records(partnership, collection) if isinstance(r.id, str)}


def record_reference_problems(
    exists: Callable[[str, str], bool], collection: str, record: Any
) -> list[Problem]:
    """Every id in one record (of a collection) that names no record.

    ``exists(collection, id)`` says whether a record is there: for a record
    posted alone, only its own references are looked up.

    >>> from kscp_core.model.actions import Action, ActionSource
    >>> from datetime import date
    >>> a = Action(id="A-1", title="T", source=ActionSource.MEETING,
    ...            raised_on=date(2025, 1, 2), subgroup="se")
    >>> [str(x) for x in record_reference_problems(lambda c, i: False, "actions", a)]
    ["actions.subgroup: 'se' is not the id of any subgroups record"]
    """
    return [
        Problem(path=where, message=f"{ref!r} is not the id of any {' or '.join(targets)} record")
        for where, targets, ref in record_references(collection, record)
        if not any(exists(t, ref) for t in targets)
    ]


def record_references(collection: str, record: Any) -> Iterator[tuple[str, tuple[str, ...], str]]:
    """Each id one record names: where, the collections it may name, and the id."""
    for source, path, targets in _REFERENCES:
        if source == collection:
            for where, ref in _walk(record, path.split("."), collection):
                yield where, targets, ref


def referring_records(partnership: Partnership, collection: str, record_id: str) -> list[str]:
    """Where the records name a record of a collection: the paths that would be left dangling.

    >>> from kscp_core.model.agencies import PartnershipChair
    >>> referring_records(Partnership(name="P", chair=PartnershipChair(name="C")), "agencies", "x")
    []
    """
    found: list[str] = []
    for source, path, targets in _REFERENCES:
        if collection not in targets:
            continue
        for index, record in enumerate(_records(partnership, source)):
            for where, ref in _walk(record, path.split("."), f"{source}[{index}]"):
                if ref == record_id:
                    found.append(where)
    if collection == "agencies" and partnership.chair.agency == record_id:
        found.append("chair.agency")
    return found
