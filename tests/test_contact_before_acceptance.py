"""Contact details stay private until the poster accepts: the recognition answer and the
first message are screened and masked as posts are, and refused terms are refused there."""

import pytest
from django.test import Client
from django.urls import reverse

from board import services
from board.models import TermRule
from board.services import replies

pytestmark = pytest.mark.django_db

QUESTION = "What was I reading?"


@pytest.fixture
def asked(make_post, make_user):
    return make_post(author=make_user(), recognition_question=QUESTION)


def as_poster(post) -> Client:
    client = Client()
    client.force_login(post.author)
    return client


def poster_sees(post, conversation) -> str:
    client = as_poster(post)
    inbox = client.get(reverse("board:inbox")).content.decode()
    page = client.get(conversation.get_absolute_url()).content.decode()
    return inbox + page


@pytest.mark.parametrize(
    ("answer", "secrets"),
    [
        ("Dune. Call me on 415-555-0187", ["415-555-0187", "0187"]),
        ("Dune, write to jess.k@gmail.com", ["jess.k@gmail.com", "gmail"]),
        ("Dune! five five five, two one three, four four nine eight", ["four four nine eight"]),
        ("Dune, my insta is @jess_reads", ["jess_reads"]),
    ],
)
def test_contact_details_in_the_answer_are_masked_until_the_poster_accepts(
    asked, make_user, answer, secrets
):
    conversation = replies.send_reply(
        post=asked, replier=make_user(), answer=answer, message="It was me, I think."
    )
    before = poster_sees(asked, conversation)
    assert "Dune" in before
    for secret in secrets:
        assert secret not in before
    assert replies.HIDDEN_CONTACT in before
    replies.accept_reply(conversation=conversation)
    assert conversation.answer_for_poster == answer  # accepted: nothing is held back


@pytest.mark.parametrize(
    ("message", "secrets"),
    [
        ("Text me: eight one eight, five five five, oh one nine two", ["oh one nine two"]),
        ("email sam dot rivera at gmail dot com", ["sam dot rivera", "gmail", "dot com"]),
        ("reach me at hello (at) tinydesk (dot) studio dot com", ["hello", "tinydesk"]),
        ("Call O7700 9OO 461", ["9OO 461", "O7700"]),
        ("Snapchat - rileyxo22", ["rileyxo22"]),
    ],
)
def test_contact_details_in_the_first_message_are_masked_whole(
    make_post, make_user, message, secrets
):
    post = make_post(author=make_user())
    conversation = replies.send_reply(post=post, replier=make_user(), message=message)
    before = poster_sees(post, conversation)
    for secret in secrets:
        assert secret not in before
    replies.accept_reply(conversation=conversation)
    assert secrets[0] in as_poster(post).get(conversation.get_absolute_url()).content.decode()


def test_a_refused_term_in_the_answer_is_refused(asked, make_user):
    TermRule.objects.create(pattern="forbidden words", action="refuse", label="a banned phrase")
    with pytest.raises(services.PostRefused):
        replies.send_reply(
            post=asked, replier=make_user(), answer="forbidden words", message="Hello there"
        )
    assert not asked.conversations.exists()


def test_a_declined_request_keeps_the_contact_details_hidden(asked, make_user):
    conversation = replies.send_reply(
        post=asked, replier=make_user(), answer="Dune 415-555-0187", message="Hi, me."
    )
    replies.decline_reply(conversation=conversation)
    assert "415-555-0187" not in poster_sees(asked, conversation)
