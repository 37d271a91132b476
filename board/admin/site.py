"""The admin's own words: it names the site and opens on the moderation queue."""

from django.contrib import admin

admin.site.site_header = "Missed Connections · moderation"
admin.site.site_title = "Missed Connections moderation"
admin.site.index_title = "The moderation queue"
admin.site.index_template = "admin/board/index.html"


def greeting_name(user) -> str:
    """How the admin greets a moderator: their chosen display name if they have one, else
    their first name, else "moderator"; never the internal username or the address."""
    for name in (getattr(user, "display_name", ""), user.first_name):
        if name and name.strip():
            return name.strip()
    return "moderator"
