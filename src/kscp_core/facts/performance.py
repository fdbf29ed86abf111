"""Performance returns: what each agency sent, against the agreed indicators."""

from __future__ import annotations

from collections.abc import Iterable

from kscp_core.facts.base import Context, Fact, day, fact, on_or_before
from kscp_core.model.performance import Indicator


def project_performance(ctx: Context) -> Iterable[Fact]:
    """The facts about each performance return whose period has ended."""
    partnership, as_of = ctx.partnership, ctx.as_of
    indicators: dict[str, Indicator] = {i.id: i for i in partnership.indicators}
    for ret in partnership.performance_returns:
        if ret.period_end > as_of:
            continue
        received = on_or_before(ret.received_on, as_of)
        blank = out_of_range = unagreed = 0
        if received:
            for name, value in ret.values.items():
                indicator = indicators.get(name)
                if indicator is None:
                    unagreed += 1
                elif value is None:
                    blank += 1
                elif (indicator.minimum is not None and value < indicator.minimum) or (
                    indicator.maximum is not None and value > indicator.maximum
                ):
                    out_of_range += 1
        yield fact(
            "performance_return",
            ret.id,
            {
                "agency": ret.agency,
                "due_on": day(ret.due_on),
                "received": received,
                "past_due": as_of > ret.due_on,
                "blank_values": blank,
                "out_of_range_values": out_of_range,
                "unagreed_indicators": unagreed,
            },
        )
