"""Django's and allauth's authentication backends, with a leaner lookup of the signed-in user.

Every signed-in request served through WSGI loads its user by primary key (`get_user`).
Django builds, filters and compiles a QuerySet for that on every request; here the SELECT
is written once per process and run as a raw query, which still turns the row into a user
through the model's own field conversions. Signing in, permissions and everything else
are the parents'. The raw query reads the user model's table as it is: a user model whose
default manager hides rows, or one spread over several tables, would need Django's lookup.
"""

import functools

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model
from django.db import connections, router


@functools.cache
def _user_by_pk_sql(user_model, using: str) -> str:
    meta = user_model._meta
    quote = connections[using].ops.quote_name
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    return f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"


class _LeanUserLookup:
    def get_user(self, user_id):
        """The active user with this primary key, or None (as `ModelBackend.get_user`)."""
        user_model = get_user_model()
        meta = user_model._meta
        if meta.parents:
            return super().get_user(user_id)  # a user over several tables needs the join
        using = router.db_for_read(user_model)
        key = meta.pk.get_db_prep_value(meta.pk.to_python(user_id), connections[using])
        users = user_model._default_manager.db_manager(using)
        user = next(iter(users.raw(_user_by_pk_sql(user_model, using), [key])), None)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_LeanUserLookup, django_backends.ModelBackend):
    """Django's username-and-password backend (used by the admin and by tests' logins)."""


class AuthenticationBackend(_LeanUserLookup, allauth_backends.AuthenticationBackend):
    """allauth's backend: signing in by username or email."""
