"""Case reviews: serious incidents, rapid reviews, case reviews and their recommendations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta

from kscp_core.facts.base import Context, Current, Fact, FactKey, day, fact, late, on_or_before
from kscp_core.model.actions import Action
from kscp_core.model.incidents import AbuseOrNeglect, IncidentOutcome
from kscp_core.model.publication import OutputKind
from kscp_core.model.reviews import CaseReview, RapidReview, Recommendation, ReviewType
from kscp_core.model.subgroups import SubgroupRole
from kscp_core.model.working_days import WorkingCalendar, add_working_days, working_days_between
from kscp_core.rulebook.proportionality import recommend_review


def incident_data(
    *,
    became_aware: date,
    notifiable: bool,
    notified_on: date | None,
    rapid_review_on: date | None,
    as_of: date,
    params: Mapping[str, Any],
    calendar: WorkingCalendar | None,
    via: str,
) -> dict[str, Any]:
    notify_due = add_working_days(became_aware, int(params["notify_working_days"]), calendar)
    notified = notified_on is not None and notified_on <= as_of
    data: dict[str, Any] = {
        "notifiable": notifiable,
        "became_aware_on": day(became_aware),
        "notified": notified,
        "notify_due_on": day(notify_due),
        "notified_late": late(notify_due, notified_on, as_of),
        "rapid_review_completed": rapid_review_on is not None and rapid_review_on <= as_of,
        "via": via,
    }
    if notified and notified_on is not None:
        data["notified_on"] = day(notified_on)
        due = add_working_days(notified_on, int(params["rapid_review_working_days"]), calendar)
        data["rapid_review_due_on"] = day(due)
        data["rapid_review_late"] = late(due, rapid_review_on, as_of)
    return data


def project_reviews(ctx: Context) -> Iterable[Fact]:
    """The facts about incidents, rapid reviews, case reviews and recommendations."""
    partnership, as_of, params, calendar = ctx.partnership, ctx.as_of, ctx.params, ctx.calendar
    rapid: dict[str, RapidReview] = {}
    for review in sorted(partnership.rapid_reviews, key=lambda r: (r.started_on, r.id)):
        if review.started_on <= as_of:
            rapid.setdefault(review.incident, review)
    incidents = {i.id: i for i in partnership.incidents}
    for incident in partnership.incidents:
        if incident.became_aware_on > as_of:
            continue
        suspected = incident.abuse_or_neglect is not AbuseOrNeglect.NOT_SUSPECTED
        harmed = incident.outcome in (IncidentOutcome.DEATH, IncidentOutcome.SERIOUS_HARM)
        looked_after_death = incident.looked_after and incident.outcome is IncidentOutcome.DEATH
        first = rapid.get(incident.id)
        yield fact(
            "incident",
            incident.id,
            incident_data(
                became_aware=incident.became_aware_on,
                notifiable=(suspected and harmed) or looked_after_death,
                notified_on=incident.notified_on,
                rapid_review_on=first.completed_on if first else None,
                as_of=as_of,
                params=params,
                calendar=calendar,
                via="recorded",
            ),
        )
    threshold = int(params["multi_agency_threshold"])
    for review in rapid.values():
        completed = on_or_before(review.completed_on, as_of)
        decision = (
            review.decision if review.decision and review.decision.decided_on <= as_of else None
        )
        data: dict[str, Any] = {
            "incident": review.incident,
            "completed": completed,
            "decision_recorded": decision is not None,
            "reasons_recorded": bool(decision and decision.reasons),
            "type_differs": False,
            "departure_reason_recorded": bool(decision and decision.departure_reason),
        }
        if completed and review.completed_on is not None:
            data["completed_on"] = day(review.completed_on)
        reviewed = incidents.get(review.incident)
        if (
            decision is not None
            and reviewed is not None
            and review.meets_statutory_criteria is not None
            and review.insight_potential is not None
        ):
            recommended = recommend_review(
                statutory_criteria_met=review.meets_statutory_criteria,
                insight_potential=review.insight_potential,
                agencies_involved=len(reviewed.agencies_involved),
                complex_case=reviewed.complex,
                multi_agency_threshold=threshold,
                table=ctx.proportionality,
            )
            data["decided_on"] = day(decision.decided_on)
            data["recommended_type"] = recommended.review_type.value
            data["chosen_type"] = decision.review_type.value
            data["type_differs"] = recommended.review_type is not decision.review_type
        yield fact("rapid_review", review.id, data)
    summaries = {
        o.review
        for o in partnership.learning_outputs
        if o.kind is OutputKind.LEARNING_SUMMARY and on_or_before(o.published_on, as_of)
    }
    actions: dict[str, Action] = {a.id: a for a in partnership.actions}
    monitoring = Monitoring(ctx)
    child_of = {i.id: i.child for i in partnership.incidents}
    # the children under an order on this date, and the cases it names
    restricted_cases = {o.case for o in partnership.court_orders if o.in_force(as_of)}
    restricted_children = {child_of[c] for c in restricted_cases if c in child_of}
    for case in partnership.reviews:
        if case.decided_on > as_of:
            continue
        lead = case.lead_reviewer
        due = case.decided_on + relativedelta(months=int(params["completion_months"]))
        completed = on_or_before(case.completed_on, as_of)
        published = on_or_before(case.published_on, as_of)
        data = {
            "review_type": case.type.value,
            "practice_review": case.type is ReviewType.PRACTICE_REVIEW,
            "decided_on": day(case.decided_on),
            "lead_recorded": lead is not None,
            "lead_independent": lead is not None
            and not lead.involved_in_case
            and (lead.agency is None or lead.agency not in case.agencies_under_review),
            "agencies_without_practitioners": len(
                set(case.agencies_under_review) - set(case.practitioners_invited)
            ),
            "family_invited": case.family_invited,
            "family_reason_recorded": bool(case.family_not_invited_reason),
            "child_voice_recorded": bool(case.child_voice),
            "completed": completed,
            "completion_due_on": day(due),
            "past_completion_due": as_of > due,
            "published": published,
            "restricted": case.incident is not None
            and (
                case.incident in restricted_cases
                or child_of.get(case.incident) in restricted_children
            ),
            "unpublished_reason_recorded": bool(case.unpublished_reason),
            "response_recorded": on_or_before(case.response_on, as_of),
            "summary_published": case.id in summaries,
            "strengths": len(case.strengths),
            "family_informed": on_or_before(case.family_informed_on, as_of),
            "young_people_involved": case.young_people_involved,
            "young_people_reason_recorded": bool(case.young_people_not_involved_reason),
        }
        if completed and case.completed_on is not None:
            data["completed_on"] = day(case.completed_on)
            share = case.completed_on + relativedelta(months=int(params["share_months"]))
            data["share_due_on"] = day(share)
            data["past_share_due"] = as_of > share
        # the report may be published from the day the notice after sending it ends;
        # it is due by the completion date or, when sent by then, by the end of that notice
        notice = int(params["send_before_working_days"])
        publish_by = due
        sent = case.report_sent_on
        if sent is not None and sent <= as_of:
            publishable = add_working_days(sent, notice, calendar)
            data["publishable_on"] = day(publishable)
            data["in_notice"] = not published and as_of < publishable
            if sent <= due:
                publish_by = max(due, publishable)
        else:
            data["in_notice"] = False
        data["publish_by"] = day(publish_by)
        data["past_publish_by"] = as_of > publish_by
        if published and case.published_on is not None:
            data["published_on"] = day(case.published_on)
            needed = notice
            data["sent_in_time"] = (
                case.report_sent_on is not None
                and working_days_between(case.report_sent_on, case.published_on, calendar) >= needed
            )
            if on_or_before(case.withdrawn_on, as_of) and case.withdrawn_on is not None:
                keep = case.published_on + relativedelta(
                    months=int(params["keep_published_months"])
                )
                data["withdrawn_on"] = day(case.withdrawn_on)
                data["withdrawn_early"] = case.withdrawn_on < keep
        yield fact("case_review", case.id, data)
        for rec in case.recommendations:
            yield recommendation_fact(case, rec, actions, as_of, params, monitoring)


class Monitoring:
    """The Serious Practice Review Subgroup's meetings held, and the actions each considered.

    A recommendation is monitored at a meeting of that subgroup that
    considered any of its actions (SPR-7).
    """

    def __init__(self, ctx: Context) -> None:
        spr = ctx.role_subgroup(SubgroupRole.SERIOUS_PRACTICE_REVIEW)
        meetings = ctx.held.get(spr, []) if spr is not None else []
        self.held = [m.held_on for m in meetings]
        self.considered: dict[str, list[date]] = {}
        for meeting in meetings:
            for action in meeting.considered_actions:
                self.considered.setdefault(action, []).append(meeting.held_on)

    def since(self, rec: Recommendation, start: date) -> tuple[date | None, list[date]]:
        """When it was last monitored, and the meetings held since then (or since start)."""
        last = max((d for a in rec.actions for d in self.considered.get(a, ())), default=None)
        after = max(start, last) if last is not None else start
        return last, [d for d in self.held if d > after]


def recommendation_fact(
    case: CaseReview,
    rec: Recommendation,
    actions: Mapping[str, Action],
    as_of: date,
    params: Mapping[str, Any],
    monitoring: Monitoring,
) -> Fact:
    """The fact about one recommendation of a case review, given the actions by id."""
    taken = [actions[a] for a in rec.actions if a in actions and actions[a].raised_on <= as_of]
    done = [a.completed_on for a in taken if on_or_before(a.completed_on, as_of)]
    data: dict[str, Any] = {
        "review": case.id,
        "actions": len(taken),
        "actions_with_owner_timescale_criteria": sum(
            1 for a in taken if a.owner and a.due_on and a.success_criteria
        ),
        "all_actions_completed": bool(taken) and len(done) == len(taken),
        "impact_assessed": on_or_before(rec.impact_assessed_on, as_of),
        "decided_on": day(case.decided_on),
    }
    if data["all_actions_completed"]:
        last = max(d for d in done if d is not None)
        impact_due = last + relativedelta(months=int(params["impact_months"]))
        data["impact_due_on"] = day(impact_due)
        data["past_impact_due"] = as_of > impact_due
    if on_or_before(case.completed_on, as_of) and case.completed_on is not None:
        monitored, since = monitoring.since(rec, case.completed_on)
        if monitored is not None:
            data["last_monitored_on"] = day(monitored)
        data["spr_meetings_unmonitored"] = len(since)
        n = int(params["recommendation_monitor_cycles"])
        if len(since) >= n:
            data["monitor_due_on"] = day(since[n - 1])
    return fact("recommendation", rec.id, data)


def derive_incident(parent: Fact, *, on: date, via: str, ctx: Context) -> Fact:
    """A death with abuse or neglect suspected and no notification, as a serious incident.

    It enters the serious incident pathway as an incident the local authority
    knew of on the date the finding about the death fell due.
    """
    data = incident_data(
        became_aware=on,
        notifiable=True,
        notified_on=None,
        rapid_review_on=None,
        as_of=ctx.as_of,
        params=ctx.params,
        calendar=ctx.calendar,
        via=via,
    )
    return Fact(
        kind="incident",
        key=FactKey("incident", parent.subject, via),
        subject=parent.subject,
        data=data,
        parent=parent.key,
    )


class RecommendationsFollowActions:
    """Re-derives a recommendation's fact when one of its actions changes."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.monitoring = Monitoring(ctx)
        self.by_action: dict[str, list[tuple[CaseReview, Recommendation]]] = {}
        for review in ctx.partnership.reviews:
            if review.decided_on <= ctx.as_of:
                for recommendation in review.recommendations:
                    for action in set(recommendation.actions):
                        self.by_action.setdefault(action, []).append((review, recommendation))

    def changed(
        self,
        old: Action | None,
        new: Action | None,
        actions: Mapping[str, Action],
        current: Current,
    ) -> Iterable[Fact]:
        """The recommendation facts that count this action, derived again."""
        moved = new if new is not None else old
        for review, recommendation in self.by_action.get(moved.id, ()) if moved else ():
            yield recommendation_fact(
                review, recommendation, actions, self.ctx.as_of, self.ctx.params, self.monitoring
            )
