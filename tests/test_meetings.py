"""Meeting cycles: meetings of the subgroup held after a date, up to as of."""

from __future__ import annotations

from datetime import date

from kscp_core.model.meetings import Meeting, MeetingId, held_meetings, meeting_cycles
from kscp_core.model.subgroups import SubgroupId

SE = SubgroupId("se")


def meeting(day: date, subgroup: str = "se", cancelled: bool = False) -> Meeting:
    return Meeting(
        id=MeetingId(f"{subgroup}-{day}"),
        subgroup=SubgroupId(subgroup),
        held_on=day,
        cancelled=cancelled,
    )


MEETINGS = [
    meeting(date(2025, 1, 14)),
    meeting(date(2025, 2, 25)),
    meeting(date(2025, 4, 8)),
    meeting(date(2025, 5, 20), cancelled=True),
    meeting(date(2025, 2, 26), subgroup="spr"),
]


def test_a_meeting_on_the_date_itself_is_not_after_it() -> None:
    assert meeting_cycles(MEETINGS, SE, after=date(2025, 1, 14), as_of=date(2025, 12, 31)) == 2


def test_a_meeting_on_as_of_counts_and_one_after_does_not() -> None:
    assert meeting_cycles(MEETINGS, SE, after=date(2025, 1, 1), as_of=date(2025, 2, 25)) == 2
    assert meeting_cycles(MEETINGS, SE, after=date(2025, 1, 1), as_of=date(2025, 2, 24)) == 1


def test_cancelled_meetings_and_other_subgroups_do_not_count() -> None:
    held = held_meetings(MEETINGS, SE, after=date(2025, 1, 1), as_of=date(2025, 12, 31))
    assert [m.held_on for m in held] == [date(2025, 1, 14), date(2025, 2, 25), date(2025, 4, 8)]


def test_meetings_come_back_in_date_order_whatever_the_input_order() -> None:
    held = held_meetings(reversed(MEETINGS), SE, after=date(2024, 1, 1), as_of=date(2026, 1, 1))
    assert [m.held_on for m in held] == sorted(m.held_on for m in held)
