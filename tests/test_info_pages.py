"""About, privacy, terms, contact and appeal pages exist, and the places that need them link
to them; people are addressed by a name they chose, never an internal username."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from board import services

pytestmark = pytest.mark.django_db

PAGES = ["board:about", "board:privacy", "board:terms", "board:contact", "board:appeal"]


def _links(response) -> set[str]:
    return {a["href"] for a in BeautifulSoup(response.content, "html.parser").select("a[href]")}


@pytest.mark.parametrize("name", PAGES)
def test_each_trust_page_opens_for_a_visitor(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").h1.get_text().strip()


def test_the_about_page_says_how_anonymity_works_and_what_moderators_see(client):
    text = BeautifulSoup(client.get(reverse("board:about")).content, "html.parser").get_text()
    assert "pseudonym made for that post alone" in text
    assert "What moderators see" in text


def test_contact_and_appeal_pages_give_the_configured_address(client, settings):
    settings.BOARD_CONTACT_EMAIL = "help@board.example"
    for name in ("board:contact", "board:appeal"):
        assert "help@board.example" in client.get(reverse(name)).content.decode()


def test_the_suspension_notice_links_to_the_appeal_route(client, user, moderator):
    services.suspend_author(user=user, period="24h", reason="Spam.", moderator=moderator)
    client.force_login(user)
    assert reverse("board:appeal") in _links(client.get(reverse("board:post-create")))


def test_the_notices_page_links_to_the_appeal_route(client, user):
    client.force_login(user)
    assert reverse("board:appeal") in _links(client.get(reverse("board:my-notifications")))


def test_a_person_chooses_their_display_name_and_the_account_page_uses_it(client, user):
    client.force_login(user)
    response = client.post(reverse("board:display-name"), {"display_name": "  Robin   K "})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.first_name == "Robin K"
    page = client.get(reverse("board:account-home")).content.decode()
    assert "Robin K" in page
    assert user.username not in page


def test_a_moderator_is_greeted_in_the_admin_by_their_chosen_name_not_the_username(
    client, moderator
):
    moderator.first_name = "Alex"
    moderator.save()
    client.force_login(moderator)
    page = client.get(reverse("admin:index")).content.decode()
    assert "Welcome, <strong>Alex</strong>" in page
    assert moderator.username not in page


def test_createsuperuser_asks_for_an_email_and_makes_the_username_itself(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-admin-password-9")
    call_command("createsuperuser", "--noinput", "--email", "boss@example.test")
    boss = get_user_model().objects.get(email="boss@example.test")
    assert boss.is_superuser
    assert boss.username.startswith("member-")
    assert boss.emailaddress_set.get().verified


def test_createsuperuser_interactive_prompts_for_the_email_not_a_username(monkeypatch, capsys):
    answers = iter(["not an email", "chief@example.test"])
    prompts = []

    def fake_input(message=""):
        prompts.append(message)
        return next(answers)

    monkeypatch.setattr("builtins.input", fake_input)
    monkeypatch.setattr("getpass.getpass", lambda prompt="Password: ": "a-long-admin-password-9")
    call_command("createsuperuser", interactive=True, stdin=None)
    assert all("sername" not in prompt for prompt in prompts)
    assert get_user_model().objects.get(email="chief@example.test").is_superuser
    assert "Enter the email address" in capsys.readouterr().err
