"""Alert pages: one-click unsubscribe, manage pages that show nobody another person's alerts
or address, renewal, the list page's prompt, the post form's checkbox, export and deletion."""

import json
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from board.models import Alert, AlertMatch
from board.services import alerts, privacy
from board.services.alerts import links
from board.tasks import alerts as alert_tasks

pytestmark = pytest.mark.django_db

MY_ALERTS = reverse("board:my-alerts")


@pytest.fixture
def address_alert(areas, tags):
    """A running alert made with an email address (no account)."""
    outcome = alerts.create_alert_for_address(
        email="watcher@example.test",
        filters=alerts.AlertFilters.build(query="green coat", area=areas["city"]),
        frequency="digest",
        days=30,
    )
    return alerts.confirm_alert(key=outcome.alert.key)


@pytest.fixture
def account_alert(user, areas):
    return alerts.create_alert_for_user(
        user=user,
        filters=alerts.AlertFilters.build(query="ferry", area=areas["north"]),
        frequency="each",
        days=7,
    ).alert


def unsubscribe_url(alert) -> str:
    return reverse("board:alert-unsubscribe", args=[links.unsubscribe_token(alert)])


def manage_url(alert) -> str:
    return reverse("board:alert-manage", args=[links.manage_token(alert.email_hash)])


# --- Unsubscribe --------------------------------------------------------------------------


def test_unsubscribe_get_asks_with_a_button_and_changes_nothing(client, address_alert):
    response = client.get(unsubscribe_url(address_alert))
    assert response.status_code == 200
    assert b"Stop the alert" in response.content and b'method="post"' in response.content
    assert Alert.objects.filter(pk=address_alert.pk).exists()


def test_one_click_unsubscribe_is_a_post_without_cookies_or_csrf(address_alert):
    from django.test import Client

    mail_client = Client(enforce_csrf_checks=True)  # as a mail provider posts it (RFC 8058)
    response = mail_client.post(
        unsubscribe_url(address_alert),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200 and b"Alert stopped" in response.content
    assert not Alert.objects.filter(pk=address_alert.pk).exists()
    again = mail_client.post(unsubscribe_url(address_alert))  # a second click: still fine
    assert again.status_code == 200


def test_unsubscribing_deletes_the_address_and_the_matches(client, address_alert, make_post):
    AlertMatch.objects.create(alert=address_alert, post=make_post())
    client.post(unsubscribe_url(address_alert))
    assert not Alert.objects.exists() and not AlertMatch.objects.exists()


def test_a_tampered_unsubscribe_link_deletes_nothing(client, address_alert, account_alert):
    token = links.unsubscribe_token(address_alert)
    forged = token.split(":")[0] + ":" + links.unsubscribe_token(account_alert).split(":")[1]
    for bad in (token + "x", forged, links.confirm_token(address_alert)):
        response = client.post(reverse("board:alert-unsubscribe", args=[bad]))
        assert response.status_code == 400
    assert Alert.objects.count() == 2


def test_the_unsubscribe_link_in_an_email_works(client, address_alert, make_post):
    alerts.change_frequency(alert=address_alert, frequency="each")
    alert_tasks.match_alerts.call(post_id=make_post(headline="A green coat on the tram").pk)
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    client.post("/" + link.split("/", 3)[3])
    assert not Alert.objects.exists()


# --- Manage pages and who sees what ----------------------------------------------------


def test_my_alerts_needs_an_account(client, account_alert):
    response = client.get(MY_ALERTS)
    assert response.status_code == 302 and "login" in response.url


def test_my_alerts_shows_my_alerts_and_never_an_address(
    client, user, account_alert, django_assert_max_num_queries
):
    client.force_login(user)
    with django_assert_max_num_queries(10):
        response = client.get(MY_ALERTS)
    page = response.content.decode()
    assert response.status_code == 200 and "“ferry”" in page and "North Side" in page
    assert user.email not in page


@pytest.mark.parametrize("who", ["other_user", "moderator", "admin_user"])
def test_nobody_else_sees_or_changes_my_alerts(client, request, who, account_alert, address_alert):
    visitor = request.getfixturevalue(who)
    client.force_login(visitor)
    page = client.get(MY_ALERTS).content.decode()
    assert "ferry" not in page and "green coat" not in page and "watcher@" not in page
    for action in ("delete", "renew"):
        for alert in (account_alert, address_alert):
            response = client.post(MY_ALERTS, {"alert": alert.key, "action": action, "days": "90"})
            assert response.status_code == 404
    assert Alert.objects.count() == 2
    assert Alert.objects.get(pk=account_alert.pk).duration_days == 7


def test_the_manage_link_lists_only_that_addresses_alerts(client, address_alert, account_alert):
    other = alerts.create_alert_for_address(
        email="someone-else@example.test",
        filters=alerts.AlertFilters.build(query="lighthouse"),
        frequency="each",
        days=7,
    ).alert
    page = client.get(manage_url(address_alert)).content.decode()
    assert "green coat" in page
    assert "lighthouse" not in page and "ferry" not in page
    assert "watcher@" not in page and "someone-else" not in page
    response = client.post(manage_url(address_alert), {"alert": other.key, "action": "delete"})
    assert response.status_code == 404 and Alert.objects.filter(pk=other.pk).exists()


def test_a_tampered_or_missing_manage_link_shows_nothing(client, address_alert):
    token = links.manage_token(address_alert.email_hash)
    tampered = token[:-1] + ("1" if token.endswith("0") else "0")  # "+0" alone may not change it
    for bad in (tampered, "x", links.unsubscribe_token(address_alert)):
        response = client.get(reverse("board:alert-manage", args=[bad]))
        assert response.status_code == 400 and b"green coat" not in response.content


def test_an_alert_is_renewed_from_the_manage_page(client, address_alert):
    Alert.objects.filter(pk=address_alert.pk).update(
        expires_at=timezone.now() - timedelta(days=2)  # ended, still within the grace
    )
    url = manage_url(address_alert)
    assert b"Ended on" in client.get(url).content
    response = client.post(url, {"alert": address_alert.key, "action": "renew", "days": "90"})
    assert response.status_code == 302
    address_alert.refresh_from_db()
    assert address_alert.is_active
    assert address_alert.expires_at - timezone.now() > timedelta(days=89)


def test_a_renewal_never_runs_past_90_days(client, user, account_alert):
    client.force_login(user)
    client.post(MY_ALERTS, {"alert": account_alert.key, "action": "renew", "days": "365"})
    account_alert.refresh_from_db()
    assert account_alert.expires_at - timezone.now() < timedelta(days=8)


def test_owner_changes_frequency_and_deletes(client, user, account_alert):
    client.force_login(user)
    client.post(
        MY_ALERTS, {"alert": account_alert.key, "action": "frequency", "frequency": "digest"}
    )
    account_alert.refresh_from_db()
    assert account_alert.frequency == "digest"
    client.post(MY_ALERTS, {"alert": account_alert.key, "action": "delete"})
    assert not Alert.objects.exists()


def test_a_bad_change_is_a_message_not_an_error(client, user, account_alert):
    client.force_login(user)
    response = client.post(
        MY_ALERTS, {"alert": account_alert.key, "action": "explode"}, follow=True
    )
    assert response.status_code == 200 and b"Choose what to change" in response.content


def test_new_pages_answer_anonymous_visitors_without_errors(client, address_alert, areas):
    for url in (
        reverse("board:alert-create"),
        reverse("board:alert-sent"),
        reverse("board:alert-confirm", args=[links.confirm_token(address_alert)]),
        unsubscribe_url(address_alert),
        manage_url(address_alert),
    ):
        assert client.get(url).status_code == 200, url


# --- The list page and the post form ---------------------------------------------------


def test_the_list_offers_an_alert_for_the_same_search_and_keeps_the_feed(client, make_post):
    make_post()
    page = client.get("/?q=umbrella&type=romantic&after=abc&sort=newest").content.decode()
    link = re.search(r'href="(/alerts/new/[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "q=umbrella" in link and "type=romantic" in link
    assert "after" not in link and "sort" not in link
    assert "Email me new matches" in page and "as an Atom feed" in page


def test_the_front_page_keeps_its_query_count_with_the_alert_prompt(
    client, make_post, django_assert_max_num_queries
):
    make_post()
    client.get("/")
    with django_assert_max_num_queries(5):
        response = client.get("/?type=romantic")
    assert b"/alerts/new/?type=romantic" in response.content


def test_the_post_form_checkbox_starts_an_alert_about_the_moment(
    client, user, post_form_data, areas, tags, django_capture_on_commit_callbacks
):
    client.force_login(user)
    form = client.get(reverse("board:post-create")).content.decode()
    assert 'name="alert_moment"' in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("board:post-create"), post_form_data(alert_moment="on"))
    assert response.status_code == 302
    alert = Alert.objects.get()
    day = timezone.localdate() - timedelta(days=1)
    assert alert.user == user and alert.frequency == "each" and alert.is_active
    assert alert.area == areas["city"] and alert.connection_type == "platonic"
    assert [tag.slug for tag in alert.setting_tags.all()] == ["public-transit"]
    assert alert.date_from == day - timedelta(days=1) and alert.date_to == day + timedelta(days=1)
    assert not alert.matches.exists()  # never the author's own post


def test_the_post_form_without_the_checkbox_starts_no_alert(client, user, post_form_data):
    client.force_login(user)
    client.post(reverse("board:post-create"), post_form_data())
    assert not Alert.objects.exists()


def test_the_edit_form_has_no_alert_checkbox(client, user, post):
    client.force_login(user)
    page = client.get(reverse("board:post-edit", args=[post.public_id])).content
    assert b"alert_moment" not in page


# --- Data export and account deletion --------------------------------------------------


def test_the_export_lists_my_alerts_and_those_at_my_address(client, make_user, areas, make_post):
    person = make_user("watcher@example.test")
    mine = alerts.create_alert_for_user(
        user=person, filters=alerts.AlertFilters.build(query="ferry"), frequency="each", days=7
    ).alert
    by_address = alerts.create_alert_for_address(
        email="Watcher@example.test",
        filters=alerts.AlertFilters.build(area=areas["city"]),
        frequency="digest",
        days=30,
    ).alert
    stranger = alerts.create_alert_for_address(
        email="stranger@example.test",
        filters=alerts.AlertFilters.build(query="lighthouse"),
        frequency="digest",
        days=30,
    ).alert
    post = make_post()
    AlertMatch.objects.create(alert=mine, post=post)
    client.force_login(person)
    data = json.loads(client.get(reverse("board:account-export")).content)
    exported = data["alerts"]
    assert len(exported) == 2
    assert exported[0]["looks_for"] == ["Words: “ferry”", "Anywhere"]
    assert exported[0]["matched_posts"] == [post.public_id]
    assert exported[1]["made_with"] == "email address"
    assert "lighthouse" not in json.dumps(data)
    assert mine and by_address and stranger


def test_deleting_the_account_deletes_its_alerts_and_those_at_its_address(make_user, areas):
    person = make_user("watcher@example.test")
    alerts.create_alert_for_user(
        user=person, filters=alerts.AlertFilters.build(query="ferry"), frequency="each", days=7
    )
    alerts.create_alert_for_address(
        email="watcher@example.test",
        filters=alerts.AlertFilters.build(),
        frequency="digest",
        days=30,
    )
    kept = alerts.create_alert_for_address(
        email="stranger@example.test",
        filters=alerts.AlertFilters.build(),
        frequency="digest",
        days=30,
    ).alert
    counts = privacy.delete_account(user=person, delete_posts=True)
    assert counts["alerts"] == 2
    assert list(Alert.objects.values_list("pk", flat=True)) == [kept.pk]


@pytest.mark.parametrize("who", [None, "user", "other_user", "moderator", "admin_user"])
def test_without_the_signed_link_nobody_sees_an_addresss_alerts(
    client, request, who, address_alert
):
    if who:
        client.force_login(request.getfixturevalue(who))
    forged = links.manage_token(alerts.email_hash("someone-else@example.test"))
    tampered = forged[:-1] + ("1" if forged.endswith("0") else "0")
    for token in (tampered, "watcher@example.test"):
        response = client.get(reverse("board:alert-manage", args=[token]))
        assert response.status_code == 400 and b"green coat" not in response.content
    response = client.get(reverse("board:alert-manage", args=[forged]))  # a real, other link
    assert b"green coat" not in response.content


def test_the_admin_shows_no_alerts_and_so_no_addresses(admin_client, address_alert):
    assert admin_client.get("/admin/board/alert/").status_code == 404
    page = admin_client.get("/admin/").content.decode()
    assert "watcher@" not in page


def test_the_alert_pages_use_a_fixed_number_of_queries(
    client, user, address_alert, account_alert, tags, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the areas and the settings, for the browse form
        client.get(reverse("board:alert-create") + "?q=coat&area=springfield&setting=cafe")
    with django_assert_num_queries(2):  # the alerts and their settings
        client.get(manage_url(address_alert))
    for days in (7, 30):  # more alerts, same count
        alerts.create_alert_for_user(
            user=user,
            filters=alerts.AlertFilters.build(query=f"word{days}", setting_tags=[tags["cafe"]]),
            frequency="each",
            days=days,
        )
    client.force_login(user)
    # session, user, verified addresses, alerts, their settings, the header's unread counts
    with django_assert_num_queries(6):
        assert client.get(MY_ALERTS).content.count(b"alert-item") == 3
