"""The admin reveals no identity: a moderator's changelist URL cannot filter, order or
look up anything that reaches an account; superusers alone may."""

import pytest
from django.test import Client
from django.urls import reverse

from board import services
from board.services import replies, takedowns

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(make_post, make_user, moderator):
    author, reader = make_user(), make_user()
    post = make_post(author=author)
    services.flag_post(post=post, user=reader, reason="spam")
    conversation = replies.send_reply(post=post, replier=reader, message="Hi, was it you?")
    replies.report_conversation(conversation=conversation, role="poster", reason="Rude.")
    services.suspend_author(user=author, period="24h", reason="Spam.", moderator=moderator)
    takedowns.request_takedown(post=post, email="me@example.test", user=reader)
    return {"author": author, "reader": reader}


@pytest.fixture
def mod_client(moderator):
    client = Client()
    client.force_login(moderator)
    return client


PROBES = [
    ("post", "author__id__exact={author}"),
    ("post", "author={author}"),
    ("post", "author__gt=0"),
    ("post", "author_id={author}"),
    ("post", "author__email__startswith=person"),
    ("post", "author__date_joined__gte=2000-01-01"),
    ("post", "author__username__contains=user"),
    ("post", "flags__user={reader}"),
    ("flag", "user={reader}"),
    ("flag", "user__id__exact={reader}"),
    ("flag", "post__author={author}"),
    ("conversation", "poster={author}"),
    ("conversation", "replier={reader}"),
    ("conversation", "replier__gt=0"),
    ("suspension", "user={author}"),
    ("suspension", "user__id__lt=100000"),
    ("suspension", "created_by__gt=0"),
    ("takedownrequest", "user={reader}"),
    ("takedownrequest", "post__author__gt=0"),
    ("moderationaction", "post__author={author}"),
]


@pytest.mark.parametrize(("model", "query"), PROBES)
def test_a_moderator_cannot_reach_an_account_through_a_changelist_url(
    mod_client, records, model, query
):
    url = reverse(f"admin:board_{model}_changelist")
    assert mod_client.get(url).status_code == 200
    probe = query.format(author=records["author"].pk, reader=records["reader"].pk)
    response = mod_client.get(f"{url}?{probe}")
    assert response.status_code == 400, probe


@pytest.mark.parametrize(("model", "query"), PROBES[:3] + PROBES[8:9])
def test_a_superuser_still_can(admin_client, records, model, query):
    url = reverse(f"admin:board_{model}_changelist")
    probe = query.format(author=records["author"].pk, reader=records["reader"].pk)
    assert admin_client.get(f"{url}?{probe}").status_code == 200


def test_the_moderators_own_filters_still_work(mod_client, records):
    url = reverse("admin:board_post_changelist")
    for query in ("status__exact=published", "held=phone", "flag=spam", "needs_urgent_review=1"):
        assert mod_client.get(f"{url}?{query}").status_code == 200, query


def test_takedown_requesters_addresses_are_for_superusers_only(mod_client, admin_client, records):
    from board.models import TakedownRequest

    url = reverse("admin:board_takedownrequest_change", args=[TakedownRequest.objects.get().pk])
    assert "me@example.test" not in mod_client.get(url).content.decode()
    assert "me@example.test" in admin_client.get(url).content.decode()
