"""The moderators' queue on the admin index, as a moderator (not a superuser) sees it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from board import services
from board.admin.site import greeting_name
from board.models import Appeal, Conversation, Post, PostStatus
from board.services import appeals, replies

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")


@pytest.fixture
def waiting(make_post, make_user, moderator):
    """One of each kind of waiting item, created so that 'newest first' and 'oldest first'
    both disagree with the queue's order."""
    base = timezone.now() - timedelta(days=10)

    def post(status, days, **fields):
        made = make_post(author=make_user())
        Post.objects.filter(pk=made.pk).update(
            status=status, created_at=base + timedelta(days=days), **fields
        )
        return made

    held_old = post(PostStatus.PENDING, 0)
    flagged = post(PostStatus.PUBLISHED, 1, flag_count=2, reports_open_since=base + timedelta(5))
    urgent = post(PostStatus.HIDDEN, 2, needs_urgent_review=True)
    held_new = post(PostStatus.PENDING, 6)
    clean = post(PostStatus.PUBLISHED, 7)
    removed = make_post(author=make_user())
    services.remove_post(post=removed, moderator=moderator, reason="It identifies someone.")
    appeal = appeals.submit_appeal(
        user=removed.author, decision=removed.actions.latest("created_at"), text="It does not."
    )
    Appeal.objects.filter(pk=appeal.pk).update(created_at=base + timedelta(days=3))
    conversation = replies.send_reply(
        post=make_post(author=make_user()), replier=make_user(), message="It was me."
    )
    replies.report_conversation(conversation=conversation, role="poster", reason="Rude.")
    Conversation.objects.filter(pk=conversation.pk).update(reported_at=base + timedelta(days=4))
    return {
        "held_old": held_old,
        "flagged": flagged,
        "urgent": urgent,
        "held_new": held_new,
        "clean": clean,
        "removed": removed,
        "appeal": appeal,
        "conversation": conversation,
    }


def _queue(response):
    return [(item.kind, item.pk) for item in response.context["queue"]["items"]]


def test_the_index_is_the_queue_urgent_then_most_flagged_then_oldest_waiting(mod_client, waiting):
    response = mod_client.get(INDEX)
    assert _queue(response) == [
        ("post", waiting["urgent"].pk),
        ("post", waiting["flagged"].pk),
        ("conversation", waiting["conversation"].pk),
        ("post", waiting["held_old"].pk),
        ("appeal", waiting["appeal"].pk),
        ("post", waiting["held_new"].pk),
    ]
    html = response.content.decode()
    assert html.index(waiting["urgent"].headline) < html.index(waiting["held_old"].headline)


def test_published_posts_without_open_reports_are_not_in_the_queue(mod_client, waiting):
    queued = _queue(mod_client.get(INDEX))
    assert ("post", waiting["clean"].pk) not in queued
    assert ("post", waiting["removed"].pk) not in queued


def test_the_index_counts_each_kind_and_links_to_its_filtered_list(mod_client, waiting):
    response = mod_client.get(INDEX)
    counts = {c["label"]: c for c in response.context["queue"]["counts"]}
    assert {label: c["count"] for label, c in counts.items()} == {
        "Urgent": 1,
        "Held": 2,
        "Flagged": 1,
        "Appeals": 1,
        "Reported conversations": 1,
        "Comments": 0,
    }
    html = response.content.decode()
    for count in counts.values():
        assert f'href="{count["url"]}"' in html.replace("&amp;", "&")
    held = mod_client.get(counts["Held"]["url"])
    assert [p.pk for p in held.context["cl"].result_list] == [
        waiting["held_old"].pk,
        waiting["held_new"].pk,
    ]
    urgent = mod_client.get(counts["Urgent"]["url"])
    assert [p.pk for p in urgent.context["cl"].result_list] == [waiting["urgent"].pk]
    appeals_list = mod_client.get(counts["Appeals"]["url"])
    assert [a.pk for a in appeals_list.context["cl"].result_list] == [waiting["appeal"].pk]
    conversations = mod_client.get(counts["Reported conversations"]["url"])
    assert [c.pk for c in conversations.context["cl"].result_list] == [waiting["conversation"].pk]


def test_the_queue_filter_lists_in_queue_order_whatever_the_changelist_order(mod_client, waiting):
    response = mod_client.get(reverse("admin:board_post_changelist") + "?queue=all")
    assert [p.pk for p in response.context["cl"].result_list] == [
        waiting["urgent"].pk,
        waiting["flagged"].pk,
        waiting["held_old"].pk,
        waiting["held_new"].pk,
    ]


def test_a_new_flag_on_a_post_whose_reports_were_dismissed_brings_it_back(
    mod_client, make_post, make_user, moderator
):
    post = make_post()
    services.flag_post(post=post, user=make_user(), reason="spam")
    assert ("post", post.pk) in _queue(mod_client.get(INDEX))
    services.dismiss_reports(post=post, moderator=moderator, reason="Fine.")
    assert ("post", post.pk) not in _queue(mod_client.get(INDEX))
    services.flag_post(post=post, user=make_user(), reason="spam")
    assert ("post", post.pk) in _queue(mod_client.get(INDEX))


def test_the_header_names_the_site_and_greets_by_first_name_never_the_username(
    client, make_user, moderator
):
    client.force_login(moderator)
    html = client.get(INDEX).content.decode()
    assert "Django administration" not in html
    assert "Missed Connections" in html
    assert "Welcome, <strong>moderator</strong>" in html
    assert moderator.username not in html
    moderator.first_name = "Robin"
    moderator.save()
    html = client.get(INDEX).content.decode()
    assert "Welcome, <strong>Robin</strong>" in html


def test_a_chosen_display_name_comes_before_the_first_name(moderator):
    moderator.first_name = "Robin"
    moderator.display_name = "Night shift"
    assert greeting_name(moderator) == "Night shift"


def test_the_index_answers_in_a_fixed_number_of_queries(
    mod_client, waiting, make_post, django_assert_max_num_queries
):
    for _ in range(5):
        Post.objects.filter(pk=make_post().pk).update(status=PostStatus.PENDING)
    with django_assert_max_num_queries(20):
        response = mod_client.get(INDEX)
    assert len(response.context["queue"]["items"]) == 11


def test_the_post_changelist_never_counts_the_whole_table(mod_client, waiting):
    with CaptureQueriesContext(connection) as queries:
        response = mod_client.get(reverse("admin:board_post_changelist"))
    assert response.status_code == 200
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    post_counts = [sql for sql in counts if '"board_post"' in sql]
    assert post_counts, "the capped count is the only count over posts"
    assert all("LIMIT" in sql.upper() for sql in post_counts)


def test_staff_without_the_moderators_group_see_no_queue(client, make_user, waiting):
    client.force_login(make_user(is_staff=True))
    response = client.get(INDEX)
    assert response.context["queue"] is None
    assert waiting["urgent"].headline not in response.content.decode()


def test_every_admin_page_the_benchmark_measures_answers_a_moderator(mod_client, waiting):
    from bench.run import admin_pages

    post = waiting["held_old"]
    urls = {
        "area_id": post.area_id,
        "post": post.get_absolute_url(),
        "post_admin": reverse("admin:board_post_change", args=[post.pk]),
    }
    for page in admin_pages(urls):
        response = mod_client.get(page["path"])
        assert response.status_code == 200, page["name"]
        assert page["expect"] in response.content.decode(), page["name"]


def test_reported_conversations_are_read_in_order_from_their_own_index(mod_client, waiting):
    from tests.test_admin_scale import sorts_rows

    with CaptureQueriesContext(connection) as captured:
        mod_client.get(INDEX)
    reads = [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "board_conversation"' in q["sql"] and "ORDER BY" in q["sql"]
    ]
    assert reads
    assert not any(sorts_rows(sql) for sql in reads)
