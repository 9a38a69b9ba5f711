"""Statement analysis: who is billing me, from a bank or card export.

Readers per format (:mod:`.csvfile`, :mod:`.ofx`, :mod:`.camt`), descriptor
cleaning (:mod:`.clean`) and matching to the graph's billers and services
(:mod:`.match`), recurrence detection (:mod:`.recurrence`), and the entry
point :func:`analyse_statement` (:mod:`.analyse`), and the typed answer
the CLI and the API give, :func:`statement_answer` (:mod:`.answer`).
"""

from .analyse import MAX_BYTES, MAX_ROWS, Progress, analyse_statement, fitted_matcher, read_statement
from .answer import RecurringCharge, StatementAnswer, statement_answer
from .match import DescriptorMatcher
from .model import FORMATS, StatementAnalysis, StatementError, Stream

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "MAX_ROWS",
    "DescriptorMatcher",
    "Progress",
    "RecurringCharge",
    "StatementAnalysis",
    "StatementAnswer",
    "StatementError",
    "Stream",
    "analyse_statement",
    "fitted_matcher",
    "read_statement",
    "statement_answer",
]
