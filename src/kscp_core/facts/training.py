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
    reviews = [r for r in partnership.feedback_reviews if r.reviewed_on <= as_of]
    reviewed = {c for r in reviews for c in r.courses}
    used = {c for r in reviews if r.changes for c in r.courses}
    impact_months = int(params["impact_evaluation_months"])
    use_months = int(params["feedback_use_months"])
    offer_since = as_of - relativedelta(months=int(params["offer_months"]))
    offered = 0
    for course in partnership.courses:
        delivered = on_or_before(course.delivered_on, as_of)
        course_data: dict[str, Any] = {
            "multi_agency": course.multi_agency,
            "delivered": delivered,
            "feedback_responses": course.feedback_responses,
            "feedback_reviewed": course.id in reviewed,
            "feedback_used": course.id in used,
            "impact_evaluated": on_or_before(course.impact_evaluated_on, as_of),
        }
        if delivered and course.delivered_on is not None:
            course_data["delivered_on"] = day(course.delivered_on)
            impact_due = course.delivered_on + relativedelta(months=impact_months)
            use_due = course.delivered_on + relativedelta(months=use_months)
            course_data["impact_due_on"] = day(impact_due)
            course_data["past_impact_due"] = as_of > impact_due
            course_data["feedback_use_due_on"] = day(use_due)
            course_data["past_feedback_use_due"] = as_of > use_due
            if course.multi_agency and course.delivered_on > offer_since:
                offered += 1
        yield fact("course", course.id, course_data)
    yield fact("training_offer", "training_offer", {"courses_within": offered, "as_of": day(as_of)})
    need_months = int(params["need_months"])
    for need in partnership.training_needs:
        if need.identified_on > as_of:
            continue
        plan_due = need.identified_on + relativedelta(months=need_months)
        planned = bool(need.planned_in) and (need.planned_on is None or need.planned_on <= as_of)
        yield fact(
            "training_need",
            need.id,
            {
                "source": need.source.value,
                "identified_on": day(need.identified_on),
                "planned": planned,
                "plan_due_on": day(plan_due),
                "past_plan_due": as_of > plan_due,
            },
        )
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
        data = {
            "agency": agency,
            "period_end": day(ret.period_end),
            "basic_share": ret.basic_trained / ret.staff if ret.staff else 0.0,
            "refresher_share": ret.refreshed / ret.staff if ret.staff else 0.0,
        }
        for count, share in _SHARES.items():
            value = getattr(ret, count)
            if value is not None:
                data[share] = value / ret.staff if ret.staff else 0.0
        yield fact("workforce_return", ret.id, data)


#: the counts a workforce return may give, and the share of staff each becomes
_SHARES = {
    "safely_recruited": "recruitment_share",
    "supervised": "supervision_share",
    "competence_assessed": "competence_share",
    "inducted": "induction_share",
    "practice_reviewed": "practice_review_share",
}
