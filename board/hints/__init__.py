"""Whether two posts may tell the same moment: pure functions, no database, no HTTP.

`Moment` is what the scorer reads of a post; `could_be_same_moment` is the hard filter the
database query also applies (date, place, setting or type); `similarity` scores the words;
`is_possible_match` is both with the threshold. Identical on SQLite and PostgreSQL because
nothing here touches either. The figures behind the threshold are in docs/hints.md and
tests/test_hints_precision.py.
"""

from .similarity import (
    THRESHOLD,
    Moment,
    could_be_same_moment,
    is_possible_match,
    similarity,
    tokens,
)

__all__ = [
    "THRESHOLD",
    "Moment",
    "could_be_same_moment",
    "is_possible_match",
    "similarity",
    "tokens",
]
