"""The model: each record's own rules of consistency, and what each says about a date."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from kscp_core.model.actions import (
    Action,
    ActionId,
    ActionSource,
    ActionState,
    Closure,
    ProgressUpdate,
)
from kscp_core.model.agencies import Agency, AgencyId, AgencyKind
from kscp_core.model.incidents import IncidentId
from kscp_core.model.people import Person, PersonId, PersonRole, is_personal
from kscp_core.model.publication import CourtOrder, CourtOrderId, CourtOrderKind
from kscp_core.model.training import WorkforceReturn, WorkforceReturnId
from kscp_core.model.voice import AdvocacyService


def action(**kw: object) -> Action:
    base: dict[str, object] = {
        "id": ActionId("A1"),
        "title": "t",
        "source": ActionSource.MEETING,
        "raised_on": date(2025, 1, 1),
    }
    return Action(**(base | kw))  # type: ignore[arg-type]


def test_an_action_is_open_until_completed_or_closed() -> None:
    a = action(closure=Closure(on=date(2025, 3, 1), reason="r", instead="i"))
    assert a.state(date(2024, 12, 31)) is ActionState.NOT_YET_RAISED
    assert a.state(date(2025, 2, 28)) is ActionState.OPEN
    assert a.state(date(2025, 3, 1)) is ActionState.CLOSED


def test_an_action_cannot_be_both_completed_and_closed() -> None:
    with pytest.raises(ValueError, match="either completed or closed"):
        action(completed_on=date(2025, 2, 1), closure=Closure(on=date(2025, 2, 1)))


def test_last_update_ignores_updates_after_as_of() -> None:
    a = action(
        updates=(
            ProgressUpdate(on=date(2025, 2, 1), note="x"),
            ProgressUpdate(on=date(2025, 4, 1), note="y"),
        )
    )
    assert a.last_update(date(2025, 3, 1)) == date(2025, 2, 1)
    assert action().last_update(date(2025, 3, 1)) is None


def test_records_are_frozen() -> None:
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        action().title = "changed"  # type: ignore[misc]


def test_section_11_duty_has_a_start_and_an_optional_end() -> None:
    agency = Agency(
        id=AgencyId("a"),
        name="A",
        kind=AgencyKind.OTHER,
        section11_duty_from=date(2020, 1, 1),
        section11_duty_until=date(2025, 3, 31),
    )
    assert not agency.under_section11_duty(date(2019, 12, 31))
    assert agency.under_section11_duty(date(2025, 3, 31))
    assert not agency.under_section11_duty(date(2025, 4, 1))
    with pytest.raises(ValueError, match="cannot end before it starts"):
        Agency(
            id=AgencyId("a"),
            name="A",
            kind=AgencyKind.OTHER,
            section11_duty_from=date(2020, 1, 1),
            section11_duty_until=date(2019, 1, 1),
        )


def test_identifying_details_of_people_are_marked_personal() -> None:
    personal = {f.name for f in attrs.fields(Person) if is_personal(f)}
    assert personal == {
        "name",
        "other_names",
        "date_of_birth",
        "address",
        "postcode",
        "nhs_number",
        "school",
    }
    assert Person(id=PersonId("p"), role=PersonRole.CHILD, name="N").cases == ()


def test_a_court_order_applies_from_its_start_to_its_end() -> None:
    order = CourtOrder(
        id=CourtOrderId("c"),
        kind=CourtOrderKind.COURT_ORDER,
        case=IncidentId("i"),
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 6, 30),
    )
    assert [
        order.in_force(d) for d in (date(2024, 12, 31), date(2025, 6, 30), date(2025, 7, 1))
    ] == [False, True, False]
    open_ended = attrs.evolve(order, ends_on=None)
    assert open_ended.in_force(date(2040, 1, 1))


def test_an_advocacy_service_is_available_within_its_dates() -> None:
    service = AdvocacyService(provider="p", starts_on=date(2020, 1, 1), ends_on=date(2025, 9, 30))
    assert service.available(date(2025, 9, 30))
    assert not service.available(date(2025, 10, 1))


def test_a_workforce_return_cannot_count_more_trained_staff_than_staff() -> None:
    with pytest.raises(ValueError, match="number of staff"):
        WorkforceReturn(
            id=WorkforceReturnId("w"),
            agency=AgencyId("a"),
            period_end=date(2025, 3, 31),
            staff=10,
            basic_trained=11,
            refreshed=5,
        )
