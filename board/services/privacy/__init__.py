"""A person's rights over their data: a copy of everything the board holds about them
(`export`), and deleting their account so that nothing left on the board links back to them
(`deletion`)."""

from .deletion import (
    DELETE_ATTEMPTS_GROUP,
    DELETE_ATTEMPTS_RATE,
    delete_account,
    end_sessions,
    forget_rate_limits,
)
from .export import EXPORT_FORMAT, EXPORT_SECTIONS, export_account_data, export_filename

__all__ = [
    "DELETE_ATTEMPTS_GROUP",
    "DELETE_ATTEMPTS_RATE",
    "EXPORT_FORMAT",
    "EXPORT_SECTIONS",
    "delete_account",
    "end_sessions",
    "export_account_data",
    "export_filename",
    "forget_rate_limits",
]
