"""Screening against our labelled examples, by category: at least 95% of identifying
examples held, at most 5% of clean ones; the report command prints the same numbers."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from board import screening
from board.admin.posts import HELD_RULES
from board.screening import evaluation

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).parent / "data" / "screening_examples.tsv"


@pytest.fixture
def results():
    examples = evaluation.read_examples(EXAMPLES)
    return examples, evaluation.evaluate(examples, term_rules=screening.active_term_rules())


def test_the_table_has_at_least_150_examples_of_each_kind(results):
    examples, _ = results
    assert sum(1 for _, expect, _ in examples if expect == "hold") >= 150
    assert sum(1 for _, expect, _ in examples if expect == "clean") >= 150
    categories = {category for category, expect, _ in examples if expect == "hold"}
    assert {"name", "routine", "phone", "email", "handle", "plate", "address", "dating"} <= (
        categories
    )


def test_at_least_95_percent_of_identifying_examples_are_held(results):
    _, tallies = results
    assert evaluation.overall(tallies["hold"]).rate >= 0.95


def test_at_most_5_percent_of_clean_examples_are_held(results):
    _, tallies = results
    assert evaluation.overall(tallies["clean"]).rate <= 0.05


def test_every_category_of_identifying_detail_is_mostly_caught(results):
    _, tallies = results
    for category, tally in tallies["hold"].items():
        assert tally.rate >= 0.9, (category, tally.misses)


def test_the_report_command_prints_recall_and_false_holds_by_category():
    out = StringIO()
    call_command("screening_report", str(EXAMPLES), stdout=out)
    text = out.getvalue()
    assert "Recall" in text and "False holds" in text
    for category in ("name", "routine", "phone", "dating", "solicitation", "selling"):
        assert category in text


@pytest.mark.parametrize(
    "text",
    [
        "I saw you at Grand Central",
        "my friend Sam",
        "You were with Sam and Priya at the Tate",
        "Your name is something I never caught",
        "a song named after a city",
    ],
)
def test_ordinary_prose_with_names_in_it_is_not_held(text):
    assert screening.screen_text(text) == []


def test_the_poster_is_shown_exactly_what_was_found_and_why():
    findings = screening.screen_text("Your name tag said Devon Price", field="story")
    assert screening.describe(findings) == [
        'Looks like someone\'s name: "name tag said Devon Price" (story)'
    ]
    assert "identifies" in screening.WHY["name"]


def test_masking_replaces_the_whole_disguised_address():
    text = "write to sam dot rivera at gmail dot com please"
    masked = screening.mask(text, screening.screen_text(text), "[hidden]")
    assert masked == "write to [hidden] please"


def test_the_starter_term_rules_ship_and_catch_solicitation_and_selling():
    rules = screening.active_term_rules()
    assert len(rules) >= 10
    for text in ("looking for a hookup", "check my onlyfans", "promo code SAVE10"):
        assert [f.rule for f in screening.screen_text(text, term_rules=rules)] == ["term"]


def test_the_admins_reason_held_labels_come_from_the_detectors():
    codes = [code for code, _ in HELD_RULES]
    detectors = screening.DETECTORS + screening.COMMENT_DETECTORS  # comments: "knows"
    assert codes == [d.CODE for d in detectors] + ["term"]
