"""Learning outputs and what stands in the way of publishing them (CONF, COMM)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.identifiers import POSTCODE, Hit, Redactor
from kscp_core.model.incidents import SeriousIncident
from kscp_core.model.partnership import Partnership
from kscp_core.model.publication import Channel, OutputKind


def _subjects(partnership: Partnership) -> dict[str, tuple[set[str], set[str]]]:
    """For each learning output, the cases (incidents) and children it is about.

    Reached by every link the records have: the output's case, its review's
    case, and the child death whose lessons it carries (the death's case and
    child); each case brings its child.
    """
    incidents: dict[str, SeriousIncident] = {i.id: i for i in partnership.incidents}
    reviews = {r.id: r for r in partnership.reviews}
    about: dict[str, tuple[set[str], set[str]]] = {}
    for output in partnership.learning_outputs:
        cases: set[str] = set()
        children: set[str] = set()
        if output.case is not None:
            cases.add(output.case)
        review = reviews.get(output.review) if output.review is not None else None
        if review is not None and review.incident is not None:
            cases.add(review.incident)
        about[output.id] = (cases, children)
    for death in partnership.child_deaths:
        if death.lessons_output is not None and death.lessons_output in about:
            cases, children = about[death.lessons_output]
            children.add(death.child)
            if death.incident is not None:
                cases.add(death.incident)
    for cases, children in about.values():
        children.update(incidents[c].child for c in cases if c in incidents)
    return about


def _unknown_postcodes(text: str, hits: list[Hit]) -> int:
    """Postcode-shaped strings in a text that are not the postcode of anyone in the records."""
    return sum(
        1
        for match in POSTCODE.finditer(text)
        if not any(h.start <= match.start() < h.end for h in hits)
    )


def project_outputs(ctx: Context) -> Iterable[Fact]:
    """The facts about each learning output published or planned, not withdrawn."""
    partnership, as_of = ctx.partnership, ctx.as_of
    redactor = Redactor(partnership.people)
    about = _subjects(partnership)
    incidents = {i.id: i for i in partnership.incidents}
    for output in partnership.learning_outputs:
        if on_or_before(output.withdrawn_on, as_of):
            continue
        published = on_or_before(output.published_on, as_of)
        when = output.published_on if published else output.planned_on
        if when is None:
            continue
        # every text publication shows: its title and its body
        shown = {"title": output.title, "text": output.text}
        hits = {name: redactor.hits(text) for name, text in shown.items()}
        cases, children = about[output.id]
        welfare = output.welfare
        data: dict[str, Any] = {
            "output_kind": output.kind.value,
            "local_case": bool(cases or children),
            "published": published,
            "publication_on": day(when),
            "restricted": any(
                o.in_force(when)
                and (
                    o.case in cases or (o.case in incidents and incidents[o.case].child in children)
                )
                for o in partnership.court_orders
            ),
            "welfare_recorded": welfare is not None and welfare.considered_on <= as_of,
            "welfare_harm_unmitigated": welfare is not None
            and welfare.harm_found
            and not welfare.mitigation,
            "social_media": output.channel is Channel.SOCIAL_MEDIA
            or output.kind is OutputKind.SOCIAL_MEDIA_POST,
            "social_media_approved": bool(output.social_media_approved),
            "identifiers_found": sum(len(found) for found in hits.values()),
            "identifier_positions": "; ".join(
                f"{name}: {hit}" for name, found in hits.items() for hit in found
            )
            or "none",
            "unknown_postcodes": sum(
                _unknown_postcodes(text, hits[name]) for name, text in shown.items()
            ),
            "postcodes_checked": on_or_before(output.postcodes_checked_on, as_of),
        }
        yield fact("learning_output", output.id, data)
