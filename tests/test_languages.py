"""A post's language: chosen in the form, suggested from the text or the country, shown as
`lang` on the story. (Search by language: tests/test_search_languages.py.)"""

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, transaction
from django.urls import reverse

from board.languages import default_language_for_country, detect_language
from board.models import Area, Language, Post
from board.places.remember import PLACE_COOKIE

pytestmark = pytest.mark.django_db

NEW = reverse("board:post-create")
GERMAN = "Ich habe dich in der Straßenbahn gesehen, deine Augen waren so blau und du hast gelacht."


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


# Defaults and guesses


@pytest.mark.parametrize(
    ("country", "language"),
    [
        ("DE", "de"),
        ("AT", "de"),
        ("CH", "de"),
        ("FR", "fr"),
        ("BE", "fr"),
        ("ES", "es"),
        ("MX", "es"),
        ("AR", "es"),
        ("CO", "es"),
        ("PT", "pt"),
        ("BR", "pt"),
        ("IT", "it"),
        ("US", "en"),
        ("GB", "en"),
        ("CA", "en"),
        ("IE", "en"),
        ("AU", "en"),
        ("br", "pt"),  # any case
        (" de ", "de"),
        ("JP", "other"),  # a language search does not stem: no English stemming either
        ("NL", "other"),
        ("XX", "other"),
        ("", "en"),  # no country known: the board's own language
        (None, "en"),
    ],
)
def test_default_language_for_country(country, language):
    assert default_language_for_country(country) == language


def test_every_default_is_a_language_a_post_may_have():
    from board.languages import COUNTRY_LANGUAGES

    assert set(COUNTRY_LANGUAGES.values()) <= set(Language.values)
    assert all(len(code) == 2 and code.isupper() for code in COUNTRY_LANGUAGES)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (GERMAN, "de"),
        ("You were reading a novel and laughed at the same page as me on the train.", "en"),
        ("Tu souriais au café près de la gare, je t'ai regardée et tu as baissé les yeux.", "fr"),
        ("Estabas leyendo un libro en el autobús, caminando hacia la estación con prisa.", "es"),
        ("Vi você no metrô, seus olhos verdes e a camisola amarela. Você estava a ler.", "pt"),
        ("Ti ho guardato sul treno, portavi un cappello rosso e leggevi un libro di poesie.", "it"),
    ],
)
def test_the_detector_recognises_the_languages_search_stems(text, language):
    assert detect_language(text) == language


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "Red scarf",  # too short to tell
        "Jag såg dig på tåget igår, du hade en röd halsduk.",  # Swedish: not a guess at French
        "電車で会いましたね。赤いマフラーの人。",
        "12345 67890 !!! ??? ... ,,, ;;; 1 2 3",
    ],
)
def test_the_detector_says_nothing_when_unsure(text):
    assert detect_language(text) is None


# The database


def test_a_language_outside_the_choices_is_refused_by_the_database(post):
    with pytest.raises(IntegrityError), transaction.atomic():
        Post.objects.filter(pk=post.pk).update(language="klingon")


def test_existing_and_new_posts_are_english_unless_chosen(post):
    assert post.language == Language.ENGLISH
    assert post.html_lang == "en"


# The form


def test_the_form_offers_every_language_with_english_first(client, user):
    client.force_login(user)
    select = soup_of(client.get(NEW)).find("select", {"name": "language"})
    options = [(o["value"], o.get_text()) for o in select.find_all("option")]
    assert options == [
        ("en", "English"),
        ("de", "German"),
        ("fr", "French"),
        ("es", "Spanish"),
        ("pt", "Portuguese"),
        ("it", "Italian"),
        ("other", "Other"),
    ]
    assert select.find("option", selected=True)["value"] == "en"
    assert soup_of(client.get(NEW)).find("label", {"for": select["id"]}).get_text()


def test_the_chosen_language_is_saved(client, user, post_form_data):
    client.force_login(user)
    client.post(NEW, post_form_data(story=GERMAN, language="de"))
    assert Post.objects.get().language == Language.GERMAN


def test_an_unknown_language_is_refused_clearly_and_nothing_is_lost(client, user, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(story=GERMAN, language="klingon"))
    assert response.status_code == 200
    soup = soup_of(response)
    assert "“klingon” is not a language the board offers" in soup.get_text()
    assert soup.find("textarea", {"name": "story"}).get_text().strip() == GERMAN
    assert not Post.objects.exists()


def test_without_a_language_the_text_decides_and_else_english(client, user, post_form_data):
    client.force_login(user)
    data = post_form_data(story=GERMAN)
    data.pop("language", None)
    client.post(NEW, data)
    assert Post.objects.get().language == Language.GERMAN
    Post.objects.all().delete()
    data = post_form_data(headline="Jag såg dig", story="Jag såg dig på tåget, röd halsduk.")
    data.pop("language", None)
    client.post(NEW, data)
    assert Post.objects.get().language == Language.ENGLISH


def test_a_preview_suggests_the_language_the_text_looks_like(client, user, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(story=GERMAN, language="en", action="preview"))
    soup = soup_of(response)
    hint = soup.find(id="id_language_helptext").get_text()
    assert "This looks like German" in hint
    assert soup.find("select", {"name": "language"}).find("option", selected=True)["value"] == (
        "en"
    ), "a suggestion never changes the choice"
    assert soup.select_one(".preview .story")["lang"] == "en"
    assert not Post.objects.exists()


def test_no_suggestion_when_the_choice_matches_the_text(client, user, post_form_data):
    client.force_login(user)
    response = client.post(NEW, post_form_data(story=GERMAN, language="de", action="preview"))
    soup = soup_of(response)
    assert "This looks like" not in soup.get_text()
    assert soup.select_one(".preview .story")["lang"] == "de"


def test_the_author_changes_the_language_and_search_follows(client, user, post, post_form_data):
    client.force_login(user)
    url = reverse("board:post-edit", args=[post.public_id])
    select = soup_of(client.get(url)).find("select", {"name": "language"})
    assert select.find("option", selected=True)["value"] == "en"
    client.post(url, post_form_data(story=GERMAN, language="de"))
    post.refresh_from_db()
    assert post.language == Language.GERMAN
    response = client.get("/", {"q": "Auge"})
    assert post.headline in soup_of(response).get_text()


# Shown to readers and screen readers


def test_the_post_page_and_card_mark_the_story_with_its_language(client, make_post):
    post = make_post(headline="Straßenbahn", story=GERMAN, language="de", i_saw="Blaue Augen")
    page = soup_of(client.get(post.get_absolute_url()))
    assert page.find("h1", id="post-title")["lang"] == "de"
    assert page.select_one("article.post .story")["lang"] == "de"
    assert page.select_one("article.post .descriptions dd")["lang"] == "de"
    assert page.find("html")["lang"] == "en", "the interface stays English"
    card = soup_of(client.get("/")).select_one("article.card")
    assert card.find("h2")["lang"] == "de"
    assert card.select_one(".excerpt")["lang"] == "de"


def test_a_story_in_another_language_is_marked_unknown(client, make_post):
    post = make_post(
        headline="Kahvila", story="Näin sinut kahvilassa eilen illalla.", language="other"
    )
    story = soup_of(client.get(post.get_absolute_url())).select_one("article.post .story")
    assert story["lang"] == ""


def test_changing_the_language_refreshes_the_cached_post_page(client, user, post, post_form_data):
    assert soup_of(client.get(post.get_absolute_url())).find("h1")["lang"] == "en"
    client.force_login(user)
    data = post_form_data(headline=post.headline, story=post.story, language="it")
    client.post(reverse("board:post-edit", args=[post.public_id]), data)
    client.logout()
    post.refresh_from_db()
    assert post.is_public
    assert soup_of(client.get(post.get_absolute_url())).find("h1")["lang"] == "it"


# The default follows the place's country


UNSURE = "Roter Schal, Linie 8, Alexanderplatz, gegen neun Uhr morgens, Regenschirm."


@pytest.mark.parametrize(
    ("country", "city", "language"),
    [("DE", "München", "de"), ("US", "Portland, Oregon", "en"), ("JP", "Sapporo", "other")],
)
def test_without_a_language_or_a_clear_guess_the_places_country_decides(
    client, user, world, post_form_data, country, city, language
):
    Area.objects.create(name="Sapporo", slug="sapporo-test", country_id="JP")
    client.force_login(user)
    data = post_form_data(story=UNSURE, country=country, city=city, neighbourhood="")
    data.pop("language", None)
    assert client.post(NEW, data).status_code == 302
    assert Post.objects.get().language == language


@pytest.mark.parametrize(("place", "language"), [("DE/berlin-test", "de"), ("JP", "other")])
def test_the_new_post_form_offers_the_remembered_countrys_language_first(
    client, user, world, place, language
):
    client.force_login(user)
    client.cookies[PLACE_COOKIE] = place
    select = soup_of(client.get(NEW)).find("select", {"name": "language"})
    assert select.find("option", selected=True)["value"] == language


def test_the_poster_may_choose_another_language_than_the_places(
    client, user, world, post_form_data
):
    client.force_login(user)
    data = post_form_data(
        story=UNSURE, country="DE", city="München", neighbourhood="", language="it"
    )
    client.post(NEW, data)
    assert Post.objects.get().language == Language.ITALIAN
