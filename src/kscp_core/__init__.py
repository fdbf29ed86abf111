"""kscp_core: the KSCP Learning and Improvement Framework as software."""

from kscp_core.errors import KscpError, RecordsError, RuleBookError
from kscp_core.partnership import Partnership
from kscp_core.records import dump, dumps, load, loads, make_converter

__all__ = [
    "KscpError",
    "Partnership",
    "RecordsError",
    "RuleBookError",
    "dump",
    "dumps",
    "load",
    "loads",
    "make_converter",
]
