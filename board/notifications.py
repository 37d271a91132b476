"""Telling a post's author what happened to it: a notice on /me/ and an email after commit.

Messages go to the author alone and never carry anyone's identity. Emails are sent by a
background task (board.outbox.send_notice_email), queued once the transaction commits: a
request never waits on SMTP. Every string is translated in the recipient's language
(`outbox.in_language_of`), not the language of whoever's request caused the email; strings
handed in (a subject, a reason) should be lazy so they are translated there too.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from . import outbox
from .models import ActionKind, Conversation, NoticeKind, Notification, NotificationSettings, Post

WHAT_YOU_CAN_DO = {
    ActionKind.HELD: _(
        "A moderator will review it soon. You can edit it meanwhile, for example "
        "to remove what looked identifying."
    ),
    ActionKind.APPROVED: _("It is now live on the board."),
    ActionKind.REJECTED: _(
        "You can edit it to follow the guidelines and submit it again, or "
        "appeal once, from this notice, if you think the decision was wrong."
    ),
    ActionKind.REMOVED: _(
        "Removed posts cannot be restored by editing. If you think this was "
        "a mistake, you can appeal once, from this notice."
    ),
    ActionKind.HIDDEN: _("A moderator will review it and either restore or remove it."),
    ActionKind.TAKEDOWN: _("A moderator will review it and either restore or remove it."),
    ActionKind.RESTORED: _("It is live on the board again."),
    ActionKind.EXPIRED: _(
        "It no longer shows in the listings. You can still read it from your posts."
    ),
}

HEADLINES = {
    ActionKind.HELD: _("Your post is held for review"),
    ActionKind.APPROVED: _("Your post was approved and published"),
    ActionKind.REJECTED: _("Your post was not published"),
    ActionKind.REMOVED: _("Your post was removed"),
    ActionKind.HIDDEN: _("Your post is hidden while a moderator reviews it"),
    ActionKind.TAKEDOWN: _("Your post is hidden while a moderator reviews it"),
    ActionKind.RESTORED: _("Your post is back on the board"),
    ActionKind.EXPIRED: _("Your post has expired"),
}


def notify_author(
    *, post: Post, kind: str, reason: str = "", link: str = ""
) -> Notification | None:
    """Record a notice for the post's author and email it once the transaction commits.
    `link` is where they can act on it (e.g. appeal the decision)."""
    if post.author_id is None or kind not in HEADLINES:
        return None
    with outbox.in_language_of(post.author_id):
        headline, reason, what_you_can_do = (
            str(text) for text in (HEADLINES[kind], reason or "", WHAT_YOU_CAN_DO[kind])
        )
        message = " ".join(part for part in (_sentence(headline), reason, what_you_can_do) if part)
    notice = Notification.objects.create(
        user_id=post.author_id, post=post, kind=kind, message=message, link=link
    )
    if post.author.email and _wants_email(post.author_id, "email_about_posts"):
        context = {
            "headline": headline,
            "post_headline": post.headline,
            "reason": reason,
            "what_you_can_do": what_you_can_do,
            "my_posts_url": settings.BOARD_SITE_URL + (link or reverse("board:my-posts")),
        }
        _send(post.author_id, context)
    return notice


def _sentence(headline: str) -> str:
    """A headline ("Your post was removed") as the first sentence of a notice."""
    return pgettext("a headline ended as a sentence", "%(headline)s.") % {"headline": headline}


def notify_user(*, user, kind: str, subject: str, message: str, link: str = "") -> Notification:
    """A notice about the person's account (e.g. a suspension), emailed after commit.
    `subject` and `message` are best lazy: they are translated in the person's language."""
    with outbox.in_language_of(user.pk):
        subject, message = str(subject), str(message)
    notice = Notification.objects.create(user=user, kind=kind, message=message, link=link)
    if user.email:
        context = {"headline": subject, "reason": message}
        if link:
            context["my_posts_url"] = settings.BOARD_SITE_URL + link
        _send(user.pk, context)
    return notice


CONVERSATION_SUBJECTS = {
    "reply": _("Someone replied to your post"),
    "accepted": _("Your reply was accepted"),
    "message": _("You have a new message"),
}


def notify_conversation(*, conversation: Conversation, recipient, event: str) -> Notification:
    """Say that something arrived and where; never what it says or who sent it."""
    with outbox.in_language_of(recipient.pk):
        subject = str(CONVERSATION_SUBJECTS[event])
        message = _sentence(subject)
        reason = gettext("Open your inbox on the board to read it.")
    path = conversation.get_absolute_url()
    notice = Notification.objects.create(
        user=recipient,
        post=conversation.post,
        kind=NoticeKind.CONVERSATION,
        message=message,
        link=path,
    )
    if recipient.email and _wants_email(recipient.pk, "email_about_replies"):
        context = {
            "headline": subject,
            "reason": reason,
            "my_posts_url": settings.BOARD_SITE_URL + path,
        }
        _send(recipient.pk, context)
    return notice


def _wants_email(user_id: int, preference: str) -> bool:
    chosen = NotificationSettings.objects.filter(user_id=user_id).values_list(preference, flat=True)
    return next(iter(chosen), True)


def _send(user_id: int, context: dict) -> None:
    outbox.enqueue_after_commit(outbox.send_notice_email, user_id=user_id, context=context)


def _moderator_ids() -> list[int]:
    from django.db.models import Q

    can_moderate = (
        Q(is_superuser=True)
        | Q(groups__permissions__codename="moderate_post")
        | Q(user_permissions__codename="moderate_post")
    )
    users = get_user_model().objects.filter(can_moderate, is_active=True, is_staff=True)
    return sorted(set(users.exclude(email="").values_list("pk", flat=True)))


def alert_moderators(*, post: Post, why: str, url: str = "") -> None:
    """Email every moderator at once about an urgent item (queued after commit): one email
    each (no one sees another's address), a link to the item and the kind of report, never
    the post's words, its author or who reported it. `why` is best lazy: each moderator
    reads it in their own language."""
    link = settings.BOARD_SITE_URL + (url or reverse("admin:board_post_change", args=[post.pk]))
    for moderator_id in _moderator_ids():
        with outbox.in_language_of(moderator_id):
            context = {
                "headline": gettext("Urgent report: %(why)s") % {"why": why},
                "reason": gettext("It is at the top of the moderation queue."),
                "my_posts_url": link,
            }
        _send(moderator_id, context)


TAKEDOWN_MESSAGES = {
    "confirm": (
        _("Confirm your request to take down a post"),
        _(
            "Someone (we hope you) asked for a post on the board to come down because it is "
            "about them. Nothing happens until the link below is opened and confirmed. If this "
            "was not you, ignore this email."
        ),
    ),
    "hidden": (
        _("The post is hidden while a moderator reviews it"),
        _(
            "Thank you. The post no longer shows on the board. A moderator will decide whether "
            "it stays down; we will email you the outcome."
        ),
    ),
    "queued": (
        _("Your request is with a moderator"),
        _("Thank you. A moderator will review the post urgently; we will email you the outcome."),
    ),
    "removed": (
        _("The post you asked about was removed"),
        _("A moderator reviewed your request and removed the post."),
    ),
    "kept": (
        _("The post you asked about stays up"),
        _(
            "A moderator reviewed your request and found the post within the guidelines. If "
            "you think it still identifies you, you can ask again once with more detail, "
            "from the link below."
        ),
    ),
}


COMMENT_TAKEDOWN_MESSAGES = {
    "confirm": (
        _("Confirm your request to take down a comment"),
        _(
            "Someone (we hope you) asked for a comment on the board to come down because it is "
            "about them. Nothing happens until the link below is opened and confirmed. If this "
            "was not you, ignore this email."
        ),
    ),
    "hidden": (
        _("The comment is hidden while a moderator reviews it"),
        _(
            "Thank you. The comment no longer shows on the board. A moderator will decide "
            "whether it stays down; we will email you the outcome."
        ),
    ),
    "queued": (
        _("Your request is with a moderator"),
        _(
            "Thank you. A moderator will review the comment urgently; we will email you the "
            "outcome."
        ),
    ),
    "removed": (
        _("The comment you asked about was removed"),
        _("A moderator reviewed your request and removed the comment."),
    ),
    "kept": (
        _("The comment you asked about stays up"),
        _(
            "A moderator reviewed your request and found the comment within the guidelines. If "
            "you think it still identifies you, write to us from the contact page."
        ),
    ),
}


def tell_takedown_requester(
    *, email: str, reference: str, event: str, link: str = "", about: str = "post"
) -> None:
    """Email the person who asked for a takedown: a link to confirm, or what happened.
    `about` is "post" or "comment"."""
    messages = COMMENT_TAKEDOWN_MESSAGES if about == "comment" else TAKEDOWN_MESSAGES
    # They may have no account: the site's language (docs/i18n.md, "Email").
    with outbox.in_language_of(None):
        headline, text = messages[event]
        context = {
            "headline": str(headline),
            "reason": gettext("%(text)s Your reference: %(reference)s.")
            % {"text": text, "reference": reference},
            "my_posts_url": link,
        }
        body = render_to_string("board/email/notice.txt", context)
    subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + context["headline"]
    # The requester may have no account: the address itself waits in the queue.
    outbox.enqueue_after_commit(
        outbox.send_email,
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email],
    )


# --- Comments: one notice per post per day, one digest email per poster ---------------


def notify_new_comments(*, post: Post) -> Notification | None:
    """Tell the poster their post has new comments: one notice per post per day, updated
    as more arrive (unread again), never one per comment and never who wrote them. The
    email is a digest sent by a periodic task (`tasks.comments.send_comment_digests`)."""
    from django.utils import timezone

    from .models import Comment, CommentStatus

    if post.author_id is None:
        return None
    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    today = Comment.objects.filter(post=post, by_poster=False, created_at__gte=start)
    new = today.filter(status__in=[CommentStatus.PUBLISHED, CommentStatus.AWAITING])
    count = new.count()
    waiting = new.filter(status=CommentStatus.AWAITING).count()
    with outbox.in_language_of(post.author_id):
        message = ngettext(
            "%(count)s new comment on your post “%(headline)s” today.",
            "%(count)s new comments on your post “%(headline)s” today.",
            count,
        ) % {"count": count, "headline": post.headline}
        if waiting:
            message += " " + gettext("Some wait for your approval on the post's page.")
    notice = (
        Notification.objects.filter(
            user_id=post.author_id, post=post, kind=NoticeKind.COMMENTS, created_at__gte=start
        )
        .order_by("-created_at")
        .first()
    )
    link = post.get_absolute_url() + "#comments"
    if notice is None:
        return Notification.objects.create(
            user_id=post.author_id, post=post, kind=NoticeKind.COMMENTS, message=message, link=link
        )
    notice.message = message
    notice.read_at = None
    notice.save(update_fields=["message", "read_at"])
    return notice


def email_comment_digest(*, user_id: int, items: list) -> bool:
    """One email about new comments on the person's posts, if they want emails about their
    posts: each post's headline and how many, never the comments or who wrote them."""
    user = get_user_model().objects.filter(pk=user_id).only("email").first()
    if not items or user is None or not user.email:
        return False
    if not _wants_email(user_id, "email_about_posts"):
        return False
    with outbox.in_language_of(user_id):
        lines = [
            ngettext(
                "“%(headline)s”: %(count)s new comment",
                "“%(headline)s”: %(count)s new comments",
                n,
            )
            % {"headline": post.headline, "count": n}
            for post, n in items
        ]
        headline = gettext("New comments on your posts")
        what_you_can_do = gettext(
            "Read them on the board; you can hide any comment, and approve waiting ones."
        )
    first = items[0][0]
    context = {
        "headline": headline,
        "reason": "\n".join(lines),
        "what_you_can_do": what_you_can_do,
        "my_posts_url": settings.BOARD_SITE_URL
        + (
            first.get_absolute_url() + "#comments" if len(items) == 1 else reverse("board:my-posts")
        ),
    }
    _send(user_id, context)
    return True
