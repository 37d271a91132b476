"""Possible-match hints' background work (docs/hints.md): a post that goes live is compared
with published posts of the same moment (place, day, setting) by a worker, after the commit
that made it public: never inside the request."""

from django.db import transaction

try:  # Django 6: the framework is built in.
    from django.tasks import task
except ImportError:  # Django 5.2: the backport, same API.
    from django_tasks import task

from .. import outbox
from ..services import hints as match_hints


@task()
def find_match_hints(*, post_id: int, attempt: int = 1) -> int:
    """Hint the post's possible matches to both authors (repeatable: nothing twice)."""
    try:
        return match_hints.find_hints_for(post_id=post_id)
    except Exception:
        outbox._retry_later(find_match_hints, {"post_id": post_id}, attempt)  # same policy
        raise


def queue_match_hints(sender, post, **kwargs) -> None:
    """`post_went_live` receiver (connected in BoardConfig.ready): queue the search for
    possible matches once the transaction commits; a rolled-back decision queues nothing."""
    if post.match_hints_enabled:
        post_id = post.pk
        transaction.on_commit(lambda: find_match_hints.enqueue(post_id=post_id), robust=True)
