"""The moderators' queue: everything that needs a decision, in one order, whatever its kind.

Posts (held, hidden, urgent, or with reports opened since the last decision), open appeals
and unresolved reported conversations are merged: urgent first, then most flagged, then the
one waiting longest. Each source is read in that order and cut at `LIMIT`, so the page
costs a few indexed queries at any size; each count links to its own filtered list and stops
at `COUNT_CAP`, so no count scans more than that many index entries (docs/moderation.md).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import Appeal, Comment, Conversation, Post, PostStatus
from .base import capped_count

LIMIT = 50
COUNT_CAP = 1000


@dataclass(frozen=True)
class QueueItem:
    kind: str  # "post", "appeal", "conversation" or "comment"
    pk: int
    title: str
    why: str
    urgent: bool
    flags: int
    waiting_since: datetime
    url: str

    @property
    def sort_key(self):
        return (not self.urgent, -self.flags, self.waiting_since, self.kind, self.pk)


def queued_posts():
    return Post.objects.needing_decision()


# The posts that wait, by why they wait: the index's counts and the changelist's "needs a
# decision" filter (post_filters.QueueFilter) both use these. Each is written so that its
# WHERE is exactly one partial index's condition, which also gives the planner a true row
# estimate (`in_queue AND status = 'pending'` would be estimated as if independent).
POST_VIEWS = {
    "all": lambda posts: posts.needing_decision(),  # post_queue
    "urgent": lambda posts: posts.needing_decision().filter(needs_urgent_review=True),
    # Held posts always wait (NEEDS_DECISION): post_queue_held.
    "held": lambda posts: posts.filter(status=PostStatus.PENDING),
    # Open reports wait unless the post was deleted: post_queue_flagged.
    "flagged": lambda posts: posts.filter(reports_open_since__isnull=False).exclude(
        status=PostStatus.DELETED
    ),
}


def reported_conversations():
    return Conversation.objects.reported().filter(report_resolved_at__isnull=True)


def _why(item) -> str:
    """Why a post or comment waits: "Urgent · Published · 2 reports"."""
    parts = [item.get_status_display()]
    if item.needs_urgent_review:
        parts.insert(0, gettext("Urgent"))
    if item.reports_open_since is not None:
        count = item.flag_count
        parts.append(ngettext("%(count)s report", "%(count)s reports", count) % {"count": count})
    return " · ".join(parts)


def _posts(limit: int):
    posts = queued_posts().in_queue_order().only(
        "pk", "public_id", "headline", "status", "needs_urgent_review", "flag_count",
        "reports_open_since", "waiting_since",
    )[:limit]  # fmt: skip
    for post in posts:
        yield QueueItem(
            kind="post",
            pk=post.pk,
            title=post.headline or post.public_id,
            why=_why(post),
            urgent=post.needs_urgent_review,
            flags=post.flag_count,
            waiting_since=post.waiting_since,
            url=reverse("admin:board_post_change", args=[post.pk]),
        )


def _appeals(limit: int):
    appeals = Appeal.objects.open().select_related("decision", "suspension").order_by("created_at")
    for appeal in appeals[:limit]:
        yield QueueItem(
            kind="appeal",
            pk=appeal.pk,
            title=gettext("Appeal against %(kind)s") % {"kind": appeal.original_kind},
            why=gettext("Original reason: %(reason)s") % {"reason": appeal.original_reason},
            urgent=False,
            flags=0,
            waiting_since=appeal.created_at,
            url=reverse("admin:board_appeal_change", args=[appeal.pk]),
        )


def _conversations(limit: int):
    conversations = (
        reported_conversations()
        .order_by("reported_at")
        .only("pk", "public_id", "reported_at", "report_reason")
    )
    for conversation in conversations[:limit]:
        yield QueueItem(
            kind="conversation",
            pk=conversation.pk,
            title=gettext("Reported conversation %(id)s") % {"id": conversation.public_id},
            why=conversation.report_reason or gettext("Reported by a participant"),
            urgent=False,
            flags=1,
            waiting_since=conversation.reported_at,
            url=reverse("admin:board_conversation_change", args=[conversation.pk]),
        )


def queued_comments():
    return Comment.objects.needing_decision()


def _comments(limit: int):
    """Held, hidden or reported comments, each with the post it belongs to."""
    comments = (
        queued_comments()
        .in_queue_order()
        .select_related("post")
        .only(
            "pk", "public_id", "status", "needs_urgent_review", "flag_count",
            "reports_open_since", "waiting_since", "post__headline", "post__public_id",
        )[:limit]
    )  # fmt: skip
    for comment in comments:
        headline = comment.post.headline or comment.post.public_id
        yield QueueItem(
            kind="comment",
            pk=comment.pk,
            title=gettext("Comment on “%(headline)s”") % {"headline": headline},
            why=_why(comment),
            urgent=comment.needs_urgent_review,
            flags=comment.flag_count,
            waiting_since=comment.waiting_since,
            url=reverse("admin:board_comment_change", args=[comment.pk]),
        )


# Each source yields its own top items, already in queue order, at most `limit` of them. A
# new kind of waiting item (public comments, say) is one generator more in this tuple, one
# row more in `COUNTS`, and an index that serves its order.
SOURCES = (_posts, _appeals, _conversations, _comments)


def queue_items(*, limit: int = LIMIT, exclude: tuple[str, int] | None = None) -> list[QueueItem]:
    """The top of the queue, across every source."""
    fetch = limit + 1 if exclude else limit
    items = [item for source in SOURCES for item in source(fetch)]
    items = [item for item in items if (item.kind, item.pk) != exclude]
    return sorted(items, key=lambda item: item.sort_key)[:limit]


def next_item_url(*, after: tuple[str, int]) -> str:
    """Where a moderator goes after deciding on `after`: the next item, or the index."""
    items = queue_items(limit=1, exclude=after)
    return items[0].url if items else reverse("admin:index")


@dataclass(frozen=True)
class Count:
    """One count on the index: what it counts and the filtered list it links to."""

    label: str  # translated, lazily
    queryset: Callable[[], QuerySet]
    changelist: str  # an admin URL name
    query: str

    @property
    def url(self) -> str:
        return reverse(f"admin:{self.changelist}") + self.query


def _posts_in(view: str) -> Callable[[], QuerySet]:
    return lambda: POST_VIEWS[view](Post.objects)


COUNTS = (
    # The three post counts each read one partial index (post_queue, _held, _flagged).
    Count(_("Urgent"), _posts_in("urgent"), "board_post_changelist", "?queue=urgent"),
    Count(_("Held"), _posts_in("held"), "board_post_changelist", "?queue=held"),
    Count(_("Flagged"), _posts_in("flagged"), "board_post_changelist", "?queue=flagged"),
    Count(_("Appeals"), Appeal.objects.open, "board_appeal_changelist", "?status__exact=open"),
    Count(
        _("Reported conversations"),
        reported_conversations,
        "board_conversation_changelist",
        "?report_resolved_at__isempty=1",
    ),
    Count(_("Comments"), queued_comments, "board_comment_changelist", "?queue=waiting"),
)


def queue_counts() -> list[dict]:
    """The index's counts, each with the filtered list it links to. A count stops at
    `COUNT_CAP` ("1000+"): past that the number changes no decision and costs a scan."""
    counts = []
    for count in COUNTS:
        found = capped_count(count.queryset(), COUNT_CAP)
        counts.append(
            {
                "label": str(count.label),
                "count": min(found, COUNT_CAP),
                "more": found > COUNT_CAP,
                "url": count.url,
            }
        )
    return counts
