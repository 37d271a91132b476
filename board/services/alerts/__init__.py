"""Alerts: "email me when a new story matches" (docs/alerts.md).

subscribe (make, confirm, renew, end), matching (which alerts a new post matches),
delivery (the emails, sent by tasks), addresses (encrypted, hashed), links (signed).
"""

from .addresses import email_hash, masked
from .delivery import due_digests, recipient, send_confirmation, send_digest, send_match
from .filters import AlertFilters, describe_alert
from .links import BadLink
from .matching import match_post
from .subscribe import (
    AlertRefused,
    Outcome,
    alerts_for_account,
    change_frequency,
    confirm_alert,
    create_alert_for_address,
    create_alert_for_user,
    delete_alert,
    filters_for_moment,
    follow_moment,
    prune_alerts,
    renew_alert,
    unsubscribe,
)

__all__ = [
    "AlertFilters",
    "AlertRefused",
    "BadLink",
    "Outcome",
    "alerts_for_account",
    "change_frequency",
    "confirm_alert",
    "create_alert_for_address",
    "create_alert_for_user",
    "delete_alert",
    "describe_alert",
    "due_digests",
    "filters_for_moment",
    "follow_moment",
    "email_hash",
    "masked",
    "match_post",
    "prune_alerts",
    "recipient",
    "renew_alert",
    "send_confirmation",
    "send_digest",
    "send_match",
    "unsubscribe",
]
