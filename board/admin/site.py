"""The admin's own words: it names the site and opens on the moderation queue."""

from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Missed Connections · moderation")
admin.site.site_title = _("Missed Connections moderation")
admin.site.index_title = _("The moderation queue")
admin.site.index_template = "admin/board/index.html"


def greeting_name(user) -> str:
    """How the admin greets a moderator: their chosen display name if they have one, else
    their first name, else "moderator"; never the internal username or the address."""
    for name in (getattr(user, "display_name", ""), user.first_name):
        if name and name.strip():
            return name.strip()
    return gettext("moderator")
