"""Matching new posts against alerts: by every filter, with words meaning what search means,
on SQLite and PostgreSQL alike; recorded once, so nobody is ever emailed twice."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from board import services, tasks
from board.models import ActionKind, Alert, AlertMatch, ConnectionType, Post
from board.search import search
from board.services import alerts
from board.services.alerts.matching import matching_alert_ids
from board.tasks import alerts as alert_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_alert(make_user):
    """Factory: a running alert (by a fresh account unless `email` is given)."""

    def make(*, email=None, user=None, frequency="each", days=30, tags=(), **filters):
        built = alerts.AlertFilters.build(setting_tags=list(tags), **filters)
        if email:
            outcome = alerts.create_alert_for_address(
                email=email, filters=built, frequency=frequency, days=days
            )
            return alerts.confirm_alert(key=outcome.alert.key)
        return alerts.create_alert_for_user(
            user=user or make_user(), filters=built, frequency=frequency, days=days
        ).alert

    return make


def matched(post) -> set[int]:
    return set(matching_alert_ids(post))


def test_filters_each_narrow_the_alerts_a_post_matches(make_post, make_alert, areas, tags):
    day = timezone.localdate() - timedelta(days=3)
    post = make_post(
        area=areas["north"],
        connection_type=ConnectionType.PLATONIC,
        setting_tags=[tags["cafe"], tags["park"]],
        encounter_date=day,
    )
    hits = {
        make_alert(),
        make_alert(area=areas["north"]),
        make_alert(area=areas["city"]),  # a city matches its neighbourhoods
        make_alert(connection_type="platonic"),
        make_alert(tags=[tags["park"], tags["library-or-bookstore"]]),  # any one setting
        make_alert(date_from=day, date_to=day),
        make_alert(date_from=day - timedelta(days=9)),
        make_alert(
            area=areas["city"],
            connection_type="platonic",
            tags=[tags["cafe"]],
            date_to=day + timedelta(days=1),
        ),
    }
    misses = {
        make_alert(area=areas["south"]),
        make_alert(area=areas["other_city"]),
        make_alert(connection_type="romantic"),
        make_alert(tags=[tags["public-transit"]]),
        make_alert(date_from=day + timedelta(days=1)),
        make_alert(date_to=day - timedelta(days=1)),
        make_alert(area=areas["city"], connection_type="romantic"),
    }
    assert matched(post) == {alert.pk for alert in hits}
    assert not matched(post) & {alert.pk for alert in misses}


def test_a_post_in_a_city_does_not_match_a_neighbourhood_alert(make_post, make_alert, areas):
    post = make_post(area=areas["city"])
    city, north = make_alert(area=areas["city"]), make_alert(area=areas["north"])
    assert matched(post) == {city.pk}
    assert north.pk not in matched(post)


STORIES = [
    ("Red scarf on the L train", "You were laughing at the map and I laughed too."),
    ("Coat the colour of a red apple", "You lent me your pen at the bank."),
    ("Chess at the cafe", "You were dancing near the window, beating everyone at chess."),
    ("Ferry crossword", "You knew every river in Europe. The scarf was mine."),
    ("Résumé on the train", "Your naïve smile at the crème brûlée."),
]
QUERIES = [
    "red scarf",
    '"red scarf"',
    '"scarf red"',
    "red -scarf",
    'scarf -"red scarf"',
    "chess or crossword",
    "chess OR crossword window",
    "-scarf",
    "-scarf -chess",
    "CAFÉ",
    "creme brulee",
    "dancing",
    "rivers",
    "the",
    "the chess",
    "NEAR(red",
    '"unbalanced quote',
    "laughing map",
]


def test_words_match_exactly_what_a_search_finds(make_post, make_alert):
    """The same words on a list page and in an alert find the same posts (both databases)."""
    posts = [make_post(headline=headline, story=story) for headline, story in STORIES]
    by_query = {query: make_alert(query=query) for query in QUERIES}
    for post in posts:
        found = matched(post)
        for query, alert in by_query.items():
            searched = search(Post.objects.filter(pk=post.pk), query).exists()
            assert (alert.pk in found) == searched, (post.headline, query)
    # and the comparison is not vacuous: some match, some do not
    first = matched(posts[0])
    assert by_query["red scarf"].pk in first and by_query["red -scarf"].pk not in first


def test_stop_words_alone_are_an_alert_without_words(make_alert):
    alert = make_alert(query="the of and")
    assert alert.query == "" and alert.words_tsquery == ""


def test_the_authors_own_alerts_never_match_their_post(make_post, make_alert, user):
    mine = make_alert(user=user)
    theirs = make_alert()
    assert matched(make_post(author=user)) == {theirs.pk}
    assert mine.pk not in matched(make_post(author=user))


def test_unconfirmed_and_expired_alerts_never_match(make_post, make_alert, areas):
    built = alerts.AlertFilters.build()
    waiting = alerts.create_alert_for_address(
        email="waiting@example.test", filters=built, frequency="each", days=7
    ).alert
    ended = make_alert()
    Alert.objects.filter(pk=ended.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    running = make_alert()
    assert matched(make_post()) == {running.pk}
    assert waiting.pk != running.pk


def test_a_post_that_is_no_longer_published_is_not_matched(make_post, make_alert, moderator):
    alert = make_alert()
    post = make_post()
    services.hide_post(post=post, kind=ActionKind.HIDDEN, reason="Reports")
    assert alerts.match_post(post_id=post.pk) == []
    assert not AlertMatch.objects.filter(alert=alert).exists()


# --- After publishing: a task, each match or digest, never twice --------------------------


def test_publishing_queues_matching_after_the_commit_and_emails_each_match(
    make_post, make_alert, django_capture_on_commit_callbacks
):
    make_alert(email="watcher@example.test", query="umbrella")
    with django_capture_on_commit_callbacks() as callbacks:
        post = make_post()
    assert mail.outbox == [] and not AlertMatch.objects.exists()  # nothing before the commit
    mail.outbox.clear()
    for callback in callbacks:
        callback()
    [message] = [m for m in mail.outbox if m.to == ["watcher@example.test"]]
    assert post.headline in message.subject and post.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert "/alerts/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/manage/" in message.body and "/alerts/unsubscribe/" in message.body
    assert AlertMatch.objects.get().sent_at is not None


def test_a_signed_in_alert_is_sent_to_the_account_address(make_post, make_alert, make_user):
    owner = make_user("owner@example.test")
    make_alert(user=owner)
    alert_tasks.match_alerts.call(post_id=make_post().pk)
    [message] = mail.outbox
    assert message.to == ["owner@example.test"] and "/me/alerts/" in message.body


def test_a_retried_matching_task_emails_nobody_twice(make_post, make_alert):
    make_alert(email="watcher@example.test")
    post = make_post()
    for _ in range(3):
        alert_tasks.match_alerts.call(post_id=post.pk)
    assert len(mail.outbox) == 1 and AlertMatch.objects.count() == 1


def test_a_post_restored_after_review_emails_nobody_again(make_post, make_alert, moderator):
    make_alert(email="watcher@example.test")
    post = make_post()
    alert_tasks.match_alerts.call(post_id=post.pk)
    services.hide_post(post=post, kind=ActionKind.HIDDEN, reason="Reports")
    services.restore_post(post=post, moderator=moderator)
    alert_tasks.match_alerts.call(post_id=post.pk)
    assert len(mail.outbox) == 1


def test_a_failed_send_is_retried_and_then_sent_once(make_post, make_alert, settings):
    make_alert(email="watcher@example.test")
    post = make_post()
    settings.EMAIL_BACKEND = "tests.test_tasks.BrokenEmailBackend"
    alert_tasks.match_alerts.call(post_id=post.pk)  # the send task fails (recorded as FAILED)
    assert AlertMatch.objects.get().sent_at is None  # the failure changed nothing
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    alert_tasks.match_alerts.call(post_id=post.pk)
    alert_tasks.match_alerts.call(post_id=post.pk)
    assert len(mail.outbox) == 1


def test_a_digest_alert_gets_one_email_a_day_listing_its_matches(make_post, make_alert):
    alert = make_alert(email="digest@example.test", frequency="digest")
    first, second = make_post(), make_post()
    for post in (first, second):
        alert_tasks.match_alerts.call(post_id=post.pk)
    assert mail.outbox == []  # digests wait for the periodic job

    assert alert_tasks.send_alert_digests.call() == 1
    [message] = mail.outbox
    assert first.headline in message.body and second.headline in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    third = make_post()
    alert_tasks.match_alerts.call(post_id=third.pk)
    assert alert_tasks.send_alert_digests.call() == 0  # not again the same day
    assert alerts.send_digest(alert_id=alert.pk) == 0
    assert len(mail.outbox) == 1

    Alert.objects.filter(pk=alert.pk).update(last_sent_at=timezone.now() - timedelta(days=1))
    assert alert_tasks.send_alert_digests.call() == 1
    assert len(mail.outbox) == 2 and third.headline in mail.outbox[1].body
    assert first.headline not in mail.outbox[1].body


def test_a_digest_skips_posts_taken_down_since_they_matched(make_post, make_alert, moderator):
    make_alert(email="digest@example.test", frequency="digest")
    kept, hidden = make_post(), make_post()
    for post in (kept, hidden):
        alert_tasks.match_alerts.call(post_id=post.pk)
    services.hide_post(post=hidden, kind=ActionKind.HIDDEN, reason="Reports")
    alert_tasks.send_alert_digests.call()
    [message] = mail.outbox
    assert kept.headline in message.body and hidden.headline not in message.body

    services.restore_post(post=hidden, moderator=moderator)  # back: in the next digest
    Alert.objects.update(last_sent_at=timezone.now() - timedelta(days=1))
    alert_tasks.send_alert_digests.call()
    assert len(mail.outbox) == 2 and hidden.headline in mail.outbox[1].body


def test_a_digest_alert_with_only_taken_down_matches_is_not_due(make_post, make_alert):
    make_alert(email="digest@example.test", frequency="digest")
    post = make_post()
    alert_tasks.match_alerts.call(post_id=post.pk)
    services.hide_post(post=post, kind=ActionKind.HIDDEN, reason="Reports")
    assert alerts.due_digests() == []


def test_a_match_taken_down_before_its_email_is_sent_once_if_it_returns(
    make_post, make_alert, moderator
):
    make_alert(email="watcher@example.test", frequency="each")
    post = make_post()
    [match_id] = alerts.match_post(post_id=post.pk)  # recorded; its email not yet sent
    services.hide_post(post=post, kind=ActionKind.HIDDEN, reason="Reports")
    assert alerts.send_match(match_id=match_id) is False
    assert mail.outbox == []
    services.restore_post(post=post, moderator=moderator)
    for _ in range(2):
        alert_tasks.match_alerts.call(post_id=post.pk)
    assert len(mail.outbox) == 1 and post.headline in mail.outbox[0].subject


def test_digests_are_scheduled_by_run_periodic(make_post, make_alert, settings):
    make_alert(email="digest@example.test", frequency="digest")
    alert_tasks.match_alerts.call(post_id=make_post().pk)
    every = 3600
    now = every * 7_654_321.0
    queued = tasks.enqueue_due_periodic(now=now)
    assert (
        "board.tasks.alerts.send_alert_digests" in queued
        and "board.tasks.alerts.prune_alerts" in queued
    )
    assert len(mail.outbox) == 1  # the immediate backend ran the digest it queued
    assert "board.tasks.alerts.send_alert_digests" not in tasks.enqueue_due_periodic(now=now + 60)


def test_an_expired_alert_sends_nothing_and_is_pruned_after_the_grace(make_post, make_alert):
    alert = make_alert(email="old@example.test")
    waiting = alerts.create_alert_for_address(
        email="new@example.test", filters=alerts.AlertFilters.build(), frequency="each", days=7
    ).alert
    Alert.objects.filter(pk=alert.pk).update(expires_at=timezone.now() - timedelta(days=1))
    alert_tasks.match_alerts.call(post_id=make_post().pk)
    assert mail.outbox == []
    assert alert_tasks.prune_alerts.call() == 0  # still renewable for a week
    Alert.objects.filter(pk=waiting.pk).update(expires_at=timezone.now())
    assert alerts.prune_alerts(now=timezone.now() + timedelta(seconds=1)) == 1  # unconfirmed
    assert alerts.prune_alerts(now=timezone.now() + timedelta(days=7)) == 1
    assert not Alert.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_matches_a_post_published_while_it_was_away(make_post, make_alert, settings):
    """On the database queue: publishing only queues the matching; the worker emails."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    make_alert(email="watcher@example.test", frequency="each")
    post = make_post()
    assert mail.outbox == []
    assert "board.tasks.alerts.match_alerts" in {r.task_path for r in DBTaskResult.objects.ready()}
    assert str(post.pk) in str(
        DBTaskResult.objects.get(task_path="board.tasks.alerts.match_alerts").args_kwargs
    )
    assert "watcher" not in str(list(DBTaskResult.objects.values_list("args_kwargs", flat=True)))

    for _ in range(2):  # matching queues the email; the next batch sends it
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0")

    assert [m.to for m in mail.outbox if "watcher@example.test" in m.to] == [
        ["watcher@example.test"]
    ]
    assert AlertMatch.objects.get().sent_at is not None


@pytest.mark.parametrize(
    "words",
    [
        "'",
        "\\'",
        "!!",
        "a & b | c",
        "a:b",
        "NEAR(red",
        "((",
        "é'tude",
        "１２３ ｗｏｒｄ",
        "<->",
        "x" * 300,
    ],
)
def test_any_words_make_an_alert_that_matches_without_error(make_post, make_alert, words):
    """Whatever was typed, the stored query is valid on both databases (never a 500)."""
    alert = make_alert(query=words)
    post = make_post(headline=f"Story about {words}"[:120])
    found = alert.pk in matched(post)
    assert found == search(Post.objects.filter(pk=post.pk), alert.query).exists()
