"""The moderators' pages at a million posts: what each page asks of the database.

No page counts the posts table without a bound (the paginator, the index's counts, the
author panel), each page runs a fixed number of queries whatever the number of posts, and
the queue's membership is kept by the database however a post changes. The plans behind
these queries are measured in docs/benchmarks.md ("Admin pages").
"""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from board import services
from board.admin import posts as post_admin
from board.admin import queue
from board.admin.base import CappedCountPaginator
from board.admin.posts import PostAdmin
from board.models import Area, FlagReason, Post, PostStatus

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
CHANGELIST = reverse("admin:board_post_changelist")
POST_TABLE = re.compile(r'(FROM|JOIN) "board_post"( |$)')


@pytest.fixture
def some_waiting(make_post, make_user):
    """A few posts of every kind the pages filter on; `more` adds the same again."""

    def more():
        base = timezone.now() - timedelta(days=3)
        made = []
        for status, fields in [
            (PostStatus.PENDING, {"held_reasons": ["phone"]}),
            (PostStatus.HIDDEN, {"needs_urgent_review": True}),
            (PostStatus.PUBLISHED, {"flag_count": 2, "reports_open_since": base}),
            (PostStatus.PUBLISHED, {}),
            (PostStatus.REMOVED, {}),
        ]:
            post = make_post(author=make_user())
            Post.objects.filter(pk=post.pk).update(status=status, **fields)
            made.append(post)
        return made

    return more


def every_filter(area_id: int, author_ref: str) -> list[str]:
    """One choice of each of the post changelist's list_filter, plus none."""
    choices = [
        "queue=all",
        "queue=urgent",
        "queue=held",
        "queue=flagged",
        *(f"status__exact={status}" for status in PostStatus.values),
        "held=phone",
        *(f"flag={reason}" for reason in FlagReason.values),
        "needs_urgent_review__exact=1",
        "needs_urgent_review__exact=0",
        "connection_type__exact=platonic",
        f"area__id__exact={area_id}",
        f"author_ref={author_ref}",
    ]
    assert len(PostAdmin.list_filter) == 8, "a new list_filter needs its choice here"
    return ["", *choices]


def pages(post) -> list[str]:
    return [
        INDEX,
        *(f"{CHANGELIST}?{query}" for query in every_filter(post.area_id, post.author_ref)),
        reverse("admin:board_post_change", args=[post.pk]),
    ]


def post_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries if POST_TABLE.search(q["sql"])]


def is_bounded_count(sql: str) -> bool:
    """`SELECT COUNT(*) FROM (SELECT ... LIMIT n) subquery`, or a count over the posts of a
    bounded subquery (`... IN (SELECT ... LIMIT n)`): never one over every matching post."""
    upper = sql.upper()
    if "COUNT(" not in upper:
        return True
    return bool(re.search(r"\(SELECT .* LIMIT \d+\)", upper))


def test_no_admin_page_counts_the_posts_table_without_a_limit(mod_client, some_waiting):
    some_waiting()
    post = Post.objects.filter(status=PostStatus.PENDING).get()
    unbounded = {}
    for url in pages(post):
        counts = [sql for sql in post_queries(mod_client, url) if not is_bounded_count(sql)]
        if counts:
            unbounded[url] = counts
    assert unbounded == {}


def test_the_count_rule_catches_a_plain_count():
    plain = 'SELECT COUNT(*) AS "__count" FROM "board_post" WHERE "board_post"."in_queue"'
    capped = 'SELECT COUNT(*) FROM (SELECT "board_post"."id" FROM "board_post" LIMIT 1001) s'
    assert not is_bounded_count(plain)
    assert is_bounded_count(capped)


def query_counts(client, urls) -> dict[str, int]:
    counted = {}
    for url in urls:
        client.get(url)  # once first: content types and the like are cached per process
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counted[url] = len(captured)
    return counted


def reads_a_page(sql: str) -> bool:
    """Whether the query ends in its own ORDER BY ... LIMIT (not a subquery's): a page."""
    tail = sql[sql.rfind("ORDER BY") :]
    limited = re.search(r"LIMIT \d+( OFFSET \d+)?$", tail)
    return "ORDER BY" in sql and bool(limited) and tail.count("(") == tail.count(")")


def sorts_rows(sql: str) -> bool:
    """Whether the database would sort the matching rows instead of reading them in order
    from an index. PostgreSQL is told to avoid scans and sorts (full or incremental) where
    it can, since with a few rows they are otherwise cheaper: a sort left in its plan means
    no index serves the order. SQLite, without statistics, may prefer an index on the
    filtered column and sort only the ties of its leading columns ("RIGHT PART OF ORDER
    BY"); only a sort of every row counts there."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            switches = ("enable_seqscan", "enable_sort", "enable_incremental_sort")
            for switch in switches:
                cursor.execute(f"SET {switch} = off")
            try:
                cursor.execute("EXPLAIN " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            finally:
                for switch in switches:
                    cursor.execute(f"RESET {switch}")
            return any("Sort  " in line for line in plan)
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return any(row[-1] == "USE TEMP B-TREE FOR ORDER BY" for row in cursor.fetchall())


def test_every_page_reads_its_posts_in_index_order_never_sorting_them(
    mod_client, some_waiting, monkeypatch
):
    some_waiting()
    some_waiting()
    # One post a page, so that each list with two posts or more is cut by a LIMIT, as every
    # list is at scale (a list of one page is read whole, and then sorting is right).
    monkeypatch.setattr(PostAdmin, "list_per_page", 1)
    post = Post.objects.filter(status=PostStatus.PENDING).first()
    checked, sorted_by_the_database = set(), {}
    for url in pages(post):
        for sql in post_queries(mod_client, url):
            if reads_a_page(sql):
                checked.add(url)
                if sorts_rows(sql):
                    sorted_by_the_database[url] = sql
    assert sorted_by_the_database == {}
    queries = {url.partition("?")[2] for url in checked}
    expected = {"", "queue=all", "queue=urgent", "queue=held", "queue=flagged"}
    assert expected | {"status__exact=pending", f"area__id__exact={post.area_id}"} <= queries


def test_each_page_runs_as_many_queries_with_three_times_the_posts(mod_client, some_waiting):
    some_waiting()
    post = Post.objects.filter(status=PostStatus.PENDING).get()
    before = query_counts(mod_client, pages(post))
    some_waiting()
    some_waiting()
    assert query_counts(mod_client, pages(post)) == before


def test_more_neighbourhoods_cost_the_changelist_no_query(mod_client, some_waiting, areas):
    some_waiting()
    before = query_counts(mod_client, [CHANGELIST])
    for n in range(5):
        Area.objects.create(name=f"Quarter {n}", slug=f"quarter-{n}", parent=areas["city"])
    assert query_counts(mod_client, [CHANGELIST]) == before
    assert "Quarter 4, Springfield" in mod_client.get(CHANGELIST).content.decode()


def test_the_index_and_a_filtered_list_answer_in_pinned_query_counts(
    mod_client, some_waiting, django_assert_num_queries
):
    some_waiting()
    post = Post.objects.filter(status=PostStatus.PENDING).get()
    page = reverse("admin:board_post_change", args=[post.pk])
    query_counts(mod_client, [INDEX, CHANGELIST, page])
    # Session, user, second factor, permissions (two); six counts, four sources, and the
    # recent actions box.
    with django_assert_num_queries(16):
        mod_client.get(INDEX)
    # The same five; the areas to filter by, the capped count, the page of posts.
    with django_assert_num_queries(8):
        mod_client.get(CHANGELIST + "?queue=held")
    # The five; the post, its flags, history, settings, area and city, the author panel,
    # the decisions that apply.
    with django_assert_num_queries(13):
        mod_client.get(page)


def test_the_author_panel_counts_each_post_once_and_stops_at_its_cap(
    mod_client, make_post, user, moderator, monkeypatch
):
    posts = [make_post(author=user) for _ in range(3)]
    services.remove_post(post=posts[0], moderator=moderator, reason="It identifies someone.")
    services.restore_post(post=posts[0], moderator=moderator, reason="It was fine.")
    services.remove_post(post=posts[0], moderator=moderator, reason="It identifies someone.")
    page = reverse("admin:board_post_change", args=[posts[1].pk])
    html = mod_client.get(page).content.decode()
    assert "3 posts, 0 held at some point, 1 removed." in html
    monkeypatch.setattr(post_admin, "AUTHOR_CAP", 2)
    html = mod_client.get(page).content.decode()
    assert "more than 2 posts; of the latest 3, 0 held at some point, 1 removed." in html


def test_past_the_cap_the_index_says_more_than_it_counted(mod_client, some_waiting, monkeypatch):
    some_waiting()
    some_waiting()
    some_waiting()
    monkeypatch.setattr(queue, "COUNT_CAP", 2)
    with CaptureQueriesContext(connection) as captured:
        response = mod_client.get(INDEX)
    counts = {c["label"]: (c["count"], c["more"]) for c in response.context["queue"]["counts"]}
    assert counts["Held"] == (2, True)
    assert counts["Urgent"] == (2, True)
    assert counts["Appeals"] == (0, False)
    assert "<td>2+</td>" in response.content.decode()
    limited = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert limited and all("LIMIT 3" in sql for sql in limited)


def test_past_the_cap_the_changelist_says_more_posts_than_it_counted(
    mod_client, some_waiting, monkeypatch
):
    some_waiting()
    monkeypatch.setattr(CappedCountPaginator, "CAP", 3)
    html = mod_client.get(CHANGELIST).content.decode()
    assert "More than 3 posts" in html
    html = mod_client.get(CHANGELIST + "?queue=urgent").content.decode()
    assert "More than" not in html
    assert "1 post" in html


@pytest.mark.parametrize(
    ("status", "fields", "waits"),
    [
        (PostStatus.PUBLISHED, {}, False),
        (PostStatus.PENDING, {}, True),
        (PostStatus.HIDDEN, {}, True),
        (PostStatus.PUBLISHED, {"needs_urgent_review": True}, True),
        (PostStatus.PUBLISHED, {"reports_open_since": timezone.now()}, True),
        (PostStatus.EXPIRED, {"reports_open_since": timezone.now()}, True),
        (PostStatus.REJECTED, {}, False),
        (PostStatus.REMOVED, {}, False),
        (PostStatus.DELETED, {"needs_urgent_review": True}, False),
        (PostStatus.DELETED, {"reports_open_since": timezone.now()}, False),
    ],
)
def test_the_database_keeps_in_queue_however_a_post_changes(make_post, status, fields, waits):
    post = make_post()
    Post.objects.filter(pk=post.pk).update(status=status, **fields)
    in_queue, waiting_since = Post.objects.values_list("in_queue", "waiting_since").get(pk=post.pk)
    assert in_queue is waits
    assert waiting_since == fields.get("reports_open_since", post.created_at)
    assert Post.objects.needing_decision().filter(pk=post.pk).exists() is waits


def test_services_move_a_post_in_and_out_of_the_queue(make_post, make_user, moderator):
    post = make_post()
    assert not Post.objects.get(pk=post.pk).in_queue
    services.flag_post(post=post, user=make_user(), reason="spam")
    assert Post.objects.get(pk=post.pk).in_queue
    services.dismiss_reports(post=post, moderator=moderator, reason="Fine.")
    assert not Post.objects.get(pk=post.pk).in_queue


def test_a_deleted_post_with_open_reports_is_neither_listed_nor_counted_as_flagged(
    mod_client, make_post
):
    post = make_post()
    Post.objects.filter(pk=post.pk).update(
        status=PostStatus.DELETED, reports_open_since=timezone.now(), flag_count=1
    )
    flagged = mod_client.get(CHANGELIST + "?queue=flagged")
    assert list(flagged.context["cl"].result_list) == []
    counts = {c["label"]: c["count"] for c in mod_client.get(INDEX).context["queue"]["counts"]}
    assert counts["Flagged"] == 0


def test_another_source_joins_the_queue_with_one_generator(mod_client, monkeypatch, make_post):
    """How public comments (#21) will join: a generator of items in queue order."""
    held = make_post()
    Post.objects.filter(pk=held.pk).update(status=PostStatus.PENDING)
    yesterday = timezone.now() - timedelta(days=1)

    def comments(limit):
        yield queue.QueueItem(
            kind="comment", pk=7, title="A comment", why="Reported", urgent=True, flags=1,
            waiting_since=yesterday, url="/admin/comment/7/",
        )  # fmt: skip

    monkeypatch.setattr(queue, "SOURCES", (*queue.SOURCES, comments))
    items = [(item.kind, item.pk) for item in queue.queue_items()]
    assert items == [("comment", 7), ("post", held.pk)]
    assert queue.next_item_url(after=("comment", 7)) == reverse(
        "admin:board_post_change", args=[held.pk]
    )


def test_reason_held_lists_posts_in_review_held_for_it_on_either_database(mod_client, make_post):
    def post(status, reasons):
        made = make_post()
        Post.objects.filter(pk=made.pk).update(status=status, held_reasons=reasons)
        return made.pk

    pending = post(PostStatus.PENDING, ["phone", "email"])
    removed = post(PostStatus.REMOVED, ["phone"])
    post(PostStatus.PUBLISHED, ["phone"])  # approved since: no longer in review
    post(PostStatus.PENDING, ["email"])
    post(PostStatus.PENDING, ["telephone"])  # another code containing the word
    response = mod_client.get(CHANGELIST + "?held=phone")
    assert {p.pk for p in response.context["cl"].result_list} == {pending, removed}
