"""A person's rights over their data: a copy of everything the board holds about them, and
deleting their account so that nothing left on the board links back to them.

The export is built from sections, one function each (`@export_section("name")`), so a new
kind of personal data is one more function. Each section returns only the person's own data:
never another person's email, message or identity, never who flagged what.
"""

from collections.abc import Callable
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_ratelimit import ALL
from django_ratelimit.core import _get_window, _make_cache_key, _split_rate

from .. import cache, limits
from ..models import (
    OPEN_STATUSES,
    Comment,
    CommentFlag,
    Conversation,
    ConversationStatus,
    Flag,
    Hint,
    ModerationAction,
    Notification,
    NotificationSettings,
    Post,
    PostStatus,
    Reflection,
    Role,
    Suspension,
)
from .alerts import alerts_for_account, describe_alert
from .hints import forget_hints
from .posts import delete_post

EXPORT_FORMAT = "missed-connections-export/1"

# Wrong passwords on the delete-account form, per account: enough for typos, too few to guess.
DELETE_ATTEMPTS_GROUP = "board.account-delete"
DELETE_ATTEMPTS_RATE = "5/h"

ExportSection = Callable[[object], object]
EXPORT_SECTIONS: dict[str, ExportSection] = {}


def export_section(name: str):
    """Register a function `(user) -> JSON-serialisable data` as one section of the export."""

    def register(function: ExportSection) -> ExportSection:
        EXPORT_SECTIONS[name] = function
        return function

    return register


def _when(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def export_account_data(*, user) -> dict:
    """Everything the board holds about `user`, as a JSON-serialisable dict."""
    data = {"format": EXPORT_FORMAT, "exported_at": _when(timezone.now())}
    for name, build in EXPORT_SECTIONS.items():
        data[name] = build(user)
    return data


@export_section("account")
def _account(user) -> dict:
    return {
        "email": user.email,
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in EmailAddress.objects.filter(user=user).order_by("-primary", "email")
        ],
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "two_factor_methods": sorted(
            Authenticator.objects.filter(user=user).values_list("type", flat=True)
        ),
    }


@export_section("posts")
def _posts(user) -> list[dict]:
    posts = (
        Post.objects.filter(author=user)
        .exclude(status=PostStatus.DELETED)
        .select_related("area", "area__parent")
        .prefetch_related("setting_tags")
        .order_by("created_at", "pk")
    )
    history: dict[int, list] = {}
    actions = ModerationAction.objects.filter(post__in=posts).order_by("created_at", "pk")
    for action in actions.only("post_id", "kind", "actor", "reason", "created_at"):
        history.setdefault(action.post_id, []).append(
            {
                "what": action.get_kind_display(),
                "by": action.get_actor_display(),
                "reason": action.reason,
                "when": _when(action.created_at),
            }
        )
    return [
        {
            "public_id": post.public_id,
            "address": settings.BOARD_SITE_URL + post.get_absolute_url(),
            "pseudonym": post.pseudonym,
            "headline": post.headline,
            "story": post.story,
            "connection_type": post.connection_type,
            "settings": post.setting_names,
            "area": str(post.area),
            "where_exactly": post.where_exactly,
            "encounter_date": post.encounter_date.isoformat(),
            "part_of_day": post.part_of_day,
            "i_saw": post.i_saw,
            "i_am": post.i_am,
            "recognition_question": post.recognition_question,
            "status": post.status,
            "status_reason": post.status_reason,
            "held_for": post.held_reasons,
            "created_at": _when(post.created_at),
            "published_at": _when(post.published_at),
            "expires_at": _when(post.expires_at),
            "renewed_at": _when(post.renewed_at),
            "history": history.get(post.pk, []),
        }
        for post in posts
    ]


@export_section("reflections")
def _reflections(user) -> list[dict]:
    reflections = Reflection.objects.owned_by(user).select_related("prompt", "post")
    return [
        {
            "title": reflection.title,
            "body": reflection.body,
            "prompt": reflection.prompt.text if reflection.prompt else None,
            "about_post": reflection.post.public_id if reflection.post else None,
            "created_at": _when(reflection.created_at),
            "updated_at": _when(reflection.updated_at),
        }
        for reflection in reflections.order_by("created_at", "pk")
    ]


@export_section("notifications")
def _notifications(user) -> list[dict]:
    notices = Notification.objects.filter(user=user).select_related("post")
    return [
        {
            "kind": notice.kind,
            "message": notice.message,
            "about_post": notice.post.public_id if notice.post else None,
            "created_at": _when(notice.created_at),
            "read_at": _when(notice.read_at),
        }
        for notice in notices.order_by("created_at", "pk")
    ]


@export_section("match_hints")
def _match_hints(user) -> list[dict]:
    """My copies of possible-match hints: which of my posts, and the day the other story was
    posted (as the hint says). Not the other post, so a copy of the export names nobody."""
    hints = Hint.objects.filter(user=user).select_related("post").order_by("created_at", "pk")
    other_days = dict(
        Post.objects.filter(pk__in=hints.values("other_post_id")).values_list("pk", "published_at")
    )
    return [
        {
            "about_my_post": hint.post.public_id,
            "other_story_posted_on": _day(other_days.get(hint.other_post_id)),
            "created_at": _when(hint.created_at),
            "dismissed_at": _when(hint.dismissed_at),
        }
        for hint in hints
    ]


def _day(moment) -> str | None:
    return timezone.localdate(moment).isoformat() if moment is not None else None


@export_section("notification_settings")
def _notification_settings(user) -> dict | None:
    chosen = NotificationSettings.objects.filter(user=user).first()
    if chosen is None:
        return None
    return {
        "email_about_replies": chosen.email_about_replies,
        "email_about_posts": chosen.email_about_posts,
    }


@export_section("flags")
def _flags(user) -> list[dict]:
    """Reason and date only: not the post, so a copy of the export names nobody."""
    flags = Flag.objects.filter(user=user).order_by("created_at", "pk")
    return [{"reason": flag.reason, "created_at": _when(flag.created_at)} for flag in flags]


@export_section("comments")
def _comments(user) -> list[dict]:
    """My comments, with the post they are under and the name I had in that thread."""
    comments = Comment.objects.filter(author=user).select_related("post")
    return [
        {
            "post": comment.post.public_id,
            "shown_as": "the poster" if comment.by_poster else comment.pseudonym,
            "text": comment.body,
            "status": comment.status,
            "status_reason": comment.status_reason,
            "held_for": comment.held_reasons,
            "created_at": _when(comment.created_at),
        }
        for comment in comments.order_by("created_at", "pk")
    ]


@export_section("comment_flags")
def _comment_flags(user) -> list[dict]:
    """Reason and date only, as for flags on posts."""
    flags = CommentFlag.objects.filter(user=user).order_by("created_at", "pk")
    return [{"reason": flag.reason, "created_at": _when(flag.created_at)} for flag in flags]


@export_section("suspensions")
def _suspensions(user) -> list[dict]:
    return [
        {
            "reason": suspension.reason,
            "starts_at": _when(suspension.starts_at),
            "ends_at": _when(suspension.ends_at),
            "lifted_at": _when(suspension.lifted_at),
        }
        for suspension in Suspension.objects.filter(user=user).order_by("starts_at", "pk")
    ]


@export_section("replies")
def _conversations(user) -> list[dict]:
    """Conversations I am part of, with my own messages only; the other side by alias."""
    conversations = Conversation.objects.involving(user).select_related("post")
    result = []
    for conversation in conversations.prefetch_related("messages").order_by("created_at", "pk"):
        role = conversation.role_of(user)
        mine = [m for m in conversation.messages.all() if m.sender == role]
        result.append(
            {
                "post": conversation.post.public_id,
                "my_role": role,
                "my_alias": conversation.alias_of(role),
                "status": conversation.status,
                "my_answer": conversation.answer if role == "replier" else None,
                "created_at": _when(conversation.created_at),
                "my_messages": [
                    {"body": message.body, "sent_at": _when(message.created_at)}
                    for message in sorted(mine, key=lambda m: (m.created_at, m.pk))
                ],
            }
        )
    return result


@export_section("alerts")
def _alerts(user) -> list[dict]:
    """The person's alerts: their filters and dates; the address only as the account's own."""
    rows = alerts_for_account(user).select_related("area__parent")
    rows = rows.prefetch_related("setting_tags", "matches__post")
    return [
        {
            "made_with": "account" if alert.user_id else "email address",
            "looks_for": describe_alert(alert),
            "frequency": alert.frequency,
            "created_at": _when(alert.created_at),
            "confirmed_at": _when(alert.confirmed_at),
            "expires_at": _when(alert.expires_at),
            "last_sent_at": _when(alert.last_sent_at),
            "matched_posts": [match.post.public_id for match in alert.matches.all()],
        }
        for alert in rows.order_by("created_at", "pk")
    ]


def export_filename(*, now=None) -> str:
    return f"missed-connections-my-data-{(now or timezone.now()):%Y-%m-%d}.json"


# --- Deleting an account -------------------------------------------------------------


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
    from .comments import recount

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
