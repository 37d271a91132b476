"""Evidence survives its author: deleting an account cannot erase a complaint.

Reports (flags), reported conversations, moderation history and suspension records outlive
the accounts involved, anonymised (no link to anyone); the other person in a conversation
keeps their own messages.
"""

import pytest
from django.urls import reverse

from board import services
from board.models import (
    ActionKind,
    Conversation,
    ConversationStatus,
    Flag,
    ModerationAction,
    Role,
    Suspension,
)
from board.services import privacy, replies

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(make_user):
    return make_user()


@pytest.fixture
def harasser(make_user):
    return make_user()


@pytest.fixture
def thread(make_post, victim, harasser):
    """The harasser replied to the victim's post; they talked; both wrote."""
    post = make_post(author=victim)
    conversation = replies.send_reply(post=post, replier=harasser, message="I found you.")
    replies.accept_reply(conversation=conversation)
    replies.send_message(conversation=conversation, sender_role=Role.POSTER, body="Please stop.")
    replies.send_message(
        conversation=conversation, sender_role=Role.REPLIER, body="You can't hide from me."
    )
    return conversation


def test_a_reported_conversation_stays_whole_when_the_harasser_deletes_their_account(
    client, thread, victim, harasser
):
    replies.report_conversation(conversation=thread, role=Role.POSTER, reason="Threats")
    privacy.delete_account(user=harasser, delete_posts=True)
    thread.refresh_from_db()
    assert thread.replier is None
    assert thread.status == ConversationStatus.ENDED
    assert list(thread.messages.values_list("body", flat=True)) == [
        "I found you.",
        "Please stop.",
        "You can't hide from me.",
    ]
    assert Conversation.objects.reported().filter(pk=thread.pk).exists()
    client.force_login(victim)
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200
    assert "Please stop." in page.content.decode()


def test_an_unreported_conversation_keeps_the_other_persons_messages_only(
    client, thread, victim, harasser
):
    privacy.delete_account(user=harasser, delete_posts=True)
    thread.refresh_from_db()
    assert thread.replier is None
    assert thread.status == ConversationStatus.ENDED
    assert list(thread.messages.values_list("body", flat=True)) == ["Please stop."]
    client.force_login(victim)
    inbox = client.get(reverse("board:inbox"))
    assert inbox.status_code == 200
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 200
    assert "Please stop." in page.content.decode()
    assert "hide from me" not in page.content.decode()


def test_the_victim_can_still_report_after_the_other_account_is_gone(thread, harasser):
    privacy.delete_account(user=harasser, delete_posts=True)
    thread.refresh_from_db()
    assert replies.report_conversation(conversation=thread, role=Role.POSTER, reason="Threats")


def test_suspension_records_outlive_the_suspended_account(harasser, moderator):
    services.suspend_author(user=harasser, period="7d", reason="Harassment", moderator=moderator)
    privacy.delete_account(user=harasser, delete_posts=True)
    record = Suspension.objects.get()
    assert record.user is None
    assert record.reason == "Harassment"
    assert record.created_by == moderator


def test_reports_outlive_the_reporters_account(make_post, victim, harasser):
    post = make_post(author=harasser)
    services.flag_post(post=post, user=victim, reason="other", note="This is about me.")
    privacy.delete_account(user=victim, delete_posts=True)
    flag = Flag.objects.get()
    assert flag.user is None
    assert flag.note == "This is about me."
    post.refresh_from_db()
    assert post.flag_count == 1


def test_moderation_history_outlives_the_author_and_the_moderator(make_post, harasser, moderator):
    post = make_post(author=harasser)
    services.remove_post(post=post, moderator=moderator, reason="Identifies someone.")
    privacy.delete_account(user=harasser, delete_posts=True)
    privacy.delete_account(user=moderator, delete_posts=True)
    removal = ModerationAction.objects.get(post=post, kind=ActionKind.REMOVED)
    assert removal.reason == "Identifies someone."
    assert removal.moderator is None
