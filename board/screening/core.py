"""What every detector shares: the finding, the actions, and span helpers. No Django."""

from bisect import bisect_left
from dataclasses import dataclass, field


class Action:
    REFUSE = "refuse"
    HOLD = "hold"
    ALLOW = "allow"


@dataclass(frozen=True)
class Finding:
    """One thing screening found: which rule, what to tell the poster, the exact text."""

    rule: str
    label: str
    excerpt: str
    field: str
    action: str
    start: int = field(default=0, compare=False)
    end: int = field(default=0, compare=False)


def spans(*patterns):
    """A detector from regular expressions: yields (start, end) of every match."""

    def find(text):
        for pattern in patterns:
            for match in pattern.finditer(text):
                yield match.span()

    return find


def overlaps(sorted_spans, starts, start, end):
    """Whether [start, end) overlaps any of `sorted_spans` (sorted, non-overlapping)."""
    i = bisect_left(starts, start)
    return (i > 0 and sorted_spans[i - 1][1] > start) or (
        i < len(sorted_spans) and sorted_spans[i][0] < end
    )


def dedupe(hits):
    """Keep non-overlapping hits: refusals first, then the longest, then the earliest."""
    chosen, starts = [], []
    for hit in sorted(hits, key=lambda h: (h[2].action != Action.REFUSE, h[0] - h[1], h[0])):
        if not overlaps(chosen, starts, hit[0], hit[1]):
            i = bisect_left(starts, hit[0])
            starts.insert(i, hit[0])
            chosen.insert(i, hit)
    return [hit[2] for hit in chosen]


def merge(span_list):
    merged = []
    for start, end in sorted(span_list):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
