"""The list page: filters, their combinations, errors, pagination and query counts."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from board.models import Area, Post, PostStatus, SettingTag

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def headlines(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(strip=True) for h in soup.select("article.card h2")]


@pytest.fixture
def board(make_post, areas, tags):
    """A small board with known differences between posts."""
    return {
        "train": make_post(
            headline="Red scarf on the train",
            connection_type="romantic",
            setting_tags=[tags["public-transit"]],
            area=areas["north"],
            encounter_date=TODAY() - timedelta(days=10),
        ),
        "cafe": make_post(
            headline="Chess at the corner cafe",
            story="You beat me in twelve moves and then bought me a croissant.",
            connection_type="platonic",
            setting_tags=[tags["cafe"], tags["park"]],
            area=areas["south"],
            encounter_date=TODAY() - timedelta(days=5),
        ),
        "library": make_post(
            headline="Conference badge in the library",
            connection_type="professional",
            setting_tags=[tags["library-or-bookstore"]],
            area=areas["other_city"],
            encounter_date=TODAY() - timedelta(days=1),
        ),
    }


def test_list_shows_published_posts_newest_first(client, board):
    assert headlines(client.get("/")) == [
        "Conference badge in the library",
        "Chess at the corner cafe",
        "Red scarf on the train",
    ]


def test_list_leaves_out_posts_that_are_not_published(client, board):
    Post.objects.filter(pk=board["cafe"].pk).update(status=PostStatus.PENDING)
    assert "Chess at the corner cafe" not in headlines(client.get("/"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=platonic", {"cafe"}),
        ("setting=cafe", {"cafe"}),
        ("setting=cafe&setting=public-transit", {"cafe", "train"}),
        ("area=springfield-south", {"cafe"}),
        ("area=springfield", {"cafe", "train"}),
        ("q=croissant", {"cafe"}),
        ("q=CHESS+croissant", {"cafe"}),
        ("q=chess+library", set()),
        ("from={d6}", {"cafe", "library"}),
        ("to={d6}", {"train"}),
        ("from={d6}&to={d2}", {"cafe"}),
        ("type=romantic&area=springfield", {"train"}),
        ("type=professional&setting=cafe", set()),
    ],
)
def test_filters_and_their_combinations(client, board, query, expected):
    query = query.format(
        d6=(TODAY() - timedelta(days=6)).isoformat(), d2=(TODAY() - timedelta(days=2)).isoformat()
    )
    shown = set(headlines(client.get(f"/?{query}")))
    assert shown == {board[key].headline for key in expected}


def test_setting_filter_does_not_repeat_a_post_with_two_matching_settings(client, board):
    assert headlines(client.get("/?setting=cafe&setting=park")) == ["Chess at the corner cafe"]


def test_sort_by_encounter_date(client, board, make_post):
    late = make_post(
        headline="Old encounter posted late", encounter_date=TODAY() - timedelta(days=30)
    )
    names = headlines(client.get("/?sort=encounter"))
    assert names[0] == "Conference badge in the library"
    assert names[-1] == late.headline


@pytest.mark.parametrize(
    "query",
    ["type=hookup", "area=atlantis", "setting=moon", "from=yesterday", "sort=random"],
)
def test_an_invalid_filter_shows_its_error_instead_of_an_empty_page(client, board, query):
    response = client.get(f"/?{query}")
    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 200
    assert soup.select(".errorlist")
    assert "need fixing" in soup.get_text()
    assert headlines(response) == []


def test_from_after_to_is_explained(client, board):
    response = client.get("/?from=2026-01-10&to=2026-01-01")
    assert "must be on or before" in response.content.decode()


def test_invalid_filter_keeps_what_was_typed(client, board):
    response = client.get("/?q=red+scarf&type=hookup")
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("input", {"name": "q"})["value"] == "red scarf"


def test_no_results_says_so_and_suggests_widening(client, board):
    text = client.get("/?q=submarine").content.decode()
    assert "No posts match" in text and "wider date range" in text


def test_filter_form_is_labelled_and_keeps_choices(client, board):
    soup = BeautifulSoup(client.get("/?type=platonic&area=springfield").content, "html.parser")
    for control in soup.select("form.filters input:not([type=checkbox]), form.filters select"):
        assert soup.find("label", attrs={"for": control["id"]}), control
    assert soup.find("option", {"value": "platonic", "selected": True})
    assert soup.find("option", {"value": "springfield", "selected": True})


def test_pagination_is_twenty_a_page_and_keeps_the_filters(client, make_post, areas):
    for n in range(25):
        make_post(headline=f"Platonic story {n:02}", connection_type="platonic")
    make_post(headline="A romantic one", connection_type="romantic")
    first = client.get("/?type=platonic&q=story")
    assert len(headlines(first)) == 20
    soup = BeautifulSoup(first.content, "html.parser")
    next_link = soup.find("a", rel="next")["href"]
    assert "type=platonic" in next_link and "q=story" in next_link and "page=2" in next_link
    second = client.get(next_link)
    assert len(headlines(second)) == 5
    assert "A romantic one" not in headlines(second)
    assert BeautifulSoup(second.content, "html.parser").find("a", rel="prev")


def test_a_page_past_the_end_says_there_are_no_more(client, board):
    assert "no more posts" in client.get("/?page=9").content.decode()


def test_a_nonsense_page_number_shows_the_first_page(client, board):
    assert len(headlines(client.get("/?page=abc"))) == 3


def test_cards_show_type_settings_area_day_and_pseudonym(client, board):
    soup = BeautifulSoup(client.get("/?q=chess").content, "html.parser")
    card = soup.select_one("article.card").get_text(" ", strip=True)
    post = board["cafe"]
    for text in [
        "Platonic",
        "Cafe",
        "Park",
        "South Side, Springfield",
        post.pseudonym,
        "Evening".lower(),
    ]:
        assert text in card
    assert "croissant" in card


@pytest.mark.parametrize("count", [3, 25])
def test_list_query_count_does_not_grow_with_posts(
    client, make_post, django_assert_max_num_queries, count
):
    for _ in range(count):
        make_post()
    # Settings, curated places and countries (for the form), posts (with their areas), the
    # bounded count, the cards' settings.
    with django_assert_max_num_queries(6):
        client.get("/?setting=public-transit&area=springfield")


def test_signed_in_list_adds_only_the_session_and_user_queries(
    client, user, make_post, django_assert_max_num_queries
):
    for _ in range(25):
        make_post()
    client.force_login(user)
    # The eighth is the header's unread counts (one aggregate over the person's notices);
    # the ninth the browse form's countries (kept per posts version).
    with django_assert_max_num_queries(9):
        client.get("/")


def test_areas_and_settings_added_later_are_offered_and_filter(client, board, areas, make_post):
    """The browse form's class is built once per process; its choices must still be current."""
    client.get("/")
    harbour = Area.objects.create(name="Harbour", slug="springfield-harbour", parent=areas["city"])
    rooftop = SettingTag.objects.create(name="Rooftop", slug="rooftop")
    make_post(headline="Sunset on the roof", area=harbour, setting_tags=[rooftop])
    page = client.get("/").content.decode()
    assert '<option value="springfield-harbour">' in page
    assert 'value="rooftop"' in page
    assert headlines(client.get("/?area=springfield-harbour&setting=rooftop")) == [
        "Sunset on the roof"
    ]
    gone = client.get("/?area=atlantis").content.decode()
    assert "We don&#x27;t know that place" in gone
