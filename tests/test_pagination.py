"""Cursor pagination: deep pages cost what the first costs, and links keep every filter."""

import pytest
from bs4 import BeautifulSoup

from board.models import Post, PostStatus

pytestmark = pytest.mark.django_db


def headlines(response) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    return [h.get_text(" ", strip=True) for h in soup.select("article.card h2")]


def link(response, rel):
    found = BeautifulSoup(response.content, "html.parser").find("a", rel=rel)
    return found["href"] if found else None


@pytest.fixture
def many(make_post):
    return [make_post(headline=f"Story {n:02}", connection_type="platonic") for n in range(45)]


def test_next_and_previous_links_walk_every_post_once_in_order(client, many):
    seen, response = [], client.get("/?type=platonic")
    pages = [response]
    while link(response, "next"):
        assert "type=platonic" in link(response, "next")
        response = client.get(link(response, "next"))
        pages.append(response)
    for page in pages:
        seen += headlines(page)
    assert seen == [f"Story {n:02}" for n in reversed(range(45))]
    assert "after=" in link(pages[1], "next")
    # And back again from the last page.
    back = client.get(link(pages[2], "prev"))
    assert headlines(back) == headlines(pages[1])
    first = client.get(link(back, "prev"))
    assert headlines(first) == headlines(pages[0])
    assert link(first, "prev") is None


def test_the_page_number_is_shown_and_kept(client, many):
    second = client.get(link(client.get("/"), "next"))
    assert "Page 2" in second.content.decode()
    assert "page=3" in link(second, "next")


def test_a_page_number_without_a_cursor_still_works(client, many):
    assert headlines(client.get("/?page=2")) == [f"Story {n:02}" for n in range(24, 4, -1)]


@pytest.mark.parametrize("cursor", ["", "nonsense!", "x" * 40, "zzzzzzzzzz", "'; DROP TABLE x"])
def test_a_bad_cursor_never_errors(client, many, cursor):
    response = client.get("/", {"after": cursor, "page": 2})
    assert response.status_code == 200


def test_a_cursor_survives_its_post_being_hidden(client, many):
    response = client.get("/")
    next_link = link(response, "next")
    last_shown = Post.objects.get(headline=headlines(response)[-1])
    Post.objects.filter(pk=last_shown.pk).update(status=PostStatus.HIDDEN)
    assert headlines(client.get(next_link))[0] == "Story 24"


def test_cursor_pages_follow_the_chosen_sort(client, make_post):
    for n in range(25):
        make_post(headline=f"Old first {n:02}")
    first = client.get("/?sort=oldest")
    assert headlines(first)[0] == "Old first 00"
    assert headlines(client.get(link(first, "next"))) == [
        f"Old first {n:02}" for n in range(20, 25)
    ]
    encounter = client.get("/?sort=encounter")
    assert len(headlines(encounter)) + len(headlines(client.get(link(encounter, "next")))) == 25


@pytest.mark.parametrize("count", [25, 70])
def test_a_deep_page_costs_no_more_queries(client, make_post, django_assert_max_num_queries, count):
    for _ in range(count):
        make_post()
    response = client.get("/")
    for _ in range(2):
        response = client.get(link(response, "next"))
    with django_assert_max_num_queries(5):
        client.get(link(response, "next") or "/")
