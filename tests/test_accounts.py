"""Accounts through django-allauth: email login, verification, codes, adult and guidelines."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db

SIGNUP = {
    "email": "new.person@example.test",
    "password1": "a-long-test-password-42",
    "password2": "a-long-test-password-42",
    "is_adult": "on",
    "accepts_guidelines": "on",
}


def test_signup_requires_confirming_adult_and_accepting_guidelines(client):
    response = client.post(
        "/accounts/signup/", {**SIGNUP, "is_adult": "", "accepts_guidelines": ""}
    )
    page = response.content.decode()
    assert "You must be 18 or older" in page
    assert "accept the community guidelines" in page
    assert not get_user_model().objects.exists()


def test_signup_sends_a_verification_email_and_does_not_sign_in(client):
    response = client.post("/accounts/signup/", SIGNUP, follow=True)
    assert get_user_model().objects.filter(email=SIGNUP["email"]).exists()
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session
    assert response.redirect_chain[-1][0].startswith("/accounts/confirm-email/")


def test_username_is_random_not_taken_from_the_email(client):
    client.post("/accounts/signup/", SIGNUP)
    user = get_user_model().objects.get()
    assert "new.person" not in user.username
    assert user.username.startswith("member-")


def test_unverified_account_cannot_sign_in_with_a_password(client, make_user):
    user = make_user("late@example.test")
    user.emailaddress_set.update(verified=False)
    client.post(
        "/accounts/login/", {"login": "late@example.test", "password": "a-long-test-password"}
    )
    assert "_auth_user_id" not in client.session


def test_verified_account_signs_in_with_email_and_password(client, make_user):
    make_user("ready@example.test")
    client.post(
        "/accounts/login/", {"login": "ready@example.test", "password": "a-long-test-password"}
    )
    assert "_auth_user_id" in client.session


def test_sign_in_by_emailed_code_is_offered_and_sends_a_code(client, make_user):
    make_user("coder@example.test")
    assert client.get("/accounts/login/code/").status_code == 200
    client.post("/accounts/login/code/", {"email": "coder@example.test"})
    assert len(mail.outbox) == 1
    assert "code" in mail.outbox[0].body.lower()


def test_password_reset_sends_an_email(client, make_user):
    make_user("forgetful@example.test")
    client.post("/accounts/password/reset/", {"email": "forgetful@example.test"})
    assert len(mail.outbox) == 1


def test_account_pages_use_the_site_layout(client):
    html = client.get("/accounts/login/").content.decode()
    assert 'class="site-header"' in html
    assert 'id="main"' in html
