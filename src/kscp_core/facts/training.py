"""Training: the strategy, courses, lessons fed into training and workforce returns."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.publication import OutputKind


def project_training(ctx: Context) -> Iterable[Fact]:
    """The facts about the training strategy, courses, lessons and workforce returns."""
    partnership, as_of, params = ctx.partnership, ctx.as_of, ctx.params
    strategy = partnership.training_strategy
    if strategy is not None:
        updates = [d for d in strategy.updated_on if d <= as_of]
        data: dict[str, Any] = {}
        if updates:
            last = max(updates)
            due = last + relativedelta(months=int(params["strategy_months"]))
            data["last_updated_on"] = day(last)
        else:
            due = as_of  # never updated: due now
        data["update_due_on"] = day(due)
        data["past_update_due"] = as_of > due or not updates
        yield fact("training_strategy", "training_strategy", data)
    for course in partnership.courses:
        delivered = on_or_before(course.delivered_on, as_of)
        course_data: dict[str, Any] = {
            "multi_agency": course.multi_agency,
            "delivered": delivered,
            "feedback_responses": course.feedback_responses,
        }
        if delivered and course.delivered_on is not None:
            course_data["delivered_on"] = day(course.delivered_on)
        yield fact("course", course.id, course_data)
    linked = {
        source
        for course in partnership.courses
        if on_or_before(course.delivered_on, as_of)
        for source in course.lessons_from
    }
    for output in partnership.learning_outputs:
        if output.kind in (OutputKind.BRIEFING, OutputKind.TRAINING_MATERIAL) and on_or_before(
            output.published_on, as_of
        ):
            linked |= {ref for ref in (output.audit, output.review) if ref}
    months = int(params["feed_in_months"])
    sources: list[tuple[str, str, date]] = [
        (a.id, "audit", a.completed_on)
        for a in partnership.audits
        if a.completed_on is not None and a.completed_on <= as_of and a.findings
    ]
    sources += [
        (r.id, "review", r.completed_on)
        for r in partnership.reviews
        if r.completed_on is not None and r.completed_on <= as_of and r.recommendations
    ]
    for source_id, kind, completed in sources:
        due = completed + relativedelta(months=months)
        yield fact(
            "lessons",
            source_id,
            {
                "source_kind": kind,
                "completed_on": day(completed),
                "fed_in": source_id in linked,
                "feed_in_due_on": day(due),
                "past_feed_in_due": as_of > due,
            },
        )
    latest: dict[str, Any] = {}
    for ret in sorted(partnership.workforce_returns, key=lambda r: (r.period_end, r.id)):
        if on_or_before(ret.received_on, as_of):
            latest[ret.agency] = ret
    for agency, ret in sorted(latest.items()):
        yield fact(
            "workforce_return",
            ret.id,
            {
                "agency": agency,
                "period_end": day(ret.period_end),
                "basic_share": ret.basic_trained / ret.staff if ret.staff else 0.0,
                "refresher_share": ret.refreshed / ret.staff if ret.staff else 0.0,
            },
        )
