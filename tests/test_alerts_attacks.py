"""Adversary tests for alerts: mail-bombing one mailbox through many spellings of its
address, and learning from the answer whether an address has alerts."""

import time
from urllib.parse import urlencode

import pytest
from django.core import mail
from django.urls import reverse

from board.models import Alert, Post
from board.search import search
from board.services import alerts
from board.services.alerts import addresses, links
from board.services.alerts.config import setting
from board.services.alerts.matching import matching_alert_ids

pytestmark = pytest.mark.django_db

CREATE = reverse("board:alert-create")


def ask(client, query="q=green+coat", **data):
    fields = {"email": "victim@example.test", "frequency": "digest", "days": "30"}
    fields.update(data)
    return client.post(f"{CREATE}?{query}", fields)


SPELLINGS = [
    "victim@example.test",
    "VICTIM@Example.Test",
    "victim+1@example.test",
    "victim+alerts@example.test",
    "victim@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.test",  # a full-width domain
    " victim+x@EXAMPLE.test ",
]


def test_every_spelling_of_one_mailbox_is_one_mailbox():
    assert len({addresses.mailbox_hash(spelling) for spelling in SPELLINGS}) == 1
    assert addresses.mailbox_hash("v.ict.im@gmail.com") == addresses.mailbox_hash(
        "victim+2@googlemail.com"
    )
    assert addresses.mailbox_hash("other@example.test") != addresses.mailbox_hash(SPELLINGS[0])
    # Dots are the same mailbox only where the provider says so.
    assert addresses.mailbox_hash("v.ictim@example.test") != addresses.mailbox_hash(SPELLINGS[0])


def test_plus_addressing_and_unicode_spellings_share_the_daily_confirmation_cap(
    client, areas, settings, django_capture_on_commit_callbacks
):
    settings.BOARD_ALERT_CONFIRMATIONS_PER_DAY = 3
    settings.BOARD_ALERT_IP_RATE = ""  # the attacker has many IP addresses
    with django_capture_on_commit_callbacks(execute=True):
        for n, spelling in enumerate(SPELLINGS):
            ask(client, query=f"q=word{n}", email=spelling)
    assert len(mail.outbox) == 3


def test_the_answer_is_the_same_whether_or_not_the_address_is_full(client, areas, settings):
    """A stranger typing an address learns nothing: not that it holds the most alerts, not
    that it was sent its confirmations for today."""
    settings.BOARD_ALERTS_PER_OWNER = 2
    settings.BOARD_ALERT_CONFIRMATIONS_PER_DAY = 10
    for n in range(2):
        ask(client, query=f"q=word{n}")
    fresh = ask(client, query="q=word9", email="nobody-yet@example.test")
    full = ask(client, query="q=word9")
    assert full.status_code == fresh.status_code == 302
    assert full.url == fresh.url == reverse("board:alert-sent")
    assert Alert.objects.filter(email_hash=addresses.email_hash("victim@example.test")).count() == 2


def test_the_answer_is_the_same_when_the_confirmations_are_used_up(client, areas, settings):
    settings.BOARD_ALERT_CONFIRMATIONS_PER_DAY = 1
    ask(client, query="q=first")
    used_up = ask(client, query="q=second")
    fresh = ask(client, query="q=second", email="nobody-yet@example.test")
    assert used_up.status_code == fresh.status_code == 302
    assert used_up.url == fresh.url
    assert Alert.objects.filter(query="second").count() == 1


def test_asking_for_a_full_address_still_counts_against_the_ip(client, areas, settings):
    settings.BOARD_ALERTS_PER_OWNER = 1
    settings.BOARD_ALERT_IP_RATE = "3/h"
    codes = [ask(client, query=f"q=word{n}").status_code for n in range(5)]
    assert codes == [302, 302, 302, 429, 429]


# --- Queries that might crash the matcher ------------------------------------------------


WEIRD = [
    "a:*",
    "scarf:*A",
    "!scarf",
    "scarf & !red",
    "-",
    '""',
    '"-"',
    "or",
    "-or",
    "OR OR scarf",
    "scarf -",
    '-"',
    "(" * 200,
    "-a " * 66,
    "a or " * 40,
    "東京 駅",
    "🧣 scarf",
    "scarf\\",
    "scarf' | 'red",
    "$$ ;drop table board_post;",
    "\u200bscarf\u200b",
]


@pytest.mark.parametrize("words", WEIRD)
def test_weird_words_never_crash_the_matcher(make_post, make_user, words):
    built = alerts.AlertFilters.build(query=words)
    alert = alerts.create_alert_for_user(
        user=make_user(), filters=built, frequency="each", days=30
    ).alert
    post = make_post(headline="A red scarf at the station", story="You wore a red scarf. 東京 駅")
    found = alert.pk in set(matching_alert_ids(post))
    assert found == search(Post.objects.filter(pk=post.pk), alert.query).exists()


def test_weird_words_through_the_form_are_never_a_500(client, areas):
    for n, words in enumerate(WEIRD):
        fields = {"email": f"p{n}@example.test", "frequency": "each", "days": 7}
        response = client.post(f"{CREATE}?{urlencode({'q': words})}", fields)
        assert response.status_code in (302, 400, 429), words


# --- Tokens --------------------------------------------------------------------------------


@pytest.fixture
def two_alerts(areas):
    made = []
    for email in ("one@example.test", "two@example.test"):
        outcome = alerts.create_alert_for_address(
            email=email, filters=alerts.AlertFilters.build(query="coat"), frequency="each", days=7
        )
        made.append(alerts.confirm_alert(key=outcome.alert.key))
    return made


def test_one_kind_of_link_never_works_as_another(client, two_alerts):
    one, _two = two_alerts
    unsubscribe = links.unsubscribe_token(one)
    confirm = links.confirm_token(one)
    manage = links.manage_token(one.email_hash)
    assert client.post(reverse("board:alert-confirm", args=[unsubscribe])).status_code == 400
    assert client.get(reverse("board:alert-manage", args=[unsubscribe])).status_code == 400
    assert client.post(reverse("board:alert-unsubscribe", args=[confirm])).status_code == 400
    assert client.post(reverse("board:alert-unsubscribe", args=[manage])).status_code == 400
    assert Alert.objects.count() == 2


def test_one_persons_manage_link_cannot_touch_anothers_alert(client, two_alerts):
    one, two = two_alerts
    page = reverse("board:alert-manage", args=[links.manage_token(one.email_hash)])
    assert two.key not in client.get(page).content.decode()
    response = client.post(page, {"alert": two.key, "action": "delete"})
    assert response.status_code == 404
    assert Alert.objects.filter(pk=two.pk).exists()


def test_a_confirm_link_replayed_after_unsubscribing_starts_nothing(client, areas):
    outcome = alerts.create_alert_for_address(
        email="one@example.test",
        filters=alerts.AlertFilters.build(query="coat"),
        frequency="each",
        days=7,
    )
    token = links.confirm_token(outcome.alert)
    client.post(reverse("board:alert-confirm", args=[token]))
    client.post(reverse("board:alert-unsubscribe", args=[links.unsubscribe_token(outcome.alert)]))
    replay = client.post(reverse("board:alert-confirm", args=[token]))
    assert replay.status_code == 400
    assert not Alert.objects.exists()


def test_no_page_of_a_persons_alerts_shows_their_address(client, two_alerts):
    one, _two = two_alerts
    pages = [
        reverse("board:alert-manage", args=[links.manage_token(one.email_hash)]),
        reverse("board:alert-unsubscribe", args=[links.unsubscribe_token(one)]),
        reverse("board:alert-confirm", args=[links.confirm_token(one)]),
    ]
    for page in pages:
        html = client.get(page).content.decode().lower()
        assert "one@example.test" not in html and "one@" not in html, page


# --- Whose posts match -------------------------------------------------------------------


def test_an_alert_made_by_address_never_matches_its_owners_own_post(make_post, user, areas):
    """The author's own posts never match their alerts: those at their verified address too."""
    outcome = alerts.create_alert_for_address(
        email=user.email.upper(), filters=alerts.AlertFilters.build(), frequency="each", days=7
    )
    mine = alerts.confirm_alert(key=outcome.alert.key)
    assert mine.pk not in set(matching_alert_ids(make_post(author=user)))


def test_an_old_manage_link_has_expired(client, two_alerts, monkeypatch):
    one, _two = two_alerts
    real = time.time
    days = setting("BOARD_ALERT_MANAGE_LINK_DAYS") + 1
    monkeypatch.setattr(time, "time", lambda: real() - days * 86400)
    old = links.manage_token(one.email_hash)
    monkeypatch.setattr(time, "time", real)
    page = reverse("board:alert-manage", args=[old])
    assert client.get(page).status_code == 400
    assert client.post(page, {"alert": one.key, "action": "delete"}).status_code == 400
    assert Alert.objects.filter(pk=one.pk).exists()


def test_a_full_width_spelling_of_an_address_is_that_address():
    wide = "victim@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.test"
    assert addresses.email_hash(wide) == addresses.email_hash("Victim@example.test")
    assert addresses.decrypt(addresses.encrypt(wide)) == "victim@example.test"
