"""Alerts: made signed in or by email address, confirmed by a one-time link, stored so a
dump reveals no address, limited so nobody can mail-bomb an address, never mailed from
inside a request."""

import re
from datetime import timedelta

import pytest
from django.core import mail, signing
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from board.models import Alert, AlertConfirmationSent, Frequency
from board.services import alerts
from board.services.alerts import addresses, links
from board.tasks import alerts as alert_tasks

pytestmark = pytest.mark.django_db

CREATE = reverse("board:alert-create")


def create_url(query: str = "q=green+coat&area=springfield&type=romantic") -> str:
    return f"{CREATE}?{query}"


def ask(client, query="q=green+coat&area=springfield&type=romantic", **data):
    fields = {"email": "Someone@Example.test", "frequency": "digest", "days": "30"}
    fields.update(data)
    return client.post(create_url(query), fields)


def confirm_link(message) -> str:
    return re.search(r"https?://\S+/alerts/confirm/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_the_form_shows_the_search_it_will_follow(client, areas, tags):
    response = client.get(create_url("q=green+coat&area=springfield&setting=cafe&type=romantic"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Words: “green coat”" in page and "Springfield" in page and "Cafe" in page
    assert 'name="email"' in page  # anonymous: an address is needed


def test_a_signed_in_person_gets_an_active_alert_at_their_account_address(
    client, user, areas, tags, django_capture_on_commit_callbacks
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            create_url("q=green+coat&area=springfield&setting=cafe&setting=park&from=2026-01-01"),
            {"frequency": "each", "days": "7"},
        )
    assert response.status_code == 302 and response.url == reverse("board:my-alerts")
    alert = Alert.objects.get()
    assert alert.user == user and alert.email_hash == "" and alert.email_encrypted == ""
    assert alert.is_active and alert.frequency == Frequency.EACH
    assert alert.query == "green coat" and alert.area == areas["city"]
    assert {tag.slug for tag in alert.setting_tags.all()} == {"cafe", "park"}
    assert not alert.any_setting and str(alert.date_from) == "2026-01-01"
    assert timedelta(days=6, hours=23) < alert.expires_at - timezone.now() <= timedelta(days=7)
    assert mail.outbox == []  # nothing to confirm for an account


def test_the_same_search_twice_is_one_alert_renewed(client, user, areas):
    client.force_login(user)
    for days in ("7", "90"):
        client.post(create_url(), {"frequency": "digest", "days": days})
    alert = Alert.objects.get()
    assert alert.expires_at - timezone.now() > timedelta(days=89)


def test_an_alert_by_address_waits_for_its_link_and_the_email_leaves_after_the_request(
    client, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = ask(client)
    assert response.status_code == 302 and response.url == reverse("board:alert-sent")
    assert mail.outbox == []  # not sent inside the request
    alert = Alert.objects.get()
    assert alert.user is None and not alert.is_confirmed and not alert.is_active
    assert alert.expires_at - timezone.now() <= timedelta(hours=24)
    for callback in callbacks:
        callback()  # the commit: the worker (immediate here) sends it
    [message] = mail.outbox
    assert message.to == ["someone@example.test"]
    assert "/alerts/confirm/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_following_the_link_shows_a_button_and_only_the_post_confirms(
    client, areas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask(client, days="90")
    url = path_of(confirm_link(mail.outbox[0]))

    page = client.get(url)  # a link scanner's GET starts nothing
    assert page.status_code == 200 and b"Confirm" in page.content
    assert not Alert.objects.get().is_confirmed

    done = client.post(url)
    assert done.status_code == 200 and b"Your alert is on" in done.content
    alert = Alert.objects.get()
    assert alert.is_active and alert.expires_at - timezone.now() > timedelta(days=89)
    again = client.post(url)  # a second click changes nothing
    assert again.status_code == 200
    assert Alert.objects.get().expires_at == alert.expires_at


def test_a_tampered_confirmation_link_confirms_nothing(client, areas):
    ask(client)
    alert = Alert.objects.get()
    token = links.confirm_token(alert)
    forged = signing.TimestampSigner(salt="another.salt").sign(alert.key)
    for bad in (token[:-2] + "xx", forged, links.unsubscribe_token(alert)):
        response = client.post(reverse("board:alert-confirm", args=[bad]))
        assert response.status_code == 400
        assert b"not a link we sent" in response.content
    assert not Alert.objects.get().is_confirmed


def test_an_expired_confirmation_link_confirms_nothing(client, areas, settings):
    ask(client)
    alert = Alert.objects.get()
    token = links.confirm_token(alert)
    later = timezone.now() + timedelta(hours=25)
    settings.BOARD_ALERT_CONFIRM_HOURS = 24
    from unittest import mock

    with mock.patch("time.time", return_value=later.timestamp()):
        response = client.post(reverse("board:alert-confirm", args=[token]))
    assert response.status_code == 400 and b"expired" in response.content
    assert not Alert.objects.get().is_confirmed


def test_an_unconfirmed_alert_past_its_day_cannot_be_confirmed(client, areas):
    ask(client)
    alert = Alert.objects.get()
    Alert.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = client.post(reverse("board:alert-confirm", args=[links.confirm_token(alert)]))
    assert response.status_code == 400
    assert not Alert.objects.get().is_confirmed


def test_the_address_is_stored_encrypted_and_the_raw_row_does_not_contain_it(client, areas):
    ask(client, email="Green.Coat@Example.test")
    table = Alert._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table}")
        row = " ".join(str(value) for value in cursor.fetchone()).lower()
    assert "green.coat" not in row and "example.test" not in row
    alert = Alert.objects.get()
    assert addresses.decrypt(alert.email_encrypted) == "green.coat@example.test"
    assert alert.email_hash == addresses.email_hash(" green.coat@EXAMPLE.test ")
    assert addresses.masked("green.coat@example.test") == "g•••@e•••"


def test_an_old_secret_key_still_decrypts_after_a_rotation(client, areas, settings):
    ask(client)
    token = Alert.objects.get().email_encrypted
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-for-the-rotation-test-0123456789"
    assert addresses.decrypt(token) == "someone@example.test"


def test_the_page_after_asking_is_the_same_whether_or_not_the_address_has_alerts(client, areas):
    first = ask(client)
    second = ask(client)  # same address, same search
    assert first.url == second.url == reverse("board:alert-sent")
    assert Alert.objects.count() == 1


def test_bad_filters_show_their_error_and_make_nothing(client, areas):
    response = ask(client, query="from=2026-05-02&to=2026-05-01")
    assert response.status_code == 400
    assert "“from” date" in response.content.decode()
    assert Alert.objects.count() == 0


def test_a_missing_address_is_a_clear_error_that_keeps_the_choices(client, areas):
    response = ask(client, email="not-an-address", frequency="each")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a valid email address" in page
    assert 'value="each" id="id_frequency_1" checked' in page or 'value="each"' in page
    assert Alert.objects.count() == 0


def test_duration_is_never_more_than_90_days(client, user, areas):
    client.force_login(user)
    response = client.post(create_url(), {"frequency": "digest", "days": "365"})
    assert response.status_code == 200 and Alert.objects.count() == 0
    with pytest.raises(alerts.AlertRefused):
        alerts.create_alert_for_user(
            user=user, filters=alerts.AlertFilters.build(), frequency="digest", days=120
        )


# --- Rate limits -------------------------------------------------------------------------


def test_confirmation_emails_to_one_address_are_capped_per_day(
    client, areas, settings, django_capture_on_commit_callbacks
):
    settings.BOARD_ALERT_CONFIRMATIONS_PER_DAY = 3
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(5):  # five different searches for one victim's address
            ask(client, query=f"q=word{n}")
    assert len(mail.outbox) == 3
    assert Alert.objects.count() == 3
    last = ask(client, query="q=another")  # the same answer as for any address
    assert last.status_code == 302 and last.url == reverse("board:alert-sent")
    assert len(mail.outbox) == 3 and Alert.objects.count() == 3


def test_asking_again_for_the_same_search_resends_within_the_cap_only(
    client, areas, settings, django_capture_on_commit_callbacks
):
    settings.BOARD_ALERT_CONFIRMATIONS_PER_DAY = 2
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            ask(client)
    assert len(mail.outbox) == 2 and Alert.objects.count() == 1
    assert AlertConfirmationSent.objects.count() == 2


def test_the_confirmation_cap_counts_per_address_not_globally(client, areas, settings):
    settings.BOARD_ALERT_CONFIRMATIONS_PER_DAY = 1
    assert ask(client, email="a@example.test").status_code == 302
    assert ask(client, email="b@example.test").status_code == 302
    ask(client, email="A@example.test", query="q=other")
    assert Alert.objects.count() == 2
    assert AlertConfirmationSent.objects.count() == 2


def test_one_address_can_hold_only_so_many_alerts(client, areas, settings):
    settings.BOARD_ALERTS_PER_OWNER = 2
    settings.BOARD_ALERT_CONFIRMATIONS_PER_DAY = 10
    for n in range(2):
        assert ask(client, query=f"q=word{n}").status_code == 302
    refused = ask(client, query="q=word9")  # the same answer: the address reveals nothing
    assert refused.status_code == 302 and refused.url == reverse("board:alert-sent")
    assert Alert.objects.count() == 2


def test_an_account_can_hold_only_so_many_alerts(client, user, areas, settings):
    settings.BOARD_ALERTS_PER_OWNER = 2
    client.force_login(user)
    for n in range(3):
        client.post(create_url(f"q=word{n}"), {"frequency": "digest", "days": "7"})
    assert Alert.objects.filter(user=user).count() == 2


def test_new_alerts_a_day_are_limited_per_account(client, user, areas, settings):
    settings.BOARD_ALERT_DAILY_RATE = "2/d"
    client.force_login(user)
    codes = [
        client.post(create_url(f"q=word{n}"), {"frequency": "digest", "days": "7"}).status_code
        for n in range(3)
    ]
    assert codes == [302, 302, 429]


def test_one_ip_address_can_make_only_so_many_alerts(client, areas, settings):
    settings.BOARD_ALERT_IP_RATE = "3/h"
    codes = [ask(client, email=f"p{n}@example.test").status_code for n in range(5)]
    assert codes == [302, 302, 302, 429, 429]
    assert Alert.objects.count() == 3


def test_a_failed_attempt_does_not_use_up_the_ip_allowance(client, areas, settings):
    settings.BOARD_ALERT_IP_RATE = "1/h"
    ask(client, email="broken")
    assert ask(client).status_code == 302


def test_unconfirmed_alerts_never_send_anything(make_post, client, areas):
    ask(client, query="area=springfield")
    make_post()  # a match, were it confirmed
    post = make_post()
    alert_tasks.match_alerts.call(post_id=post.pk)
    assert mail.outbox == []
    assert not Alert.objects.get().matches.exists()
