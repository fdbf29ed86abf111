"""Learning outputs and the court orders that restrict what may be published.

(CONF-1..CONF-3, COMM-1..COMM-3, SL-2, PRIN-6.)
"""

from __future__ import annotations

import enum
from datetime import date
from typing import NewType

import attrs

from kscp_core.model.audits import AuditId
from kscp_core.model.incidents import IncidentId
from kscp_core.model.reviews import ReviewId

__all__ = [
    "Channel",
    "CourtOrder",
    "CourtOrderId",
    "CourtOrderKind",
    "LearningOutput",
    "LearningOutputId",
    "OutputKind",
    "WelfareConsideration",
]

LearningOutputId = NewType("LearningOutputId", str)
CourtOrderId = NewType("CourtOrderId", str)


class OutputKind(enum.Enum):
    """What a learning output is."""

    REVIEW_REPORT = "review_report"
    LEARNING_SUMMARY = "learning_summary"
    BRIEFING = "briefing"
    NEWSLETTER_ITEM = "newsletter_item"
    WEB_PAGE = "web_page"
    SOCIAL_MEDIA_POST = "social_media_post"
    TRAINING_MATERIAL = "training_material"


class Channel(enum.Enum):
    """Where a learning output goes out."""

    WEBSITE = "website"
    NEWSLETTER = "newsletter"
    SOCIAL_MEDIA = "social_media"
    TRAINING = "training"
    EMAIL = "email"


class CourtOrderKind(enum.Enum):
    """A court order, or a reporting restriction."""

    COURT_ORDER = "court_order"
    REPORTING_RESTRICTION = "reporting_restriction"


@attrs.frozen(kw_only=True)
class WelfareConsideration:
    """The recorded consideration of how publication affects the child and family (CONF-2)."""

    considered_on: date
    harm_found: bool
    mitigation: str | None = None


@attrs.frozen(kw_only=True)
class LearningOutput:
    """Anything published: a review report, a learning summary, a briefing, a post.

    ``case`` is the serious incident it comes from, ``review`` the case
    review, ``audit`` the audit. ``social_media_approved`` records the
    decision that sharing on social media is appropriate (COMM-2).
    ``sent_to`` names the organisations it was sent to. ``postcodes_checked_on``
    records that an officer confirmed the postcode-shaped strings in its title
    and text identify nobody (a postcode of someone in the case records blocks
    publication whatever is recorded here).
    """

    id: LearningOutputId
    kind: OutputKind
    channel: Channel
    title: str
    text: str = ""
    case: IncidentId | None = None
    review: ReviewId | None = None
    audit: AuditId | None = None
    welfare: WelfareConsideration | None = None
    social_media_approved: bool | None = None
    planned_on: date | None = None
    published_on: date | None = None
    withdrawn_on: date | None = None
    sent_to: tuple[str, ...] = ()
    postcodes_checked_on: date | None = None


@attrs.frozen(kw_only=True)
class CourtOrder:
    """A court order or reporting restriction covering a case, and the period it applies.

    ``ends_on`` is the last day it applies; ``None`` means until further order.
    """

    id: CourtOrderId
    kind: CourtOrderKind
    case: IncidentId
    starts_on: date
    ends_on: date | None = None
    note: str | None = None

    def in_force(self, on: date) -> bool:
        """Whether the order applies on a date."""
        return self.starts_on <= on and (self.ends_on is None or on <= self.ends_on)
