"""Response headers Django and django-csp do not send, private caching for personal pages,
and the staff second-factor gate in front of the admin.
"""

from functools import cache

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
STAFF_MFA_MESSAGE = (
    "Staff accounts need a second factor before the admin opens. Set up an authenticator "
    "app below; you will then be shown recovery codes to keep somewhere safe."
)


@cache
def _personal_prefixes() -> tuple[str, ...]:
    """Paths whose pages are about one person: never stored by a browser or a proxy."""
    accounts = reverse("account_login").removesuffix("login/")  # where allauth lives
    return (reverse("board:account-home"), accounts, reverse("admin:index"))


def is_personal(request) -> bool:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    return request.path_info.startswith(_personal_prefixes())


class SecurityHeadersMiddleware:
    """Cross-Origin-Resource-Policy and Permissions-Policy on every response;
    `Cache-Control: private, no-store` on every page for a signed-in person and on /me/,
    /accounts/ and /admin/ whoever asks.

    First in MIDDLEWARE, so static files and redirects get the headers too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if is_personal(request):
            response["Cache-Control"] = "private, no-store"
            response.headers.pop("Expires", None)
        return response


class StaffMFAMiddleware:
    """A staff account without an authenticator is sent to set one up before the admin opens.

    Signing in through allauth then always asks for the second factor. Turned off only by
    BOARD_REQUIRE_STAFF_MFA=False.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_set_up(request):
            messages.warning(request, STAFF_MFA_MESSAGE)
            return redirect("mfa_activate_totp")
        return self.get_response(request)

    @staticmethod
    def _must_set_up(request) -> bool:
        if not settings.BOARD_REQUIRE_STAFF_MFA:
            return False
        user = request.user
        if not (user.is_authenticated and user.is_staff):
            return False
        admin_root = reverse("admin:index")
        path = request.path_info
        if not path.startswith(admin_root) or path == reverse("admin:logout"):
            return False
        return not is_mfa_enabled(user, [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN])
