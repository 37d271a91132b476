"""The Django admin: one module per area; each ModelAdmin's actions call services."""

from . import moderation, posts, replies, resources  # noqa: F401
