"""The admin lists areas, setting tags and posts usefully."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["area", "settingtag", "post"])
def test_superuser_can_browse_and_search_each_changelist(admin_client, post, model):
    url = reverse(f"admin:board_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "umbrella"}).status_code == 200


def test_post_change_page_never_shows_the_author(admin_client, post, user):
    html = admin_client.get(reverse("admin:board_post_change", args=[post.pk])).content.decode()
    assert user.email not in html


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:board_post_changelist"))
    assert response.status_code == 302
