"""The moderators' queue: everything that needs a decision, in one order, whatever its kind.

Posts (held, hidden, urgent, or with reports opened since the last decision), open appeals
and unresolved reported conversations are merged: urgent first, then most flagged, then the
one waiting longest. Each source is read in that order and cut at `LIMIT`, so the page
costs a few indexed queries at any size; each count links to its own filtered list.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models.functions import Coalesce
from django.urls import reverse

from ..models import Appeal, Comment, Conversation, Post, PostStatus

LIMIT = 50


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


def reported_conversations():
    return Conversation.objects.reported().filter(report_resolved_at__isnull=True)


def _post_why(post) -> str:
    parts = [post.get_status_display()]
    if post.needs_urgent_review:
        parts.insert(0, "Urgent")
    if post.reports_open_since is not None:
        parts.append(f"{post.flag_count} report{'s' if post.flag_count != 1 else ''}")
    return " · ".join(parts)


def _posts(limit: int):
    posts = queued_posts().in_queue_order().only(
        "pk", "public_id", "headline", "status", "needs_urgent_review", "flag_count",
        "reports_open_since", "created_at",
    )[:limit]  # fmt: skip
    for post in posts:
        yield QueueItem(
            kind="post",
            pk=post.pk,
            title=post.headline or post.public_id,
            why=_post_why(post),
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
            title=f"Appeal against {appeal.original_kind}",
            why=f"Original reason: {appeal.original_reason}",
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
            title=f"Reported conversation {conversation.public_id}",
            why=conversation.report_reason or "Reported by a participant",
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
        .annotate(waiting_since=Coalesce("reports_open_since", "created_at"))
        .order_by("-needs_urgent_review", "-flag_count", "waiting_since", "pk")
        .select_related("post")
        .only(
            "pk", "public_id", "status", "needs_urgent_review", "flag_count",
            "reports_open_since", "created_at", "post__headline", "post__public_id",
        )[:limit]
    )  # fmt: skip
    for comment in comments:
        parts = [comment.get_status_display()]
        if comment.needs_urgent_review:
            parts.insert(0, "Urgent")
        if comment.reports_open_since is not None:
            parts.append(f"{comment.flag_count} report{'s' if comment.flag_count != 1 else ''}")
        yield QueueItem(
            kind="comment",
            pk=comment.pk,
            title=f"Comment on “{comment.post.headline or comment.post.public_id}”",
            why=" · ".join(parts),
            urgent=comment.needs_urgent_review,
            flags=comment.flag_count,
            waiting_since=comment.waiting_since,
            url=reverse("admin:board_comment_change", args=[comment.pk]),
        )


def queue_items(*, limit: int = LIMIT, exclude: tuple[str, int] | None = None) -> list[QueueItem]:
    """The top of the queue, across posts, appeals and reported conversations."""
    fetch = limit + 1 if exclude else limit
    items = [*_posts(fetch), *_appeals(fetch), *_conversations(fetch), *_comments(fetch)]
    items = [item for item in items if (item.kind, item.pk) != exclude]
    return sorted(items, key=lambda item: item.sort_key)[:limit]


def next_item_url(*, after: tuple[str, int]) -> str:
    """Where a moderator goes after deciding on `after`: the next item, or the index."""
    items = queue_items(limit=1, exclude=after)
    return items[0].url if items else reverse("admin:index")


def queue_counts() -> list[dict]:
    """The index's counts, each with the filtered list it links to."""
    posts = queued_posts()
    changelist = reverse("admin:board_post_changelist")
    return [
        {
            "label": "Urgent",
            "count": posts.filter(needs_urgent_review=True).count(),
            "url": changelist + "?queue=urgent",
        },
        {
            "label": "Held",
            "count": posts.filter(status=PostStatus.PENDING).count(),
            "url": changelist + "?queue=held",
        },
        {
            "label": "Flagged",
            "count": posts.filter(reports_open_since__isnull=False).count(),
            "url": changelist + "?queue=flagged",
        },
        {
            "label": "Appeals",
            "count": Appeal.objects.open().count(),
            "url": reverse("admin:board_appeal_changelist") + "?status__exact=open",
        },
        {
            "label": "Reported conversations",
            "count": reported_conversations().count(),
            "url": reverse("admin:board_conversation_changelist")
            + "?report_resolved_at__isempty=1",
        },
        {
            "label": "Comments",
            "count": queued_comments().count(),
            "url": reverse("admin:board_comment_changelist") + "?queue=waiting",
        },
    ]
