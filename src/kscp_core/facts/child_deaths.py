"""Child death reviews: each death of a child and its review by the CDOP."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.incidents import AbuseOrNeglect, IncidentOutcome
from kscp_core.model.publication import LearningOutput


def project_child_deaths(ctx: Context) -> Iterable[Fact]:
    """The facts about each child death by *as of*."""
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    outputs: dict[str, LearningOutput] = {o.id: o for o in partnership.learning_outputs}
    # a death is notified by its own incident, or by an incident recording that child's death
    notified_children = {
        i.child
        for i in partnership.incidents
        if i.outcome is IncidentOutcome.DEATH and on_or_before(i.notified_on, as_of)
    }
    notified_incidents = {i.id for i in partnership.incidents if on_or_before(i.notified_on, as_of)}
    for death in partnership.child_deaths:
        if death.died_on > as_of:
            continue
        due = death.died_on + relativedelta(months=int(params["review_months"]))
        reviewed = on_or_before(death.reviewed_on, as_of)
        output = outputs.get(death.lessons_output) if death.lessons_output else None
        data: dict[str, Any] = {
            "normally_resident": death.normally_resident,
            "died_on": day(death.died_on),
            "reviewed": reviewed,
            "review_due_on": day(due),
            "past_review_due": as_of > due,
            "category_recorded": death.category is not None,
            "modifiable_recorded": death.modifiable_factors is not None,
            "abuse_suspected": death.abuse_or_neglect is not AbuseOrNeglect.NOT_SUSPECTED,
            "notified": death.incident in notified_incidents or death.child in notified_children,
            "lessons": len(death.lessons),
            "lessons_disseminated": output is not None and on_or_before(output.published_on, as_of),
        }
        if reviewed and death.reviewed_on is not None:
            data["reviewed_on"] = day(death.reviewed_on)
        yield fact("child_death", death.id, data)
