"""How good the matcher is, on pairs labelled by hand, and that the database's candidate
query applies exactly the scorer's hard filter (so SQLite and PostgreSQL decide alike)."""

import itertools
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from board.hints import Moment, could_be_same_moment, similarity
from board.hints.evaluation import evaluate, load_pairs
from board.hints.similarity import THRESHOLD, tokens
from board.models import ConnectionType
from board.services import hints

DATA = Path(__file__).parent / "data"
# The floors the docs promise (docs/hints.md records the measured figures).
PRECISION_FLOOR = 0.9
RECALL_FLOOR = 0.8


def test_the_labelled_set_is_big_enough_and_balanced():
    pairs = load_pairs(DATA / "match_pairs.json")
    assert len(pairs) >= 60
    assert len({pair.id for pair in pairs}) == len(pairs)
    true = sum(pair.label for pair in pairs)
    assert 25 <= true <= len(pairs) - 25
    kinds = {pair.kind for pair in pairs if not pair.label}
    assert {"other-day", "other-city", "generic", "different-people", "shared-words"} <= kinds


@pytest.mark.parametrize("name", ["match_pairs.json", "match_pairs_heldout.json"])
def test_precision_and_recall_on_labelled_pairs_are_above_the_floor(name):
    result = evaluate(load_pairs(DATA / name), threshold=THRESHOLD)
    assert result.precision >= PRECISION_FLOOR, result.false_positives
    assert result.recall >= RECALL_FLOOR, result.false_negatives


def test_the_words_alone_still_reject_most_near_misses():
    """Without the date and place filter the words must still do real work."""
    result = evaluate(load_pairs(DATA / "match_pairs.json"), words_only=True)
    assert result.precision >= 0.75
    assert result.recall >= RECALL_FLOOR


def test_a_threshold_of_zero_would_fail_the_floor():
    """The test can fail: scoring everything a match does not pass."""
    result = evaluate(load_pairs(DATA / "match_pairs.json"), threshold=0.0)
    assert result.precision < PRECISION_FLOOR


def test_tokens_are_normalised_stemmed_and_without_stop_words():
    assert tokens("The COATS, the coat; laughing and laughed!") == [
        "coat",
        "coat",
        "laugh",
        "laugh",
    ]
    assert tokens("Ｇｒｅｅｎ café") == ["green", "caf"]


def test_the_score_does_not_depend_on_the_order_of_the_two_posts():
    for pair in load_pairs(DATA / "match_pairs.json"):
        assert similarity(pair.a, pair.b) == similarity(pair.b, pair.a)


def test_descriptions_that_contradict_each_other_halve_the_score():
    day = timezone.localdate()
    base = {"encounter_date": day, "city": 1, "connection_type": "romantic"}
    a = Moment(**base, story="Green coat, balloons at the bus stop", i_saw="green coat balloons")
    agreeing = Moment(**base, story="Green coat at the bus stop", i_am="green coat balloons")
    disagreeing = Moment(**base, i_am="green coat balloons", i_saw="trumpet case", story="")
    a_with_am = Moment(**{**a.__dict__, "i_am": "black umbrella"})
    assert similarity(a, agreeing) == 1.0
    assert similarity(a_with_am, disagreeing) == 0.5


# --- The database applies the same hard filter -------------------------------------------


@pytest.mark.django_db
def test_the_candidate_query_is_exactly_the_scorers_filter(
    make_post, make_user, areas, tags, moderator
):
    day = timezone.localdate() - timedelta(days=5)
    new = make_post(author=make_user(), encounter_date=day, area=areas["north"])
    others = []
    combos = itertools.product(
        [-2, -1, 0, 1, 2],
        ["north", "south", "city", "other_city"],
        [ConnectionType.ROMANTIC, ConnectionType.PLATONIC],
        ["public-transit", "cafe"],
    )
    for offset, area, kind, tag in combos:
        others.append(
            make_post(
                author=make_user(),
                encounter_date=day + timedelta(days=offset),
                area=areas[area],
                connection_type=kind,
                setting_tags=[tags[tag]],
            )
        )
    # Never candidates, whatever their place and day: hints off, not public, same author.
    make_post(author=make_user(), encounter_date=day, match_hints_enabled=False)
    held = make_post(author=make_user(), encounter_date=day, story="Ring 020 7946 0958.")
    assert held.status == "pending"
    make_post(author=new.author, encounter_date=day, headline="Another of mine")

    def moment(post):
        return Moment(
            encounter_date=post.encounter_date,
            city=post.area.parent_id or post.area_id,
            connection_type=post.connection_type,
            settings=frozenset(tag.pk for tag in post.setting_tags.all()),
        )

    expected = {p.pk for p in others if could_be_same_moment(moment(new), moment(p))}
    found = {p.pk for p in hints.candidates(new)}
    assert found == expected
    assert len(expected) == 3 * 3 * 3  # days x areas of the city x (type or setting shared)


@pytest.mark.django_db
def test_the_candidates_are_capped_newest_first(make_post, make_user):
    posts = [make_post(author=make_user()) for _ in range(4)]
    found = list(hints.candidates(posts[0], limit=2))
    assert [p.pk for p in found] == [posts[3].pk, posts[2].pk]


@pytest.mark.django_db
def test_scoring_the_candidates_takes_two_queries_however_many_there_are(
    make_post, make_user, django_assert_num_queries
):
    posts = [make_post(author=make_user()) for _ in range(6)]
    with django_assert_num_queries(2):  # the city's areas, the candidates
        found = hints.possible_matches(posts[0], limit=10)
    assert len(found) == 5  # the factory's posts all tell the same story
