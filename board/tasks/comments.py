"""Comments' background work (docs/comments.md): the posters' digest of new comments, one
email per poster per period, never one per comment (queued by `run_periodic`)."""

from django.conf import settings

try:  # Django 6: the framework is built in.
    from django.tasks import task
except ImportError:  # Django 5.2: the backport, same API.
    from django_tasks import task

from ..services import comments


@task()
def send_comment_digests() -> int:
    """One email per poster about new comments since the last digest."""
    return comments.send_comment_digests()


def periodic_jobs() -> list[tuple]:
    return [(send_comment_digests, settings.BOARD_COMMENT_DIGEST_EVERY_SECONDS)]
