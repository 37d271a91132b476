"""Private replies: request, accept or decline, talk, end, block, report, and "found"."""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from .. import cache as page_cache
from .. import identifiers, notifications, sanitize, screening
from ..models import (
    OPEN_STATUSES,
    Block,
    Conversation,
    ConversationStatus,
    Message,
    Post,
    Role,
)
from ..text import clean_text
from . import quotas
from .accounts import ensure_not_suspended
from .posts import PostRefused

# Kinds of finding that are contact details: held back until the poster accepts.
CONTACT_RULES = {"phone", "email", "link", "handle"}
HIDDEN_CONTACT = "[contact details hidden until you accept]"


class ReplyNotAllowed(Exception):
    """Why this person cannot reply to this post (the message is shown to them)."""


def is_blocked(*, blocker, blocked) -> bool:
    """`blocker` may be a user or a user's id."""
    blocker_id = getattr(blocker, "pk", blocker)
    return Block.objects.filter(blocker_id=blocker_id, blocked=blocked).exists()


def reply_refusal(*, post: Post, user) -> str | None:
    """Why `user` may not reply to `post` now, or None if they may.

    Never says that the poster blocked this person, or that the post's account is gone:
    either would link every post of that author. Such replies are accepted and go nowhere.
    """
    if post.author_id is not None and post.author_id == user.pk:
        return gettext("This is your own post.")
    if not post.accepts_replies:
        return gettext("This post is not accepting replies.")
    if Conversation.objects.filter(post=post, replier=user, status__in=OPEN_STATUSES).exists():
        return gettext("You have already replied to this post. One reply is enough.")
    return None


def goes_nowhere(*, post: Post, user) -> bool:
    """A reply the poster will never see: they blocked this person, or their account is gone."""
    return post.author_id is None or is_blocked(blocker=post.author_id, blocked=user)


def _screened(text: str, *, field: str, rules) -> tuple[list, str]:
    """Refuse refused terms; return the contact findings and the text with them masked."""
    findings = screening.screen_text(text, field=field, term_rules=rules)
    if screening.should_refuse(findings):
        raise PostRefused(findings)
    contact = [f for f in findings if f.rule in CONTACT_RULES]
    return contact, screening.mask(text, contact, HIDDEN_CONTACT) if contact else text


@transaction.atomic
def send_reply(
    *, post: Post, replier, answer: str = "", message: str, limited: bool = False
) -> Conversation:
    """Ask the poster to talk; contact details in the answer and first message wait for
    acceptance (the poster sees them masked until then).

    A reply to a poster who blocked the replier is stored silenced: the replier sees it
    sent and waiting, as with any poster who never answers; the poster never sees it. A
    reply to a post whose account was deleted is stored silenced the same way.
    The same reply sent twice within a minute returns the conversation the first made.
    With `limited` (the web form) BOARD_REPLY_DAILY_RATE is counted under a lock.
    """
    answer, message = clean_text(answer), clean_text(message)
    quotas.lock_author(replier)
    ensure_not_suspended(replier)
    post = Post.objects.select_for_update().get(pk=post.pk)
    twin = quotas.recent_twin(
        Conversation.objects.filter(
            post=post, replier=replier, messages__body=message, messages__sender=Role.REPLIER
        )
    )
    if twin is not None:
        return twin
    refusal = reply_refusal(post=post, user=replier)
    if refusal:
        raise ReplyNotAllowed(refusal)
    if limited:
        mine = Conversation.objects.filter(replier=replier)
        quotas.ensure_within(mine, [settings.BOARD_REPLY_DAILY_RATE])
    rules = screening.active_term_rules()
    answer = answer.strip()
    answer_contact, masked_answer = _screened(answer, field="answer", rules=rules)
    contact, masked_message = _screened(message, field="message", rules=rules)
    # Nobody to hear it: the poster blocked the replier, or their account was deleted.
    silenced = post.author_id is None or goes_nowhere(post=post, user=replier)
    held = bool(contact or answer_contact)
    conversation = Conversation.objects.create(
        public_id=identifiers.unused_public_id(Conversation, extra=4),
        post=post,
        poster_id=post.author_id,
        replier=replier,
        poster_alias=identifiers.new_pseudonym(),
        replier_alias=identifiers.new_pseudonym(),
        answer=answer,
        masked_answer=masked_answer if answer_contact else "",
        contact_held=held,
        silenced=silenced,
    )
    Message.objects.create(
        conversation=conversation,
        sender=Role.REPLIER,
        body=message,
        body_html=sanitize.render_plain_text(message),
        masked_html=sanitize.render_plain_text(masked_message) if held else "",
    )
    if not silenced:
        notifications.notify_conversation(
            conversation=conversation, recipient=conversation.poster, event="reply"
        )
    return conversation


def _locked(conversation: Conversation) -> Conversation:
    return Conversation.objects.select_for_update().get(pk=conversation.pk)


@transaction.atomic
def accept_reply(*, conversation: Conversation) -> bool:
    """The poster opens the conversation; held contact details become visible."""
    locked = _locked(conversation)
    if locked.status != ConversationStatus.REQUESTED or not locked.post.is_public:
        return False
    locked.status = ConversationStatus.ACCEPTED
    locked.save()
    notifications.notify_conversation(
        conversation=locked, recipient=locked.replier, event="accepted"
    )
    conversation.refresh_from_db()
    return True


@transaction.atomic
def decline_reply(*, conversation: Conversation) -> bool:
    """The replier learns only that the poster did not continue."""
    locked = _locked(conversation)
    if locked.status != ConversationStatus.REQUESTED:
        return False
    locked.status = ConversationStatus.DECLINED
    locked.save()
    conversation.refresh_from_db()
    return True


@transaction.atomic
def send_message(*, conversation: Conversation, sender_role: str, body: str) -> Message:
    """Say something in an accepted conversation (not while the sender is suspended); the
    same message sent twice within a minute is kept once."""
    body = clean_text(body)
    locked = _locked(conversation)
    ensure_not_suspended(locked.poster if sender_role == Role.POSTER else locked.replier)
    twin = quotas.recent_twin(locked.messages.filter(sender=sender_role, body=body))
    if twin is not None:
        return twin
    if locked.is_read_only:
        raise ReplyNotAllowed(gettext("This conversation is closed."))
    message = Message.objects.create(
        conversation=locked,
        sender=sender_role,
        body=body,
        body_html=sanitize.render_plain_text(body),
    )
    Conversation.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    recipient = locked.replier if sender_role == Role.POSTER else locked.poster
    notifications.notify_conversation(conversation=locked, recipient=recipient, event="message")
    return message


@transaction.atomic
def end_conversation(*, conversation: Conversation, role: str) -> bool:
    locked = _locked(conversation)
    if locked.status not in OPEN_STATUSES:
        return False
    if locked.status == ConversationStatus.ACCEPTED:
        locked.status = ConversationStatus.ENDED
    else:
        locked.status = ConversationStatus.DECLINED
    locked.ended_by = role
    locked.save()
    conversation.refresh_from_db()
    return True


@transaction.atomic
def block_other(*, conversation: Conversation, role: str) -> bool:
    """End the conversation and refuse anything more from the other person, on any post."""
    me = conversation.poster if role == Role.POSTER else conversation.replier
    other = conversation.replier if role == Role.POSTER else conversation.poster
    end_conversation(conversation=conversation, role=role)
    _, created = Block.objects.get_or_create(blocker=me, blocked=other)
    return created


@transaction.atomic
def report_conversation(*, conversation: Conversation, role: str, reason: str) -> bool:
    """Put the conversation in the moderators' queue; the only way they can read it."""
    locked = _locked(conversation)
    if locked.reported_at is not None and locked.report_resolved_at is None:
        return False
    locked.reported_at = timezone.now()
    locked.reported_by = role
    locked.report_reason = reason.strip()
    locked.report_resolved_at = None
    locked.save()
    conversation.refresh_from_db()
    return True


@transaction.atomic
def resolve_report(*, conversation: Conversation, end: bool = False) -> bool:
    locked = _locked(conversation)
    if locked.reported_at is None or locked.report_resolved_at is not None:
        return False
    locked.report_resolved_at = timezone.now()
    if end and locked.status in OPEN_STATUSES:
        locked.status = ConversationStatus.ENDED
    locked.save()
    return True


@transaction.atomic
def mark_found(*, post: Post) -> bool:
    """The poster marks "we found each other": a badge, still readable, no new replies."""
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.found_at is not None or not locked.is_public:
        return False
    locked.found_at = timezone.now()
    locked.save(update_fields=["found_at", "updated_at"])
    page_cache.bump_posts_version()
    post.refresh_from_db()
    return True


@transaction.atomic
def undo_found(*, post: Post) -> bool:
    """Take back "we found each other" within a day of marking it; replies open again."""
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.found_undo_until is None:
        return False
    locked.found_at = None
    locked.save(update_fields=["found_at", "updated_at"])
    page_cache.bump_posts_version()
    post.refresh_from_db()
    return True
