"""The reply funnel keeps your place: a visitor learns why an account is needed, and sign-up,
email confirmation (which signs in) and sign-in all land on the reply form."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from board.demo import loader
from board.models import Post

pytestmark = pytest.mark.django_db


def _reply_url(post):
    return reverse("board:post-reply", args=[post.public_id])


def test_a_visitor_is_told_why_replying_needs_an_account_and_offered_links_that_come_back(
    client, post
):
    page = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    panel = page.select_one("section.reply-cta")
    assert "never sees your email" in panel.get_text()
    hrefs = [a["href"] for a in panel.select("a")]
    assert f"{reverse('account_signup')}?next={_reply_url(post)}" in hrefs
    assert f"{reverse('account_login')}?next={_reply_url(post)}" in hrefs


def test_the_sign_up_page_reached_from_a_post_says_why_and_links_terms_and_privacy(client, post):
    response = client.get(reverse("account_signup") + "?next=" + _reply_url(post))
    page = BeautifulSoup(response.content, "html.parser")
    assert "reply privately" in page.select_one(".funnel-note").get_text()
    hrefs = {a["href"] for a in page.select("main a")}
    assert {reverse("board:terms"), reverse("board:privacy")} <= hrefs
    assert page.select_one("input[name=next]")["value"] == _reply_url(post)


def test_sign_up_then_confirming_the_email_signs_in_and_lands_on_the_reply_form(client, post):
    reply_url = _reply_url(post)
    response = client.post(
        reverse("account_signup"),
        {
            "email": "newcomer@example.test",
            "password1": "a-long-new-password-42",
            "password2": "a-long-new-password-42",
            "display_name": "Sam",
            "is_adult": "on",
            "accepts_guidelines": "on",
            "next": reply_url,
        },
    )
    assert response.status_code == 302
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[-1].body).group(0)
    confirm_path = link.split("testserver", 1)[1]
    response = client.post(confirm_path)
    assert response.status_code == 302
    assert response["Location"] == reply_url
    assert client.get(reply_url).status_code == 200


def test_the_confirmation_email_never_names_the_internal_username(client, post):
    client.post(
        reverse("account_signup"),
        {
            "email": "quiet@example.test",
            "password1": "a-long-new-password-42",
            "password2": "a-long-new-password-42",
            "is_adult": "on",
            "accepts_guidelines": "on",
        },
    )
    body = mail.outbox[-1].body
    assert "member-" not in body
    assert "confirm-email" in body


def test_signing_in_from_a_post_lands_on_the_reply_form(client, post, other_user):
    reply_url = _reply_url(post)
    response = client.post(
        reverse("account_login"),
        {"login": other_user.email, "password": "a-long-test-password", "next": reply_url},
    )
    assert response.status_code == 302
    assert response["Location"] == reply_url


def test_a_post_that_takes_no_replies_does_not_offer_the_reply_button(client, post):
    Post.objects.filter(pk=post.pk).update(replies_enabled=False)
    page = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    assert page.select_one(".reply-cta") is None
    assert "does not take replies" in page.get_text()


def test_demo_posts_belong_to_the_demo_account_and_take_replies(client, other_user):
    call_command("seed_demo")
    demo_posts = Post.objects.published()
    assert demo_posts.count() >= 40
    assert set(demo_posts.values_list("author__email", flat=True)) == {loader.DEMO_EMAIL}
    client.force_login(other_user)
    response = client.get(demo_posts.first().get_absolute_url())
    assert "Was this you? Reply privately" in response.content.decode()


def test_demo_posts_loaded_without_an_author_are_given_the_demo_account():
    call_command("seed_demo")
    Post.objects.update(author=None)
    call_command("seed_demo")
    assert not Post.objects.filter(author=None).exists()


def test_demo_account_command_prints_a_sign_in_that_works(client, capsys):
    call_command("seed_demo")
    call_command("demo_account")
    printed = capsys.readouterr().out
    password = re.search(r"password (\S+)", printed).group(1)
    assert loader.DEMO_EMAIL in printed
    response = client.post(
        reverse("account_login"), {"login": loader.DEMO_EMAIL, "password": password}
    )
    assert response.status_code == 302
    assert client.get(reverse("board:inbox")).status_code == 200


def test_the_demo_account_has_no_usable_password_until_the_command_gives_one():
    call_command("seed_demo")
    assert not loader.demo_author().has_usable_password()
