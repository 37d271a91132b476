"""Every route of the board refuses a POST without a CSRF token and changes nothing; no GET
changes anything. Routes are read from board/urls.py, so new ones are covered as they come.
"""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.middleware.csrf import CSRF_SECRET_LENGTH
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils.crypto import get_random_string

from board import services
from board.models import ActionKind, Hint, Resource
from board.services import alerts, comment_takedowns, replies, takedown_links, takedowns
from board.services import comments as comment_services
from board.services import resources as resource_services
from board.services.alerts import links as alert_links

pytestmark = pytest.mark.django_db

ROUTES = [
    pytest.param(p.name, str(p.pattern), id=p.name) for p in get_resolver("board.urls").url_patterns
]

# Which object fills each parameter, by the route's beginning. A new kind of object URL
# needs a line here, and the tests say so.
PROVIDERS = {
    ("posts/", "public_id"): lambda o: o["post"].public_id,
    ("posts/", "slug"): lambda o: o["post"].slug,
    ("me/reflections/", "pk"): lambda o: o["reflection"].pk,
    ("me/inbox/", "public_id"): lambda o: o["conversation"].public_id,
    ("resources/", "slug"): lambda o: o["resource"].slug,
    ("takedown/confirm/", "token"): lambda o: takedowns.confirmation_token(o["takedown"]),
    ("takedown/again/", "token"): lambda o: takedown_links.ask_again_token(o["takedown"]),
    ("me/appeals/decision/", "decision_id"): lambda o: o["decision"].pk,
    ("me/appeals/suspension/", "suspension_id"): lambda o: o["suspension"].pk,
    ("alerts/confirm/", "token"): lambda o: alert_links.confirm_token(o["alert"]),
    ("alerts/unsubscribe/", "token"): lambda o: alert_links.unsubscribe_token(o["alert"]),
    ("alerts/manage/", "token"): lambda o: alert_links.manage_token(o["alert"].email_hash),
    ("comments/takedown/confirm/", "token"): lambda o: comment_takedown_token(o),
    ("comments/", "public_id"): lambda o: o["comment"].public_id,
    ("me/hints/", "public_id"): lambda o: o["hint"].public_id,
    ("me/posts/", "public_id"): lambda o: o["post"].public_id,
}

# Routes that take a POST without a CSRF token by design, and why.
CSRF_EXEMPT = {
    # RFC 8058 one-click unsubscribe: mail providers POST without cookies; the signed token
    # is the proof (tests/test_alerts_pages.py covers it).
    "alert-unsubscribe",
}


def comment_takedown_token(objects) -> str:
    from board.services import comment_takedowns

    url = comment_takedowns.confirmation_url(objects["comment_takedown"])
    return url.rstrip("/").rsplit("/", 1)[1]


# GETs that change something by design, and what they may change.
GET_MAY_CHANGE = {
    "my-notifications": {"board.notification.read_at"},  # opening notices marks them read
    "inbox": {"board.notification.read_at"},  # opening the inbox marks reply notices read
    "notification-settings": {"board.notificationsettings"},  # the default row, once
}
NEVER_COMPARED = {"updated_at", "last_login"}


def route_kwargs(name: str, route: str, objects: dict) -> dict:
    pattern = next(p for p in get_resolver("board.urls").url_patterns if p.name == name)
    kwargs = {}
    for param in pattern.pattern.converters:
        provider = next(
            (
                make
                for (prefix, key), make in PROVIDERS.items()
                if route.startswith(prefix) and key == param
            ),
            None,
        )
        if provider is None:
            pytest.fail(f"No test object for <{param}> in {route!r}: add one to PROVIDERS")
        kwargs[param] = provider(objects)
    return kwargs


def url_for(name: str, route: str, objects: dict) -> str:
    return reverse(f"board:{name}", kwargs=route_kwargs(name, route, objects))


def snapshot(ignore=frozenset()) -> dict:
    """Every row of every table a request could change (sessions and the cache aside)."""
    models = [
        *apps.get_app_config("board").get_models(),
        get_user_model(),
        EmailAddress,
        Authenticator,
    ]
    state = {}
    for model in models:
        label = model._meta.label_lower
        if label in ignore:
            continue
        skipped = NEVER_COMPARED | {i.rsplit(".", 1)[1] for i in ignore if i.startswith(label)}
        state[label] = [
            {k: v for k, v in row.items() if k not in skipped}
            for row in model.objects.order_by("pk").values()
        ]
    return state


@pytest.fixture
def objects(user, other_user, make_post, moderator):
    """One of everything the board's URLs point at, owned by `user`."""
    post = make_post(author=user)
    held = make_post(author=user)
    services.hide_post(post=held, kind=ActionKind.HIDDEN, reason="Readers reported it.")
    reflection = resource_services.save_reflection(
        author=user, title="Mine", body="Only for me.", post=post
    )
    conversation = replies.send_reply(post=post, replier=other_user, message="Was it you?")
    comment = comment_services.post_comment(post=post, author=other_user, body="Kind words.")
    removed = make_post(author=user)
    services.remove_post(post=removed, moderator=moderator, reason="It names someone.")
    resource = resource_services.save_resource(
        resource=Resource(
            title="Regret", slug="regret", summary="s", body="Words.", category="feelings"
        )
    )
    return {
        "post": post,
        "held": held,
        "reflection": reflection,
        "conversation": conversation,
        "resource": resource,
        "takedown": takedowns.request_takedown(post=post, email="described@example.test"),
        "comment": comment,
        "comment_takedown": comment_takedowns.request_comment_takedown(
            comment=comment, email="described@example.test"
        ),
        "decision": removed.actions.get(kind=ActionKind.REMOVED),
        "suspension": services.suspend_author(
            user=user, period="24h", reason="Spam.", moderator=moderator
        ),
        "alert": alerts.create_alert_for_address(
            email="watcher@example.test",
            filters=alerts.AlertFilters.build(query="umbrella"),
            frequency="each",
            days=7,
        ).alert,
        "hint": Hint.objects.create(
            public_id="hint4csrf",
            user=user,
            post=post,
            other_post=make_post(author=other_user, headline="Someone else's story"),
            score=1.0,
        ),
    }


def csrf_client(user=None) -> Client:
    """A browser that has a CSRF cookie but sends no token, as a forged form would."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    client.cookies[settings.CSRF_COOKIE_NAME] = get_random_string(CSRF_SECRET_LENGTH)
    return client


@pytest.mark.parametrize(
    ("name", "route"), [route for route in ROUTES if route.values[0] not in CSRF_EXEMPT]
)
def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(objects, user, name, route):
    url = url_for(name, route, objects)
    for client in (csrf_client(user), csrf_client()):
        before = snapshot()
        data = {"action": "publish", "reason": "other", "note": "x", "confirm": "on"}
        response = client.post(url, data)
        assert response.status_code == 403, url
        assert snapshot() == before, url


def test_the_account_delete_form_is_refused_without_a_token(user):
    client = csrf_client(user)
    response = client.post(
        reverse("board:account-delete"), {"password": "a-long-test-password", "posts": "delete"}
    )
    assert response.status_code == 403
    assert get_user_model().objects.filter(pk=user.pk).exists()


def test_a_post_with_the_token_is_accepted(user):
    """The other half: the same client with the token gets through (the check is real)."""
    client = csrf_client(user)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        reverse("board:account-delete"),
        {"password": "a-long-test-password", "posts": "delete", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=user.pk).exists()


@pytest.mark.parametrize(("name", "route"), ROUTES)
def test_no_get_changes_anything(objects, user, name, route):
    url = url_for(name, route, objects)
    ignore = GET_MAY_CHANGE.get(name, frozenset())
    for client_user in (user, None):
        client = Client()
        if client_user is not None:
            client.force_login(client_user)
        before = snapshot(ignore)
        response = client.get(url)
        assert response.status_code < 500, url
        assert snapshot(ignore) == before, url
