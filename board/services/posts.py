"""Every write that matters to a post: submit, edit, delete. Views and commands call these."""

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .. import identifiers, sanitize
from ..models import Area, Post, PostStatus, SettingTag

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
)


def _unused_public_id() -> str:
    for _ in range(10):
        candidate = identifiers.new_public_id()
        if not Post.objects.filter(public_id=candidate).exists():
            return candidate
    raise RuntimeError("Could not find an unused public id")


def _publish_now(post: Post, now: datetime | None = None) -> None:
    now = now or timezone.now()
    post.status = PostStatus.PUBLISHED
    post.status_reason = ""
    post.published_at = now
    post.expires_at = now + timedelta(days=settings.BOARD_POST_LIFETIME_DAYS)


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
    published_at: datetime | None = None,
) -> Post:
    """Create a post with its own pseudonym and public id, cleaned story, and status.

    `published_at` backdates imported or demo posts; people's posts are published now.
    """
    post = Post(
        author=author,
        public_id=_unused_public_id(),
        pseudonym=identifiers.new_pseudonym(),
        slug=identifiers.slug_for(headline),
        headline=headline,
        story=story,
        story_html=sanitize.render_markdown(story),
        connection_type=connection_type,
        area=area,
        where_exactly=where_exactly,
        encounter_date=encounter_date,
        part_of_day=part_of_day,
        i_saw=i_saw,
        i_am=i_am,
        recognition_question=recognition_question,
    )
    _publish_now(post, published_at)
    post.save()
    post.setting_tags.set(setting_tags)
    return post


@transaction.atomic
def edit_post(*, post: Post, setting_tags: Iterable[SettingTag], **changes) -> bool:
    """Apply the author's edits; re-render the story. Returns whether anything changed.

    Compares with the stored row, not `post`, which a ModelForm may already have modified.
    """
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    stored = Post.objects.select_for_update().get(pk=post.pk)
    changed = [name for name, value in changes.items() if getattr(stored, name) != value]
    new_tags = {tag.pk for tag in setting_tags}
    tags_changed = new_tags != set(stored.setting_tags.values_list("pk", flat=True))
    if changed or tags_changed:
        for name in changed:
            setattr(stored, name, changes[name])
        if "story" in changed:
            stored.story_html = sanitize.render_markdown(stored.story)
        if "headline" in changed:
            stored.slug = identifiers.slug_for(stored.headline)
        stored.save()
        if tags_changed:
            stored.setting_tags.set(new_tags)
    post.refresh_from_db()
    return bool(changed or tags_changed)


@transaction.atomic
def delete_post(*, post: Post) -> bool:
    """The author deletes their post: it leaves every page and its text is erased."""
    if post.status == PostStatus.DELETED:
        return False
    post.status = PostStatus.DELETED
    post.status_reason = "Deleted by its author."
    post.headline = ""
    post.story = ""
    post.story_html = ""
    post.where_exactly = ""
    post.i_saw = ""
    post.i_am = ""
    post.recognition_question = ""
    post.save()
    post.setting_tags.clear()
    return True
