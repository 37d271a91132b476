"""Browsing by place: country, city (with its neighbourhoods), neighbourhood, old links,
the city lookup page, and the front page's remembered place (and the page cache)."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from board.models import Area
from board.places.remember import PLACE_COOKIE

pytestmark = pytest.mark.django_db

LIST = reverse("board:post-list")


@pytest.fixture
def stories(world, make_post):
    return {
        name: make_post(headline=f"Story in {name}", area=world[name])
        for name in ("berlin", "kreuzberg", "munich", "portland_or", "elsewhere_de")
    }


def shown(response) -> set[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    found = set()
    for link in soup.select(".results a"):
        text = link.get_text(strip=True)
        if text.startswith("Story in "):
            found.add(text.removeprefix("Story in "))
    return found


def test_the_country_filter_shows_that_countrys_stories_only(client, stories):
    assert shown(client.get(LIST, {"country": "DE"})) == {
        "berlin",
        "kreuzberg",
        "munich",
        "elsewhere_de",
    }
    assert shown(client.get(LIST, {"country": "US"})) == {"portland_or"}
    assert shown(client.get(LIST, {"country": "JP"})) == set()


def test_a_typed_city_includes_its_neighbourhoods_and_nothing_else(client, stories):
    assert shown(client.get(LIST, {"country": "DE", "city": "berlin"})) == {"berlin", "kreuzberg"}


def test_old_area_links_keep_working_for_cities_and_neighbourhoods(client, stories, world):
    assert shown(client.get(LIST, {"area": world["berlin"].slug})) == {"berlin", "kreuzberg"}
    assert shown(client.get(LIST, {"area": world["kreuzberg"].slug})) == {"kreuzberg"}
    # A city with no curated neighbourhoods is not in the menu, and its link still works.
    assert shown(client.get(LIST, {"area": world["munich"].slug})) == {"munich"}


def test_the_filter_names_the_place_in_its_chips(client, stories):
    text = BeautifulSoup(
        client.get(LIST, {"country": "DE", "city": "Berlin"}).content, "html.parser"
    ).get_text(" ", strip=True)
    assert "Germany ×" in text and "Berlin ×" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"country": "DE", "city": "Atlantis"},
            "We don't know a place called “Atlantis” in Germany",
        ),
        ({"city": "Berlin"}, "Choose the country of Berlin first"),
        ({"area": "atlantis"}, "We don't know that place"),
        ({"country": "XX"}, "Select a valid choice"),
    ],
)
def test_an_unknown_place_in_the_filter_explains_itself(client, stories, query, message):
    response = client.get(LIST, query)
    assert response.status_code == 200
    text = BeautifulSoup(response.content, "html.parser").get_text(" ", strip=True)
    assert message in text
    assert shown(response) == set()


def test_the_lookup_page_finds_cities_without_javascript(client, world):
    response = client.get(reverse("board:place-lookup"), {"country": "DE", "q": "mona"})
    soup = BeautifulSoup(response.content, "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in soup.select(".place-results a")}
    assert links == {"München": f"/?area={world['munich'].slug}"}
    unknown = client.get(reverse("board:place-lookup"), {"country": "ZZ", "q": "x"})
    assert unknown.status_code == 200
    assert "We don't know that country" in unknown.content.decode()


# The remembered place


def test_remembering_a_place_shows_its_stories_on_the_front_page_until_cleared(
    client, stories, world
):
    filtered = client.get(LIST, {"area": world["berlin"].slug})
    form = BeautifulSoup(filtered.content, "html.parser").select_one("form.remember-place")
    assert form["action"] == reverse("board:place-remember")
    response = client.get(reverse("board:place-remember"), {"area": world["berlin"].slug})
    assert response.status_code == 302
    assert client.cookies[PLACE_COOKIE].value == f"DE/{world['berlin'].slug}"
    front = client.get(LIST)
    assert shown(front) == {"berlin", "kreuzberg"}
    text = BeautifulSoup(front.content, "html.parser").get_text(" ", strip=True)
    assert "Showing stories from Berlin · Show everywhere" in text
    client.get(reverse("board:place-forget"))
    assert client.cookies[PLACE_COOKIE].value == ""
    assert shown(client.get(LIST)) == set(stories)


def test_a_remembered_country_filters_the_front_page(client, stories):
    client.get(reverse("board:place-remember"), {"country": "us"})
    assert shown(client.get(LIST)) == {"portland_or"}


def test_the_page_cache_never_gives_one_visitors_remembered_page_to_another(
    client, stories, world, django_assert_num_queries
):
    """Whole anonymous pages are cached: the remembered place must be part of the key."""
    everywhere = shown(client.get(LIST))
    client.cookies[PLACE_COOKIE] = f"DE/{world['berlin'].slug}"
    assert shown(client.get(LIST)) == {"berlin", "kreuzberg"}
    client.cookies[PLACE_COOKIE] = "US"
    assert shown(client.get(LIST)) == {"portland_or"}
    del client.cookies[PLACE_COOKIE]
    with django_assert_num_queries(0):
        assert shown(client.get(LIST)) == everywhere == set(stories)
    client.cookies[PLACE_COOKIE] = f"DE/{world['berlin'].slug}"
    with django_assert_num_queries(0):  # kept too, under its own key
        assert shown(client.get(LIST)) == {"berlin", "kreuzberg"}


@pytest.mark.parametrize("value", ["DE/atlantis", "garbage", "de", "DE/../x", ""])
def test_a_remembered_place_that_is_gone_or_malformed_shows_everywhere(client, stories, value):
    client.cookies[PLACE_COOKIE] = value
    response = client.get(LIST)
    assert response.status_code == 200
    assert shown(response) == set(stories)
    assert "Showing stories from" not in response.content.decode()


def test_remembering_an_unknown_place_sets_nothing(client, stories):
    response = client.get(reverse("board:place-remember"), {"area": "atlantis"})
    assert response.status_code == 302
    assert PLACE_COOKIE not in response.cookies


def test_the_admin_post_list_filters_by_any_area_and_lists_only_curated_ones(
    admin_client, stories, world
):
    changelist = reverse("admin:board_post_changelist")
    page = admin_client.get(changelist).content.decode()
    assert "Kreuzberg, Berlin" in page
    assert "München" not in BeautifulSoup(page, "html.parser").select_one("#changelist-filter").text
    munich = admin_client.get(changelist, {"area__id__exact": world["munich"].pk})
    assert munich.status_code == 200
    text = munich.content.decode()
    assert "Story in munich" in text and "Story in berlin" not in text


def test_the_feed_follows_the_place_filters_too(client, stories):
    feed = client.get(reverse("board:post-feed"), {"country": "US"}).content.decode()
    assert "Story in portland_or" in feed
    assert "Story in berlin" not in feed


def test_a_neighbourhood_added_in_the_admin_takes_its_citys_country_and_is_offered(
    admin_client, client, world
):
    add = reverse("admin:board_area_add")
    data = {"name": "Mitte", "slug": "berlin-mitte", "parent": world["berlin"].pk, "order": 0}
    data |= {"qualifier": "", "country": ""}
    assert admin_client.post(add, data).status_code == 302
    mitte = Area.objects.get(slug="berlin-mitte")
    assert (mitte.kind, mitte.country_code) == ("neighbourhood", "DE")
    assert '<option value="berlin-mitte">' in client.get(LIST).content.decode()
    nested = {**data, "name": "Torstraße", "slug": "torstrasse", "parent": mitte.pk}
    refused = admin_client.post(add, nested)
    assert refused.status_code == 200
    assert "belongs to a city" in refused.content.decode()


def test_a_moderator_may_see_places_in_the_admin_but_not_change_them(client, moderator, world):
    client.force_login(moderator)
    change = reverse("admin:board_area_change", args=[world["berlin"].pk])
    assert client.get(change).status_code == 200
    response = client.post(change, {"name": "Renamed", "slug": "berlin-test", "country": "DE"})
    assert response.status_code == 403
    assert Area.objects.get(pk=world["berlin"].pk).name == "Berlin"


def test_a_crafted_cookie_cannot_fill_the_cache_slot_of_another_address(client, stories):
    """The key keeps the address and the cookie apart: "/?type=platonic" with the cookie
    `US&board_place=` must not be the page kept for "/?type=platonic&board_place=US"."""
    client.cookies[PLACE_COOKIE] = f"US&{PLACE_COOKIE}="
    client.get(LIST, {"type": "platonic"})
    del client.cookies[PLACE_COOKIE]
    crafted = client.get(f"{LIST}?type=platonic&{PLACE_COOKIE}=US")
    soup = BeautifulSoup(crafted.content, "html.parser")
    feed = soup.select_one('link[type="application/atom+xml"], link[type="application/rss+xml"]')
    assert f"{PLACE_COOKIE}=US" in feed["href"]  # rendered for its own address
