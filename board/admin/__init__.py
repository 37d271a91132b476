"""The Django admin: one module per area; each ModelAdmin's actions call services."""

from . import appeals, comments, moderation, places, posts, replies, resources, site  # noqa: F401
