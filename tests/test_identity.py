"""The site's own look: a mark, a favicon and touch icons that are served, and a social
preview for articles (and the front page) but never for a post."""

import pytest
from bs4 import BeautifulSoup

from board.models import Resource

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/favicon.ico", "image/"),
        ("/apple-touch-icon.png", "image/png"),
        ("/site.webmanifest", "manifest"),
    ],
)
def test_files_browsers_ask_for_at_the_root_are_served(client, path, kind):
    response = client.get(path)
    assert response.status_code == 200
    assert kind in response["Content-Type"]


def _og(response) -> dict[str, str]:
    page = BeautifulSoup(response.content, "html.parser")
    return {tag["property"]: tag["content"] for tag in page.select("meta[property^='og:']")}


def test_an_article_has_a_social_preview_with_absolute_addresses(client, settings):
    settings.BOARD_SITE_URL = "https://board.example"
    article = Resource.objects.published().first()
    og = _og(client.get(f"/resources/{article.slug}/"))
    assert og["og:title"] == article.title
    assert og["og:description"] == article.summary
    assert og["og:url"] == f"https://board.example/resources/{article.slug}/"
    assert og["og:image"].startswith("https://board.example/static/img/social")


def test_a_post_never_has_a_social_preview(client, post):
    page = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    assert _og(client.get(post.get_absolute_url())) == {}
    assert page.select("meta[name^='twitter:']") == []
