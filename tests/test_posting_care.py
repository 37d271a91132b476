"""Care on the way in and out of a post: the preview shows the whole post, long text is never
cut silently, dates cannot be in the future, and "found" is confirmed and can be undone."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from board.forms import STORY_MAX_LENGTH
from board.models import Post
from board.services import replies

pytestmark = pytest.mark.django_db


def _soup(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_preview_shows_the_whole_post_as_it_will_appear(client, user, post_form_data):
    client.force_login(user)
    response = client.post(reverse("board:post-create"), post_form_data(action="preview"))
    preview = _soup(response).select_one("section.preview").get_text(" ", strip=True)
    for part in (
        "Yellow raincoat on the ferry",
        "Platonic",
        "North Side",
        "morning",
        "Public transit",
        "Upper deck",
        "crossword clues",
        "pencil behind the ear",
        "terrible at anagrams",
    ):
        assert part in preview, part
    assert not Post.objects.exists()


def test_no_text_field_carries_a_maxlength_that_would_cut_pasted_text(client, user):
    client.force_login(user)
    page = _soup(client.get(reverse("board:post-create")))
    assert page.select("[maxlength]") == []
    assert page.select_one("textarea[name=story]")["data-maxlength"] == str(STORY_MAX_LENGTH)


def test_a_story_over_the_limit_is_kept_whole_with_a_clear_message(client, user, post_form_data):
    client.force_login(user)
    story = "We talked about trains. " * 200  # 4,800 characters
    response = client.post(reverse("board:post-create"), post_form_data(story=story))
    page = _soup(response)
    assert "the limit is 4000. Nothing was cut" in page.get_text(" ", strip=True)
    assert page.select_one("textarea[name=story]").get_text().strip() == story.strip()
    assert not Post.objects.exists()


def test_the_date_picker_offers_no_future_day(client, user):
    client.force_login(user)
    field = _soup(client.get(reverse("board:post-create"))).select_one("[name=encounter_date]")
    assert field["max"] == timezone.localdate().isoformat()


def test_a_future_date_is_refused_by_the_server_too(client, user, post_form_data):
    client.force_login(user)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(reverse("board:post-create"), post_form_data(encounter_date=tomorrow))
    assert "cannot be in the future" in response.content.decode()
    assert not Post.objects.exists()


def test_found_asks_first_and_a_get_changes_nothing(client, post, user):
    client.force_login(user)
    response = client.get(reverse("board:post-found", args=[post.public_id]))
    assert "Did you find each other?" in response.content.decode()
    post.refresh_from_db()
    assert post.found_at is None


def test_found_can_be_undone_within_a_day_and_replies_open_again(client, post, user):
    client.force_login(user)
    client.post(reverse("board:post-found", args=[post.public_id]))
    post.refresh_from_db()
    assert post.found_at is not None and not post.accepts_replies
    page = client.get(post.get_absolute_url()).content.decode()
    assert reverse("board:post-found-undo", args=[post.public_id]) in page
    client.post(reverse("board:post-found-undo", args=[post.public_id]))
    post.refresh_from_db()
    assert post.found_at is None and post.accepts_replies


def test_found_cannot_be_undone_after_a_day(post):
    assert replies.mark_found(post=post)
    Post.objects.filter(pk=post.pk).update(found_at=timezone.now() - timedelta(days=1, minutes=1))
    post.refresh_from_db()
    assert replies.undo_found(post=post) is False
    post.refresh_from_db()
    assert post.found_at is not None


def test_only_the_author_can_undo_found(client, post, other_user):
    replies.mark_found(post=post)
    client.force_login(other_user)
    response = client.post(reverse("board:post-found-undo", args=[post.public_id]))
    assert response.status_code == 404
    post.refresh_from_db()
    assert post.found_at is not None


def test_found_shows_in_my_posts(client, post, user):
    replies.mark_found(post=post)
    client.force_login(user)
    page = _soup(client.get(reverse("board:my-posts")))
    assert page.select_one(".my-posts .found-badge").get_text(strip=True) == "Found"


def test_a_conversation_shows_sides_and_times_with_the_newest_last(
    client, make_post, user, other_user
):
    asked = make_post(author=user)
    conversation = replies.send_reply(post=asked, replier=other_user, message="It was me!")
    replies.accept_reply(conversation=conversation)
    replies.send_message(conversation=conversation, sender_role="poster", body="Hello again")
    client.force_login(user)
    page = _soup(client.get(conversation.get_absolute_url()))
    bubbles = page.select(".chat .bubble")
    assert [b["class"][1] for b in bubbles] == ["theirs", "mine"]
    assert bubbles[-1]["id"] == "latest"
    assert all(b.select_one("time[datetime]") for b in bubbles)
    assert ":" in bubbles[-1].select_one("time").get_text()  # the time of day, not only the date


def test_sending_a_message_returns_to_the_newest_message(client, make_post, user, other_user):
    asked = make_post(author=user)
    conversation = replies.send_reply(post=asked, replier=other_user, message="It was me!")
    replies.accept_reply(conversation=conversation)
    client.force_login(user)
    response = client.post(
        reverse("board:conversation-send", args=[conversation.public_id]), {"body": "Hi!"}
    )
    assert response["Location"].endswith("#latest")
