"""A copy of everything the board holds about a person, built from sections, one function
each (`@export_section("name")`), so a new kind of personal data is one more function. Each
section returns only the person's own data: never another person's email, message or
identity, never who flagged what."""

from collections.abc import Callable

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.utils import timezone

from ...models import (
    Comment,
    CommentFlag,
    Conversation,
    Flag,
    Hint,
    ModerationAction,
    Notification,
    NotificationSettings,
    Post,
    PostStatus,
    Reflection,
    Suspension,
)
from ..alerts import alerts_for_account, describe_alert

EXPORT_FORMAT = "missed-connections-export/1"

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
