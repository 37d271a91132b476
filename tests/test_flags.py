"""Readers flag posts; three people, a takedown request, or a minor hide them."""

import pytest
from django.urls import reverse

from board import services
from board.models import ActionKind, Flag, Post, PostStatus

pytestmark = pytest.mark.django_db


def flag_url(post):
    return reverse("board:post-flag", args=[post.public_id])


def test_three_different_people_flagging_hides_a_post(post, make_user):
    for reason in ["spam", "contact", "spam"]:
        post.refresh_from_db()
        assert post.status == PostStatus.PUBLISHED
        services.flag_post(post=post, user=make_user(established=True), reason=reason)
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert post.flag_count == 3
    assert post.actions.latest("id").kind == ActionKind.HIDDEN
    assert "spam" in post.status_reason


def test_the_threshold_is_a_setting(settings, post, make_user):
    settings.BOARD_FLAGS_TO_HIDE = 1
    services.flag_post(post=post, user=make_user(established=True), reason="spam")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN


def test_one_flag_per_person_per_post(post, user):
    services.flag_post(post=post, user=user, reason="spam")
    with pytest.raises(services.AlreadyFlagged):
        services.flag_post(post=post, user=user, reason="contact")
    assert Flag.objects.count() == 1


def test_a_minor_report_from_an_established_reader_hides_at_once_and_marks_urgent(post, make_user):
    services.flag_post(post=post, user=make_user(established=True), reason="minor")
    post.refresh_from_db()
    assert post.status == PostStatus.HIDDEN
    assert post.needs_urgent_review is True
    assert post.actions.latest("id").kind == ActionKind.TAKEDOWN


def test_something_else_needs_a_note(post, user):
    with pytest.raises(ValueError, match="note"):
        services.flag_post(post=post, user=user, reason="other")


def test_the_flag_page_needs_an_account(client, post):
    assert client.get(flag_url(post)).status_code == 302


def test_flagging_through_the_page(client, post, other_user):
    client.force_login(other_user)
    response = client.post(flag_url(post), {"reason": "spam"}, follow=True)
    assert "Thank you" in response.content.decode()
    assert Flag.objects.get().user == other_user


def test_the_flag_page_explains_a_missing_note_and_keeps_the_choice(client, post, other_user):
    client.force_login(other_user)
    response = client.post(flag_url(post), {"reason": "other", "note": ""})
    html = response.content.decode()
    assert "Tell us what is wrong" in html
    assert (
        'value="other" checked' in html.replace('checked=""', "checked").replace("\n", " ")
        or "checked" in html
    )
    assert not Flag.objects.exists()


def test_flagging_twice_through_the_page_is_harmless(client, post, other_user):
    client.force_login(other_user)
    client.post(flag_url(post), {"reason": "spam"})
    response = client.post(flag_url(post), {"reason": "spam"}, follow=True)
    assert "already flagged" in response.content.decode()
    assert Flag.objects.count() == 1


def test_flags_are_rate_limited_per_day(client, make_post, other_user, settings):
    settings.BOARD_FLAG_DAILY_RATE = "2/d"
    client.force_login(other_user)
    posts = [make_post() for _ in range(3)]
    for post in posts[:2]:
        client.post(flag_url(post), {"reason": "spam"})
    response = client.post(flag_url(posts[2]), {"reason": "spam", "note": "keep me"})
    assert response.status_code == 429
    assert "flag again in about" in response.content.decode()
    assert "keep me" in response.content.decode()
    assert Flag.objects.count() == 2


def test_a_suspended_person_cannot_flag(client, post, other_user, moderator):
    services.suspend_author(user=other_user, period="7d", reason="Spam.", moderator=moderator)
    client.force_login(other_user)
    response = client.post(flag_url(post), {"reason": "spam"})
    assert "suspended" in response.content.decode()
    assert not Flag.objects.exists()


def test_hidden_posts_cannot_be_flagged_again(client, post, other_user):
    Post.objects.filter(pk=post.pk).update(status=PostStatus.HIDDEN)
    client.force_login(other_user)
    assert client.get(flag_url(post)).status_code == 404


def test_the_author_is_told_the_post_is_hidden_and_why_but_not_by_whom(
    client, post, user, make_user
):
    flagger = make_user("flagger.person@example.test", established=True)
    services.flag_post(post=post, user=flagger, reason="minor")
    client.force_login(user)
    html = client.get(post.get_absolute_url()).content.decode()
    assert "Hidden for review" in html
    assert "minor" in html
    assert "flagger.person" not in html
    notices = client.get(reverse("board:my-notifications")).content.decode()
    assert "hidden while a moderator reviews it" in notices
