"""When moderators add or change a term rule, live posts are screened again and matches
go to the review queue.

The admin's change queues `tasks.rescreen_live_posts` once its transaction commits
(`tasks.rescreen_after_commit`), and a worker does the screening, never the moderator's
request. It holds only posts whose text now matches, and records why, like any hold.
"""

from dataclasses import asdict

from django.db import transaction
from django.utils.translation import gettext_lazy

from .. import cache as page_cache
from .. import notifications, screening
from ..models import ActionKind, Post, PostStatus
from .moderation import record

REASON = gettext_lazy("A moderators' term rule changed and this post now matches it: %(found)s.")


def rescreen_live_posts() -> int:
    """Screen every published post with the current rules; hold those that now match."""
    rules = screening.active_term_rules()
    held = 0
    live = Post.objects.published().only("pk", *screening.POST_FIELDS)
    for post in live.iterator():
        fields = {name: getattr(post, name) for name in screening.POST_FIELDS}
        findings = [
            f for f in screening.screen_fields(fields, term_rules=rules) if f.rule == "term"
        ]
        if findings and _hold(post.pk, findings):
            held += 1
    if held:
        page_cache.bump_posts_version()
    return held


@transaction.atomic
def _hold(pk: int, findings) -> bool:
    post = Post.objects.select_for_update().get(pk=pk)
    if post.status != PostStatus.PUBLISHED:
        return False
    labels = sorted({f.label for f in findings})
    post.status = PostStatus.PENDING
    post.status_reason = REASON % {"found": "; ".join(screening.describe(findings))}
    post.screening_findings = [asdict(f) for f in findings]
    post.held_reasons = sorted({*post.held_reasons, "term"})
    post.save()
    record(post=post, kind=ActionKind.HELD, reason=REASON % {"found": ", ".join(labels)})
    notifications.notify_author(post=post, kind=ActionKind.HELD, reason=post.status_reason)
    return True
