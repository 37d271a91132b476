"""“I know who this is” and its variations hold a comment; empathy does not. The same
detectors and term rules as posts apply to comments."""

import pytest

from board import screening
from board.screening import knows_them

KNOWS = [
    "I know who this is",
    "i know who this is!!",
    "I KNOW HIM",
    "i know her",
    "I think I know her",
    "pretty sure I know this guy",
    "I recognise her from your description",
    "I know who you mean",
    "I know who that is haha",
    "that's my coworker",
    "Thats my sister lol",
    "this is definitely my roommate",
    "sounds like my ex",
    "She's my best friend",
    "it's Jenna from the bakery",
    "Its Tom at the front desk",
    "It is Priya from accounts",
    "I can introduce you",
    "I could introduce you two",
    "Happy to introduce you",
    "want me to put you in touch?",
    "I'll pass this on to her",
    "i'll let her know",
    "I'll send this to her",
    "tag her",
    "tagging him now",
    "I know where she works",
    "she works at the cafe on Main",
]

EMPATHY = [
    "I know how this feels",
    "I know the feeling",
    "I know what you mean",
    "I know you'll find them",
    "I know you're hurting",
    "I know it's hard",
    "I know this one hurts",
    "that's my favourite cafe too",
    "this is my story too",
    "That's my dream",
    "It's Monday at the station again",
    "It's Paris in spring all over again",
    "I wish I could let her know how I felt, years ago",
    "I knew then that I'd regret it",
    "I hope you find them",
    "It takes two; you did nothing wrong",
    "This happened to me too, on the 6 train",
    "You did everything right",
    "I'd love to know how it ends",
]


@pytest.mark.parametrize("text", KNOWS)
def test_saying_you_know_who_it_is_is_recognised(text):
    assert list(knows_them.find(text)), text
    findings = screening.screen_comment(text, term_rules=())
    assert any(f.rule == "knows" for f in findings)
    assert screening.should_hold(findings)


@pytest.mark.parametrize("text", EMPATHY)
def test_kindness_and_empathy_pass(text):
    assert list(knows_them.find(text)) == [], text
    assert screening.screen_comment(text, term_rules=()) == []


def test_the_post_detectors_apply_to_comments_too():
    findings = screening.screen_comment(
        "DM me, I know her. Her name is Jess, call 07700 900123", term_rules=()
    )
    rules = {f.rule for f in findings}
    assert {"handle", "knows", "name", "phone"} <= rules


@pytest.mark.django_db
def test_the_detector_is_for_comments_only_posts_are_screened_as_before():
    assert knows_them not in screening.DETECTORS
    assert screening.screen_post({"story": "I know her from the train"}) == []


def test_the_admin_can_filter_by_the_new_reason():
    assert ("knows", "Saying you know who this is") in screening.RULE_LABELS
