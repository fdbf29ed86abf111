"""The model: every record a safeguarding children partnership keeps.

One module per framework concept: frozen attrs classes, ids as ``NewType``,
closed vocabularies as enums, the working-day calendar, and the marks on
personal fields with the identifier finder that honours them. This layer
imports nothing above it: it knows nothing of rules, facts or the engine.
"""

from kscp_core.model.actions import (
    Action,
    ActionId,
    ActionSource,
    ActionState,
    Closure,
    Escalation,
    EscalationLevel,
    ProgressUpdate,
)
from kscp_core.model.agencies import (
    Agency,
    AgencyId,
    AgencyKind,
    FeedbackMechanism,
    PartnershipChair,
)
from kscp_core.model.audits import (
    AgencyIssue,
    Audit,
    AuditId,
    AuditKind,
    AuditProgramme,
    AuditProgrammeId,
    ChallengeEvent,
    ChallengeEventId,
)
from kscp_core.model.child_deaths import (
    ChildDeath,
    ChildDeathId,
    DeathCategory,
)
from kscp_core.model.incidents import (
    AbuseOrNeglect,
    IncidentId,
    IncidentOutcome,
    SeriousIncident,
)
from kscp_core.model.meetings import (
    ForwardPlanEntry,
    ForwardPlanEntryId,
    Meeting,
    MeetingId,
)
from kscp_core.model.partnership import (
    Partnership,
)
from kscp_core.model.people import (
    Person,
    PersonId,
    PersonRole,
)
from kscp_core.model.performance import (
    Indicator,
    IndicatorId,
    PerformanceReturn,
    PerformanceReturnId,
)
from kscp_core.model.publication import (
    Channel,
    CourtOrder,
    CourtOrderId,
    CourtOrderKind,
    LearningOutput,
    LearningOutputId,
    OutputKind,
    WelfareConsideration,
)
from kscp_core.model.reports import (
    Quarter,
    QuarterlyReport,
    ReportId,
)
from kscp_core.model.reviews import (
    CaseReview,
    LeadReviewer,
    RapidReview,
    RapidReviewId,
    Recommendation,
    RecommendationId,
    ReviewDecision,
    ReviewId,
    ReviewType,
)
from kscp_core.model.subgroups import (
    Subgroup,
    SubgroupId,
    SubgroupRole,
)
from kscp_core.model.training import (
    Course,
    CourseId,
    TrainingStrategy,
    WorkforceReturn,
    WorkforceReturnId,
)
from kscp_core.model.voice import (
    AdvocacyService,
)
from kscp_core.model.working_days import (
    EnglandAndWales,
    WorkingCalendar,
)

__all__ = [
    "AbuseOrNeglect",
    "Action",
    "ActionId",
    "ActionSource",
    "ActionState",
    "AdvocacyService",
    "Agency",
    "AgencyId",
    "AgencyIssue",
    "AgencyKind",
    "Audit",
    "AuditId",
    "AuditKind",
    "AuditProgramme",
    "AuditProgrammeId",
    "CaseReview",
    "ChallengeEvent",
    "ChallengeEventId",
    "Channel",
    "ChildDeath",
    "ChildDeathId",
    "Closure",
    "Course",
    "CourseId",
    "CourtOrder",
    "CourtOrderId",
    "CourtOrderKind",
    "DeathCategory",
    "EnglandAndWales",
    "Escalation",
    "EscalationLevel",
    "FeedbackMechanism",
    "ForwardPlanEntry",
    "ForwardPlanEntryId",
    "IncidentId",
    "IncidentOutcome",
    "Indicator",
    "IndicatorId",
    "LeadReviewer",
    "LearningOutput",
    "LearningOutputId",
    "Meeting",
    "MeetingId",
    "OutputKind",
    "Partnership",
    "PartnershipChair",
    "PerformanceReturn",
    "PerformanceReturnId",
    "Person",
    "PersonId",
    "PersonRole",
    "ProgressUpdate",
    "Quarter",
    "QuarterlyReport",
    "RapidReview",
    "RapidReviewId",
    "Recommendation",
    "RecommendationId",
    "ReportId",
    "ReviewDecision",
    "ReviewId",
    "ReviewType",
    "SeriousIncident",
    "Subgroup",
    "SubgroupId",
    "SubgroupRole",
    "TrainingStrategy",
    "WelfareConsideration",
    "WorkforceReturn",
    "WorkforceReturnId",
    "WorkingCalendar",
]
