"""Each lifecycle transition: what it allows, what it records, whom it tells."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from board import services
from board.models import (
    ActionKind,
    Actor,
    ModerationAction,
    Notification,
    Post,
    PostStatus,
    TermRule,
)

pytestmark = pytest.mark.django_db

PHONE_STORY = "You dropped a note with 212-555-0134 on it near the green umbrella stand."


def kinds(post):
    return list(post.actions.order_by("created_at", "id").values_list("kind", "actor"))


def test_a_clean_post_is_published_and_recorded_as_automatic(post):
    assert post.status == PostStatus.PUBLISHED
    assert kinds(post) == [(ActionKind.PUBLISHED, Actor.AUTOMATIC)]


def test_a_post_with_a_phone_number_is_held_with_its_reasons(
    make_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = make_post(story=PHONE_STORY)
    assert post.status == PostStatus.PENDING
    assert post.held_reasons == ["phone"]
    assert "212-555-0134" in post.status_reason
    assert kinds(post) == [(ActionKind.HELD, Actor.AUTOMATIC)]
    assert post.screening_findings[0]["rule"] == "phone"
    assert len(mail.outbox) == 1
    assert "held for review" in mail.outbox[0].subject


def test_an_accounts_first_two_posts_are_held(settings, make_post, user):
    settings.BOARD_FIRST_POSTS_HELD = 2
    first, second, third = make_post(author=user), make_post(author=user), make_post(author=user)
    assert [first.status, second.status, third.status] == ["pending", "pending", "published"]
    assert "first posts" in first.status_reason


def test_a_refuse_term_rule_refuses_the_post(make_post):
    TermRule.objects.create(pattern="hot tub party", action="refuse", label="a hookup request")
    with pytest.raises(services.PostRefused) as refused:
        make_post(story="Want to come to my hot tub party tonight? You know who you are.")
    assert "a hookup request" in str(refused.value)
    assert not Post.objects.exists()


def test_a_hold_term_rule_holds_and_an_allow_rule_lets_a_false_alarm_through(make_post):
    TermRule.objects.create(pattern="cash", action="hold", label="money talk")
    assert make_post(story="You paid in cash and smiled at the bakery counter.").status == "pending"
    TermRule.objects.create(pattern="Studio 54", action="allow", label="a club name")
    assert (
        make_post(story="We danced at a Studio 54 themed night in the basement bar.").status
        == "published"
    )


def test_approving_a_held_post_publishes_it_and_tells_the_author(
    make_post, moderator, django_capture_on_commit_callbacks
):
    post = make_post(story=PHONE_STORY)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.publish_post(post=post, moderator=moderator, reason="Fine in context.")
    assert post.status == PostStatus.PUBLISHED
    assert post.expires_at > timezone.now()
    assert kinds(post)[-1] == (ActionKind.APPROVED, Actor.MODERATOR)
    assert "approved" in mail.outbox[0].subject
    assert "Fine in context." in mail.outbox[0].body


@pytest.mark.parametrize(
    ("service", "start", "end", "kind"),
    [
        (services.reject_post, PostStatus.PENDING, PostStatus.REJECTED, ActionKind.REJECTED),
        (services.reject_post, PostStatus.HIDDEN, PostStatus.REJECTED, ActionKind.REJECTED),
        (services.remove_post, PostStatus.PUBLISHED, PostStatus.REMOVED, ActionKind.REMOVED),
        (services.remove_post, PostStatus.HIDDEN, PostStatus.REMOVED, ActionKind.REMOVED),
        (services.restore_post, PostStatus.REMOVED, PostStatus.PUBLISHED, ActionKind.RESTORED),
        (services.restore_post, PostStatus.HIDDEN, PostStatus.PUBLISHED, ActionKind.RESTORED),
        (services.publish_post, PostStatus.HIDDEN, PostStatus.PUBLISHED, ActionKind.APPROVED),
    ],
)
def test_each_decision_changes_status_records_and_notifies(
    post, moderator, service, start, end, kind
):
    Post.objects.filter(pk=post.pk).update(status=start)
    assert service(post=post, moderator=moderator, reason="Because.") is True
    assert post.status == end
    assert post.status_reason == "Because."
    record = post.actions.latest("id")
    assert (record.kind, record.moderator, record.reason) == (kind, moderator, "Because.")
    assert Notification.objects.filter(user=post.author, post=post, kind=kind).exists()


@pytest.mark.parametrize(
    ("service", "status"),
    [
        (services.publish_post, PostStatus.PUBLISHED),
        (services.reject_post, PostStatus.PUBLISHED),
        (services.remove_post, PostStatus.REMOVED),
        (services.restore_post, PostStatus.PUBLISHED),
        (services.remove_post, PostStatus.DELETED),
        (services.publish_post, PostStatus.DELETED),
    ],
)
def test_decisions_are_idempotent_and_skip_posts_they_do_not_apply_to(
    post, moderator, service, status
):
    Post.objects.filter(pk=post.pk).update(status=status)
    before = post.actions.count()
    assert service(post=post, moderator=moderator, reason="x") is False
    post.refresh_from_db()
    assert post.status == status
    assert post.actions.count() == before


def test_editing_a_rejected_post_resubmits_it_for_review(post, moderator, tags):
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PENDING)
    services.reject_post(post=post, moderator=moderator, reason="Too identifying.")
    services.edit_post(
        post=post,
        setting_tags=[tags["cafe"]],
        story="A gentler version of the story, with nothing identifying.",
    )
    assert post.status == PostStatus.PENDING
    assert kinds(post)[-1] == (ActionKind.EDITED, Actor.AUTHOR)


def test_editing_a_published_post_to_add_a_phone_number_holds_it(post, tags):
    services.edit_post(post=post, setting_tags=[tags["cafe"]], story=PHONE_STORY)
    assert post.status == PostStatus.PENDING
    assert post.held_reasons == ["phone"]


def test_removed_posts_cannot_be_edited(post, moderator, tags):
    services.remove_post(post=post, moderator=moderator, reason="Harassment.")
    with pytest.raises(services.NotEditable):
        services.edit_post(post=post, setting_tags=[tags["cafe"]], headline="Try again")


def test_deleting_is_recorded_as_the_authors_action(post):
    services.delete_post(post=post)
    assert kinds(post)[-1] == (ActionKind.DELETED, Actor.AUTHOR)


def test_notifications_go_only_to_the_author_and_name_nobody(
    make_post, make_user, django_capture_on_commit_callbacks
):
    author = make_user("author@example.test")
    flagger = make_user("flagger@example.test")
    post = make_post(author=author)
    with django_capture_on_commit_callbacks(execute=True):
        services.flag_post(post=post, user=flagger, reason="about-me")
    assert [m.to for m in mail.outbox] == [["author@example.test"]]
    body = mail.outbox[0].body
    assert "flagger" not in body
    assert "author@example.test" not in body


def test_emails_are_sent_only_after_the_transaction_commits(
    make_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_post(story=PHONE_STORY)
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1


def test_suspension_stops_posting_and_flagging_until_it_ends(
    make_post, user, other_user, moderator
):
    services.suspend_author(user=user, period="24h", reason="Spam.", moderator=moderator)
    with pytest.raises(services.Suspended) as suspended:
        make_post(author=user)
    assert suspended.value.suspension.reason == "Spam."
    with pytest.raises(services.Suspended):
        services.flag_post(post=make_post(author=other_user), user=user, reason="spam")
    assert Notification.objects.filter(user=user, kind=ActionKind.SUSPENDED).exists()


def test_a_suspension_that_ended_or_was_lifted_no_longer_applies(make_post, user, moderator):
    suspension = services.suspend_author(
        user=user, period="24h", reason="Spam.", moderator=moderator
    )
    suspension.ends_at = timezone.now() - timedelta(minutes=1)
    suspension.save()
    assert make_post(author=user).status == PostStatus.PUBLISHED
    permanent = services.suspend_author(
        user=user, period="permanent", reason="Abuse.", moderator=moderator
    )
    assert permanent.ends_at is None
    assert services.lift_suspension(suspension=permanent) is True
    assert services.lift_suspension(suspension=permanent) is False
    assert make_post(author=user).status == PostStatus.PUBLISHED


def test_public_log_records_carry_no_moderator_for_automatic_actions(make_post):
    post = make_post(story=PHONE_STORY)
    record = ModerationAction.objects.get(post=post)
    assert record.actor == Actor.AUTOMATIC
    assert record.moderator is None
