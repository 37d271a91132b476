"""Choosing a place without JavaScript: country, typed city, somewhere else, neighbourhood."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from board.models import Area, Post
from board.places.remember import PLACE_COOKIE

pytestmark = pytest.mark.django_db

NEW = reverse("board:post-create")


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def place(country="DE", city="Berlin", **extra) -> dict:
    return {"country": country, "city": city, "neighbourhood": "", **extra}


def error_text(soup, name) -> str:
    group = soup.find(attrs={"name": name}).find_parent(class_="field")
    return group.get_text(" ", strip=True)


def test_the_form_offers_a_country_select_and_a_typed_city_never_a_select_of_cities(
    client, user, world
):
    client.force_login(user)
    soup = soup_of(client.get(NEW))
    countries = soup.find("select", attrs={"name": "country"}).find_all("option")
    assert 240 <= len(countries) <= 260
    city = soup.find("input", attrs={"name": "city"})
    assert city["type"] == "text"
    assert soup.find("datalist", id=city["list"]) is not None
    assert soup.find("input", attrs={"name": "elsewhere", "type": "checkbox"}) is not None
    assert all(len(select.find_all("option")) < 300 for select in soup.find_all("select"))
    assert soup.find(attrs={"name": "area"}) is None


def test_a_typed_city_places_the_post_and_its_country(client, user, world, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(**place(city="  berlin ")))
    assert response.status_code == 302
    post = Post.objects.get(author=user)
    assert post.area == world["berlin"]
    assert post.country_id == "DE"
    assert post.area.country_code == "DE"


@pytest.mark.parametrize(
    "typed", ["munchen", "MÜNCHEN", "Munich", "monaco di  Baviera", "München, Germany"]
)
def test_a_city_is_found_without_its_accents_and_by_its_other_names(
    client, user, world, post_form_data, typed
):
    client.force_login(user)
    client.post(NEW, post_form_data(**place(city=typed)))
    assert Post.objects.get(author=user).area == world["munich"]


def test_an_unknown_place_is_refused_clearly_and_nothing_typed_is_lost(
    client, user, world, post_form_data
):
    client.force_login(user)
    data = post_form_data(**place(city="Atlantis"), headline="Blue scarf at the harbour")
    response = client.post(NEW, data)
    assert response.status_code == 200
    soup = soup_of(response)
    message = error_text(soup, "city")
    assert "We don't know a place called “Atlantis” in Germany" in message
    assert "Somewhere else in Germany" in message
    assert soup.find("input", attrs={"name": "city"})["value"] == "Atlantis"
    assert soup.find("input", attrs={"name": "headline"})["value"] == "Blue scarf at the harbour"
    assert soup.find("textarea", attrs={"name": "story"}).get_text().strip() == data["story"]
    chosen = soup.find("select", attrs={"name": "country"}).find("option", selected=True)
    assert chosen["value"] == "DE"
    assert not Post.objects.filter(author=user).exists()


def test_a_city_of_another_country_is_unknown_in_the_chosen_one(
    client, user, world, post_form_data
):
    client.force_login(user)
    response = client.post(NEW, post_form_data(**place(country="US", city="Berlin")))
    assert "We don't know a place called “Berlin” in United States" in error_text(
        soup_of(response), "city"
    )


def test_a_name_two_cities_share_asks_which_and_the_qualified_name_works(
    client, user, world, post_form_data
):
    client.force_login(user)
    response = client.post(NEW, post_form_data(**place(country="US", city="Portland")))
    message = error_text(soup_of(response), "city")
    assert "more than one “Portland” in United States" in message
    assert "Portland, Oregon" in message and "Portland, Maine" in message
    client.post(NEW, post_form_data(**place(country="US", city="Portland, Maine")))
    assert Post.objects.get(author=user).area == world["portland_me"]


def test_a_qualifier_no_namesake_has_asks_which_by_the_name_alone(
    client, user, world, post_form_data
):
    """ "Portland, Texas" is not a place the board knows: the message names "Portland",
    which has namesakes, and offers them, keeping what was typed in the field."""
    client.force_login(user)
    response = client.post(NEW, post_form_data(**place(country="US", city="Portland, Texas")))
    soup = soup_of(response)
    message = error_text(soup, "city")
    assert "more than one “Portland” in United States" in message
    assert "Portland, Oregon" in message and "Portland, Maine" in message
    assert soup.find("input", attrs={"name": "city"})["value"] == "Portland, Texas"


def test_somewhere_else_in_a_country_is_a_place_of_its_own(client, user, world, post_form_data):
    client.force_login(user)
    client.post(NEW, post_form_data(**place(city="", elsewhere="on")))
    post = Post.objects.get(author=user)
    assert post.area == world["elsewhere_de"]
    assert str(post.area) == "Somewhere else in Germany"
    assert post.country_id == "DE"
    assert "Somewhere else in Germany" in client.get(post.get_absolute_url()).content.decode()


def test_somewhere_else_is_made_for_a_country_the_loader_has_not_reached(
    client, user, world, post_form_data
):
    client.force_login(user)
    client.post(NEW, post_form_data(**place(country="IS", city="", elsewhere="on")))
    area = Post.objects.get(author=user).area
    assert (area.slug, area.country_code, str(area)) == (
        "somewhere-in-is",
        "IS",
        "Somewhere else in Iceland",
    )


def test_no_city_and_no_somewhere_else_says_what_to_do(client, user, world, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(**place(city="")))
    assert "Type the city or town, or choose “Somewhere else in Germany”" in error_text(
        soup_of(response), "city"
    )


def test_a_neighbourhood_is_chosen_within_its_city(client, user, world, post_form_data):
    client.force_login(user)
    client.post(NEW, post_form_data(**place(neighbourhood=world["kreuzberg"].slug)))
    post = Post.objects.get(author=user)
    assert post.area == world["kreuzberg"]
    assert post.country_id == "DE"
    assert str(post.area) == "Kreuzberg, Berlin"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"city": "München"}, "That neighbourhood is not in München"),
        ({"city": "", "elsewhere": "on"}, "A neighbourhood belongs to a city"),
    ],
)
def test_a_neighbourhood_of_another_city_is_refused(
    client, user, world, post_form_data, fields, message
):
    client.force_login(user)
    data = post_form_data(**place(neighbourhood=world["kreuzberg"].slug, **fields))
    response = client.post(NEW, data)
    assert message in error_text(soup_of(response), "neighbourhood")
    assert not Post.objects.filter(author=user).exists()


def test_the_datalist_suggests_the_chosen_countrys_cities(client, user, world, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(**place(city="Atlantis")))
    options = [o["value"] for o in soup_of(response).find("datalist").find_all("option")]
    assert options[:2] == ["Berlin", "München"]
    assert "Portland, Oregon" not in options


def test_editing_a_post_shows_its_place_and_keeps_it(client, user, world, make_post):
    post = make_post(author=user, area=world["kreuzberg"])
    client.force_login(user)
    soup = soup_of(client.get(reverse("board:post-edit", args=[post.public_id])))
    assert (
        soup.find("select", attrs={"name": "country"}).find("option", selected=True)["value"]
        == "DE"
    )
    assert soup.find("input", attrs={"name": "city"})["value"] == "Berlin"
    chosen = soup.find("select", attrs={"name": "neighbourhood"}).find("option", selected=True)
    assert chosen["value"] == world["kreuzberg"].slug


def test_moving_a_post_to_another_country_moves_its_country_too(
    client, user, world, make_post, post_form_data
):
    post = make_post(author=user, area=world["berlin"])
    client.force_login(user)
    data = post_form_data(**place(country="US", city="Portland, Oregon"))
    client.post(reverse("board:post-edit", args=[post.public_id]), data)
    post.refresh_from_db()
    assert (post.area, post.country_id) == (world["portland_or"], "US")


def test_a_neighbourhood_takes_its_citys_country_and_nothing_is_finer(world):
    """A place is never more precise than a neighbourhood: a neighbourhood of a
    neighbourhood is refused, and the database refuses a neighbourhood without a city."""
    kreuzberg = world["kreuzberg"]
    assert (kreuzberg.kind, kreuzberg.country_code) == ("neighbourhood", "DE")
    street = Area(name="Oranienstraße", slug="oranienstrasse", parent=kreuzberg)
    with pytest.raises(ValidationError, match="a city"):
        street.full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        Area.objects.filter(pk=kreuzberg.pk).update(kind="city")


def test_a_remembered_place_chooses_the_country_and_its_cities_are_suggested(client, user, world):
    client.force_login(user)
    client.cookies[PLACE_COOKIE] = "DE/berlin-test"
    soup = soup_of(client.get(NEW))
    chosen = soup.find("select", attrs={"name": "country"}).find("option", selected=True)
    assert chosen["value"] == "DE"
    options = [o["value"] for o in soup.find("datalist").find_all("option")]
    assert options == ["Berlin", "München"]


def test_without_a_country_chosen_the_datalist_is_empty(client, user, world):
    client.force_login(user)
    assert soup_of(client.get(NEW)).find("datalist").find_all("option") == []


@pytest.mark.parametrize(("cookie", "queries"), [("", 7), ("DE/berlin-test", 8)])
def test_the_post_form_page_has_a_fixed_number_of_queries(
    client, user, world, django_assert_num_queries, cookie, queries
):
    """The page's own, then the countries and the curated neighbourhoods; the city
    suggestions only once a country is chosen."""
    client.force_login(user)
    client.cookies[PLACE_COOKIE] = cookie
    with django_assert_num_queries(queries):
        client.get(NEW)
