"""Measure screening on labelled examples: recall on what must be held, false holds on what
must pass, by category. Used by `manage.py screening_report` and the tests."""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import screen_text


@dataclass
class Tally:
    held: int = 0
    total: int = 0
    misses: list = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.held / self.total if self.total else 0.0


def read_examples(path: Path) -> list[tuple[str, str, str]]:
    """(category, expect, text) rows of a tab-separated file; `#` lines are comments."""
    with Path(path).open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(
            (line for line in handle if line.strip() and not line.startswith("#")),
            delimiter="\t",
            quoting=csv.QUOTE_NONE,
        )
        return [(category, expect, text) for category, expect, text in rows]


def evaluate(examples, *, term_rules=()) -> dict[str, dict[str, Tally]]:
    """{"hold": {category: Tally}, "clean": {category: Tally}}: how many of each were held."""
    rules = tuple(term_rules)
    results = {"hold": defaultdict(Tally), "clean": defaultdict(Tally)}
    for category, expect, text in examples:
        tally = results[expect][category]
        tally.total += 1
        findings = screen_text(text, term_rules=rules)
        if findings:
            tally.held += 1
        if bool(findings) != (expect == "hold"):
            tally.misses.append((text, [f"{f.rule}: {f.excerpt}" for f in findings]))
    return results


def overall(tallies: dict[str, Tally]) -> Tally:
    total = Tally()
    for tally in tallies.values():
        total.held += tally.held
        total.total += tally.total
    return total
