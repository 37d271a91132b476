"""Suspension means suspension: posting, replying, messaging, flagging and taking down are
all refused, each saying why, until when, and how to appeal."""

import pytest
from django.test import Client
from django.urls import reverse

from board import services
from board.models import Message, Notification
from board.services import replies

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(make_post, make_user):
    post = make_post(author=make_user())
    conversation = replies.send_reply(post=post, replier=make_user(), message="It was me.")
    replies.accept_reply(conversation=conversation)
    return conversation


def test_a_suspended_person_cannot_send_messages_in_an_accepted_conversation(accepted, moderator):
    suspension = services.suspend_author(
        user=accepted.replier, period="7d", reason="Harassing messages.", moderator=moderator
    )
    with pytest.raises(services.Suspended):
        replies.send_message(conversation=accepted, sender_role="replier", body="still here")
    client = Client()
    client.force_login(accepted.replier)
    response = client.post(
        reverse("board:conversation-send", args=[accepted.public_id]), {"body": "hello?"}
    )
    html = response.content.decode()
    assert response.status_code == 403
    assert "Harassing messages." in html
    assert "until" in html
    assert f'href="{reverse("board:appeal-suspension", args=[suspension.pk])}"' in html
    assert Message.objects.filter(conversation=accepted).count() == 1


def test_the_other_side_can_still_write(accepted, moderator):
    services.suspend_author(user=accepted.replier, period="24h", reason="x", moderator=moderator)
    replies.send_message(conversation=accepted, sender_role="poster", body="take care")
    assert accepted.messages.count() == 2


def test_the_suspension_notice_names_everything_it_stops_and_the_appeal(user, moderator):
    services.suspend_author(user=user, period="30d", reason="Spam.", moderator=moderator)
    notice = Notification.objects.get(user=user)
    for word in ("post", "reply", "messages", "flag", "takedowns", "Spam.", "appeal"):
        assert word in notice.message


@pytest.mark.parametrize("page", ["board:post-create", "board:post-flag", "board:post-reply"])
def test_every_form_shows_the_reason_end_and_appeal_link(client, post, other_user, moderator, page):
    suspension = services.suspend_author(
        user=other_user, period="7d", reason="Abuse.", moderator=moderator
    )
    client.force_login(other_user)
    args = [] if page == "board:post-create" else [post.public_id]
    html = client.get(reverse(page, args=args)).content.decode()
    assert "Abuse." in html
    assert "suspended until" in html
    assert reverse("board:appeal-suspension", args=[suspension.pk]) in html


def test_the_guidelines_page_has_the_appeal_section(client):
    html = client.get(reverse("board:guidelines")).content.decode()
    assert 'id="appeal"' in html
