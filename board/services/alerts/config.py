"""The alerts' settings, each overridable in Django settings under the same name."""

from django.conf import settings

DEFAULTS = {
    # Durations a person can choose, in days; never more than 90.
    "BOARD_ALERT_DAYS": (7, 30, 90),
    # Alerts (active or waiting for confirmation) one account or one address may have.
    "BOARD_ALERTS_PER_OWNER": 10,
    # New alerts one account or address may make a day.
    "BOARD_ALERT_DAILY_RATE": "10/d",
    # New alerts one IP address may make (counted in the cache, keyed by a hash of the IP).
    "BOARD_ALERT_IP_RATE": "20/h",
    # Confirmation emails to one address a day, however they were asked for.
    "BOARD_ALERT_CONFIRMATIONS_PER_DAY": 3,
    # How long a confirmation link works; an unconfirmed alert is deleted after it.
    "BOARD_ALERT_CONFIRM_HOURS": 24,
    # How long a "manage your alerts" link (for alerts without an account) works.
    "BOARD_ALERT_MANAGE_LINK_DAYS": 90,
    # An expired alert can still be renewed this long before it is deleted.
    "BOARD_ALERT_KEEP_EXPIRED_DAYS": 7,
    # How often `run_periodic` looks for digests that are due (each goes at most once a day).
    "BOARD_ALERT_DIGEST_EVERY_SECONDS": 3600,
    # How often expired alerts and old confirmation records are deleted.
    "BOARD_ALERT_PRUNE_EVERY_SECONDS": 3600,
    # Stories listed in one digest at most.
    "BOARD_ALERT_DIGEST_MAX_POSTS": 20,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
