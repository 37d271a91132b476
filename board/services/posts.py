"""The author's writes: submit, edit, renew and delete a post, with screening and records."""

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from .. import cache as page_cache
from .. import identifiers, notifications, sanitize, screening
from ..models import ActionKind, Actor, Area, Language, Post, PostStatus, SettingTag
from ..signals import post_went_live
from ..text import clean_text
from . import hints as match_hints
from . import quotas
from .accounts import ensure_not_suspended
from .moderation import record

EDITABLE_FIELDS = (
    "headline",
    "story",
    "connection_type",
    "area",
    "where_exactly",
    "encounter_date",
    "part_of_day",
    "i_saw",
    "i_am",
    "recognition_question",
    "replies_enabled",
    "comment_mode",
    "language",
    "match_hints_enabled",
)
EDITABLE_STATUSES = {
    PostStatus.PUBLISHED,
    PostStatus.PENDING,
    PostStatus.HIDDEN,
    PostStatus.REJECTED,
}
NEW_ACCOUNT_REASON = gettext_lazy(
    "New accounts' first posts are read by a moderator before they go live."
)


class PostRefused(Exception):
    """The text breaks a rule that refuses a post outright; `findings` say which."""

    def __init__(self, findings):
        super().__init__("; ".join(screening.describe(findings)))
        self.findings = findings


class NotEditable(Exception):
    """Posts in this status cannot be changed by their author."""


def _held_reason(findings) -> str:
    """For the poster: what matched, quoted, so they can find and edit it."""
    return gettext("It may identify someone: %(found)s.") % {
        "found": "; ".join(screening.describe(findings))
    }


def _recorded_reason(post: Post, findings) -> str:
    """For the record and the public log: the kinds of finding only, never the post's text."""
    if not findings:
        return post.status_reason
    labels = sorted({screening.label_of(f.rule, f.label) for f in findings})
    return gettext("Screening found what may identify someone: %(labels)s.") % {
        "labels": ", ".join(labels)
    }


def _apply_screening(post: Post, findings) -> None:
    post.screening_findings = [asdict(f) for f in findings]
    post.held_reasons = sorted({f.rule for f in findings})


def _publish_now(post: Post, now: datetime | None = None) -> None:
    now = now or timezone.now()
    post.status = PostStatus.PUBLISHED
    post.status_reason = ""
    post.published_at = now
    post.expires_at = now + timedelta(days=settings.BOARD_POST_LIFETIME_DAYS)


def _is_new_author(author) -> bool:
    """Fewer approved posts than `BOARD_FIRST_POSTS_HELD`: submissions, deleted or still
    waiting, are not experience; posts that went live and were not removed are."""
    held = settings.BOARD_FIRST_POSTS_HELD
    if author is None or held <= 0:
        return False
    approved = Post.objects.filter(author=author, published_at__isnull=False).exclude(
        status__in=[PostStatus.REMOVED, PostStatus.REJECTED]
    )
    return approved.count() < held


@transaction.atomic
def submit_post(
    *,
    author,
    headline: str,
    story: str,
    connection_type: str,
    setting_tags: Iterable[SettingTag],
    area: Area,
    encounter_date: date,
    part_of_day: str,
    where_exactly: str = "",
    i_saw: str = "",
    i_am: str = "",
    recognition_question: str = "",
    replies_enabled: bool = True,
    comment_mode: str | None = None,
    language: str = Language.ENGLISH,
    match_hints_enabled: bool = True,
    published_at: datetime | None = None,
    limited: bool = False,
    trusted_author: bool = False,
    findings: list | None = None,
) -> Post:
    """Screen and create a post: published at once if clean, otherwise held with reasons.

    `findings`: the screening of exactly these fields when the form has already run it
    (screening runs once per submission); screened here otherwise.

    `published_at` backdates imported or demo posts; people's posts are published now.
    `trusted_author` (the demo account) skips the hold on an account's first posts.
    The same headline and story from the same author within a minute is a double submit:
    the post already made is returned. With `limited` (the web form) the author's quotas
    (BOARD_POST_RATE, BOARD_POST_DAILY_RATE) are counted from their posts under a lock.
    Raises PostRefused for refused terms, Suspended for suspended authors and
    quotas.RateLimited over a quota.
    """
    headline, story, where_exactly, i_saw, i_am, recognition_question = (
        clean_text(text)
        for text in (headline, story, where_exactly, i_saw, i_am, recognition_question)
    )
    if author is not None:
        quotas.lock_author(author)
        ensure_not_suspended(author)
        mine = Post.objects.filter(author=author)
        twin = quotas.recent_twin(mine.filter(headline=headline, story=story))
        if twin is not None:
            return twin
        if limited:
            rates = (settings.BOARD_POST_RATE, settings.BOARD_POST_DAILY_RATE)
            quotas.ensure_within(mine, rates)
    post = Post(
        author=author,
        author_ref=identifiers.author_ref(author.pk) if author is not None else "",
        public_id=identifiers.unused_public_id(Post),
        pseudonym=identifiers.new_pseudonym(),
        slug=identifiers.slug_for(headline),
        headline=headline,
        story=story,
        story_html=sanitize.render_markdown(story),
        connection_type=connection_type,
        area=area,
        country_id=area.country_id,
        where_exactly=where_exactly,
        encounter_date=encounter_date,
        part_of_day=part_of_day,
        i_saw=i_saw,
        i_am=i_am,
        recognition_question=recognition_question,
        replies_enabled=replies_enabled,
        language=language,
        match_hints_enabled=match_hints_enabled,
    )
    if comment_mode:
        post.comment_mode = comment_mode
    if findings is None:
        findings = screening.screen_post(vars(post))
    if screening.should_refuse(findings):
        raise PostRefused(findings)
    _apply_screening(post, findings)
    if findings or (not trusted_author and _is_new_author(author)):
        post.status = PostStatus.PENDING
        post.status_reason = _held_reason(findings) if findings else str(NEW_ACCOUNT_REASON)
    else:
        _publish_now(post, published_at)
    post.save()
    post.setting_tags.set(setting_tags)
    page_cache.bump_posts_version()
    if post.status == PostStatus.PENDING:
        record(post=post, kind=ActionKind.HELD, reason=_recorded_reason(post, findings))
        notifications.notify_author(post=post, kind=ActionKind.HELD, reason=post.status_reason)
    else:
        record(post=post, kind=ActionKind.PUBLISHED, actor=Actor.AUTOMATIC)
        post_went_live.send(sender=Post, post=post)
    return post


@transaction.atomic
def edit_post(
    *, post: Post, setting_tags: Iterable[SettingTag], findings: list | None = None, **changes
) -> bool:
    """Apply the author's edits, screen them again, and resubmit a rejected post.

    Compares with the stored row, not `post`, which a ModelForm may already have modified.
    `findings`: the form's screening of the whole edited post, when it ran one.
    Returns whether anything changed.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    changes = {k: clean_text(v) if isinstance(v, str) else v for k, v in changes.items()}
    stored = Post.objects.select_for_update().get(pk=post.pk)
    if stored.status not in EDITABLE_STATUSES:
        raise NotEditable(stored.get_status_display())
    changed = [name for name, value in changes.items() if getattr(stored, name) != value]
    new_tags = {tag.pk for tag in setting_tags}
    tags_changed = new_tags != set(stored.setting_tags.values_list("pk", flat=True))
    if not changed and not tags_changed:
        post.refresh_from_db()
        return False
    for name in changed:
        setattr(stored, name, changes[name])
    if "area" in changed:
        stored.country_id = stored.area.country_id
    if "story" in changed:
        stored.story_html = sanitize.render_markdown(stored.story)
    if "headline" in changed:
        stored.slug = identifiers.slug_for(stored.headline)
    if findings is None:
        findings = screening.screen_post(vars(stored))
    if screening.should_refuse(findings):
        raise PostRefused(findings)
    _apply_screening(stored, findings)
    held_now = None
    if stored.status == PostStatus.REJECTED:
        stored.status = PostStatus.PENDING
        stored.status_reason = (
            _held_reason(findings) if findings else gettext("Edited and resubmitted for review.")
        )
        held_now = ActionKind.EDITED
    elif stored.status == PostStatus.PUBLISHED and findings:
        stored.status = PostStatus.PENDING
        stored.status_reason = _held_reason(findings)
        held_now = ActionKind.HELD
    elif stored.status == PostStatus.PENDING and findings:
        stored.status_reason = _held_reason(findings)
    stored.save()
    if tags_changed:
        stored.setting_tags.set(new_tags)
    if "match_hints_enabled" in changed and not stored.match_hints_enabled:
        match_hints.forget_hints(post_ids=[stored.pk])
    page_cache.bump_posts_version()
    if held_now == ActionKind.EDITED:
        reason = _recorded_reason(stored, findings)
        record(post=stored, kind=ActionKind.EDITED, actor=Actor.AUTHOR, reason=reason)
    elif held_now == ActionKind.HELD:
        record(post=stored, kind=ActionKind.HELD, reason=_recorded_reason(stored, findings))
        notifications.notify_author(post=stored, kind=ActionKind.HELD, reason=stored.status_reason)
    post.refresh_from_db()
    return True


def can_renew(post: Post, now: datetime | None = None) -> bool:
    """Renewable once, while published, in the last days before it expires."""
    now = now or timezone.now()
    window = timedelta(days=settings.BOARD_RENEW_WINDOW_DAYS)
    return (
        post.status == PostStatus.PUBLISHED
        and post.renewed_at is None
        and post.expires_at is not None
        and now < post.expires_at <= now + window
    )


@transaction.atomic
def renew_post(*, post: Post) -> bool:
    """Keep a post listed for another lifetime; allowed once, in its last week."""
    stored = Post.objects.select_for_update().get(pk=post.pk)
    now = timezone.now()
    if not can_renew(stored, now):
        return False
    stored.renewed_at = now
    stored.expires_at += timedelta(days=settings.BOARD_POST_LIFETIME_DAYS)
    stored.save()
    page_cache.bump_posts_version()
    record(post=stored, kind=ActionKind.RENEWED, actor=Actor.AUTHOR)
    post.refresh_from_db()
    return True


def renewed_moments_ago(post: Post) -> bool:
    """Whether a renewal just happened (a repeated renew click is told it worked)."""
    since = timezone.now() - timedelta(seconds=quotas.REPEAT_SECONDS)
    return post.renewed_at is not None and post.renewed_at >= since


@transaction.atomic
def delete_post(*, post: Post) -> bool:
    """The author deletes their post: it leaves every page and its text is erased."""
    stored = Post.objects.select_for_update().get(pk=post.pk)
    if stored.status == PostStatus.DELETED:
        return False
    stored.status = PostStatus.DELETED
    stored.status_reason = gettext("Deleted by its author.")
    for name in ("headline", "story", "story_html", "where_exactly", "i_saw", "i_am"):
        setattr(stored, name, "")
    stored.recognition_question = ""
    stored.screening_findings = []
    stored.save()
    stored.setting_tags.clear()
    match_hints.forget_hints(post_ids=[stored.pk])
    page_cache.bump_posts_version()
    record(post=stored, kind=ActionKind.DELETED, actor=Actor.AUTHOR)
    post.refresh_from_db()
    return True
