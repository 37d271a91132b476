"""Deleting an account so that nothing left on the board links back to the person: their
posts deleted or kept anonymised (their choice), comments likewise, conversations left,
alerts, hints, notices, sessions and rate-limit counters gone."""

from importlib import import_module

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_ratelimit import ALL
from django_ratelimit.core import _get_window, _make_cache_key, _split_rate

from ... import cache, limits
from ...models import (
    OPEN_STATUSES,
    Comment,
    CommentFlag,
    Conversation,
    ConversationStatus,
    Flag,
    Hint,
    Notification,
    Post,
    PostStatus,
    Reflection,
    Role,
    Suspension,
)
from ..alerts import alerts_for_account
from ..hints import forget_hints
from ..posts import delete_post

# Wrong passwords on the delete-account form, per account: enough for typos, too few to guess.
DELETE_ATTEMPTS_GROUP = "board.account-delete"
DELETE_ATTEMPTS_RATE = "5/h"


def _leave_conversations(*, user_pk) -> int:
    """End the person's conversations and erase their messages, except in reported ones.

    Returns how many of their messages were erased.
    """
    erased = 0
    mine = Conversation.objects.filter(Q(poster_id=user_pk) | Q(replier_id=user_pk))
    for conversation in mine.select_for_update():
        role = Role.POSTER if conversation.poster_id == user_pk else Role.REPLIER
        if conversation.reported_at is None:
            erased += conversation.messages.filter(sender=role).delete()[0]
            if role == Role.REPLIER:
                conversation.answer = ""
        if conversation.status in OPEN_STATUSES:
            conversation.status = ConversationStatus.ENDED
            conversation.ended_by = role
        conversation.save()
    return erased


def _delete_or_anonymise_comments(*, user_pk, delete: bool) -> int:
    """Comments follow the person's choice for their posts: deleted (rows gone, counts
    updated), or left up under their thread pseudonym with nothing linking them to anyone
    (kept comments look and behave like any other). Returns how many."""
    from ..comments import recount

    mine = Comment.objects.filter(author_id=user_pk)
    if not delete:
        return mine.update(author=None, author_ref="")
    post_ids = set(mine.values_list("post_id", flat=True))
    deleted = mine.delete()[1].get(Comment._meta.label, 0)
    for post_id in sorted(post_ids):
        recount(post_id)
    return deleted


@transaction.atomic
def delete_account(*, user, delete_posts: bool) -> dict:
    """Delete the account and everything tied to it, in one transaction.

    Posts are deleted (text erased, as the author's own delete does) or, if the person
    chooses, left on the board anonymised: no author, no author reference, the pseudonym
    kept. Comments follow the same choice: deleted, or kept under their thread pseudonym
    with no author. Reflections, notices, email addresses, authenticators and the user row go; every
    session of the account ends; the rate-limit counters kept under the account's id are
    forgotten. Evidence outlives the account, anonymised (no link to anyone): flags and
    suspension records stay without a person; conversations end and stay for the other
    person with their own messages, and the deleted person's messages are erased unless
    the conversation was reported, in which case it stays whole for the moderators.
    Returns counts of what changed.
    """
    user_pk = user.pk
    posts = Post.objects.filter(author_id=user_pk)
    deleted_posts = 0
    if delete_posts:
        for post in posts.exclude(status=PostStatus.DELETED).order_by("pk"):
            deleted_posts += delete_post(post=post)
        cache.bump_posts_version()
    anonymised = 0 if delete_posts else posts.exclude(status=PostStatus.DELETED).count()
    # Possible-match hints go both ways round: mine, and those that pointed others at my posts.
    hints_deleted = forget_hints(post_ids=posts.values_list("pk", flat=True))
    hints_deleted += Hint.objects.filter(user_id=user_pk).delete()[0]
    posts.update(author=None, author_ref="")
    comments = _delete_or_anonymise_comments(user_pk=user_pk, delete=delete_posts)
    counts = {
        "posts_deleted": deleted_posts,
        "posts_anonymised": anonymised,
        "reflections": Reflection.objects.filter(author_id=user_pk).delete()[0],
        "flags_anonymised": Flag.objects.filter(user_id=user_pk).update(user=None),
        "notifications": Notification.objects.filter(user_id=user_pk).delete()[0],
        "suspensions_anonymised": Suspension.objects.filter(user_id=user_pk).update(user=None),
        "alerts": _delete_alerts(user),
        "email_addresses": EmailAddress.objects.filter(user_id=user_pk).delete()[0],
        "messages": _leave_conversations(user_pk=user_pk),
        "comments_deleted": comments if delete_posts else 0,
        "comments_anonymised": 0 if delete_posts else comments,
        "comment_flags_anonymised": CommentFlag.objects.filter(user_id=user_pk).update(user=None),
        "match_hints": hints_deleted,
    }
    counts["sessions"] = end_sessions(user_pk=user_pk)
    # Whatever else points at the account (authenticators, blocks, settings) goes with it
    # through the foreign keys' CASCADE; moderation records keep no moderator, and
    # conversations no longer name this person (SET_NULL).
    get_user_model().objects.filter(pk=user_pk).delete()
    transaction.on_commit(lambda: forget_rate_limits(user_pk=user_pk))
    return counts


def _delete_alerts(user) -> int:
    """The account's alerts and those made at its verified addresses, addresses and all."""
    return alerts_for_account(user).delete()[1].get("board.Alert", 0)


def end_sessions(*, user_pk) -> int:
    """Delete every stored session signed in as this account; returns how many.

    Sessions are read one by one (fine at this board's scale). Works for the database
    session engines (`db`, `cached_db`); cookie-based sessions cannot be ended server-side,
    but they stop authenticating once the user row is gone.
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    get_model = getattr(store_class, "get_model_class", None)
    if get_model is None:
        return 0
    ended = 0
    live = get_model().objects.filter(expire_date__gt=timezone.now())
    for session in live.iterator():
        if session.get_decoded().get(SESSION_KEY) == str(user_pk):
            store_class(session_key=session.session_key).delete()
            ended += 1
    return ended


def _limits_per_account():
    """(group, rate) of every django-ratelimit counter kept under an account's id."""
    for name, (key, rate_settings) in limits.LIMITS.items():
        if key == "user":
            for setting in rate_settings:
                yield f"board.{name}.{setting}", getattr(settings, setting)
    yield DELETE_ATTEMPTS_GROUP, DELETE_ATTEMPTS_RATE


def forget_rate_limits(*, user_pk) -> int:
    """Delete the current windows' counters django-ratelimit keeps under the account's id.

    Uses the key derivation of the pinned django-ratelimit (4.1) and the group names of
    board.limits; counters of past windows have already expired. (allauth's own per-user
    counters last a minute or so and are left to expire.)
    """
    value = str(user_pk)
    keys = []
    for group, rate in _limits_per_account():
        _, period = _split_rate(rate)
        keys.append(_make_cache_key(group, _get_window(value, period), rate, value, ALL))
    store = caches[getattr(settings, "RATELIMIT_USE_CACHE", "default")]
    store.delete_many(keys)
    return len(keys)
