"""The posts changelist's search box and column sorting: what a moderator finds, and that
neither reads the whole posts table (board/admin/post_search.py)."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bench.run import SUBMITTED_COLUMN
from board.admin.posts import PostAdmin
from board.models import Post, PostStatus
from tests.test_admin_scale import POST_TABLE, sorts_rows

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:board_post_changelist")


@pytest.fixture
def posts(make_post, make_user):
    """A published post, a held one, a removed one, each with its own word, oldest first."""

    def post(word, status, days_ago):
        made = make_post(headline=f"The {word} on the tram", author=make_user())
        submitted = timezone.now() - timedelta(days=days_ago)
        Post.objects.filter(pk=made.pk).update(status=status, created_at=submitted)
        return Post.objects.get(pk=made.pk)

    return {
        "published": post("umbrella", PostStatus.PUBLISHED, 3),
        "held": post("accordion", PostStatus.PENDING, 2),
        "removed": post("xylophone", PostStatus.REMOVED, 1),
    }


def found(client, term) -> set[str]:
    response = client.get(CHANGELIST, {"q": term})
    assert response.status_code == 200
    return {post.public_id for post in response.context["cl"].result_list}


def test_words_find_published_and_waiting_posts(mod_client, posts):
    assert found(mod_client, "umbrella") == {posts["published"].public_id}
    assert found(mod_client, "umbrellas") == {posts["published"].public_id}  # stemmed
    assert found(mod_client, "accord") == {posts["held"].public_id}  # part of a word
    assert found(mod_client, "tram") == {posts["published"].public_id, posts["held"].public_id}


def test_a_decided_post_is_found_by_its_id_its_link_or_its_author(mod_client, posts):
    removed = posts["removed"]
    assert found(mod_client, "xylophone") == set()
    assert found(mod_client, removed.public_id) == {removed.public_id}
    assert found(mod_client, f"  {removed.public_id.upper()} ") == {removed.public_id}
    link = f"https://board.example/posts/{removed.public_id}/{removed.slug}/"
    assert found(mod_client, link) == {removed.public_id}
    assert found(mod_client, removed.author_ref) == {removed.public_id}


def test_a_word_shaped_like_an_id_is_still_a_word(mod_client, make_post):
    post = make_post(headline="We understand each other")
    assert found(mod_client, "understand") == {post.public_id}


@pytest.mark.parametrize("term", ["the", "!!", '"', "-", "or", "a" * 300, "%", "_"])
def test_odd_searches_answer_calmly(mod_client, posts, term):
    assert found(mod_client, term) <= {p.public_id for p in posts.values()}


def test_no_search_matches_text_outside_the_waiting_posts(mod_client, posts):
    """A substring match (LIKE) reads every row it is given: only the queue's posts."""
    with CaptureQueriesContext(connection) as captured:
        mod_client.get(CHANGELIST, {"q": "tram umbrella"})
    likes = [q["sql"] for q in captured.captured_queries if " LIKE " in q["sql"]]
    assert likes
    for sql in likes:
        for at in (n for n in range(len(sql)) if sql.startswith(" LIKE ", n)):
            select = sql[sql.rfind("SELECT", 0, at) : at]
            assert '"in_queue" AND' in select, sql


def test_only_the_submitted_column_sorts_and_an_index_serves_it(mod_client, posts, monkeypatch):
    monkeypatch.setattr(PostAdmin, "list_per_page", 1)
    html = mod_client.get(CHANGELIST).content.decode()
    assert html.count('class="sortable') == 1
    column = re.search(r'href="\?o=-?(\d+)[^"]*">Submitted</a>', html).group(1)
    assert column == SUBMITTED_COLUMN  # the order bench/run.py measures
    # Oldest first, newest first, then orders only a hand-made URL asks for (headline, area).
    for order in (column, f"-{column}", "1", "-7.1"):
        with CaptureQueriesContext(connection) as captured:
            response = mod_client.get(CHANGELIST, {"o": order})
        assert response.status_code == 200
        pages = [
            q["sql"]
            for q in captured.captured_queries
            if POST_TABLE.search(q["sql"]) and q["sql"].rstrip().endswith("LIMIT 1")
        ]
        assert pages
        assert not any(sorts_rows(sql) for sql in pages)
    oldest = mod_client.get(CHANGELIST, {"o": column}).context["cl"].result_list[0]
    newest = mod_client.get(CHANGELIST, {"o": f"-{column}"}).context["cl"].result_list[0]
    assert (oldest.public_id, newest.public_id) == (
        posts["published"].public_id,
        posts["removed"].public_id,
    )
