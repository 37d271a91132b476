"""The decisions a moderator can take on a post: which service each calls, from which
statuses, and in plain words why one does not apply. Shared by buttons and bulk actions."""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Post, PostStatus, TakedownOutcome
from ..services import moderation


@dataclass(frozen=True)
class Decision:
    name: str
    label: str  # the button
    done: str  # "approved"
    service: Callable
    allowed: frozenset
    needs: str  # why it may not apply, in words


DECISIONS = {
    d.name: d
    for d in [
        Decision("approve", _("Approve"), _("approved"), services.publish_post,
                 frozenset(moderation.APPROVABLE), _("only held or hidden posts can be approved")),
        Decision("reject", _("Reject"), _("rejected"), services.reject_post,
                 frozenset(moderation.REJECTABLE), _("only held or hidden posts can be rejected")),
        Decision("remove", _("Remove"), _("removed"), services.remove_post,
                 frozenset(moderation.REMOVABLE),
                 _("only live, held or hidden posts can be removed")),
        Decision("restore", _("Restore"), _("restored"), services.restore_post,
                 frozenset(moderation.RESTORABLE),
                 _("only removed, rejected or hidden posts can be restored")),
        Decision("dismiss", _("Dismiss reports (keep it up)"),
                 _("kept up with its reports dismissed"),
                 services.dismiss_reports, frozenset({PostStatus.PUBLISHED}),
                 _("only a live post with open reports or takedown requests can be kept up")),
    ]
}  # fmt: skip


def has_open_reports(post: Post) -> bool:
    waiting = post.takedown_requests.filter(
        outcome__in=[TakedownOutcome.HIDDEN, TakedownOutcome.QUEUED]
    )
    return post.needs_urgent_review or post.reports_open_since is not None or waiting.exists()


def applies(decision: Decision, post: Post) -> bool:
    if post.status not in decision.allowed:
        return False
    return decision.name != "dismiss" or has_open_reports(post)


def available(post: Post) -> list[Decision]:
    return [d for d in DECISIONS.values() if applies(d, post)]


def why_not(decision: Decision, post: Post) -> str:
    """Why `decision` did not change `post`, for the moderator."""
    if post.status in decision.allowed:  # only dismissing can fail on a live post
        return gettext("it has no open reports or takedown requests")
    return gettext("it is %(status)s (%(needs)s)") % {
        "status": post.get_status_display().lower(),
        "needs": decision.needs,
    }


def title(post: Post) -> str:
    return gettext("“%(headline)s”") % {"headline": post.headline or post.public_id}
