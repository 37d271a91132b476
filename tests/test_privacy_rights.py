"""A person's own data: the /me/ hub, a full copy as JSON, and deleting the account so that
nothing left on the board links back to them.
"""

import json

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.test import Client, RequestFactory
from django.urls import reverse
from django_ratelimit.core import get_usage

from board import limits, services
from board.models import (
    ActionKind,
    Flag,
    FlagReason,
    ModerationAction,
    Notification,
    Post,
    PostStatus,
    Reflection,
    Suspension,
)
from board.services import privacy
from board.services import resources as resource_services

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
HOME = reverse("board:account-home")
EXPORT = reverse("board:account-export")
DELETE = reverse("board:account-delete")


@pytest.fixture
def person(make_user):
    return make_user("zebracanary@canary.example")


@pytest.fixture
def life(person, other_user, make_post, moderator):
    """A person with a bit of everything: posts in several states, reflections, notices,
    flags given and received, a suspension."""
    live = make_post(author=person, headline="Red scarf on the L train")
    held = make_post(author=person, headline="Blue coat at the ferry terminal")
    services.hide_post(post=held, kind=ActionKind.HIDDEN, reason="Several readers reported it.")
    gone = make_post(author=person, headline="Deleted one about a library")
    services.delete_post(post=gone)
    theirs = make_post(author=other_user, headline="Someone else's story at the park")
    services.flag_post(post=theirs, user=person, reason=FlagReason.OTHER, note="my private note")
    services.flag_post(
        post=live, user=other_user, reason=FlagReason.OTHER, note="flagger's own words"
    )
    resource_services.save_reflection(
        author=person, title="Thinking it over", body="I still wonder.", post=live
    )
    services.suspend_author(user=person, period="24h", reason="Too many posts", moderator=moderator)
    return {"live": live, "held": held, "gone": gone, "theirs": theirs}


@pytest.fixture
def signed_in(client, person):
    client.force_login(person)
    return client


def test_the_hub_links_to_everything_a_person_can_see_or_change(signed_in):
    response = signed_in.get(HOME)
    assert response.status_code == 200
    html = response.content.decode()
    for name in [
        "board:my-posts",
        "board:my-notifications",
        "board:reflection-list",
        "board:account-export",
        "board:account-delete",
        "account_email",
        "account_change_password",
        "mfa_index",
    ]:
        assert f'href="{reverse(name)}"' in html, name
    assert response["Cache-Control"] == "private, no-store"


def test_the_header_links_to_the_hub_for_signed_in_people(client, signed_in):
    assert f'href="{HOME}"' in signed_in.get("/").content.decode()
    assert f'href="{HOME}"' not in Client().get("/").content.decode()


@pytest.mark.parametrize("url", [HOME, EXPORT, DELETE])
def test_account_pages_ask_visitors_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# --- Export ---------------------------------------------------------------------------


def download(client) -> dict:
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response["Cache-Control"] == "private, no-store"
    return json.loads(response.content)


def test_the_export_holds_the_account_posts_reflections_notices_and_flags(signed_in, person, life):
    data = download(signed_in)
    assert data["account"]["email"] == "zebracanary@canary.example"
    assert data["account"]["date_joined"].startswith(str(person.date_joined.date()))
    headlines = {p["headline"]: p for p in data["posts"]}
    assert set(headlines) == {"Red scarf on the L train", "Blue coat at the ferry terminal"}
    hidden = headlines["Blue coat at the ferry terminal"]
    assert hidden["status"] == PostStatus.HIDDEN
    assert hidden["status_reason"] == "Several readers reported it."
    assert any(step["what"] == "Hidden after flags" for step in hidden["history"])
    assert headlines["Red scarf on the L train"]["story"].startswith("You held the door")
    assert [r["title"] for r in data["reflections"]] == ["Thinking it over"]
    assert data["reflections"][0]["about_post"] == life["live"].public_id
    assert any(n["kind"] == ActionKind.SUSPENDED for n in data["notifications"])
    assert any(n["kind"] == ActionKind.HIDDEN for n in data["notifications"])
    assert data["flags"] == [{"reason": "other", "created_at": data["flags"][0]["created_at"]}]
    assert data["suspensions"][0]["reason"] == "Too many posts"


def test_the_export_holds_nothing_of_anyone_else(signed_in, life, other_user, moderator):
    text = json.dumps(download(signed_in))
    for foreign in [other_user.email, moderator.email, other_user.username, moderator.username]:
        assert foreign not in text
    assert "Someone else's story" not in text
    assert life["theirs"].public_id not in text
    assert "flagger's own words" not in text
    assert "my private note" not in text  # flags: reason and date only


def test_every_section_is_one_registered_function():
    assert {"account", "posts", "reflections", "notifications", "flags"} <= set(
        privacy.EXPORT_SECTIONS
    )


def test_the_export_includes_my_replies_but_not_the_other_sides_messages(
    signed_in, person, other_user, make_post
):
    from board.services import replies

    post = make_post(author=other_user, recognition_question="")
    conversation = replies.send_reply(post=post, replier=person, message="Was it you, reading?")
    replies.accept_reply(conversation=conversation)
    replies.send_message(conversation=conversation, sender_role="poster", body="Their own words")
    data = download(signed_in)
    [mine] = data["replies"]
    assert [m["body"] for m in mine["my_messages"]] == ["Was it you, reading?"]
    assert "Their own words" not in json.dumps(data)


# --- Delete ---------------------------------------------------------------------------


def test_the_delete_page_asks_for_the_password_and_about_the_posts(signed_in):
    html = signed_in.get(DELETE).content.decode()
    assert 'type="password"' in html
    assert 'name="posts"' in html


def test_a_wrong_password_deletes_nothing(signed_in, person, life):
    response = signed_in.post(DELETE, {"password": "not-it", "posts": "delete"})
    assert response.status_code == 200
    assert "not your password" in response.content.decode()
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_guessing_the_password_is_stopped_after_a_few_tries(signed_in, person):
    for _ in range(5):
        signed_in.post(DELETE, {"password": "guess", "posts": "delete"})
    response = signed_in.post(DELETE, {"password": PASSWORD, "posts": "delete"})
    assert response.status_code == 429
    assert get_user_model().objects.filter(pk=person.pk).exists()


def test_an_account_without_a_password_confirms_by_typing_delete(client, person):
    person.set_unusable_password()
    person.save()
    client.force_login(person)
    assert 'type="password"' not in client.get(DELETE).content.decode()
    client.post(DELETE, {"confirm": "delete", "posts": "delete"})
    assert get_user_model().objects.filter(pk=person.pk).exists()
    client.post(DELETE, {"confirm": "DELETE", "posts": "delete"})
    assert not get_user_model().objects.filter(pk=person.pk).exists()


def assert_nothing_links_to(user_pk, email):
    assert not get_user_model().objects.filter(pk=user_pk).exists()
    assert not Post.objects.filter(author_id=user_pk).exists()
    for model in (Flag, Notification, Suspension):
        assert not model.objects.filter(user_id=user_pk).exists(), model
    assert not Reflection.objects.filter(author_id=user_pk).exists()
    assert not EmailAddress.objects.filter(email=email).exists()
    assert not Authenticator.objects.filter(user_id=user_pk).exists()
    for session in Session.objects.all():
        assert session.get_decoded().get("_auth_user_id") != str(user_pk)


def test_deleting_the_account_and_posts_erases_everything_tied_to_it(signed_in, person, life):
    elsewhere = Client()
    elsewhere.force_login(person)
    pk, email = person.pk, person.email
    response = signed_in.post(DELETE, {"password": PASSWORD, "posts": "delete"}, follow=True)
    assert "Your account is deleted" in response.content.decode()
    assert_nothing_links_to(pk, email)
    for key in ("live", "held"):
        post = Post.objects.get(pk=life[key].pk)
        assert post.status == PostStatus.DELETED
        assert post.story == post.headline == ""
        assert post.author_ref == ""
    assert elsewhere.get(HOME).status_code == 302
    assert signed_in.get(HOME).status_code == 302
    assert Post.objects.filter(pk=life["theirs"].pk).exists()


def test_posts_left_on_the_board_keep_their_pseudonym_and_nothing_else(
    signed_in, person, life, client
):
    live = life["live"]
    pk, email = person.pk, person.email
    signed_in.post(DELETE, {"password": PASSWORD, "posts": "keep"})
    assert_nothing_links_to(pk, email)
    kept = Post.objects.get(pk=live.pk)
    assert kept.status == PostStatus.PUBLISHED
    assert (kept.author_id, kept.author_ref) == (None, "")
    assert kept.pseudonym == live.pseudonym
    page = Client().get(kept.get_absolute_url()).content.decode()
    assert kept.pseudonym in page
    assert "canary" not in page
    assert kept.headline in Client().get("/").content.decode()


def test_a_moderators_decisions_stay_on_record_without_them(moderator, post):
    services.remove_post(post=post, moderator=moderator, reason="Names a person.")
    privacy.delete_account(user=moderator, delete_posts=True)
    action = ModerationAction.objects.get(kind=ActionKind.REMOVED)
    assert action.moderator is None
    assert action.reason == "Names a person."


def test_the_deletion_is_all_or_nothing(person, life, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("sessions unavailable")

    monkeypatch.setattr(privacy.deletion, "end_sessions", fail)
    with pytest.raises(RuntimeError):
        privacy.delete_account(user=person, delete_posts=True)
    assert get_user_model().objects.filter(pk=person.pk).exists()
    assert Post.objects.get(pk=life["live"].pk).status == PostStatus.PUBLISHED
    assert Reflection.objects.filter(author=person).exists()


def test_the_accounts_rate_limit_counters_are_forgotten(person, django_capture_on_commit_callbacks):
    request = RequestFactory().post("/posts/x/flag/")
    request.user = person
    for _ in range(30):
        limits.hit(request, "flag")
    wrong_passwords = {
        "group": privacy.DELETE_ATTEMPTS_GROUP,
        "key": "user",
        "rate": privacy.DELETE_ATTEMPTS_RATE,
    }
    get_usage(request, **wrong_passwords, increment=True)
    assert limits.check(request, "flag") is not None
    with django_capture_on_commit_callbacks(execute=True):
        privacy.delete_account(user=person, delete_posts=True)
    assert limits.check(request, "flag") is None
    assert get_usage(request, **wrong_passwords)["count"] == 0
