"""What belongs to one account answers 404 to every other account, exactly like something
that does not exist, and asks visitors to sign in; no answer leaks any of its content.
Routes are read from board/urls.py, so new object URLs are covered as they come.
"""

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from board import services
from board.models import ActionKind, Hint, Notification
from board.services import comments as comment_services
from board.services import replies
from board.services import resources as resource_services

pytestmark = pytest.mark.django_db

# Object routes anyone may open for a *published* post; everything else with an object in
# its address belongs to one account (or to the two people in a conversation).
PUBLIC_ROUTES = {
    "post-short",
    "post-detail",
    "post-flag",
    "post-takedown",
    "post-reply",
    "takedown-confirm",
    "takedown-again",  # a signed link from a refusal email, like takedown-confirm
    # Signed links from alert emails: the token is the proof, not an account
    # (tests/test_alerts*.py: tampered links show nothing).
    "alert-confirm",
    "alert-unsubscribe",
    "alert-manage",
    # Comments (issue 21): anyone signed in comments on a published post; anyone may flag
    # or ask to take down a published comment. Approve and hide are the poster's alone.
    "comment-create",
    "comment-flag",
    "comment-takedown",
    "comment-takedown-confirm",
}
PUBLIC_PREFIXES = ("resources/",)

PATTERNS = [
    p
    for p in get_resolver("board.urls").url_patterns
    if p.pattern.converters and not str(p.pattern).startswith(PUBLIC_PREFIXES)
]
PRIVATE = [pytest.param(p, id=p.name) for p in PATTERNS if p.name not in PUBLIC_ROUTES]
POST_ROUTES = [pytest.param(p, id=p.name) for p in PATTERNS if str(p.pattern).startswith("posts/")]

SECRETS = (
    "Tangerine umbrella",
    "Only for me, tangerine.",
    "Was it you, tangerine?",
    "Tangerine kindness",
)


@pytest.fixture
def owned(user, other_user, make_post, moderator):
    """`user`'s post, held post, reflection and conversation (with `other_user` replying)."""
    post = make_post(author=user, headline="Tangerine umbrella at the market")
    held = make_post(author=user, headline="Tangerine umbrella, held")
    services.hide_post(post=held, kind=ActionKind.HIDDEN, reason="Readers reported it.")
    reflection = resource_services.save_reflection(
        author=user, title="Mine", body="Only for me, tangerine.", post=post
    )
    conversation = replies.send_reply(
        post=post, replier=other_user, message="Was it you, tangerine?"
    )
    removed = make_post(author=user, headline="Tangerine umbrella, removed")
    services.remove_post(post=removed, moderator=moderator, reason="It names someone.")
    comment = comment_services.post_comment(
        post=post, author=other_user, body="Tangerine kindness, waiting for the poster."
    )
    suspension = services.suspend_author(
        user=user, period="24h", reason="Spam.", moderator=moderator
    )
    theirs = make_post(author=other_user, headline="Another umbrella at the market")
    hint = Hint.objects.create(
        public_id="hint4tangerine", user=user, post=post, other_post=theirs, score=1.0
    )
    return {
        "comment": comment,
        "post": post,
        "held": held,
        "reflection": reflection,
        "conversation": conversation,
        "decision": removed.actions.get(kind=ActionKind.REMOVED),
        "suspension": suspension,
        "hint": hint,
    }


def kwargs_for(pattern, objects, *, post_key="post") -> dict:
    route = str(pattern.pattern)
    values = {}
    for param in pattern.pattern.converters:
        if route.startswith("posts/"):
            values[param] = getattr(objects[post_key], param)
        elif route.startswith("me/reflections/"):
            values[param] = objects["reflection"].pk
        elif route.startswith("me/inbox/"):
            values[param] = objects["conversation"].public_id
        elif route.startswith("me/appeals/decision/"):
            values[param] = objects["decision"].pk
        elif route.startswith("me/appeals/suspension/"):
            values[param] = objects["suspension"].pk
        elif route.startswith("comments/"):
            values[param] = objects["comment"].public_id
        elif route.startswith("me/hints/"):
            values[param] = objects["hint"].public_id
        elif route.startswith("me/posts/"):
            values[param] = objects[post_key].public_id
        else:
            pytest.fail(f"No owned object for <{param}> in {route!r}: teach kwargs_for")
    return values


def guesses(pattern, objects) -> list[dict]:
    """The real object's address, and nearby or random ones a snooper might try."""
    real = kwargs_for(pattern, objects)
    guessed = [real]
    for param, value in real.items():
        if isinstance(value, int):
            guessed += [{**real, param: value + 1}, {**real, param: value + 1000}]
        elif param != "slug":
            guessed += [{**real, param: "zzzzzzzz"}, {**real, param: value[:-1] + "x"}]
    return guessed


def assert_no_leak(response):
    html = response.content.decode()
    for secret in SECRETS:
        assert secret not in html


@pytest.fixture
def stranger(make_user):
    return make_user()


@pytest.mark.parametrize("pattern", PRIVATE)
def test_another_account_gets_404_for_every_private_object_url(pattern, owned, stranger):
    client = Client()
    client.force_login(stranger)
    for kwargs in guesses(pattern, owned):
        url = reverse(f"board:{pattern.name}", kwargs=kwargs)
        for response in (client.get(url), client.post(url, {"confirm": "on", "body": "x"})):
            assert response.status_code in {404, 405}, url
            assert_no_leak(response)


@pytest.mark.parametrize("pattern", PRIVATE)
def test_visitors_are_asked_to_sign_in_for_every_private_object_url(pattern, owned):
    url = reverse(f"board:{pattern.name}", kwargs=kwargs_for(pattern, owned))
    client = Client()
    for response in (client.get(url), client.post(url)):
        assert response.status_code in {302, 405}, url
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("account_login"))
        assert_no_leak(response)


@pytest.mark.parametrize("pattern", POST_ROUTES)
def test_a_held_post_is_404_to_everyone_but_its_author(pattern, owned, other_user, stranger):
    url = reverse(f"board:{pattern.name}", kwargs=kwargs_for(pattern, owned, post_key="held"))
    for person in (other_user, stranger, None):
        client = Client()
        if person is not None:
            client.force_login(person)
        response = client.get(url)
        assert response.status_code in {302, 404, 405}, url
        assert_no_leak(response)


def test_the_replier_cannot_touch_the_posters_post(owned, other_user):
    """Being in a conversation about a post gives no rights over the post."""
    client = Client()
    client.force_login(other_user)
    post = owned["post"]
    for name in ["post-edit", "post-delete", "post-renew", "post-found"]:
        url = reverse(f"board:{name}", args=[post.public_id])
        assert client.post(url, {"confirm": "on"}).status_code == 404, name
    post.refresh_from_db()
    assert post.status == "published"


def test_nobody_else_sees_my_notices_or_reflections(owned, user, stranger):
    Notification.objects.create(user=user, kind="held", message="Tangerine umbrella is held.")
    client = Client()
    client.force_login(stranger)
    for url in [
        reverse("board:my-notifications"),
        reverse("board:reflection-list"),
        reverse("board:my-posts"),
        reverse("board:account-home"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert "Tangerine" not in response.content.decode()
        assert_no_leak(response)
    export = client.get(reverse("board:account-export")).content.decode()
    assert "angerine" not in export
