"""Every write that matters, in transactions; views, admin and commands call these."""

from .accounts import Suspended, active_suspension, lift_suspension, suspend_author
from .flags import AlreadyFlagged, flag_post
from .moderation import (
    dismiss_reports,
    expire_posts,
    hide_post,
    publish_post,
    reject_post,
    remove_post,
    restore_post,
)
from .posts import (
    NotEditable,
    PostRefused,
    can_renew,
    delete_post,
    edit_post,
    renew_post,
    submit_post,
)
from .quotas import RateLimited

__all__ = [
    "AlreadyFlagged",
    "NotEditable",
    "PostRefused",
    "RateLimited",
    "Suspended",
    "active_suspension",
    "can_renew",
    "delete_post",
    "dismiss_reports",
    "edit_post",
    "expire_posts",
    "flag_post",
    "hide_post",
    "lift_suspension",
    "publish_post",
    "reject_post",
    "remove_post",
    "renew_post",
    "restore_post",
    "submit_post",
    "suspend_author",
]
