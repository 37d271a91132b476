"""Measure the matcher on labelled pairs (tests/data/match_pairs.json): precision and recall
of the whole decision, and of the words alone. Used by the tests and for docs/hints.md:

    .venv/bin/python -m board.hints.evaluation tests/data/match_pairs.json
"""

import json
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from .similarity import THRESHOLD, Moment, could_be_same_moment, similarity

_BASE_DAY = date(2026, 6, 1)
# The city of each area name the labelled set uses: two neighbourhoods and their city, and
# another city.
_CITY = {"north": "springfield", "south": "springfield", "city": "springfield", "other": "other"}


@dataclass(frozen=True)
class Pair:
    id: str
    label: bool
    kind: str
    a: Moment
    b: Moment


@dataclass
class Result:
    threshold: float
    true_positives: list = field(default_factory=list)
    false_positives: list = field(default_factory=list)
    false_negatives: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.true_positives) + len(self.false_positives)
        return len(self.true_positives) / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = len(self.true_positives) + len(self.false_negatives)
        return len(self.true_positives) / wanted if wanted else 1.0


def _moment(side: dict, defaults: dict) -> Moment:
    data = {**defaults, **side}
    return Moment(
        encounter_date=_BASE_DAY + timedelta(days=data["day"]),
        city=_CITY[data["area"]],
        connection_type=data["type"],
        settings=frozenset(data["settings"]),
        headline=data["headline"],
        story=data["story"],
        where_exactly=data["where"],
        i_saw=data["i_saw"],
        i_am=data["i_am"],
    )


def load_pairs(path) -> list[Pair]:
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    defaults = raw["defaults"]
    return [
        Pair(
            id=item["id"],
            label=item["label"],
            kind=item["kind"],
            a=_moment(item["a"], defaults),
            b=_moment(item["b"], defaults),
        )
        for item in raw["pairs"]
    ]


def evaluate(pairs, *, threshold: float = THRESHOLD, words_only: bool = False) -> Result:
    """Score each pair both ways round; `words_only` skips the date, place and setting filter
    (how good the words alone are, on near misses that the filter would otherwise catch)."""
    result = Result(threshold=threshold)
    for pair in pairs:
        scores = {similarity(pair.a, pair.b), similarity(pair.b, pair.a)}
        assert len(scores) == 1, f"{pair.id}: the score depends on the order"
        eligible = words_only or could_be_same_moment(pair.a, pair.b)
        predicted = eligible and scores.pop() >= threshold
        if predicted and pair.label:
            result.true_positives.append(pair.id)
        elif predicted:
            result.false_positives.append(pair.id)
        elif pair.label:
            result.false_negatives.append(pair.id)
    return result


def main(path: str) -> None:
    pairs = load_pairs(path)
    print(f"{len(pairs)} pairs, {sum(p.label for p in pairs)} true")
    print("threshold  precision  recall  (words only: precision  recall)")
    for step in range(10, 71, 5):
        threshold = step / 100
        full = evaluate(pairs, threshold=threshold)
        words = evaluate(pairs, threshold=threshold, words_only=True)
        mark = "  <- THRESHOLD" if abs(threshold - THRESHOLD) < 1e-9 else ""
        print(
            f"{threshold:9.2f}  {full.precision:9.3f}  {full.recall:6.3f}"
            f"  ({words.precision:9.3f}  {words.recall:6.3f}){mark}"
        )
    chosen = evaluate(pairs)
    print("missed:", ", ".join(chosen.false_negatives) or "none")
    print("wrongly matched:", ", ".join(chosen.false_positives) or "none")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "tests/data/match_pairs.json")
