"""The voice of children, young people and families: the advocacy service (VC-1..VC-4)."""

from __future__ import annotations

from datetime import date

import attrs

__all__ = ["AdvocacyService"]


@attrs.frozen(kw_only=True)
class AdvocacyService:
    """An advocacy service for children in child protection or looked after reviews (VC-2)."""

    provider: str
    starts_on: date
    ends_on: date | None = None
    child_protection: bool = True
    looked_after: bool = True

    def available(self, on: date) -> bool:
        """Whether the service is available on a date."""
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)
