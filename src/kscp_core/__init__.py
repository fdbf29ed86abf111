"""kscp_core: the KSCP Learning and Improvement Framework as software.

Everything a host system uses is importable from here: loading and saving
records, the record types, the RuleBook, the Engine and its Session, the
findings and every error. The subpackages are the layers behind it
(``model``, ``io``, ``rulebook``, ``facts``, ``engine``); import from them only
for what this page does not offer.

>>> import kscp_core
>>> engine = kscp_core.Engine()
>>> sorted(kscp_core.Severity.__members__)
['ADVICE', 'BREACH', 'WARNING']
"""

import importlib as _importlib
import typing as _typing

from kscp_core import _moved
from kscp_core.errors import (
    ConditionError,
    DocsUnavailableError,
    DurableUnavailableError,
    EvaluationError,
    KscpError,
    Problem,
    RecordsError,
    RuleActionError,
    RuleBookError,
    ScenarioError,
    UnknownFindingError,
    UnknownRuleError,
    UnknownSubgroupError,
    UsageError,
)
from kscp_core.io.records import (
    dump,
    dumps,
    load,
    loads,
    make_converter,
    structure,
    structure_record,
    unstructure,
    unstructure_record,
)
from kscp_core.model import (
    AbuseOrNeglect,
    Action,
    ActionId,
    ActionSource,
    ActionState,
    AdvocacyService,
    Agency,
    AgencyId,
    AgencyIssue,
    AgencyKind,
    Audit,
    AuditId,
    AuditKind,
    AuditProgramme,
    AuditProgrammeId,
    CaseReview,
    ChallengeEvent,
    ChallengeEventId,
    Channel,
    ChildDeath,
    ChildDeathId,
    Closure,
    Course,
    CourseId,
    CourtOrder,
    CourtOrderId,
    CourtOrderKind,
    DeathCategory,
    EnglandAndWales,
    Escalation,
    EscalationLevel,
    FeedbackMechanism,
    ForwardPlanEntry,
    ForwardPlanEntryId,
    IncidentId,
    IncidentOutcome,
    Indicator,
    IndicatorId,
    LeadReviewer,
    LearningOutput,
    LearningOutputId,
    Meeting,
    MeetingId,
    OutputKind,
    Partnership,
    PartnershipChair,
    PerformanceReturn,
    PerformanceReturnId,
    Person,
    PersonId,
    PersonRole,
    ProgressUpdate,
    Quarter,
    QuarterlyReport,
    RapidReview,
    RapidReviewId,
    Recommendation,
    RecommendationId,
    ReportId,
    ReviewDecision,
    ReviewId,
    ReviewType,
    SeriousIncident,
    Subgroup,
    SubgroupId,
    SubgroupRole,
    TrainingStrategy,
    WelfareConsideration,
    WorkforceReturn,
    WorkforceReturnId,
    WorkingCalendar,
)
from kscp_core.model.working_days import add_working_days, working_days_between

if _typing.TYPE_CHECKING:
    from kscp_core.clearance import (
        Clearance,
        clear_for_publication,
    )
    from kscp_core.engine import (
        Changed,
        Changes,
        Engine,
        Finding,
        Method,
        NewDate,
        Removed,
        Session,
        evaluate,
    )
    from kscp_core.quarterly import (
        draft_quarterly_report,
    )
    from kscp_core.rulebook import (
        Recipient,
        Rule,
        RuleBook,
        Severity,
    )

#: What the façade offers from the engine and the leaves, imported on first use:
#: ``import kscp_core`` stays quick for a host that only loads records.
_LAZY: dict[str, str] = {
    "Changed": "kscp_core.engine",
    "Changes": "kscp_core.engine",
    "Engine": "kscp_core.engine",
    "Finding": "kscp_core.engine",
    "Method": "kscp_core.engine",
    "NewDate": "kscp_core.engine",
    "Removed": "kscp_core.engine",
    "Session": "kscp_core.engine",
    "evaluate": "kscp_core.engine",
    "Recipient": "kscp_core.rulebook",
    "Rule": "kscp_core.rulebook",
    "RuleBook": "kscp_core.rulebook",
    "Severity": "kscp_core.rulebook",
    "Clearance": "kscp_core.clearance",
    "clear_for_publication": "kscp_core.clearance",
    "draft_quarterly_report": "kscp_core.quarterly",
}


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'kscp_core' has no attribute {name!r}")
    value = getattr(_importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    "Changed",
    "Changes",
    "Channel",
    "ChildDeath",
    "ChildDeathId",
    "Clearance",
    "Closure",
    "ConditionError",
    "Course",
    "CourseId",
    "CourtOrder",
    "CourtOrderId",
    "CourtOrderKind",
    "DeathCategory",
    "DocsUnavailableError",
    "DurableUnavailableError",
    "Engine",
    "EnglandAndWales",
    "Escalation",
    "EscalationLevel",
    "EvaluationError",
    "FeedbackMechanism",
    "Finding",
    "ForwardPlanEntry",
    "ForwardPlanEntryId",
    "IncidentId",
    "IncidentOutcome",
    "Indicator",
    "IndicatorId",
    "KscpError",
    "LeadReviewer",
    "LearningOutput",
    "LearningOutputId",
    "Meeting",
    "MeetingId",
    "Method",
    "NewDate",
    "OutputKind",
    "Partnership",
    "PartnershipChair",
    "PerformanceReturn",
    "PerformanceReturnId",
    "Person",
    "PersonId",
    "PersonRole",
    "Problem",
    "ProgressUpdate",
    "Quarter",
    "QuarterlyReport",
    "RapidReview",
    "RapidReviewId",
    "Recipient",
    "Recommendation",
    "RecommendationId",
    "RecordsError",
    "Removed",
    "ReportId",
    "ReviewDecision",
    "ReviewId",
    "ReviewType",
    "Rule",
    "RuleActionError",
    "RuleBook",
    "RuleBookError",
    "ScenarioError",
    "SeriousIncident",
    "Session",
    "Severity",
    "Subgroup",
    "SubgroupId",
    "SubgroupRole",
    "TrainingStrategy",
    "UnknownFindingError",
    "UnknownRuleError",
    "UnknownSubgroupError",
    "UsageError",
    "WelfareConsideration",
    "WorkforceReturn",
    "WorkforceReturnId",
    "WorkingCalendar",
    "add_working_days",
    "clear_for_publication",
    "draft_quarterly_report",
    "dump",
    "dumps",
    "evaluate",
    "load",
    "loads",
    "make_converter",
    "structure",
    "structure_record",
    "unstructure",
    "unstructure_record",
    "working_days_between",
]

_moved.install()
