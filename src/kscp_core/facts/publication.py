"""Learning outputs and what stands in the way of publishing them (CONF, COMM)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.identifiers import Redactor
from kscp_core.model.publication import Channel, OutputKind


def project_outputs(ctx: Context) -> Iterable[Fact]:
    """The facts about each learning output published or planned, not withdrawn."""
    partnership, as_of = ctx.partnership, ctx.as_of
    redactor = Redactor(partnership.people)
    for output in partnership.learning_outputs:
        if on_or_before(output.withdrawn_on, as_of):
            continue
        published = on_or_before(output.published_on, as_of)
        when = output.published_on if published else output.planned_on
        if when is None:
            continue
        hits = redactor.hits(output.text)
        welfare = output.welfare
        data: dict[str, Any] = {
            "output_kind": output.kind.value,
            "local_case": output.case is not None,
            "published": published,
            "publication_on": day(when),
            "restricted": output.case is not None
            and any(o.case == output.case and o.in_force(when) for o in partnership.court_orders),
            "welfare_recorded": welfare is not None and welfare.considered_on <= as_of,
            "welfare_harm_unmitigated": welfare is not None
            and welfare.harm_found
            and not welfare.mitigation,
            "social_media": output.channel is Channel.SOCIAL_MEDIA
            or output.kind is OutputKind.SOCIAL_MEDIA_POST,
            "social_media_approved": bool(output.social_media_approved),
            "identifiers_found": len(hits),
            "identifier_positions": "; ".join(str(h) for h in hits) or "none",
        }
        yield fact("learning_output", output.id, data)
