"""Loading and saving records: strict, precise errors, and round trips that lose nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

import kscp_core
from kscp_core import Partnership, RecordsError
from kscp_core.io.documents import _Loader
from kscp_core.io.documents import yaml_loader as _FastLoader
from kscp_core.io.records import make_converter, structure, unstructure
from kscp_core.model.actions import Action, Closure, Escalation, ProgressUpdate
from kscp_core.model.agencies import Agency, PartnershipChair
from kscp_core.model.assurance import Concern, PracticeExample, Request
from kscp_core.model.audits import AgencyIssue, Audit, AuditKind, AuditProgramme, ChallengeEvent
from kscp_core.model.child_deaths import CdopEvaluation, ChildDeath
from kscp_core.model.incidents import SeriousIncident
from kscp_core.model.learning import Dissemination, LearningActivity, Priority
from kscp_core.model.meetings import ForwardPlanEntry, Meeting
from kscp_core.model.people import Person
from kscp_core.model.performance import Indicator, PerformanceReturn
from kscp_core.model.publication import CourtOrder, LearningOutput, WelfareConsideration
from kscp_core.model.reports import AnnualReport, QuarterlyReport
from kscp_core.model.reviews import (
    CaseReview,
    LeadReviewer,
    RapidReview,
    Recommendation,
    ReviewDecision,
)
from kscp_core.model.subgroups import Subgroup
from kscp_core.model.training import (
    Course,
    FeedbackReview,
    TrainingNeed,
    TrainingStrategy,
    WorkforceReturn,
)
from kscp_core.model.voice import AdvocacyService, Consultation, Consulter
from kscp_core.testing.strategies import partnerships

from .conftest import EXAMPLE

MINIMAL = {"name": "P", "chair": {"name": "Chair"}}


def problems(data: Any) -> dict[str, str]:
    with pytest.raises(RecordsError) as caught:
        structure(data, "records.yaml")
    return {p.path: p.message for p in caught.value.problems}


def test_the_example_partnership_loads(example: Partnership) -> None:
    assert example.name.startswith("Ashvale")
    assert len(example.actions) >= 100


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_dump_then_load_gives_back_an_equal_partnership(
    example: Partnership, tmp_path: Path, suffix: str
) -> None:
    path = tmp_path / f"copy{suffix}"
    kscp_core.dump(example, path)
    assert kscp_core.load(path) == example


def test_a_file_with_four_kinds_of_mistake_names_each_path(tmp_path: Path) -> None:
    data = kscp_core.io.documents.read_document(EXAMPLE)
    data["actions"][3]["due_on"] = "2025-02-30"
    data["agencies"][0]["colour"] = "red"
    data["actions"][5]["subgroup"] = "no-such-subgroup"
    data["subgroups"][1]["name"] = 42
    found = problems(data)
    assert "not a real date" in found["actions[3].due_on"]
    assert "unknown key colour" in found["agencies[0]"]
    assert (
        "'no-such-subgroup' is not the id of any subgroups record" in found["actions[5].subgroup"]
    )
    assert found["subgroups[1].name"] == "expected text, got a number (42)"


def test_nothing_is_coerced() -> None:
    data = {
        **MINIMAL,
        "agencies": [{"id": 7, "name": "Police", "kind": "police"}],
        "challenge_events": [{"id": "ce", "held_on": "2025-01-01", "young_people": "3"}],
        "audits": [
            {"id": "a", "kind": "multi_agency", "title": "t", "voice_of_child_questions": "yes"}
        ],
    }
    found = problems(data)
    assert found["agencies[0].id"] == "expected text, got a number (7)"
    assert found["challenge_events[0].young_people"].startswith("expected a whole number")
    assert found["audits[0].voice_of_child_questions"].startswith("expected true or false")


def test_a_missing_required_field_is_an_error_not_a_default() -> None:
    found = problems({**MINIMAL, "actions": [{"id": "a", "title": "t", "source": "meeting"}]})
    assert found["actions[0].raised_on"] == "required field missing"


def test_dates_must_be_iso_8601() -> None:
    found = problems(
        {**MINIMAL, "meetings": [{"id": "m", "subgroup": "s", "held_on": "14/11/2025"}]}
    )
    assert "expected a date written YYYY-MM-DD" in found["meetings[0].held_on"]


def test_an_unknown_enum_value_lists_the_allowed_ones() -> None:
    found = problems({**MINIMAL, "agencies": [{"id": "x", "name": "X", "kind": "army"}]})
    assert found["agencies[0].kind"].startswith("expected one of: local_authority, police")


def test_text_where_a_list_is_expected_is_not_split_into_letters() -> None:
    found = problems(
        {
            **MINIMAL,
            "subgroups": [
                {"id": "s", "name": "S", "role": "other", "chair": "C", "members": "police"}
            ],
        }
    )
    assert found["subgroups[0].members"] == "expected a list, got text ('police')"


def test_duplicate_ids_name_both_records() -> None:
    agency = {"id": "police", "name": "Police", "kind": "police"}
    found = problems({**MINIMAL, "agencies": [agency, agency]})
    assert found["agencies[1].id"] == "duplicate id 'police' (also agencies[0])"


def test_yaml_object_tags_are_refused() -> None:
    text = "name: !!python/object/apply:os.system ['echo owned']\nchair: {name: c}\n"
    with pytest.raises(RecordsError, match="line 1"):
        kscp_core.loads(text)


def test_duplicate_keys_are_refused_in_yaml_and_json() -> None:
    with pytest.raises(RecordsError, match="duplicate key 'name'"):
        kscp_core.loads("name: a\nname: b\nchair: {name: c}\n")
    with pytest.raises(RecordsError, match="duplicate key 'name'"):
        kscp_core.loads('{"name": "a", "name": "b", "chair": {"name": "c"}}', "json")


def test_text_that_looks_like_a_date_or_a_flag_stays_text() -> None:
    p = Partnership(name="2025-01-01", chair=kscp_core.PartnershipChair(name="yes"))
    again = kscp_core.loads(kscp_core.dumps(p))
    assert again == p


def test_unreadable_and_wrongly_named_files_are_records_errors(tmp_path: Path) -> None:
    with pytest.raises(RecordsError, match="cannot read"):
        kscp_core.load(tmp_path / "missing.yaml")
    other = tmp_path / "records.txt"
    other.write_text("name: x")
    with pytest.raises(RecordsError, match=r"\.yaml, \.yml or \.json"):
        kscp_core.load(other)


def test_deep_nesting_is_refused_with_its_place() -> None:
    deep: Any = "x"
    for _ in range(40):
        deep = [deep]
    with pytest.raises(RecordsError, match="nested deeper than 32"):
        kscp_core.loads(json.dumps({**MINIMAL, "people": deep}), "json")


# Every record class survives unstructure then structure unchanged.

RECORDS: list[type] = [
    AuditProgramme,
    ForwardPlanEntry,
    Course,
    TrainingStrategy,
    Recommendation,
    ReviewDecision,
    LeadReviewer,
    AgencyIssue,
    WelfareConsideration,
    PartnershipChair,
    Action,
    Agency,
    ChallengeEvent,
    ChildDeath,
    CourtOrder,
    LearningOutput,
    LearningActivity,
    Dissemination,
    Concern,
    PracticeExample,
    FeedbackReview,
    CdopEvaluation,
    Meeting,
    Person,
    QuarterlyReport,
    RapidReview,
    SeriousIncident,
    Subgroup,
    AdvocacyService,
    Closure,
    Escalation,
    ProgressUpdate,
]

FINITE = st.floats(allow_nan=False, allow_infinity=False)

# Records whose fields depend on each other, or hold numbers (which must be finite), built valid.
STRATEGIES: dict[type, st.SearchStrategy[Any]] = {
    Indicator: st.builds(Indicator, minimum=st.none() | FINITE, maximum=st.none() | FINITE),
    Audit: st.builds(
        Audit,
        kind=st.sampled_from([k for k in AuditKind if k is not AuditKind.SECTION_11]),
        agency_issues=st.lists(st.from_type(AgencyIssue), max_size=2).map(tuple),
        evidence_items=st.integers(0, 50),
    )
    | st.builds(
        Audit,
        kind=st.just(AuditKind.SECTION_11),
        agencies=st.text(min_size=1).map(lambda a: (a,)),
        evidence_items=st.integers(0, 50),
    ),
    WorkforceReturn: st.integers(0, 5000).flatmap(
        lambda staff: st.builds(
            WorkforceReturn,
            staff=st.just(staff),
            basic_trained=st.integers(0, staff),
            refreshed=st.integers(0, staff),
            **{
                name: st.none() | st.integers(0, staff)
                for name in (
                    "safely_recruited",
                    "supervised",
                    "competence_assessed",
                    "inducted",
                    "practice_reviewed",
                )
            },
        )
    ),
    CaseReview: st.builds(CaseReview, young_people_involved=st.integers(0, 20)),
    # records whose later dates may not come before their earlier ones
    Priority: st.dates().flatmap(
        lambda start: st.builds(
            Priority, starts_on=st.just(start), ends_on=st.none() | st.dates(min_value=start)
        )
    ),
    AnnualReport: st.dates().flatmap(
        lambda end: st.builds(
            AnnualReport,
            period_end=st.just(end),
            published_on=st.none() | st.dates(min_value=end),
        )
    ),
    TrainingNeed: st.dates().flatmap(
        lambda found: st.builds(
            TrainingNeed,
            identified_on=st.just(found),
            planned_on=st.none() | st.dates(min_value=found),
        )
    ),
    Request: st.dates().flatmap(
        lambda asked: st.builds(
            Request,
            requested_on=st.just(asked),
            due_on=st.dates(min_value=asked),
            met_on=st.none() | st.dates(min_value=asked),
        )
    ),
    Consultation: st.builds(
        Consultation,
        by=st.sampled_from([c for c in Consulter if c is not Consulter.AGENCY]),
        agency=st.none(),
        young_people=st.integers(0, 500),
    )
    | st.builds(
        Consultation,
        by=st.just(Consulter.AGENCY),
        agency=st.text(min_size=1),
        young_people=st.integers(0, 500),
    ),
}


@pytest.mark.parametrize("cls", RECORDS + list(STRATEGIES), ids=lambda c: c.__name__)
@given(data=st.data())
def test_every_record_round_trips_through_the_converter(cls: type, data: st.DataObject) -> None:
    converter = make_converter()
    record = data.draw(STRATEGIES.get(cls, st.from_type(cls)))
    assert converter.structure(converter.unstructure(record), cls) == record


@given(
    values=st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.none() | st.floats(allow_nan=False, allow_infinity=False),
        max_size=4,
    )
)
def test_performance_values_round_trip_through_yaml(values: dict[str, float | None]) -> None:
    record = PerformanceReturn(
        id=kscp_core.model.performance.PerformanceReturnId("r"),
        agency=kscp_core.model.agencies.AgencyId("a"),
        period_end=date(2025, 3, 31),
        due_on=date(2025, 4, 30),
        values=values,
    )
    p = Partnership(
        name="P",
        chair=kscp_core.PartnershipChair(name="C"),
        agencies=(Agency(id=record.agency, name="A", kind=kscp_core.AgencyKind.OTHER),),
        performance_returns=(record,),
    )
    assert kscp_core.loads(kscp_core.dumps(p)) == p
    assert kscp_core.loads(kscp_core.dumps(p, "json"), "json") == p


def test_a_number_that_is_not_finite_is_refused() -> None:
    data = {**MINIMAL, "indicators": [{"id": "i", "name": "I", "maximum": float("nan")}]}
    assert problems(data)["indicators[0].maximum"] == "expected a finite number, got nan"


def test_a_section_11_audit_names_one_agency() -> None:
    data = {**MINIMAL, "audits": [{"id": "a", "kind": "section_11", "title": "t"}]}
    assert "exactly one agency" in problems(data)["audits[0]"]
    assert AuditKind.SECTION_11.value == "section_11"


def test_saving_leaves_out_only_fields_at_their_default(example: Partnership) -> None:
    data = unstructure(example)
    completed = next(a for a in data["actions"] if "completed_on" in a)
    assert "closure" not in completed  # None, the default: not written
    closed = next(a for a in data["actions"] if "closure" in a)
    assert set(closed["closure"]) >= {"on"}
    assert data["chair"] == {"name": example.chair.name}
    assert all("cancelled" not in m for m in data["meetings"])  # every meeting was held


_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
_documents = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)


@given(document=_documents, style=st.sampled_from([None, True, False]))
def test_both_yaml_parsers_read_a_document_alike(document: Any, style: bool | None) -> None:
    text = yaml.safe_dump(document, default_flow_style=style, allow_unicode=True)
    assert yaml.load(text, Loader=_FastLoader) == yaml.load(text, Loader=_Loader)


def test_two_reviews_cannot_both_number_a_recommendation_r1() -> None:
    # a recommendation's id is what its findings are about: two R1s gave one finding, not two
    review = {
        "type": "local_learning_review",
        "decided_on": "2025-01-06",
        "recommendations": [{"id": "R1", "text": "T"}],
    }
    text = json.dumps(
        {
            "name": "P",
            "chair": {"name": "C"},
            "reviews": [{"id": "CR-1", **review}, {"id": "CR-2", **review}],
        }
    )
    with pytest.raises(
        RecordsError,
        match=r"reviews\[1\]\.recommendations\[0\]\.id: duplicate id 'R1' "
        r"\(also reviews\[0\]\.recommendations\[0\]\)",
    ):
        kscp_core.loads(text, "json")


def test_an_id_with_a_slash_is_refused() -> None:
    # findings about a member agency of a subgroup are named subgroup/agency
    with pytest.raises(RecordsError, match=r"agencies\[0\]\.id: an id may not contain '/'"):
        kscp_core.loads("name: P\nchair: {name: C}\nagencies: [{id: a/b, name: A, kind: other}]\n")


@pytest.mark.parametrize(
    ("collection", "record", "message"),
    [
        (
            "requests",
            {
                "id": "r",
                "agency": "a",
                "kind": "evaluation",
                "requested_on": "2025-03-01",
                "due_on": "2025-04-01",
                "met_on": "2025-02-01",
            },
            "met_on is before requested_on",
        ),
        (
            "priorities",
            {"id": "p", "name": "N", "starts_on": "2025-03-01", "ends_on": "2025-01-01"},
            "ends_on is before starts_on",
        ),
        (
            "annual_reports",
            {"id": "ar", "period_end": "2025-03-31", "published_on": "2025-01-10"},
            "published_on is before the end of the year it reports on",
        ),
        (
            "training_needs",
            {
                "id": "t",
                "source": "audit",
                "identified_on": "2025-03-01",
                "summary": "S",
                "planned_on": "2025-01-01",
            },
            "planned_on is before identified_on",
        ),
    ],
)
def test_a_new_record_whose_dates_contradict_each_other_is_refused(
    collection: str, record: dict[str, Any], message: str
) -> None:
    data = {
        **MINIMAL,
        "agencies": [{"id": "a", "name": "A", "kind": "police"}],
        collection: [record],
    }
    with pytest.raises(RecordsError) as caught:
        kscp_core.loads(json.dumps(data), "json")
    assert message in str(caught.value)
    assert f"{collection}[0]" in str(caught.value)


def test_a_workforce_count_above_the_staff_names_its_field() -> None:
    data = {
        **MINIMAL,
        "agencies": [{"id": "a", "name": "A", "kind": "police"}],
        "workforce_returns": [
            {
                "id": "w",
                "agency": "a",
                "period_end": "2025-03-31",
                "staff": 100,
                "basic_trained": 90,
                "refreshed": 90,
                "supervised": 150,
            }
        ],
    }
    with pytest.raises(RecordsError) as caught:
        kscp_core.loads(json.dumps(data), "json")
    assert "supervised must be between 0 and the number of staff (100)" in str(caught.value)


@given(partnership=partnerships(), fmt=st.sampled_from(["json", "yaml"]))
def test_the_quick_and_careful_loaders_give_equal_records(
    partnership: Partnership, fmt: str
) -> None:
    """The quick checks only ever hand over to the careful ones: never a different answer."""
    text = kscp_core.dumps(partnership, fmt)
    quick = kscp_core.loads(text, fmt)
    assert quick == kscp_core.loads(text, fmt, careful=True) == partnership


@pytest.mark.parametrize("careful", [False, True])
def test_a_date_outside_the_calendar_is_found_after_a_file_without_one(careful: bool) -> None:
    good = "name: P\nchair: {name: C}\n"
    kscp_core.loads(good)
    bad = good + 'meetings: [{id: M, subgroup: S, held_on: "1899-12-31"}]\n'
    with pytest.raises(RecordsError, match=r"meetings\[0\]\.held_on: a date from 1900-01-01"):
        kscp_core.loads(bad, careful=careful)


def test_a_key_given_twice_is_named_only_when_it_is_a_field_name() -> None:
    people = "name: P\nchair: {name: C}\npeople:\n  Jaxon Pell: 1\n  Jaxon Pell: 2\n"
    with pytest.raises(RecordsError) as caught:
        kscp_core.loads(people)
    assert "Jaxon" not in str(caught.value)
    assert "a key given twice" in str(caught.value)
    with pytest.raises(RecordsError) as caught:
        kscp_core.loads(
            '{"name": "P", "chair": {"name": "C"}, "x": {"Ivy Marlow": 1, "Ivy Marlow": 2}}', "json"
        )
    assert "Ivy" not in str(caught.value)
