"""Child death reviews: each death of a child, its review by the CDOP, the CDOP's evaluations."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from dateutil.relativedelta import relativedelta

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.child_deaths import EvaluationKind
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
    evaluations = [e for e in partnership.cdop_evaluations if e.held_on <= as_of]
    evaluated: dict[EvaluationKind, set[str]] = {kind: set() for kind in EvaluationKind}
    for evaluation in evaluations:
        evaluated[evaluation.kind].update(evaluation.deaths)
    evaluation_months = int(params["evaluation_months"])
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
        data["in_data_evaluation"] = death.id in evaluated[EvaluationKind.DATA]
        data["in_depth_evaluated"] = death.id in evaluated[EvaluationKind.IN_DEPTH]
        data["modifiable_factors"] = death.modifiable_factors is True
        if reviewed and death.reviewed_on is not None:
            data["reviewed_on"] = day(death.reviewed_on)
            evaluation_due = death.reviewed_on + relativedelta(months=evaluation_months)
            data["evaluation_due_on"] = day(evaluation_due)
            data["past_evaluation_due"] = as_of > evaluation_due
        yield fact("child_death", death.id, data)
    act_months = int(params["act_on_findings_months"])
    for evaluation in evaluations:
        act_due = evaluation.held_on + relativedelta(months=act_months)
        yield fact(
            "cdop_evaluation",
            evaluation.id,
            {
                "evaluation_kind": evaluation.kind.value,
                "held_on": day(evaluation.held_on),
                "lessons": len(evaluation.lessons),
                "actions": len(evaluation.actions),
                "action_due_on": day(act_due),
                "past_action_due": as_of > act_due,
            },
        )
