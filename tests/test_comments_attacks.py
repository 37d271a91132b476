"""Adversary tests for comments: ways around the screening, and the pages' boundaries."""

import pytest

from board import screening

DISGUISED = [
    "i k n o w who this is",
    "I know wh\u200bo this is",  # a zero-width space inside a word
    "I kn\u043ew who this is",  # a Cyrillic o
    "\uff29 \uff4b\uff4e\uff4f\uff57 \uff57\uff48\uff4f \uff54\uff48\uff49\uff53 \uff49\uff53",
    "her n\u00adame is Jenna",  # a soft hyphen
    "J e n n a from the bakery",
    "it's j.e.n.n.a",
    "that\u2019s my c\u043e-w\u043erker",
]

MORE_WAYS_OF_SAYING_IT = [
    "ik who this is",
    "i kno who this is",
    "know who u mean",
    "we all know who this is",
    "I work with her",
    "I went to school with this girl",
    "I've met him",
    "I see her every morning at the gym",
    "I'll tell her",
    "I will tell him you said hi",
    "She's at the bakery on 5th every morning",
    "he is always at the climbing wall",
    "text me",
    "email me and I'll explain",
    "whatsapp me",
    "hmu",
    "omg that's Jenna!",
    "pretty sure it's Tom.",
    "that's jenna from the bakery",
    "It's JENNA from the bakery",
    "Je la connais",
    "je sais qui c'est",
    "Ich kenne sie",
    "ich weiß wer das ist",
    "La conozco, es mi vecina",
    "sé quién es",
    "la conosco",
    "eu conheço ela",
]

KIND_NEAR_MISSES = [
    "You know who you are",
    "That's Amazing!",
    "It's Fate.",
    "It's Friday!",
    "That's so sweet",
    "I know how she feels",
    "I hope she sees this",
    "I see them on my commute too, strangers who look kind",
    "I wish I could tell her how I felt, years ago",
    "She is always in my thoughts",
    "It's me.",
    "U.S.A. trip",
    "Good luck!! x x x",
    "I know the feeling",
    "I know you'll find them",
    "this happened to me too",
]


@pytest.mark.parametrize("text", DISGUISED)
def test_a_disguised_comment_is_held_like_the_plain_one(text):
    findings = screening.screen_comment(text, term_rules=())
    assert screening.should_hold(findings), text


@pytest.mark.parametrize("text", MORE_WAYS_OF_SAYING_IT)
def test_more_ways_of_saying_i_know_them_are_held(text):
    findings = screening.screen_comment(text, term_rules=())
    assert screening.should_hold(findings), text


@pytest.mark.parametrize("text", KIND_NEAR_MISSES)
def test_kind_near_misses_still_pass(text):
    assert screening.screen_comment(text, term_rules=()) == [], text
