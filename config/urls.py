from allauth.account.decorators import secure_admin_login
from allauth.mfa.totp.views import activate_totp
from csp.decorators import csp_update
from django.contrib import admin
from django.urls import include, path

# Staff sign in through allauth (rate-limited, second factor), never the admin's own form.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    # allauth's TOTP setup page shows its QR code as a `data:` SVG image.
    path(
        "accounts/2fa/totp/activate/",
        csp_update({"img-src": ["'self'", "data:"]})(activate_totp),
        name="mfa_activate_totp",
    ),
    path("accounts/", include("allauth.urls")),
    path("", include("board.urls")),
]
