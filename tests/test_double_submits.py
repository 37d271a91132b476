"""A double tap never makes two of anything, and quotas hold under simultaneous requests.

On PostgreSQL each case sends its requests from real threads released together (separate
connections, separate transactions). SQLite serialises every write transaction
(IMMEDIATE), so there the same requests run one after another: the assertions are the same
and must hold on both.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from board.models import ActionKind, Conversation, Message, ModerationAction, Post
from board.services import replies

pytestmark = pytest.mark.django_db(transaction=True)
TIMES = 5


def at_once(action, times: int = TIMES) -> list:
    """Run `action(n)` `times` times: simultaneously in threads on PostgreSQL, else in turn."""
    if connection.vendor != "postgresql":
        return [action(n) for n in range(times)]
    results, errors = [None] * times, []
    barrier = threading.Barrier(times)

    def run(n):
        from django.db import connection as own

        try:
            barrier.wait(timeout=10)
            results[n] = action(n)
        except Exception as error:  # reported below, with the others
            errors.append(error)
        finally:
            own.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_same_post_sent_five_times_at_once_makes_one_post(user, post_form_data):
    clients = [signed_in(user) for _ in range(TIMES)]
    data = post_form_data(headline="Red scarf on the L train")
    responses = at_once(lambda n: clients[n].post(reverse("board:post-create"), data))
    post = Post.objects.get()
    assert [r.status_code for r in responses] == [302] * TIMES
    assert {r["Location"] for r in responses} == {post.get_absolute_url()}


def test_five_different_posts_at_once_get_one_through_the_ten_minute_limit(
    user, post_form_data, settings
):
    settings.BOARD_POST_RATE = "1/10m"
    clients = [signed_in(user) for _ in range(TIMES)]
    responses = at_once(
        lambda n: clients[n].post(
            reverse("board:post-create"), post_form_data(headline=f"Different story {n}")
        )
    )
    assert Post.objects.count() == 1
    assert sorted(r.status_code for r in responses) == [302] + [429] * (TIMES - 1)


def test_the_same_reply_sent_at_once_makes_one_conversation(make_post, make_user):
    poster, replier = make_user(), make_user()
    post = make_post(author=poster)
    clients = [signed_in(replier) for _ in range(TIMES)]
    url = reverse("board:post-reply", args=[post.public_id])
    responses = at_once(lambda n: clients[n].post(url, {"message": "Was it you with the map?"}))
    assert Conversation.objects.count() == 1
    assert Message.objects.count() == 1
    assert [r.status_code for r in responses] == [302] * TIMES


def test_the_same_message_sent_at_once_is_kept_once(make_post, make_user):
    poster, replier = make_user(), make_user()
    conversation = replies.send_reply(
        post=make_post(author=poster), replier=replier, message="Was it you?"
    )
    replies.accept_reply(conversation=conversation)
    clients = [signed_in(poster) for _ in range(TIMES)]
    url = reverse("board:conversation-send", args=[conversation.public_id])
    responses = at_once(lambda n: clients[n].post(url, {"body": "Yes! The blue coat."}))
    assert conversation.messages.filter(body="Yes! The blue coat.").count() == 1
    assert all(r.status_code < 400 for r in responses)


def test_renewing_twice_at_once_renews_once_and_says_so_both_times(make_post, user):
    post = make_post(author=user)
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() + timedelta(days=2))
    clients = [signed_in(user) for _ in range(TIMES)]
    url = reverse("board:post-renew", args=[post.public_id])
    responses = at_once(lambda n: clients[n].post(url, follow=True))
    post.refresh_from_db()
    assert post.expires_at > timezone.now() + timedelta(days=20)
    assert ModerationAction.objects.filter(post=post, kind=ActionKind.RENEWED).count() == 1
    for response in responses:
        assert "Renewed." in response.content.decode()


def test_marking_found_twice_at_once_marks_it_once(make_post, user):
    post = make_post(author=user)
    clients = [signed_in(user) for _ in range(TIMES)]
    url = reverse("board:post-found", args=[post.public_id])
    responses = at_once(lambda n: clients[n].post(url))
    post.refresh_from_db()
    assert post.found_at is not None
    assert [r.status_code for r in responses] == [302] * TIMES
    assert Post.objects.filter(found_at__isnull=False).count() == 1
