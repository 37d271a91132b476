"""Private replies and conversations: who may see and do what, and what stays hidden."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from board import services
from board.models import Block, Conversation, ConversationStatus, Post, PostStatus
from board.services import replies

pytestmark = pytest.mark.django_db

QUESTION = "What did I drop?"


@pytest.fixture
def poster(make_user):
    return make_user("poster.canary@canary.example", username="postercanary")


@pytest.fixture
def replier(make_user):
    return make_user("replier.canary@canary.example", username="repliercanary")


@pytest.fixture
def third(make_user):
    return make_user()


@pytest.fixture
def asked(make_post, poster):
    return make_post(author=poster, recognition_question=QUESTION)


@pytest.fixture
def conversation(asked, replier):
    return replies.send_reply(post=asked, replier=replier, answer="A glove", message="It was me!")


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


def url(name, conversation):
    return reverse(f"board:{name}", args=[conversation.public_id])


# Answering a post


def test_reply_must_answer_the_recognition_question(client, asked, replier):
    client.force_login(replier)
    reply_url = reverse("board:post-reply", args=[asked.public_id])
    page = text_of(client.get(reply_url))
    assert QUESTION in page
    response = client.post(reply_url, {"message": "Hello, it was me on the train."})
    assert "Answer the question" in text_of(response)
    assert (
        BeautifulSoup(response.content, "html.parser")
        .find("textarea", {"name": "message"})
        .get_text()
        .strip()
        == "Hello, it was me on the train."
    )
    assert not Conversation.objects.exists()
    client.post(reply_url, {"answer": "A glove", "message": "Hello, it was me on the train."})
    assert Conversation.objects.get().answer == "A glove"


def test_one_open_reply_per_person_per_post(conversation, asked, replier):
    with pytest.raises(replies.ReplyNotAllowed, match="already replied"):
        replies.send_reply(post=asked, replier=replier, answer="x", message="again")


def test_after_a_decline_the_replier_cannot_reply_again_until_told_otherwise(
    conversation, asked, replier
):
    replies.decline_reply(conversation=conversation)
    # A declined reply is closed, so a new one is allowed; blocking is how a poster stops that.
    assert replies.reply_refusal(post=asked, user=replier) is None


def test_authors_cannot_reply_to_their_own_posts(asked, poster):
    assert replies.reply_refusal(post=asked, user=poster) == "This is your own post."


def test_posts_can_turn_replies_off(client, make_post, poster, replier):
    post = make_post(author=poster, replies_enabled=False)
    client.force_login(replier)
    assert "Reply privately" not in text_of(client.get(post.get_absolute_url()))
    assert "not accepting replies" in text_of(
        client.get(reverse("board:post-reply", args=[post.public_id]))
    )


def test_replying_needs_an_account(client, asked):
    assert client.get(reverse("board:post-reply", args=[asked.public_id])).status_code == 302


def test_replies_are_rate_limited_per_day(client, make_post, poster, replier, settings):
    settings.BOARD_REPLY_DAILY_RATE = "2/d"
    client.force_login(replier)
    posts = [make_post(author=poster) for _ in range(3)]
    for post in posts[:2]:
        client.post(reverse("board:post-reply", args=[post.public_id]), {"message": "Was it you?"})
    response = client.post(
        reverse("board:post-reply", args=[posts[2].public_id]), {"message": "Keep this text"}
    )
    assert response.status_code == 429
    assert "Keep this text" in response.content.decode()
    assert Conversation.objects.count() == 2


def test_contact_details_in_the_first_message_wait_for_acceptance(client, asked, poster, replier):
    conversation = replies.send_reply(
        post=asked, replier=replier, answer="A glove", message="Call me on 212-555-0134 tonight"
    )
    client.force_login(poster)
    page = text_of(client.get(conversation.get_absolute_url()))
    assert "212-555-0134" not in page
    assert "contact details hidden until you accept" in page
    replies.accept_reply(conversation=conversation)
    assert "212-555-0134" in text_of(client.get(conversation.get_absolute_url()))


def test_a_refused_term_in_a_reply_is_explained(client, asked, replier):
    from board.models import TermRule

    TermRule.objects.create(pattern="send nudes", action="refuse", label="a sexual request")
    client.force_login(replier)
    response = client.post(
        reverse("board:post-reply", args=[asked.public_id]),
        {"answer": "A glove", "message": "send nudes"},
    )
    assert "a sexual request" in text_of(response)
    assert not Conversation.objects.exists()


# The inbox, accept and decline


def test_the_poster_sees_the_answer_first_and_accepts(client, conversation, poster):
    client.force_login(poster)
    inbox = text_of(client.get(reverse("board:inbox")))
    assert "Their answer to your question: A glove" in inbox
    client.post(url("conversation-accept", conversation))
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.ACCEPTED


def test_declining_tells_the_replier_only_that_the_poster_did_not_continue(
    client, conversation, poster, replier
):
    client.force_login(poster)
    client.post(url("conversation-decline", conversation))
    client.force_login(replier)
    inbox = text_of(client.get(reverse("board:inbox")))
    assert "The poster did not continue." in inbox
    assert "declined" not in inbox.lower().replace("not continued", "")


def test_messages_flow_both_ways_and_are_escaped(client, conversation, poster, replier):
    replies.accept_reply(conversation=conversation)
    client.force_login(replier)
    client.post(
        url("conversation-send", conversation),
        {"body": "<script>alert(1)</script> see https://example.org"},
    )
    client.force_login(poster)
    response = client.get(conversation.get_absolute_url())
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("ol.thread script") is None
    link = soup.select_one('ol.thread a[href="https://example.org"]')
    assert link["rel"] == ["nofollow", "ugc", "noopener"]
    assert "<script>alert(1)</script>" in text_of(response)


def test_an_empty_message_is_explained(client, conversation, replier):
    replies.accept_reply(conversation=conversation)
    client.force_login(replier)
    response = client.post(url("conversation-send", conversation), {"body": ""})
    assert "Write something to send" in text_of(response)


def test_nobody_can_send_before_the_poster_accepts(client, conversation, replier):
    client.force_login(replier)
    client.post(url("conversation-send", conversation), {"body": "Hello again?"})
    assert conversation.messages.count() == 1


# Permission matrix: poster, replier, third person, anonymous, moderator, superuser

PAGES = ["conversation", "conversation-report"]
ACTIONS = [
    "conversation-accept",
    "conversation-decline",
    "conversation-end",
    "conversation-block",
    "conversation-send",
]


@pytest.fixture
def as_person(client, poster, replier, third, moderator, admin_user):
    def login(who):
        people = {
            "poster": poster,
            "replier": replier,
            "third": third,
            "moderator": moderator,
            "superuser": admin_user,
        }
        if who in people:
            client.force_login(people[who])
        return client

    return login


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("poster", 200),
        ("replier", 200),
        ("third", 404),
        ("moderator", 404),
        ("superuser", 404),
        ("anonymous", 302),
    ],
)
def test_who_can_open_a_conversation(as_person, conversation, page, who, expected):
    assert as_person(who).get(url(page, conversation)).status_code == expected


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("who", ["third", "moderator", "superuser", "anonymous"])
def test_outsiders_cannot_act_on_a_conversation(as_person, conversation, action, who):
    response = as_person(who).post(url(action, conversation), {"body": "intrusion"})
    assert response.status_code in (302, 404)
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.REQUESTED
    assert conversation.messages.count() == 1
    assert not Block.objects.exists()


@pytest.mark.parametrize("action", ["conversation-accept", "conversation-decline"])
def test_only_the_poster_can_accept_or_decline(as_person, conversation, action):
    assert as_person("replier").post(url(action, conversation)).status_code == 404
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.REQUESTED


def test_inbox_needs_an_account_and_shows_only_my_conversations(as_person, conversation):
    assert as_person("anonymous").get(reverse("board:inbox")).status_code == 302
    assert "A glove" not in text_of(as_person("third").get(reverse("board:inbox")))


def test_moderators_cannot_read_unreported_conversations_in_the_admin(as_person, conversation):
    client = as_person("superuser")
    changelist = client.get(reverse("admin:board_conversation_changelist"))
    assert conversation.public_id not in changelist.content.decode()
    change = client.get(reverse("admin:board_conversation_change", args=[conversation.pk]))
    assert change.status_code == 302  # the admin redirects when the object is not in its queryset


def test_a_report_puts_the_conversation_and_its_messages_in_the_queue(
    client, as_person, conversation, replier
):
    replies.accept_reply(conversation=conversation)
    replies.send_message(conversation=conversation, sender_role="poster", body="A rude reply")
    poster_client = as_person("poster")
    poster_client.post(
        url("conversation-report", conversation), {"reason": "It turned unpleasant."}
    )
    moderator_client = as_person("moderator")
    page = moderator_client.get(reverse("admin:board_conversation_change", args=[conversation.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "It turned unpleasant." in html
    assert "A rude reply" in html
    assert "canary.example" not in html


def test_a_report_needs_a_reason(client, conversation, poster):
    client.force_login(poster)
    response = client.post(url("conversation-report", conversation), {"reason": ""})
    assert "Tell the moderators what happened" in text_of(response)


# End and block


def test_ending_makes_the_conversation_read_only(client, conversation, replier):
    replies.accept_reply(conversation=conversation)
    client.force_login(replier)
    client.post(url("conversation-end", conversation))
    client.post(url("conversation-send", conversation), {"body": "one more thing"})
    assert conversation.messages.count() == 1


def test_blocking_stops_replies_to_any_of_the_posters_posts(
    client, conversation, poster, replier, make_post
):
    client.force_login(poster)
    client.post(url("conversation-block", conversation))
    other_post = make_post(author=poster)
    # Nothing tells the blocked person: the reply looks sent and never arrives.
    assert replies.reply_refusal(post=other_post, user=replier) is None
    silent = replies.send_reply(post=other_post, replier=replier, message="Hello?")
    assert silent.silenced
    assert silent not in Conversation.objects.involving(poster)
    conversation.refresh_from_db()
    assert conversation.status != ConversationStatus.ACCEPTED


# Read-only when the post leaves


@pytest.mark.parametrize("change", ["expired", "removed", "deleted"])
def test_conversations_become_read_only_when_the_post_leaves(conversation, change, moderator):
    replies.accept_reply(conversation=conversation)
    post = conversation.post
    if change == "expired":
        Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    elif change == "removed":
        services.remove_post(post=post, moderator=moderator, reason="Rules.")
    else:
        services.delete_post(post=post)
    conversation.refresh_from_db()
    assert conversation.is_read_only
    with pytest.raises(replies.ReplyNotAllowed):
        replies.send_message(conversation=conversation, sender_role="poster", body="still there?")


# No identity anywhere


def test_no_identity_in_pages_or_emails(
    client, asked, poster, replier, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        conversation = replies.send_reply(
            post=asked, replier=replier, answer="A glove", message="Hi there"
        )
        replies.accept_reply(conversation=conversation)
        replies.send_message(
            conversation=conversation, sender_role="replier", body="Secret words here"
        )
    pages = []
    for person in (poster, replier):
        client.force_login(person)
        pages += [client.get(reverse("board:inbox")), client.get(conversation.get_absolute_url())]
    for response in pages:
        html = response.content.decode()
        for secret in ("canary.example", "postercanary", "repliercanary"):
            assert secret not in html
    assert len(mail.outbox) == 3
    for email in mail.outbox:
        assert "canary.example" not in email.body
        assert "Secret words here" not in email.body
        assert "Hi there" not in email.body
        assert conversation.get_absolute_url() in email.body


def test_notification_emails_can_be_turned_off(
    client, asked, poster, replier, django_capture_on_commit_callbacks
):
    client.force_login(poster)
    client.post(reverse("board:notification-settings"), {"email_about_posts": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        replies.send_reply(post=asked, replier=replier, answer="A glove", message="Hi")
    assert mail.outbox == []
    assert poster.notifications.filter(kind="conversation").exists()


# We found each other


def test_marking_found_shows_a_badge_closes_replies_and_is_filterable(
    client, asked, poster, replier
):
    client.force_login(poster)
    client.post(reverse("board:post-found", args=[asked.public_id]))
    asked.refresh_from_db()
    assert asked.found_at is not None
    assert asked.status == PostStatus.PUBLISHED
    client.force_login(replier)
    page = text_of(client.get(asked.get_absolute_url()))
    assert "We found each other" in page
    assert "Reply privately" not in page
    assert "not accepting replies" in text_of(
        client.get(reverse("board:post-reply", args=[asked.public_id]))
    )


@pytest.mark.parametrize("who", ["anonymous", "replier"])
def test_only_the_author_can_mark_found(as_person, asked, who):
    as_person(who).post(reverse("board:post-found", args=[asked.public_id]))
    asked.refresh_from_db()
    assert asked.found_at is None


def test_inbox_query_count_does_not_grow_with_conversations(
    client, make_post, poster, make_user, django_assert_max_num_queries
):
    for _ in range(6):
        post = make_post(author=poster)
        replies.send_reply(post=post, replier=make_user(), message="Hello")
    client.force_login(poster)
    with django_assert_max_num_queries(6):
        client.get(reverse("board:inbox"))


def test_found_stories_are_filterable_and_listed_on_the_front_page(client, make_post, poster):
    found, plain = make_post(author=poster, headline="Found you at last"), make_post(author=poster)
    replies.mark_found(post=found)
    soup = BeautifulSoup(client.get("/?found=on").content, "html.parser")
    assert [h.get_text(strip=True) for h in soup.select("article.card h2")] == [found.headline]
    front = BeautifulSoup(client.get("/").content, "html.parser")
    assert (
        front.select_one(".found-stories")
        .get_text(" ", strip=True)
        .startswith("Stories that ended well")
    )
    assert found.headline in front.select_one(".found-stories").get_text()
    assert plain.headline not in front.select_one(".found-stories").get_text()
    assert front.select_one(".found-stories") and not BeautifulSoup(
        client.get("/?type=platonic").content, "html.parser"
    ).select_one(".found-stories")
