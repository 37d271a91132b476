"""Writing, reading, editing and deleting a post, and who may do each."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from board.models import Post, PostStatus

pytestmark = pytest.mark.django_db

NEW = reverse("board:post-create")


def text_of(response) -> str:
    return BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)


# Writing a post


def test_posting_needs_an_account(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_submitting_publishes_and_lands_on_the_post_with_a_status_banner(
    client, user, post_form_data
):
    client.force_login(user)
    response = client.post(NEW, post_form_data(), follow=True)
    post = Post.objects.get()
    assert response.redirect_chain[-1][0] == post.get_absolute_url()
    assert post.author == user
    assert post.status == PostStatus.PUBLISHED
    page = text_of(response)
    assert "Status: Published" in page
    assert "Your post is live" in page


def test_preview_shows_rendered_story_and_saves_nothing(client, user, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(action="preview", story="So *very* kind of you."))
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one(".preview .story em").get_text() == "very"
    assert soup.find("textarea", {"name": "story"}).get_text().strip() == "So *very* kind of you."
    assert not Post.objects.exists()


def test_preview_escapes_html_in_the_story(client, user, post_form_data):
    client.force_login(user)
    response = client.post(
        NEW, post_form_data(action="preview", story="<script>alert(1)</script> hello there friend")
    )
    assert BeautifulSoup(response.content, "html.parser").select_one(".preview script") is None


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"encounter_date": "2999-01-01"}, "cannot be in the future"),
        ({"encounter_date": "2001-01-01"}, "recent encounters"),
        ({"encounter_date": "not a date"}, "Enter a valid date"),
        ({"setting_tags": []}, "Choose at least one setting"),
        ({"connection_type": "hookup"}, "Select a valid choice"),
        ({"headline": ""}, "This field is required"),
        ({"story": "too short"}, "at least 20 characters"),
        ({"country": ""}, "This field is required"),
    ],
)
def test_bad_input_explains_itself_and_keeps_everything_typed(
    client, user, post_form_data, override, message
):
    client.force_login(user)
    data = post_form_data(**override)
    response = client.post(NEW, data)
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert message in soup.select_one(".error-summary").get_text()
    assert soup.find("input", {"name": "where_exactly"})["value"] == data["where_exactly"]
    assert soup.find("textarea", {"name": "story"}).get_text().strip() == data["story"].strip()
    assert not Post.objects.exists()


def test_form_fields_all_have_labels(client, user):
    client.force_login(user)
    soup = BeautifulSoup(client.get(NEW).content, "html.parser")
    for control in soup.select(
        "form.post-form input:not([type=hidden]), form.post-form select, form.post-form textarea"
    ):
        assert soup.find("label", attrs={"for": control["id"]}), control


# Reading a post


def test_post_page_shows_the_whole_post(client, make_post, tags):
    post = make_post(where_exactly="Back carriage", i_saw="Green coat", i_am="Blue hat")
    page = text_of(client.get(post.get_absolute_url()))
    for text in [
        post.headline,
        "Thank you.",
        "Back carriage",
        "Green coat",
        "Blue hat",
        post.pseudonym,
        "Public transit",
        "Romantic",
    ]:
        assert text in page


def test_wrong_or_missing_slug_redirects_permanently_to_the_canonical_address(client, post):
    for url in [f"/posts/{post.public_id}/wrong-slug/", f"/posts/{post.public_id}/"]:
        response = client.get(url)
        assert response.status_code == 301
        assert response["Location"] == post.get_absolute_url()


def test_unknown_post_id_is_404(client, post):
    assert client.get("/posts/zzzzzzzzzz/anything/").status_code == 404


def test_post_page_links_to_the_next_newer_and_older_posts(client, make_post):
    old, middle, new = make_post(), make_post(), make_post()
    soup = BeautifulSoup(client.get(middle.get_absolute_url()).content, "html.parser")
    assert soup.find("a", rel="next")["href"] == new.get_absolute_url()
    assert soup.find("a", rel="prev")["href"] == old.get_absolute_url()


def test_neighbour_links_skip_posts_that_are_not_published(client, make_post):
    old, hidden, new = make_post(), make_post(), make_post()
    Post.objects.filter(pk=hidden.pk).update(status=PostStatus.HIDDEN)
    soup = BeautifulSoup(client.get(new.get_absolute_url()).content, "html.parser")
    assert soup.find("a", rel="prev")["href"] == old.get_absolute_url()


def test_public_dates_show_the_day_never_the_time(client, post):
    soup = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    for time in soup.find_all("time"):
        assert len(time["datetime"]) == 10


@pytest.mark.parametrize("count", [1, 10])
def test_post_page_query_count_is_constant(client, make_post, django_assert_max_num_queries, count):
    posts = [make_post() for _ in range(count)]
    # The post, neighbours, panel articles and prompt, settings, the country's helplines.
    with django_assert_max_num_queries(6):
        client.get(posts[0].get_absolute_url())


def test_a_signed_in_reader_opening_a_post_again_costs_four_queries(
    client, make_post, user, django_assert_num_queries, django_assert_max_num_queries
):
    """Session, user, the header's unread counts and the post itself: the story, its
    neighbours and the coping panel are kept as fragments under the posts version."""
    post = make_post()
    make_post()
    client.force_login(user)
    with django_assert_max_num_queries(9):
        first = client.get(post.get_absolute_url()).content.decode()
    with django_assert_num_queries(4):
        again = client.get(post.get_absolute_url()).content.decode()
    # The same page but for the CSRF token, which is masked afresh on every response.
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub("", first) == token.sub("", again)
    assert "Newer:" in again and "If this one stays with you" in again


# Who may do what: anonymous, the author, another user, a moderator.

VIEWERS = ["anonymous", "author", "other", "moderator"]


@pytest.fixture
def as_viewer(client, user, other_user, moderator):
    def login(viewer):
        accounts = {"author": user, "other": other_user, "moderator": moderator}
        if viewer in accounts:
            client.force_login(accounts[viewer])
        return client

    return login


@pytest.mark.parametrize(
    ("status", "allowed"),
    [
        (PostStatus.PUBLISHED, {"anonymous", "author", "other", "moderator"}),
        (PostStatus.PENDING, {"author", "moderator"}),
        (PostStatus.HIDDEN, {"author", "moderator"}),
        (PostStatus.REJECTED, {"author", "moderator"}),
        (PostStatus.REMOVED, {"author", "moderator"}),
        (PostStatus.EXPIRED, {"author", "moderator"}),
        (PostStatus.DELETED, {"moderator"}),
    ],
)
@pytest.mark.parametrize("viewer", VIEWERS)
def test_who_can_view_a_post_in_each_status(as_viewer, post, status, allowed, viewer):
    Post.objects.filter(pk=post.pk).update(status=status)
    response = as_viewer(viewer).get(post.get_absolute_url())
    assert response.status_code == (200 if viewer in allowed else 404)


def test_an_expired_post_is_404_to_the_public_but_visible_to_its_author(client, post, user):
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() - timedelta(days=1))
    assert client.get(post.get_absolute_url()).status_code == 404
    client.force_login(user)
    assert client.get(post.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("viewer", "expected"),
    [("anonymous", 302), ("author", 200), ("other", 404), ("moderator", 404)],
)
@pytest.mark.parametrize("action", ["post-edit", "post-delete"])
def test_who_can_open_edit_and_delete(as_viewer, post, viewer, expected, action):
    response = as_viewer(viewer).get(reverse(f"board:{action}", args=[post.public_id]))
    assert response.status_code == expected


@pytest.mark.parametrize("viewer", ["anonymous", "other", "moderator"])
def test_nobody_but_the_author_can_change_or_delete_a_post(as_viewer, post, post_form_data, viewer):
    client = as_viewer(viewer)
    client.post(
        reverse("board:post-edit", args=[post.public_id]), post_form_data(headline="Hijacked")
    )
    client.post(reverse("board:post-delete", args=[post.public_id]))
    post.refresh_from_db()
    assert post.headline != "Hijacked"
    assert post.status == PostStatus.PUBLISHED


def test_the_author_edits_their_post(client, user, post, post_form_data):
    client.force_login(user)
    url = reverse("board:post-edit", args=[post.public_id])
    form = BeautifulSoup(client.get(url).content, "html.parser")
    assert form.find("input", {"name": "headline"})["value"] == post.headline
    response = client.post(url, post_form_data(headline="A better headline"), follow=True)
    post.refresh_from_db()
    assert post.headline == "A better headline"
    assert response.redirect_chain[-1][0] == post.get_absolute_url()
    assert "Your changes are saved" in text_of(response)


def test_deleting_asks_first_and_deletes_only_on_post(client, user, post):
    client.force_login(user)
    url = reverse("board:post-delete", args=[post.public_id])
    assert "cannot be undone" in text_of(client.get(url))
    post.refresh_from_db()
    assert post.status == PostStatus.PUBLISHED
    response = client.post(url, follow=True)
    post.refresh_from_db()
    assert post.status == PostStatus.DELETED
    assert response.redirect_chain[-1][0] == reverse("board:my-posts")
    assert client.get(post.get_absolute_url()).status_code == 404


def test_my_posts_lists_only_my_posts_with_their_status(client, user, make_post, other_user):
    mine, held = make_post(author=user), make_post(author=user, headline="My held post")
    Post.objects.filter(pk=held.pk).update(
        status=PostStatus.PENDING, status_reason="Looks like a phone number"
    )
    theirs = make_post(author=other_user, headline="Not mine at all")
    client.force_login(user)
    page = text_of(client.get(reverse("board:my-posts")))
    assert mine.headline in page
    assert "Held for review" in page
    assert "Looks like a phone number" in page
    assert theirs.headline not in page


def test_my_posts_needs_an_account(client):
    assert client.get(reverse("board:my-posts")).status_code == 302


def test_guidelines_state_the_rules(client):
    page = text_of(client.get(reverse("board:guidelines")))
    for rule in [
        "phone numbers",
        "licence plates",
        "contact details",
        "sexual solicitation",
        "harassment",
        "18 or older",
        "One reply is enough",
    ]:
        assert rule in page
