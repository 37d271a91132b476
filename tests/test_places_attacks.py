"""Attacks on choosing, browsing and remembering places: odd input, tampered values,
names the gazetteer repeats, and cookies. Each test is a promise a person relies on."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse

from board.models import Area, Country, Post
from board.places.remember import PLACE_COOKIE

pytestmark = pytest.mark.django_db

NEW = reverse("board:post-create")
LIST = reverse("board:post-list")


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def field_text(response, name) -> str:
    group = soup_of(response).find(attrs={"name": name}).find_parent(class_="field")
    return group.get_text(" ", strip=True)


@pytest.fixture
def brazil(db):
    """Real gazetteer rows: two Beléms told apart by region, a Belem without its accent,
    and a town that has "Belem" among its other names."""
    Country.objects.get_or_create(code="BR", defaults={"name": "Brazil"})

    def city(name, slug, **extra):
        return Area.objects.create(name=name, slug=slug, country_id="BR", **extra)

    return {
        "belem_16": city("Belém", "belem-br-16", qualifier="region 16", population=1_400_000),
        "belem_17": city("Belém", "belem-br-17", qualifier="region 17", population=20_000),
        "belem_plain": city("Belem", "belem-br", population=16_000),
        "itatira": city("Itatira", "itatira", other_names="|belem|", population=18_000),
        "aracoiaba": city("Aracoiaba", "aracoiaba", population=25_000),
        "aracoiaba_accent": city("Araçoiaba", "aracoiaba-br", population=18_000),
    }


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("Belém, region 16", "belem_16"),
        ("Belém, region 17", "belem_17"),
        ("Araçoiaba", "aracoiaba_accent"),
        ("Aracoiaba", "aracoiaba"),
    ],
)
def test_a_suggested_name_with_accents_places_the_post_at_that_very_city(
    client, user, brazil, post_form_data, typed, expected
):
    """What the datalist suggests (the city's label, accents and all) is always accepted
    as that city, on SQLite as on PostgreSQL: never another city that lists the name among
    its other names, never "more than one" between names that differ only in accents."""
    client.force_login(user)
    data = post_form_data(country="BR", city=typed, neighbourhood="")
    response = client.post(NEW, data)
    assert response.status_code == 302, field_text(response, "city")
    assert Post.objects.get(author=user).area == brazil[expected]


def test_removing_the_country_chip_removes_its_city_too_instead_of_an_error(
    client, world, make_post
):
    """A typed city means nothing without its country: the "Germany ×" chip leads to a
    list without both, never to "Choose the country of Berlin first"."""
    make_post(headline="Story in Portland", area=world["portland_or"])
    page = soup_of(client.get(LIST, {"country": "DE", "city": "Berlin", "type": "romantic"}))
    chip = next(a for a in page.select("a.chip") if a.get_text(strip=True).startswith("Germany"))
    response = client.get(chip["href"])
    assert soup_of(response).select(".errorlist") == []
    assert "Story in Portland" in response.content.decode()
    assert "type=romantic" in chip["href"]


def test_a_neighbourhood_whose_admin_slug_has_capitals_or_underscores_can_be_remembered(
    client, world, make_post
):
    """The admin accepts any slug ("Berlin_Mitte"); remembering it must work, not
    silently show everywhere."""
    mitte = Area.objects.create(name="Mitte", slug="Berlin_Mitte", parent=world["berlin"])
    make_post(headline="Story in Mitte", area=mitte)
    make_post(headline="Story in Portland", area=world["portland_or"])
    client.get(reverse("board:place-remember"), {"area": "Berlin_Mitte"})
    front = client.get(LIST).content.decode()
    assert "Showing stories from Mitte, Berlin" in front
    assert "Story in Mitte" in front and "Story in Portland" not in front


def test_a_too_long_city_is_told_its_length_only_and_kept(client, user, world, post_form_data):
    """The person typed a city: "Type the city or town" beside the length error would
    contradict what they see."""
    client.force_login(user)
    typed = "Berlin " * 20
    response = client.post(NEW, post_form_data(country="DE", city=typed, neighbourhood=""))
    message = field_text(response, "city")
    assert "at most 120 characters" in message
    assert "Type the city or town" not in message
    assert soup_of(response).find("input", attrs={"name": "city"})["value"] == typed


def test_a_city_with_an_unknown_country_in_the_filter_is_told_about_the_country_only(client):
    response = client.get(LIST, {"country": "XX", "city": "Berlin"})
    errors = [e.get_text(" ", strip=True) for e in soup_of(response).select(".errorlist")]
    assert len(errors) == 1 and "XX is not one of the available choices" in errors[0]


@pytest.mark.parametrize("typed", ["Köln", "koln", "KOLN", "Koeln", "cologne"])
def test_the_lookup_page_finds_a_city_typed_without_its_accents(client, typed):
    """Without a German keyboard "koln" is how Köln is typed: the lookup page (the help
    for phones without JavaScript) lists it, as the post form accepts it."""
    call_command("load_places", "--country", "DE", stdout=io.StringIO())
    response = client.get(reverse("board:place-lookup"), {"country": "DE", "q": typed})
    names = [a.get_text(strip=True) for a in soup_of(response).select(".place-results a")]
    assert "Köln" in names


def test_the_place_cookie_is_set_only_when_the_visitor_asks(client, user, world, post_form_data):
    """Browsing a place, looking one up or posting about one never remembers it: only the
    "Show … on the front page" button does."""
    visits = [
        client.get(LIST, {"country": "DE", "city": "Berlin"}),
        client.get(LIST, {"area": world["kreuzberg"].slug}),
        client.get(reverse("board:place-lookup"), {"country": "DE", "q": "ber"}),
    ]
    client.force_login(user)
    visits.append(client.post(NEW, post_form_data(country="DE", city="Berlin", neighbourhood="")))
    assert Post.objects.filter(author=user, area=world["berlin"]).exists()
    assert all(PLACE_COOKIE not in response.cookies for response in visits)
    assert PLACE_COOKIE not in client.cookies


def test_a_city_named_exactly_as_typed_is_chosen_among_namesakes_with_qualifiers(
    client, user, world, make_post, post_form_data
):
    """A city added in the admin without a qualifier ("Portland") beside the gazetteer's
    "Portland, Oregon" and "Portland, Maine": the "which one?" message offers "Portland",
    so typing it must choose it, and its posts stay editable without moving them."""
    plain = Area.objects.create(name="Portland", slug="portland-curated", country_id="US")
    client.force_login(user)
    texas = post_form_data(country="US", city="Portland, Texas", neighbourhood="")
    offered = field_text(client.post(NEW, texas), "city")
    assert "type one of Portland, Oregon; Portland, Maine; Portland." in offered
    client.post(NEW, post_form_data(country="US", city="Portland", neighbourhood=""))
    post = Post.objects.get(author=user)
    assert post.area == plain
    edit = reverse("board:post-edit", args=[post.public_id])
    shown = soup_of(client.get(edit)).find("input", attrs={"name": "city"})["value"]
    data = post_form_data(country="US", city=shown, neighbourhood="", headline="Edited headline")
    assert client.post(edit, data).status_code == 302
    post.refresh_from_db()
    assert (post.headline, post.area) == ("Edited headline", plain)


def test_a_city_with_neighbourhoods_cannot_become_a_neighbourhood_in_the_admin(admin_client, world):
    """Berlin put under München would make Kreuzberg a neighbourhood of a neighbourhood:
    a place is never more precise than a neighbourhood."""
    berlin = world["berlin"]
    change = reverse("admin:board_area_change", args=[berlin.pk])
    data = {"name": "Berlin", "slug": berlin.slug, "parent": world["munich"].pk, "order": 0}
    data |= {"qualifier": "", "country": "DE"}
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert "has neighbourhoods of its own" in response.content.decode()
    berlin.refresh_from_db()
    assert (berlin.kind, berlin.parent) == ("city", None)


def test_somewhere_else_in_a_country_cannot_be_put_under_a_city_in_the_admin(admin_client, world):
    """Given a city, "Somewhere else in Germany" would silently become a neighbourhood, and
    the posts of small towns would move into Berlin."""
    elsewhere = world["elsewhere_de"]
    change = reverse("admin:board_area_change", args=[elsewhere.pk])
    data = {"name": elsewhere.name, "slug": elsewhere.slug, "parent": world["berlin"].pk}
    data |= {"order": 0, "qualifier": "", "country": "DE"}
    response = admin_client.post(change, data)
    assert response.status_code == 200
    assert "stands for the whole country" in response.content.decode()
    elsewhere.refresh_from_db()
    assert (elsewhere.kind, elsewhere.parent) == ("elsewhere", None)


def test_another_site_cannot_remember_a_place_for_the_visitor(client, world):
    """The remember button is a GET (the filtered page it sits on is cached for everyone,
    so it carries no CSRF token): a link or redirect from another site must not set it."""
    remember = reverse("board:place-remember")
    crafted = client.get(remember, {"area": world["berlin"].slug}, HTTP_SEC_FETCH_SITE="cross-site")
    assert crafted.status_code == 302
    assert PLACE_COOKIE not in crafted.cookies
    asked = client.get(remember, {"area": world["berlin"].slug}, HTTP_SEC_FETCH_SITE="same-origin")
    assert asked.cookies[PLACE_COOKIE].value == f"DE/{world['berlin'].slug}"


@pytest.mark.parametrize(
    ("value", "country"),
    [
        ("ZZ", ""),
        ("ZZ/berlin-test", ""),
        ("de/berlin-test", ""),
        ("%00<x>", ""),
        ("DE/atlantis", "DE"),
    ],
)
def test_a_tampered_place_cookie_never_breaks_the_post_form_or_the_coping_pages(
    client, user, world, value, country
):
    """The cookie is the visitor's to change: an unknown country or place is ignored on
    every page that reads it (a known country alone still chooses the form's country)."""
    client.cookies[PLACE_COOKIE] = value
    assert client.get(reverse("board:resource-list")).status_code == 200
    client.force_login(user)
    form = soup_of(client.get(NEW))
    chosen = form.find("select", attrs={"name": "country"}).find("option", selected=True)
    assert (chosen["value"] if chosen else "") == country
    suggested = [option["value"] for option in form.find("datalist").find_all("option")]
    assert suggested == (["Berlin", "München"] if country else [])
