"""Nothing a blocked or curious visitor sees links two posts by one author: blocks, bulk
approvals and deleted accounts leave no trace that sets one author's posts apart."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from board import services
from board.models import (
    ActionKind,
    Block,
    Conversation,
    ModerationAction,
    Post,
    PostStatus,
    neighbours_of,
)
from board.services import moderation, privacy, replies

pytestmark = pytest.mark.django_db

HEADLINE = "Blue coat at the night market"
STORY = "You laughed at the same busker I did and then the crowd moved us apart."


def same_post(make_post, author, *, evening=""):
    """The same headline and story for every author; `evening` tells one person's posts
    apart (the same post sent twice within a minute is kept once)."""
    story = f"{STORY} {evening}".strip()
    return make_post(author=author, headline=HEADLINE, story=story, recognition_question="")


def normalise(html: str, *, posts=(), users=(), conversations=()) -> str:
    """Erase what differs between any two posts or people by design: ids and aliases."""
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
    # Message times: the two journeys run a few milliseconds apart.
    html = re.sub(r'<time datetime="[^"]+">[^<]+</time>', "TIME", html)
    # The coping articles and prompt are chosen per post, whoever wrote it.
    html = re.sub(r'<aside class="panel coping".*?</aside>', "COPING", html, flags=re.S)
    # Pseudonyms and aliases come from one pool of names, so one may equal another: both
    # become NAME, or which was replaced first would decide what the page shows.
    for post in posts:
        html = html.replace(post.public_id, "POST").replace(post.pseudonym, "NAME")
    for user in users:
        html = html.replace(user.email, "EMAIL").replace(user.get_username(), "USER")
    for conversation in conversations:
        html = html.replace(conversation.public_id, "CONVERSATION")
        html = html.replace(conversation.replier_alias, "NAME")
        html = html.replace(conversation.poster_alias, "NAME")
    return html


def journey(client, post) -> list:
    """Everything a would-be replier sees: the post, the reply form, sending, the inbox."""
    seen = []
    for response in (
        client.get(post.get_absolute_url()),
        client.get(reverse("board:post-reply", args=[post.public_id])),
    ):
        seen.append((response.status_code, response.content.decode()))
    sent = client.post(
        reverse("board:post-reply", args=[post.public_id]), {"message": "Was it you? I hope so."}
    )
    seen.append((sent.status_code, sent.headers.get("Location"), sorted(sent.headers)))
    inbox = client.get(reverse("board:inbox"))
    seen.append((inbox.status_code, inbox.content.decode()))
    conversation = Conversation.objects.filter(post=post).first()
    page = client.get(conversation.get_absolute_url()) if conversation else None
    seen.append((page.status_code, page.content.decode()) if page else None)
    again = client.post(
        reverse("board:post-reply", args=[post.public_id]), {"message": "Sorry, me again."}
    )
    seen.append((again.status_code, again.content.decode()))
    notices = client.get(reverse("board:my-notifications"))
    seen.append((notices.status_code, notices.content.decode()))
    return seen, conversation


def test_a_blocked_person_sees_exactly_what_they_would_see_on_anyone_elses_post(
    make_post, make_user
):
    blocker, stranger = make_user(), make_user()
    blocked_one, blocked_two = make_user(), make_user()
    Block.objects.create(blocker=blocker, blocked=blocked_one)
    Block.objects.create(blocker=blocker, blocked=blocked_two)
    same_post(make_post, stranger, evening="Again.")  # an older neighbour for each post below
    by_blocker = same_post(make_post, blocker)
    by_stranger = same_post(make_post, stranger)
    same_post(make_post, blocker, evening="Again.")  # a newer neighbour
    assert Post.objects.count() == 4

    first, second = Client(), Client()
    first.force_login(blocked_one)
    second.force_login(blocked_two)
    on_blockers_post, silenced = journey(first, by_blocker)
    on_strangers_post, ordinary = journey(second, by_stranger)

    everyone = dict(
        posts=Post.objects.all(),
        users=[blocked_one, blocked_two],
        conversations=[silenced, ordinary],
    )

    def normalised(seen):
        return [
            tuple(normalise(p, **everyone) if isinstance(p, str) else p for p in step)
            if step
            else step
            for step in seen
        ]

    assert normalised(on_blockers_post) == normalised(on_strangers_post)
    assert stranger.notifications.count() == 1  # the stranger hears of the reply
    assert not blocker.notifications.exists()  # the blocker never does
    assert silenced.silenced and not ordinary.silenced


def test_a_blocked_persons_reply_never_reaches_the_poster(make_post, make_user):
    poster, pest = make_user(), make_user()
    Block.objects.create(blocker=poster, blocked=pest)
    post = make_post(author=poster)
    conversation = replies.send_reply(post=post, replier=pest, message="hello again")
    assert not Conversation.objects.involving(poster).exists()
    assert Conversation.objects.involving(pest).get() == conversation
    assert not poster.notifications.exists()
    assert replies.reply_refusal(post=post, user=pest) == (
        "You have already replied to this post. One reply is enough."
    )


def test_a_deleted_accounts_kept_posts_look_and_answer_like_any_other(make_post, make_user):
    author, reader = make_user(), make_user()
    kept = make_post(author=author)
    visitor = Client()
    before = visitor.get(kept.get_absolute_url()).content.decode()
    privacy.delete_account(user=author, delete_posts=False)
    kept.refresh_from_db()
    after = visitor.get(kept.get_absolute_url()).content.decode()
    assert normalise(after) == normalise(before)
    assert kept.accepts_replies
    client = Client()
    client.force_login(reader)
    response = client.post(
        reverse("board:post-reply", args=[kept.public_id]), {"message": "Was it you?"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("board:inbox")
    # The reply waits in the replier's inbox as one to any poster who never answers does,
    # and a second one is refused as "already replied" as anywhere else.
    waiting = Conversation.objects.get(post=kept, replier=reader)
    assert waiting.silenced and waiting.poster is None
    assert waiting.public_id in client.get(reverse("board:inbox")).content.decode()
    again = client.get(reverse("board:post-reply", args=[kept.public_id]))
    assert "You have already replied to this post." in again.content.decode()


class Sequence:
    """A stand-in for the random source: returns the given fractions in turn."""

    def __init__(self, *values):
        self.values = list(values)

    def random(self):
        return self.values.pop(0)


def test_posts_approved_together_are_spread_out_in_no_order_and_not_neighbours(
    make_post, make_user, moderator, settings, monkeypatch
):
    settings.BOARD_PUBLISH_SPREAD_MINUTES = 360
    settings.BOARD_FIRST_POSTS_HELD = 5
    newcomer = make_user()
    first, second = make_post(author=newcomer), make_post(author=newcomer)
    long_ago = timezone.now() - timedelta(days=1)
    Post.objects.filter(pk__in=[first.pk, second.pk]).update(created_at=long_ago)
    ModerationAction.objects.filter(post__in=[first, second]).update(created_at=long_ago)
    settings.BOARD_FIRST_POSTS_HELD = 0
    between = make_post(author=make_user())
    Post.objects.filter(pk=between.pk).update(published_at=timezone.now() - timedelta(hours=3))
    assert {first.status, second.status} == {PostStatus.PENDING}

    monkeypatch.setattr(moderation, "_random", Sequence(0.9, 0.1))
    now = timezone.now()
    for post in (first, second):  # approved one after the other, as a bulk action does
        services.publish_post(post=post, moderator=moderator, reason="Fine.")
        post.refresh_from_db()
    assert now - timedelta(minutes=360) <= second.published_at < first.published_at <= now
    assert first.published_at < now - timedelta(minutes=30)  # not at the moment of approval
    assert second.pk not in {p.pk for p in neighbours_of(first) if p}
    approvals = ModerationAction.objects.filter(kind=ActionKind.APPROVED)
    assert sorted(a.created_at for a in approvals) == sorted(
        [first.published_at, second.published_at]
    )
    log = list(ModerationAction.objects.public().values_list("created_at", flat=True))
    assert log == sorted(log, reverse=True)


def test_a_post_written_moments_ago_is_never_dated_before_it_was_written(make_post, moderator):
    held = make_post()
    Post.objects.filter(pk=held.pk).update(status=PostStatus.PENDING, published_at=None)
    services.publish_post(post=held, moderator=moderator)
    held.refresh_from_db()
    assert held.created_at <= held.published_at <= timezone.now()
