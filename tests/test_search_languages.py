"""Stories in their own language: search stems each post by its language, on both databases.

CI runs this module on SQLite and PostgreSQL alike; nothing here depends on which.
"""

import pytest
from bs4 import BeautifulSoup

from board import search
from board.models import Language, Post

pytestmark = pytest.mark.django_db

GERMAN = "Ich habe dich in der Straßenbahn gesehen, deine Augen waren so blau."
FRENCH = "Tu souriais au café près de la gare, je t'ai regardée longtemps."
SPANISH = "Estabas leyendo un libro en el autobús, caminando hacia la estación."
PORTUGUESE = "Encontrámos os teus olhos verdes no metrô, e a camisola amarela."
ITALIAN = "Ti ho guardato sul treno, portavi un cappello rosso."


def found(text) -> set[str]:
    return set(search.search(Post.objects.all(), text).values_list("headline", flat=True))


@pytest.fixture
def stories(make_post):
    return {
        code: make_post(headline=f"Story in {code}", story=story, language=code)
        for code, story in [
            ("de", GERMAN),
            ("fr", FRENCH),
            ("es", SPANISH),
            ("pt", PORTUGUESE),
            ("it", ITALIAN),
        ]
    }


@pytest.mark.parametrize(
    ("code", "query"),
    [
        ("de", "Straßenbahnen"),  # a plural
        ("de", "Auge"),  # a singular of "Augen"
        ("de", "Strassenbahn"),  # ß written ss
        ("fr", "souriait"),  # "souriais"
        ("fr", "regarder"),  # "regardée"
        ("fr", "cafe"),  # without its accent
        ("es", "caminar"),  # "caminando"
        ("es", "estaciones"),  # "estación"
        ("es", "libros"),
        ("pt", "encontramos"),  # "encontrámos", accent folded after stemming
        ("pt", "verde"),  # "verdes"
        ("pt", "amarelas"),  # "amarela"
        ("it", "guardare"),  # "guardato"
        ("it", "cappelli"),  # "cappello"
        ("it", "treni"),  # "treno"
    ],
)
def test_a_post_is_found_by_an_inflection_in_its_own_language(stories, code, query):
    assert found(query) == {f"Story in {code}"}


def test_the_same_german_words_in_a_post_marked_english_are_not_stemmed_as_german(make_post):
    make_post(headline="Tram", story=GERMAN, language=Language.ENGLISH)
    make_post(headline="Strassenbahn", story=GERMAN, language=Language.GERMAN)
    assert found("Auge") == {"Strassenbahn"}
    assert found("Augen") == {"Tram", "Strassenbahn"}


def test_other_languages_are_searched_without_stemming(make_post):
    make_post(
        headline="Unstemmed", story="We were dancing near the abandon fountain.", language="other"
    )
    make_post(headline="Stemmed", story="We danced near the fountain, you abandoned a cup.")
    assert found("dancing") == {"Unstemmed", "Stemmed"}
    # English stemming would make "danced" and "dancing" one word: never for "Other".
    assert found("danced") == {"Stemmed"}
    assert found("abandoned") == {"Stemmed"}
    assert found("abandon") == {"Unstemmed", "Stemmed"}


def test_other_languages_fold_accents_and_case(make_post):
    make_post(
        headline="Kahvila", story="Näin sinut kahvilassa Töölössä eilen illalla.", language="other"
    )
    assert found("toolossa") == {"Kahvila"}
    assert found("TÖÖLÖSSÄ") == {"Kahvila"}


def test_english_stemming_is_unchanged(make_post):
    make_post(headline="Dance", story="We danced badly to the radio.")
    assert found("dancing") == {"Dance"}
    assert Post.objects.get().language == Language.ENGLISH


def test_german_stop_words_do_not_have_to_appear(make_post):
    make_post(headline="Augen", story="Deine Augen in der Bahn.", language="de")
    # "die" is a German stop word: the German reading asks only for "aug".
    assert found("die Augen") == {"Augen"}


def test_phrases_exclusions_and_or_work_in_every_language(stories):
    assert found('"in der Straßenbahn"') == {"Story in de"}
    assert found('"Straßenbahn gesehen"') == {"Story in de"}
    assert found('"gesehen Straßenbahn"') == set()
    assert found("Straßenbahnen -Augen") == set()
    assert found("Straßenbahnen -cafe") == {"Story in de"}
    assert found("Straßenbahnen or regarder") == {"Story in de", "Story in fr"}
    assert found("-Auge") >= {"Story in fr", "Story in it"}
    assert "Story in de" not in found("-Auge")


def test_changing_a_posts_language_restems_it_at_once(make_post):
    post = make_post(headline="Tram", story=GERMAN, language=Language.ENGLISH)
    assert found("Auge") == set()
    Post.objects.filter(pk=post.pk).update(language=Language.GERMAN)
    assert found("Auge") == {"Tram"}


def test_ranking_and_snippets_mark_the_stemmed_words(client, make_post):
    make_post(headline="Tram", story=GERMAN, language=Language.GERMAN)
    response = client.get("/", {"q": "Auge"})
    soup = BeautifulSoup(response.content, "html.parser")
    snippet = soup.select_one("article.card .snippet")
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["Augen"]
    assert snippet["lang"] == "de"
    response = client.get("/", {"q": "Auge", "sort": "relevance"})
    assert response.status_code == 200
    assert "Tram" in response.content.decode()


def test_snippets_in_french_mark_the_word_as_written(client, make_post):
    make_post(headline="Gare", story=FRENCH, language=Language.FRENCH)
    soup = BeautifulSoup(client.get("/", {"q": "regarder"}).content, "html.parser")
    marks = [mark.get_text() for mark in soup.select("article.card .snippet mark")]
    assert marks == ["regardée"]


def test_the_index_keeps_each_language_after_a_table_remake(make_post):
    """A later migration that remakes board_post on SQLite drops its triggers; the handler
    puts back the stemming ones (not 0005's English-only ones). PostgreSQL: the trigger
    reads the language."""
    from importlib import import_module

    from django.apps import apps
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in ("board_post_fts_insert", "board_post_fts_update"):
                cursor.execute(f"DROP TRIGGER {name}")
        migration = import_module("board.migrations.0012_languages")
        migration.restore_sqlite_index(apps.get_app_config("board"), using="default")
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'board_post_fts_insert'")
            assert "board_search_text" in cursor.fetchone()[0]
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = 'board_post_search_trigger'")
            assert "NEW.language" in cursor.fetchone()[0]
    make_post(headline="Augen", story=GERMAN, language=Language.GERMAN)
    assert found("Auge") == {"Augen"}


# Letters PostgreSQL's unaccent turns into an apostrophe: the ʻokina of "Hawaiʻi", the
# modifier apostrophe of Ukrainian ("пʼять") and Uzbek ("Oʼzbek"), "ŉ", IPA's stress mark.
APOSTROPHE_LETTERS = "Wir waren auf Hawaiʻi, du sagtest пʼять Mal Oʼzbek, ŉ und ˈja."


@pytest.mark.parametrize("code", ["de", "fr", "es", "pt", "it", "en", "other"])
def test_a_story_with_apostrophe_letters_is_saved_and_found_in_every_language(
    client, make_post, code
):
    make_post(headline="Inseln", story=APOSTROPHE_LETTERS, language=code)
    for word in ("Hawaiʻi", "пʼять", "Oʼzbek", "ŉ", "ˈja"):
        assert found(word) == {"Inseln"}, word
        assert client.get("/", {"q": word}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "der die das",  # German stop words only
        '"der"',
        '"in der Straßenbahn" -Augen',
        "Straßenbahn OR or -",
        '"',
        "NEAR(Auge* ^Auge: & | ! <->",
        "' OR 1=1 --",
        "Straßenbahn " * 2000,
        "x" * 20_000,
        "日本語 😀 ＡＵＧＥ İstanbul ﬀ \u200d \u202e",
    ],
    ids=range(10),
)
def test_odd_queries_over_stories_in_every_language_never_fail(client, stories, query):
    for params in ({"q": query}, {"q": query, "sort": "relevance"}):
        assert client.get("/", params).status_code == 200


@pytest.mark.parametrize("code", ["other", "de", "en"])
def test_a_word_with_a_dotted_capital_i_is_found_as_written(make_post, code):
    """Lower-cased, "İ" becomes "i" and a combining dot: the word must stay one word."""
    make_post(headline="Bosporus", story="Wir trafen uns in İstanbul am Hafen.", language=code)
    for query in ("İstanbul", "İSTANBUL", "istanbul", '"in İstanbul"'):
        assert found(query) == {"Bosporus"}, query


def test_a_long_german_compound_is_found_by_itself_and_its_inflections(make_post):
    make_post(
        headline="Gesetz",
        story="Du hast im Zug das Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz "
        "gelesen und laut gelacht.",
        language="de",
    )
    assert found("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz") == {"Gesetz"}
    assert found("Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzes") == {"Gesetz"}
