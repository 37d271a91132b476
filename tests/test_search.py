"""Full-text search: the same behaviour on SQLite (FTS5) and PostgreSQL (tsvector).

CI runs this module on both databases; nothing here depends on which one is in use.
"""

import logging
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.utils import timezone

from board import search, services
from board.models import Post, PostStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def headlines(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(" ", strip=True) for h in soup.select("article.card h2")]


@pytest.fixture
def find(client):
    """Headlines of the posts the list page shows for a search (and any other parameters)."""

    def find(q, **params):
        response = client.get("/", {"q": q, **params})
        assert response.status_code == 200
        return headlines(response)

    return find


@pytest.fixture
def stories(make_post):
    """Posts with known words in known places."""
    return {
        "scarf": make_post(
            headline="Red scarf on the L train",
            story="You were reading a novel and laughed at the same page as me.",
        ),
        "coat": make_post(
            headline="Blue coat at the market",
            story="We both reached for the last red apple. You let me have it.",
        ),
        "cafe": make_post(
            headline="Chess by the window",
            story="You beat me at the café near the bridge, then we danced badly to the radio.",
            where_exactly="Corner table under the clock",
            i_saw="Green beanie, paperback in a pocket",
            i_am="Tall, terrible at endgames",
        ),
        "ferry": make_post(
            headline="Crossword on the ferry",
            story="You knew every river in Europe. I knew none of them. The scarf was mine.",
        ),
    }


# What a query means


def test_all_words_must_match(find, stories):
    assert find("red scarf") == [stories["scarf"].headline]
    assert set(find("red")) == {stories["scarf"].headline, stories["coat"].headline}


def test_quoted_words_match_as_a_phrase(find, stories):
    assert find('"red scarf"') == [stories["scarf"].headline]
    assert find('"scarf red"') == []
    assert find('"red apple"') == [stories["coat"].headline]


def test_a_minus_sign_excludes_a_word(find, stories):
    assert find("red -scarf") == [stories["coat"].headline]
    assert find('scarf -"red scarf"') == [stories["ferry"].headline]


def test_or_widens(find, stories):
    assert set(find("chess or crossword")) == {
        stories["cafe"].headline,
        stories["ferry"].headline,
    }
    assert find("chess OR crossword window") == [stories["cafe"].headline]


def test_only_excluded_words_show_every_other_post(find, stories):
    shown = set(find("-scarf"))
    assert shown == {stories["coat"].headline, stories["cafe"].headline}


def test_search_ignores_case_and_accents(find, stories):
    assert find("CHESS") == [stories["cafe"].headline]
    assert find("cafe") == [stories["cafe"].headline]
    assert find("café") == [stories["cafe"].headline]
    assert find("CAFÉ bridge") == [stories["cafe"].headline]


def test_accents_in_a_story_are_matched_by_plain_letters(find, make_post):
    post = make_post(headline="Résumé on the train", story="Your naïve smile at the crème brûlée.")
    assert find("resume") == [post.headline]
    assert find("creme brulee") == [post.headline]
    assert find("naive") == [post.headline]


def test_english_stems_match(find, stories):
    assert find("dancing") == [stories["cafe"].headline]
    assert find("dances") == [stories["cafe"].headline]
    assert find("laughing") == [stories["scarf"].headline]
    assert find("rivers") == [stories["ferry"].headline]


def test_where_exactly_and_the_descriptions_are_searched(find, stories):
    assert find("clock") == [stories["cafe"].headline]
    assert find("beanie") == [stories["cafe"].headline]
    assert find("endgames") == [stories["cafe"].headline]


def test_stop_words_alone_search_nothing_and_show_every_post(find, stories):
    assert len(find("the")) == len(stories)
    assert find("the chess") == [stories["cafe"].headline]


# Ranking


def test_headline_matches_rank_above_story_matches(find, make_post):
    in_headline = make_post(headline="Lighthouse keeper's daughter", story="We talked for hours.")
    in_story = make_post(
        headline="Ferry at dusk", story="You pointed at the lighthouse and smiled."
    )
    newer_in_story = make_post(headline="Cliff walk", story="The lighthouse was dark that night.")
    shown = find("lighthouse")
    assert shown[0] == in_headline.headline
    assert set(shown[1:]) == {in_story.headline, newer_in_story.headline}


def test_results_are_sorted_by_relevance_unless_another_sort_is_chosen(client, make_post):
    headline_match = make_post(headline="Accordion player", story="On the corner every morning.")
    story_match = make_post(headline="Busker", story="You played the accordion for me.")
    assert headlines(client.get("/?q=accordion")) == [
        headline_match.headline,
        story_match.headline,
    ]
    assert headlines(client.get("/?q=accordion&sort=newest")) == [
        story_match.headline,
        headline_match.headline,
    ]
    soup = BeautifulSoup(client.get("/?q=accordion").content, "html.parser")
    assert soup.find("option", {"value": "relevance", "selected": True})


def test_relevance_sort_without_a_search_shows_newest_first(client, stories):
    assert headlines(client.get("/?sort=relevance")) == headlines(client.get("/"))


# Combining with filters and pages


def test_search_combines_with_every_filter(find, make_post, areas, tags):
    today = TODAY()
    wanted = make_post(
        headline="Umbrella in the park",
        connection_type="platonic",
        setting_tags=[tags["park"]],
        area=areas["south"],
        encounter_date=today - timedelta(days=3),
    )
    make_post(headline="Umbrella on the bus", connection_type="romantic")
    make_post(headline="Umbrella at the library", area=areas["other_city"])
    make_post(headline="Umbrella long ago", encounter_date=today - timedelta(days=40))
    params = {
        "type": "platonic",
        "setting": "park",
        "area": "springfield",
        "from": (today - timedelta(days=10)).isoformat(),
        "to": today.isoformat(),
    }
    assert find("umbrella", **params) == [wanted.headline]
    for name, value in params.items():
        assert wanted.headline in find("umbrella", **{name: value})


def test_search_results_page_and_keep_the_query(client, make_post):
    for n in range(25):
        make_post(headline=f"Saxophone story {n:02}", story="Sunday market.")
    make_post(headline="Violin story", story="Sunday market.")
    first = client.get("/?q=saxophone")
    soup = BeautifulSoup(first.content, "html.parser")
    assert len(headlines(first)) == 20
    next_link = soup.find("a", rel="next")["href"]
    assert "q=saxophone" in next_link
    second = client.get(next_link)
    assert len(headlines(second)) == 5
    assert not set(headlines(first)) & set(headlines(second))
    assert "Violin story" not in headlines(first) + headlines(second)


def test_search_sorted_by_newest_pages_by_cursor(client, make_post):
    for n in range(23):
        make_post(headline=f"Harmonica {n:02}")
    first = client.get("/?q=harmonica&sort=newest")
    next_link = BeautifulSoup(first.content, "html.parser").find("a", rel="next")["href"]
    assert "after=" in next_link and "q=harmonica" in next_link
    assert headlines(client.get(next_link)) == ["Harmonica 02", "Harmonica 01", "Harmonica 00"]


# Snippets


def test_results_show_a_snippet_with_the_matched_words_marked(client, make_post):
    make_post(
        headline="Night bus",
        story="You were humming and then we danced at the stop until the bus came.",
    )
    soup = BeautifulSoup(client.get("/?q=dancing").content, "html.parser")
    snippet = soup.select_one("article.card .snippet")
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["danced"]
    assert "until the bus" in snippet.get_text()


def test_snippets_escape_what_people_wrote(client, make_post):
    make_post(
        headline="Gallery opening",
        story="Your <b>bold</b> sculpture and <script>alert(1)</script> laugh.",
    )
    response = client.get("/?q=sculpture")
    soup = BeautifulSoup(response.content, "html.parser")
    snippet = soup.select_one("article.card .snippet")
    assert snippet.find("b") is None and snippet.find("script") is None
    assert "<b>bold</b> sculpture and <script>" in snippet.get_text()
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["sculpture"]


def test_a_headline_only_match_shows_the_plain_excerpt(client, make_post):
    make_post(headline="Typewriter in the window", story="We both stopped to look at it.")
    soup = BeautifulSoup(client.get("/?q=typewriter").content, "html.parser")
    card = soup.select_one("article.card")
    assert card.select_one(".snippet") is None
    assert "We both stopped" in card.select_one(".excerpt").get_text()


def test_sentinel_characters_in_a_story_cannot_make_markup(client, make_post):
    make_post(headline="Odd bytes", story=f"A {search.START}<i>trap{search.STOP} near the kiosk.")
    soup = BeautifulSoup(client.get("/?q=kiosk").content, "html.parser")
    snippet = soup.select_one("article.card .snippet")
    assert snippet.find("i") is None
    assert [mark.get_text() for mark in snippet.find_all("mark")] == ["kiosk"]


def test_marked_html_escapes_and_balances_marks():
    text = f"<b>x</b> {search.START}word{search.STOP} {search.STOP}{search.START}open"
    html = search.marked_html(text)
    assert html == "&lt;b&gt;x&lt;/b&gt; <mark>word</mark> <mark>open</mark>"


# Malformed input


@pytest.mark.parametrize(
    "query",
    [
        '"unbalanced',
        'red "scarf',
        "-",
        "--",
        "or",
        "OR OR",
        "red or",
        "or red",
        "*",
        "red*",
        "^red",
        "NEAR(",
        "NEAR(red scarf, 2)",
        "a:b",
        "headline:red",
        "(((",
        ")",
        '""',
        '"" -""',
        "AND NOT",
        "{red}",
        "\\",
        "'",
        "red's",
        "%",
        "_",
        "🙂",
        "x" * 500,
        " ".join(["word"] * 50),
    ],
)
def test_malformed_queries_never_error(client, stories, query):
    response = client.get("/", {"q": query})
    # A NUL in a query string is refused with a clear 400 page (board/request_guards.py).
    assert response.status_code == (400 if "\x00" in query else 200)


def test_a_nul_byte_in_the_words_is_refused_with_a_clear_page(client, stories):
    response = client.get("/", {"q": "red\x00scarf"})
    assert response.status_code == 400
    assert "couldn’t understand that request" in response.content.decode()


def test_malformed_operators_are_read_as_plain_words(find, stories):
    assert find('"red scarf') == [stories["scarf"].headline]
    assert find("red:scarf") == [stories["scarf"].headline]
    assert find("NEAR(red, scarf)") == find("near red scarf")
    assert find("red*") == find("red")
    assert find("(chess)") == [stories["cafe"].headline]


def test_parse_query_builds_the_ast():
    query = search.parse_query('red "wool scarf" or hat -train -"night bus" OR')
    term = search.Term
    assert query.groups == (
        (term(("red",)),),
        (term(("wool", "scarf")), term(("hat",))),
    )
    assert query.excluded == (term(("train",)), term(("night", "bus")))


def test_parse_query_drops_what_cannot_be_searched():
    for text in ["", "   ", "-", "or", "*", "(((", "the of and", '"the"', "a:the", ":"]:
        assert not search.parse_query(text), text


# Visibility


def test_posts_that_are_not_published_never_match(find, make_post):
    visible = make_post(headline="Kaleidoscope seller")
    for status in (PostStatus.PENDING, PostStatus.HIDDEN, PostStatus.REJECTED, PostStatus.REMOVED):
        post = make_post(headline=f"Kaleidoscope {status}")
        Post.objects.filter(pk=post.pk).update(status=status)
    deleted = make_post(headline="Kaleidoscope deleted")
    Post.objects.filter(pk=deleted.pk).update(status=PostStatus.DELETED)
    expired = make_post(headline="Kaleidoscope expired")
    Post.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert find("kaleidoscope") == [visible.headline]


def test_hiding_a_post_removes_it_from_results_at_once(find, make_post):
    post = make_post(headline="Planetarium show")
    assert find("planetarium") == [post.headline]
    Post.objects.filter(pk=post.pk).update(status=PostStatus.HIDDEN)
    assert find("planetarium") == []
    Post.objects.filter(pk=post.pk).update(status=PostStatus.PUBLISHED)
    assert find("planetarium") == [post.headline]


def test_an_edited_headline_matches_its_new_words_at_once(find, make_post, tags):
    post = make_post(headline="Observatory steps")
    services.edit_post(post=post, setting_tags=[tags["park"]], headline="Greenhouse steps")
    assert find("greenhouse") == ["Greenhouse steps"]
    assert find("observatory") == []


def test_a_deleted_post_never_matches(find, make_post):
    post = make_post(headline="Carousel at closing time")
    services.delete_post(post=post)
    assert find("carousel") == []


def test_search_only_returns_published_posts_whatever_queryset_it_gets(make_post):
    post = make_post(headline="Aquarium tunnel")
    Post.objects.filter(pk=post.pk).update(status=PostStatus.HIDDEN)
    assert list(search.search(Post.objects.all(), "aquarium")) == []


def test_the_search_index_is_kept_by_the_database():
    """Later migrations that remake board_post must not lose the triggers (SQLite)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            names = {row[0] for row in cursor.fetchall()}
            assert {
                "board_post_fts_insert",
                "board_post_fts_update",
                "board_post_fts_delete",
            } <= names
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'board_post'::regclass")
            names = {row[0] for row in cursor.fetchall()}
            assert {"board_post_search_insert", "board_post_search_update"} <= names


# Cost, privacy and the rate limit


@pytest.fixture
def shared_cache_outside_the_database(settings):
    """As in production with Redis (tests/conftest.py's caches): the rate limiter's counters
    are not database queries. Whole pages are not kept, so each request does its work."""
    settings.BOARD_PAGE_CACHE = False


@pytest.mark.parametrize("count", [3, 30])
def test_search_query_count_does_not_grow_with_posts(
    client, make_post, django_assert_max_num_queries, shared_cache_outside_the_database, count
):
    for n in range(count):
        make_post(headline=f"Origami crane {n}")
    # The sixth counts the matches, up to listing.COUNT_UP_TO (one bounded query).
    # One more than before places: the browse form's countries (kept per posts version).
    with django_assert_max_num_queries(7):
        response = client.get("/?q=origami+crane&type=romantic&setting=public-transit")
    assert len(headlines(response)) == min(count, 20)


def test_anonymous_searches_are_rate_limited_and_keep_the_query(client, settings, stories):
    settings.BOARD_SEARCH_RATE = "3/m"
    for _ in range(3):
        assert client.get("/?q=red").status_code == 200
    response = client.get("/?q=red+scarf")
    assert response.status_code == 429
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", {"name": "q"})["value"] == "red scarf"
    assert client.get("/").status_code == 200, "browsing is never limited"


def test_signed_in_searches_are_not_rate_limited(client, settings, user, stories):
    settings.BOARD_SEARCH_RATE = "2/m"
    client.force_login(user)
    for _ in range(4):
        assert client.get("/?q=red").status_code == 200


def test_search_words_are_never_logged(client, settings, stories, caplog):
    settings.BOARD_SEARCH_RATE = "1/m"
    with caplog.at_level(logging.DEBUG):
        client.get("/?q=zanzibarquery")
        client.get("/?q=zanzibarquery")  # The second is over the limit: a 429.
        client.get("/feeds/posts/?q=zanzibarquery")
    assert "zanzibarquery" not in caplog.text


# Bounded ranking and bulk-loaded posts


def test_relevance_ranks_the_newest_matches_and_says_how_to_see_all(client, make_post, monkeypatch):
    monkeypatch.setattr(search.backends, "CANDIDATES", 5)
    monkeypatch.setattr("board.listing.SEARCH_CANDIDATES", 5)
    for n in range(8):
        make_post(headline=f"Ukulele {n}")
    ranked = client.get("/?q=ukulele")
    assert headlines(ranked) == [f"Ukulele {n}" for n in range(7, 2, -1)]
    soup = BeautifulSoup(ranked.content, "html.parser")
    assert "5 newest posts that match" in soup.get_text()
    newest = soup.find("a", string="Sort by newest")["href"]
    assert len(headlines(client.get(newest))) == 8


def test_bulk_loaded_synthetic_posts_are_searchable_at_once():
    from django.core.management import call_command

    call_command("seed_demo", posts=300, seed=11)
    holding = {
        pk
        for pk, headline, story in Post.objects.published().values_list("pk", "headline", "story")
        if "accordion" in f"{headline} {story}".lower()
    }
    assert holding
    assert set(search.search(Post.objects.all(), "accordion").values_list("pk", flat=True)) == (
        holding
    )


def test_a_large_postgresql_load_rebuilds_the_search_index(monkeypatch):
    from django.core.management import call_command

    from board.demo import synthetic

    if connection.vendor != "postgresql":
        pytest.skip("Only PostgreSQL drops and rebuilds its GIN index for large loads.")
    call_command("seed_demo")
    monkeypatch.setattr(synthetic, "REBUILD_INDEX_FROM", 100)
    call_command("seed_demo", posts=150, seed=5)
    with connection.cursor() as cursor:
        for index in (
            "board_post_search_gin",
            "board_post_search_bigrams",
            "board_post_search_filters",
            "post_published_newest",
        ):
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [index])
            assert cursor.fetchone()[0], index
    assert search.search(Post.objects.all(), "smile").exists()
