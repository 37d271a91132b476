"""Adversary tests for comments: ways around the screening, and the pages' boundaries."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from board import screening
from board.models import (
    Comment,
    CommentStatus,
    CommentTakedown,
    Post,
    PostStatus,
    TakedownOutcome,
)
from board.services import comment_takedowns
from board.services import comments as comment_services

DISGUISED = [
    "i k n o w who this is",
    "I know wh\u200bo this is",  # a zero-width space inside a word
    "I kn\u043ew who this is",  # a Cyrillic o
    "\uff29 \uff4b\uff4e\uff4f\uff57 \uff57\uff48\uff4f \uff54\uff48\uff49\uff53 \uff49\uff53",
    "her n\u00adame is Jenna",  # a soft hyphen
    "J e n n a from the bakery",
    "it's j.e.n.n.a",
    "that\u2019s my c\u043e-w\u043erker",
    "I know \U0001f440 who this is",  # an emoji between the words
    "I-know-who-this-is",
    "i.know.who.this.is",
    "I_know_who_this_is",
    "1 kn0w wh0 th1s 1s",
    "I knoooow who this is",
    "I <b>know</b> who this is",
    "her name is J\u0435nna",  # a Cyrillic e
    "ig \u2192 jenna.k",
    "www . jenna . com",
    "jenna\u00b7com",
    "hxxps://example[.]com/jenna",
    "I know... who this is",
    "I. Know. Who. This. Is.",
    "I know \u2013 who this is",
    "i know (who this is)",
    "I know *who* this is",
    'I know "who" this is',
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
    "ik ken haar",
    "ik weet wie dit is",
    "znam ją",
    "Я знаю её",
    "я знаю кто это",
    "look up jenna_k92",
    "jenna.k92 on ig",
    "Her @ is jennak",
    "my number is in my bio",
    "her name starts with J",
    "It's J from accounts",
    "I know exactly who u are talking about",
    "I KNOW WHO",
    "lol that's totally Becca",
    "Becca?? is that you",
    "Is this Becca from the gym?",
    "Jenna is that you?",
    "Are you talking about Jenna?",
    "This has to be Jenna",
    "That's def Jenna",
    "tell Jenna I said hi",
    "I'll dm you her name",
    "I could tell you who she is",
    "Want her name?",
    "I have her number",
    "I've got her insta",
    "I can send you her insta",
    "we go to the same gym",
    "we take the same bus every morning",
    "she sits next to me at work",
    "I know that girl",
    "I know the barista you mean",
    "my friend knows her",
    "I think my coworker knows her",
    "she drives the 42 bus",
    "she's the barista at Blue Bottle",
    "she's a nurse at St Mary's",
    "he teaches maths at Springfield High",
    "add me: jenna.k",
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
    "I hope you learn her name someday",
    "I take the same train and always wonder",
    "I hope she sees this \U0001f91e",
    "Sending love \u2764\ufe0f from Berlin",
    "Good luck -- I hope it works out!!!",
    "That's Beautiful.",
    "This is Love.",
    "1 more thing: you did nothing wrong",
    "Keep going, 4 real",
    "Tell me how it goes!",
    "You mean Paris?",
    "Is this London?",
    "If I knew her I would tell her",
    "I wish I knew who she was",
    "I could tell you were nervous",
    "We go to the same places in our dreams",
    "we take the same risks every day",
    "This is so sweet... sooo sweet",
    "My friend knows the feeling",
    "I met my wife like this",
    "is that you? I hope so!",
    "Whoever you are, I hope you see this",
    "Good-luck-and-be-brave-friend",
    "Look up at the stars tonight",
    "4 years later, married",
    "Tell them how you feel",
    "It hurts. me too",
    "I love you. de nada",
    "wait ... me too",
    "She is a wonderful person at heart",
    "he runs marathons now, good for him",
    "Wow, is that you?",
    "Omg is that you?!",
    "Wait, is that you?",
    "Stranger, is that you?",
    "lol is that you",
    "Umbrella girl, is that you?",
    "It's Chemistry!",
    "It's Karma.",
    "Good luck x x x x x",
    "x o x o, from a stranger",
    "Stop. Look. Listen. Love.",
    "I ran. I fell. I know. You did too.",
    "I know... the feeling",
    "I know (sadly) how this feels",
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


# --- The pages: permission boundaries and bad input --------------------------------------


@pytest.fixture
def reader(make_user):
    return make_user()


@pytest.fixture
def open_post(make_post, user):
    return make_post(author=user, comment_mode="on")


def say(client, post, body):
    return client.post(reverse("board:comment-create", args=[post.public_id]), {"body": body})


@pytest.mark.django_db
@pytest.mark.parametrize(
    "change",
    [
        {"status": PostStatus.PENDING},
        {"status": PostStatus.REMOVED},
        {"status": PostStatus.HIDDEN},
        {"status": PostStatus.DELETED},
        {"expires_at_days": -1},
        {"comment_mode": "off"},
    ],
)
def test_a_direct_post_on_a_post_that_takes_no_comments_makes_none(
    client, open_post, reader, change
):
    if "expires_at_days" in change:
        Post.objects.filter(pk=open_post.pk).update(
            expires_at=timezone.now() + timedelta(days=change["expires_at_days"])
        )
    else:
        Post.objects.filter(pk=open_post.pk).update(**change)
    client.force_login(reader)
    response = say(client, open_post, "I hope you find them.")
    assert response.status_code in (403, 404)
    assert not Comment.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "page", ["-1", "0", "999999", "abc", "1e3", "", "99999999999999999999999999", "٣", "1_0"]
)
def test_any_comments_page_number_shows_a_page_never_a_500(client, open_post, reader, page):
    client.force_login(reader)
    say(client, open_post, "I hope you find them.")
    client.logout()
    response = client.get(open_post.get_absolute_url(), {"comments": page})
    assert response.status_code == 200
    assert b"I hope you find them." in response.content


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"body": "I hope\x00 you find them"},
        {"body": "x" * 200_000},
        {},
        {"body": ["one", "two"]},
        {"body": "   \u200b\u200b   "},
    ],
)
def test_bad_input_gets_an_answer_never_a_500(client, open_post, reader, data):
    client.force_login(reader)
    response = client.post(reverse("board:comment-create", args=[open_post.public_id]), data)
    assert response.status_code < 500
    assert Comment.objects.filter(body="").count() == 0


@pytest.mark.django_db
def test_invalid_utf8_is_answered_not_crashed(client, open_post, reader):
    client.force_login(reader)
    response = client.post(
        reverse("board:comment-create", args=[open_post.public_id]),
        b"body=%FF%FEhello+there",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code < 500


@pytest.mark.django_db
def test_a_comment_of_only_invisible_characters_is_not_a_comment(client, open_post, reader):
    client.force_login(reader)
    response = say(client, open_post, "\u200b\u200c\u200d\u2060\ufeff")
    assert response.status_code == 400
    assert not Comment.objects.exists()


@pytest.mark.django_db
def test_approve_and_hide_change_nothing_on_get(client, make_post, user, reader):
    post = make_post(author=user)  # held for the poster
    comment = comment_services.post_comment(post=post, author=reader, body="Good luck to you")
    client.force_login(user)
    for name in ("board:comment-approve", "board:comment-hide"):
        assert client.get(reverse(name, args=[comment.public_id])).status_code == 405
    comment.refresh_from_db()
    assert comment.status == CommentStatus.AWAITING


@pytest.mark.django_db
def test_a_poster_cannot_publish_a_comment_a_moderator_holds(client, open_post, user, reader):
    comment = comment_services.post_comment(post=open_post, author=reader, body="I know her")
    assert comment.status == CommentStatus.HELD
    client.force_login(user)
    response = client.post(reverse("board:comment-approve", args=[comment.public_id]))
    assert response.status_code == 404
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HELD


@pytest.mark.django_db
def test_a_comment_of_only_control_characters_gets_a_message_not_a_500(client, open_post, reader):
    client.force_login(reader)
    response = say(client, open_post, "\x01\x02\x7f\x9f")
    assert response.status_code == 400
    assert "Write a few words first." in response.content.decode()
    assert not Comment.objects.exists()


# --- "This is about me": mail-bombing an address, and one mailbox hiding many comments ------


@pytest.fixture
def many_comments(open_post, make_user):
    return [
        comment_services.post_comment(post=open_post, author=make_user(), body=f"Be brave {n}.")
        for n in range(6)
    ]


def test_takedown_links_to_one_mailbox_are_capped_per_day(
    many_comments, settings, django_capture_on_commit_callbacks
):
    """Asking, for every comment on the board, to send a takedown link to someone's address
    (or its +tags) does not flood their inbox."""
    settings.BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY = 3
    spellings = ["victim@example.test", "victim+1@example.test", "VICTIM+2@example.test"]
    for n, comment in enumerate(many_comments):
        with django_capture_on_commit_callbacks(execute=True):
            comment_takedowns.request_comment_takedown(comment=comment, email=spellings[n % 3])
    sent = [m for m in mail.outbox if "victim" in m.to[0].lower()]
    assert len(sent) == 3


def test_a_signed_in_stranger_is_capped_too(
    many_comments, make_user, settings, django_capture_on_commit_callbacks
):
    settings.BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY = 2
    stranger = make_user()
    for comment in many_comments:
        with django_capture_on_commit_callbacks(execute=True):
            comment_takedowns.request_comment_takedown(
                comment=comment, email="victim@example.test", user=stranger
            )
    assert len([m for m in mail.outbox if m.to == ["victim@example.test"]]) == 2


def test_a_capped_request_answers_like_any_other(client, many_comments, settings):
    settings.BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY = 1
    answers = []
    for comment in many_comments[:2]:
        url = reverse("board:comment-takedown", args=[comment.public_id])
        answers.append(client.post(url, {"email": "victim@example.test", "confirm": "on"}))
    assert [a.status_code for a in answers] == [200, 200]
    assert all("Check your email" in a.content.decode() for a in answers)


def test_plus_addresses_of_one_mailbox_share_the_daily_hide_cap(many_comments, settings):
    """One person cannot hide more comments a day than the cap by using me+1@, me+2@..."""
    settings.BOARD_TAKEDOWNS_PER_DAY = 2
    settings.BOARD_TAKEDOWN_CONFIRMATIONS_PER_DAY = 10
    for n, comment in enumerate(many_comments[:4]):
        request = comment_takedowns.request_comment_takedown(
            comment=comment, email=f"me+{n}@example.test"
        )
        comment_takedowns._confirm(CommentTakedown.objects.get(pk=request.pk))
    outcomes = list(CommentTakedown.objects.order_by("pk").values_list("outcome", flat=True))
    assert outcomes == [TakedownOutcome.HIDDEN] * 2 + [TakedownOutcome.QUEUED] * 2
    hidden = [c for c in many_comments[:4] if Comment.objects.get(pk=c.pk).status == "hidden"]
    assert len(hidden) == 2
