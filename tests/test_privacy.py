"""Nothing a visitor can see links a post to its author or to the author's other posts."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db

CANARY_NAME = "zebracanary7731"
CANARY_EMAIL = "zebracanary7731@canary.example"
CANARY_ID = 987654


@pytest.fixture
def canary():
    user = get_user_model().objects.create_user(
        id=CANARY_ID,
        username=CANARY_NAME,
        email=CANARY_EMAIL,
        first_name="Zebra",
        last_name="Canary",
        password="a-long-test-password",
    )
    EmailAddress.objects.create(user=user, email=CANARY_EMAIL, verified=True, primary=True)
    return user


def public_pages(posts):
    pages = ["/", "/?type=romantic", "/?q=umbrella", "/guidelines/"]
    pages += [p.get_absolute_url() for p in posts]
    return pages


def test_canary_account_never_appears_on_any_public_page(client, canary, make_post, post_form_data):
    client.force_login(canary)
    client.post(reverse("board:post-create"), post_form_data())
    client.logout()
    posts = [make_post(author=canary) for _ in range(3)]
    for url in public_pages(posts):
        html = client.get(url, follow=True).content.decode()
        assert CANARY_NAME not in html, url
        assert "canary.example" not in html, url
        assert "Zebra" not in html, url
        assert str(CANARY_ID) not in html, url


def test_two_posts_by_one_person_share_no_visible_identifier(
    client, canary, make_post, monkeypatch
):
    # Two pseudonyms that differ for certain (random ones collide about 1 time in 1,700).
    names = iter(["Quiet Heron", "Bright Comet"])
    monkeypatch.setattr("board.identifiers.new_pseudonym", lambda: next(names))
    first, second = make_post(author=canary), make_post(author=canary)
    assert first.public_id != second.public_id
    assert (first.pseudonym, second.pseudonym) == ("Quiet Heron", "Bright Comet")
    pages = [client.get(p.get_absolute_url()).content.decode() for p in (first, second)]
    # Only the post's own pseudonym appears on its page.
    assert "Quiet Heron" in pages[0] and "Bright Comet" not in pages[0]
    assert "Bright Comet" in pages[1] and "Quiet Heron" not in pages[1]


def test_list_and_post_pages_show_no_clock_times(client, canary, make_post):
    post = make_post(author=canary)
    for url in ["/", "/?type=romantic", post.get_absolute_url()]:
        html = client.get(url).content.decode()
        assert not re.search(r"\b\d{1,2}:\d{2}\b", html), url
