"""The signed-in user is loaded by board.auth_backends on every request: the same user Django's
own lookup gives, with the same refusals, in one query."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from board.auth_backends import AuthenticationBackend, ModelBackend

pytestmark = pytest.mark.django_db

BACKENDS = [ModelBackend(), AuthenticationBackend()]


@pytest.mark.parametrize("backend", BACKENDS, ids=["model", "allauth"])
def test_loads_the_same_user_as_djangos_lookup(backend, make_user, django_assert_max_num_queries):
    user = make_user(first_name="Ada")
    expected = DjangoModelBackend().get_user(user.pk)
    with django_assert_max_num_queries(1):
        loaded = backend.get_user(user.pk)
    fields = [field.attname for field in get_user_model()._meta.concrete_fields]
    assert [getattr(loaded, name) for name in fields] == [
        getattr(expected, name) for name in fields
    ]
    assert loaded.get_session_auth_hash() == user.get_session_auth_hash()
    assert loaded._state.adding is False and loaded._state.db == "default"


@pytest.mark.parametrize("backend", BACKENDS, ids=["model", "allauth"])
def test_an_inactive_or_missing_user_is_nobody(backend, make_user):
    inactive = make_user(is_active=False)
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(inactive.pk + 1000) is None


def test_a_key_given_as_text_finds_the_same_user(make_user):
    user = make_user()
    assert ModelBackend().get_user(str(user.pk)) == user


def test_signing_in_through_allauth_records_the_boards_backend(client, make_user):
    make_user("ready@example.test")
    client.post(
        "/accounts/login/", {"login": "ready@example.test", "password": "a-long-test-password"}
    )
    assert client.session[BACKEND_SESSION_KEY] == "board.auth_backends.AuthenticationBackend"
    assert client.get("/me/posts/").status_code == 200


def test_a_deactivated_account_is_signed_out_on_its_next_request(client, make_user):
    user = make_user()
    client.force_login(user)
    assert client.get("/me/posts/").status_code == 200
    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    response = client.get("/me/posts/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_changed_password_signs_out_other_sessions(client, make_user):
    user = make_user()
    client.force_login(user)
    user.set_password("another-long-test-password")
    user.save()
    assert client.get("/me/posts/").status_code == 302
