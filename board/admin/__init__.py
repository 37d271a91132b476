"""The Django admin: one module per area; each ModelAdmin's actions call services."""

from . import posts  # noqa: F401
