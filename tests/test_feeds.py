"""The Atom feed of published posts: the list's filters, and nothing about who wrote them."""

import re
import xml.etree.ElementTree as ET

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.urls import reverse

from board.models import Post, PostStatus

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
FEED = reverse("board:post-feed")


def entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    return root.findall(f"{ATOM}entry")


def titles(response) -> list[str]:
    return [entry.findtext(f"{ATOM}title") for entry in entries(response)]


@pytest.fixture
def canary(db):
    user = get_user_model().objects.create_user(
        id=987655,
        username="quaggacanary4410",
        email="quaggacanary4410@canary.example",
        first_name="Quagga",
        last_name="Canary",
        password="a-long-test-password",
    )
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def test_feed_is_valid_atom_with_one_entry_per_published_post(client, make_post):
    older = make_post(headline="Bicycle bell", story="You rang it **twice** at me.")
    newer = make_post(headline="Museum bench")
    root = ET.fromstring(client.get(FEED).content)
    assert root.findtext(f"{ATOM}title")
    assert root.findtext(f"{ATOM}id")
    assert root.find(f"{ATOM}link[@rel='self']") is not None
    feed_entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in feed_entries] == [newer.headline, older.headline]
    entry = feed_entries[1]
    assert entry.findtext(f"{ATOM}id")
    assert entry.find(f"{ATOM}link").get("href").endswith(older.get_absolute_url())
    content = entry.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert "<strong>twice</strong>" in content.text
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == older.pseudonym


def test_feed_takes_the_same_filters_as_the_list(client, make_post, areas, tags):
    make_post(headline="Romantic on the bus", connection_type="romantic")
    make_post(
        headline="Platonic in the park",
        connection_type="platonic",
        setting_tags=[tags["park"]],
        area=areas["south"],
    )
    assert titles(client.get(FEED, {"type": "platonic"})) == ["Platonic in the park"]
    assert titles(client.get(FEED, {"setting": "park"})) == ["Platonic in the park"]
    assert titles(client.get(FEED, {"area": "springfield-south"})) == ["Platonic in the park"]
    assert titles(client.get(FEED, {"q": "bus"})) == ["Romantic on the bus"]
    assert titles(client.get(FEED, {"q": "bus", "type": "platonic"})) == []


def test_an_invalid_filter_gives_an_empty_feed_not_an_error(client, make_post):
    make_post()
    assert titles(client.get(FEED, {"type": "hookup"})) == []


def test_feed_carries_only_published_posts(client, make_post):
    shown = make_post(headline="Still published")
    for status in (PostStatus.PENDING, PostStatus.HIDDEN, PostStatus.REMOVED, PostStatus.DELETED):
        post = make_post(headline=f"Not shown {status}")
        Post.objects.filter(pk=post.pk).update(status=status)
    assert titles(client.get(FEED)) == [shown.headline]


def test_feed_never_carries_author_identity(client, canary, make_post):
    post = make_post(author=canary, headline="Cello case on the tram")
    xml = client.get(FEED).content.decode() + client.get(FEED, {"q": "cello"}).content.decode()
    assert post.pseudonym in xml
    for secret in ["quaggacanary4410", "canary.example", "Quagga", "987655"]:
        assert secret not in xml
    assert "<email>" not in xml


def test_feed_dates_carry_no_time_of_day(client, make_post):
    make_post()
    xml = client.get(FEED).content.decode()
    dates = re.findall(r"<(updated|published)>([^<]+)<", xml)
    assert len(dates) >= 3  # The feed's, and the entry's published and updated.
    for _, value in dates:
        assert value[10:19] == "T00:00:00", value


def test_empty_feed_dates_carry_no_time_of_day_either(client):
    xml = client.get(FEED, {"q": "nothingmatchesthis"}).content.decode()
    (value,) = re.findall(r"<updated>([^<]+)<", xml)
    assert value[10:19] == "T00:00:00"


def test_list_page_links_to_the_feed_with_the_same_query(client, make_post):
    make_post(headline="Red kite over the hill", connection_type="platonic")
    soup = BeautifulSoup(client.get("/?q=kite&type=platonic&page=1").content, "html.parser")
    alternate = soup.find("link", rel="alternate", type="application/atom+xml")["href"]
    assert alternate.startswith(FEED)
    assert "q=kite" in alternate and "type=platonic" in alternate and "page" not in alternate
    visible = soup.find("a", string=re.compile("This search as an Atom feed"))
    assert visible["href"] == alternate
    assert titles(client.get(alternate)) == ["Red kite over the hill"]


@pytest.mark.parametrize("page", ["/", "/?page=2", "/?after=abc123&page=2"])
def test_an_unfiltered_list_links_to_the_plain_feed(client, make_post, page):
    make_post()
    soup = BeautifulSoup(client.get(page).content, "html.parser")
    assert soup.find("link", rel="alternate", type="application/atom+xml")["href"] == FEED
    assert soup.find("a", string=re.compile("New posts as an Atom feed"))["href"] == FEED


def test_anonymous_feed_searches_share_the_search_rate_limit(client, settings, make_post):
    settings.BOARD_SEARCH_RATE = "2/m"
    make_post()
    assert client.get(FEED, {"q": "umbrella"}).status_code == 200
    assert client.get("/", {"q": "umbrella"}).status_code == 200
    assert client.get(FEED, {"q": "umbrella"}).status_code == 429
    assert client.get(FEED).status_code == 200
