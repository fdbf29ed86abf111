"""The partnership as a whole, and each partner agency."""

from __future__ import annotations

from collections.abc import Iterable

from kscp_core.facts.base import Context, Fact, day, fact


def project_partnership(ctx: Context) -> Iterable[Fact]:
    """The fact about the partnership as a whole, and one about each agency."""
    partnership, as_of = ctx.partnership, ctx.as_of
    yield fact(
        "partnership",
        "partnership",
        {
            "audit_programme_current": any(
                p.starts_on <= as_of <= p.ends_on for p in partnership.audit_programmes
            ),
            "advocacy_available": any(
                s.available(as_of) and s.child_protection and s.looked_after
                for s in partnership.advocacy_services
            ),
            "as_of": day(as_of),
        },
    )
    for agency in partnership.agencies:
        yield fact(
            "agency",
            agency.id,
            {
                "agency": agency.id,
                "feedback_mechanisms": len(agency.feedback_mechanisms),
                "as_of": day(as_of),
            },
        )
