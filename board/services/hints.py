"""Possible-match hints: when a post goes live, find published posts that may tell the same
moment and tell both authors privately (a notice in each one's inbox, nothing anywhere else).

Runs in a background task (board.tasks.hints.find_match_hints), queued after the commit that made
the post public. The database narrows the candidates by the same hard filter as
`board.hints.could_be_same_moment` (same or adjacent day, same city, a setting in common or
the same kind of connection, hints on, another author) through the partial index
`post_hint_candidates`; the words are scored in Python (`board.hints.similarity`), so both
databases decide alike.

A post with hints off is never suggested to anyone and gets no suggestion: suggesting it
to the other author would tell them "this story may be about you", which is what turning
hints off refuses. Each author's copy is their own: dismissing it, or reading it, changes
nothing for the other; the pair is never hinted twice (the unique pair constraint).
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from .. import identifiers
from ..hints import THRESHOLD, Moment, similarity
from ..hints.similarity import MAX_DAYS_APART
from ..models import Area, Hint, NoticeKind, Notification, Post

# The most candidates scored for one new post (newest published first). A city with a
# million posts has a few hundred in a three-day window; this caps the rare busy day.
MAX_CANDIDATES = 300
# The most hints one post going live can make (its best scores): a hint is a maybe, and a
# dozen maybes at once would be noise, not help.
MAX_HINTS_PER_POST = 3
CANDIDATE_FIELDS = (
    "id",
    "author_id",
    "public_id",
    "published_at",
    "encounter_date",
    "headline",
    "story",
    "where_exactly",
    "i_saw",
    "i_am",
)


def city_areas(area: Area) -> list[int]:
    """The ids of the area's city and every neighbourhood of it."""
    city_id = area.parent_id or area.pk
    city = Area.objects.filter(Q(pk=city_id) | Q(parent_id=city_id))
    return list(city.values_list("pk", flat=True))


def candidates(post: Post, *, limit: int = MAX_CANDIDATES):
    """Published posts with hints on that could be the same moment as `post` (another author,
    same or adjacent day, same city, a setting in common or the same kind of connection)."""
    day = post.encounter_date
    through = Post.setting_tags.through
    tags = through.objects.filter(post_id=post.pk).values("settingtag_id")
    shares_a_setting = Exists(
        through.objects.filter(post_id=OuterRef("pk"), settingtag_id__in=tags)
    )
    found = (
        Post.objects.published()
        .filter(
            match_hints_enabled=True,
            area_id__in=city_areas(post.area),
            encounter_date__range=(
                day - timedelta(days=MAX_DAYS_APART),
                day + timedelta(days=MAX_DAYS_APART),
            ),
        )
        .filter(Q(connection_type=post.connection_type) | shares_a_setting)
        .exclude(pk=post.pk)
    )
    if post.author_id is not None:
        found = found.exclude(author_id=post.author_id)
    return found.only(*CANDIDATE_FIELDS).order_by("-published_at", "-id")[:limit]


def moment_of(post: Post) -> Moment:
    """The words of a post for the scorer (place, day and settings were checked by the query)."""
    return Moment(
        encounter_date=post.encounter_date,
        city=0,
        connection_type="",
        headline=post.headline,
        story=post.story,
        where_exactly=post.where_exactly,
        i_saw=post.i_saw,
        i_am=post.i_am,
    )


def find_hints_for(*, post_id: int) -> int:
    """Look for possible matches of a live post and hint each pair to both authors.

    Repeatable: a retried task, a restored post or a pair found from both sides creates
    nothing twice. Returns how many hints (copies) it created.
    """
    post = Post.objects.select_related("area").filter(pk=post_id).first()
    if post is None or not post.is_public or not post.match_hints_enabled:
        return 0
    created = 0
    for other, score in possible_matches(post):
        for recipient_post, about in ((post, other), (other, post)):
            created += _give_hint(post=recipient_post, other_post=about, score=score)
    return created


def possible_matches(post: Post, *, limit: int = MAX_HINTS_PER_POST) -> list[tuple[Post, float]]:
    """The best `limit` (candidate, score) pairs at or above the threshold; no writes."""
    mine = moment_of(post)
    scored = ((other, similarity(mine, moment_of(other))) for other in candidates(post))
    found = [(other, score) for other, score in scored if score >= THRESHOLD]
    found.sort(key=lambda pair: (-pair[1], -pair[0].pk))
    return found[:limit]


def _notice_text(other_post: Post) -> str:
    day = date_format(timezone.localdate(other_post.published_at), "j F Y")
    return gettext("A story posted on %(day)s may be about the same moment.") % {"day": day}


def _give_hint(*, post: Post, other_post: Post, score: float) -> int:
    """One author's copy of a hint and its notice, once per pair (1 if made, 0 if not)."""
    if post.author_id is None:
        return 0  # nobody to tell: the account was deleted
    with transaction.atomic():
        hint, made = Hint.objects.get_or_create(
            post=post,
            other_post=other_post,
            defaults={
                "user_id": post.author_id,
                "score": score,
                "public_id": identifiers.unused_public_id(Hint, extra=6),
            },
        )
        if not made:
            return 0
        hint.notification = Notification.objects.create(
            user_id=post.author_id,
            post=post,
            kind=NoticeKind.MATCH_HINT,
            message=_notice_text(other_post),
            link=reverse("board:hint-open", args=[hint.public_id]),
        )
        hint.save(update_fields=["notification"])
    return 1


@transaction.atomic
def dismiss_hint(*, hint: Hint, user) -> bool:
    """The recipient puts their own copy away; the other author's copy is untouched.

    Kept (dismissed) so the pair is never hinted again. Returns whether anything changed.
    """
    stored = Hint.objects.select_for_update().filter(pk=hint.pk, user=user).first()
    if stored is None or stored.dismissed_at is not None:
        return False
    stored.dismissed_at = timezone.now()
    stored.save(update_fields=["dismissed_at"])
    if stored.notification_id is not None:
        Notification.objects.filter(pk=stored.notification_id).delete()
    hint.dismissed_at = stored.dismissed_at
    return True


def forget_hints(*, post_ids) -> int:
    """Delete every hint, either way round, about these posts, with their notices.

    Called when a post is deleted, when its author turns hints off, and with the account.
    """
    hints = Hint.objects.involving_posts(list(post_ids))
    Notification.objects.filter(hint__in=hints).delete()
    return hints.delete()[0]


@transaction.atomic
def set_match_hints(*, post: Post, enabled: bool) -> bool:
    """The author turns hints for one post on or off; off withdraws its hints both ways."""
    changed = (
        Post.objects.filter(pk=post.pk)
        .exclude(match_hints_enabled=enabled)
        .update(match_hints_enabled=enabled)
    )
    post.match_hints_enabled = enabled
    if changed and not enabled:
        forget_hints(post_ids=[post.pk])
    return bool(changed)
