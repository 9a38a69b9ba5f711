"""Statement analysis: who is billing me, from a bank or card export.

Readers per format (:mod:`.csvfile`, :mod:`.ofx`, :mod:`.camt`), descriptor
cleaning (:mod:`.clean`) and matching to the graph's billers and services
(:mod:`.match`), recurrence detection (:mod:`.recurrence`), and the entry
point :func:`analyse_statement` (:mod:`.analyse`).
"""

from .analyse import MAX_BYTES, MAX_ROWS, analyse_statement, analysis_as_dict, read_statement, stream_cancel_path
from .match import DescriptorMatcher
from .model import FORMATS, StatementAnalysis, StatementError, Stream

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_ROWS",
    "DescriptorMatcher",
    "StatementAnalysis",
    "StatementError",
    "Stream",
    "analyse_statement",
    "analysis_as_dict",
    "read_statement",
    "stream_cancel_path",
]
