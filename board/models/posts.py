"""Tables of the board and the QuerySets that decide who may see what."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from .places import Area, Country

# How long a poster can take back "we found each other" (a mistaken tap, a hope too soon).
FOUND_UNDO_WINDOW = timedelta(days=1)


class SettingTag(models.Model):
    """Where an encounter happened (public transit, cafe, ...), curated in the admin."""

    name = models.CharField(max_length=60, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class ConnectionType(models.TextChoices):
    ROMANTIC = "romantic", "Romantic"
    PLATONIC = "platonic", "Platonic"
    PROFESSIONAL = "professional", "Professional"


class PartOfDay(models.TextChoices):
    MORNING = "morning", "Morning"
    AFTERNOON = "afternoon", "Afternoon"
    EVENING = "evening", "Evening"
    NIGHT = "night", "Night"


class PostStatus(models.TextChoices):
    PENDING = "pending", "Held for review"
    PUBLISHED = "published", "Published"
    HIDDEN = "hidden", "Hidden for review"
    REJECTED = "rejected", "Rejected"
    REMOVED = "removed", "Removed"
    EXPIRED = "expired", "Expired"
    DELETED = "deleted", "Deleted"


def _choice_check(field: str, choices: type[models.TextChoices], name: str):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class PostQuerySet(models.QuerySet):
    def published(self):
        """Posts anyone may see: published and not past their expiry, whatever jobs ran."""
        return self.filter(status=PostStatus.PUBLISHED, expires_at__gt=timezone.now())

    def visible_to(self, user):
        """Published posts, plus the user's own (unless deleted); moderators see all."""
        if user is not None and user.is_authenticated:
            if user.is_staff and user.has_perm("board.moderate_post"):
                return self.all()
            return self.filter(
                Q(status=PostStatus.PUBLISHED, expires_at__gt=timezone.now())
                | (Q(author=user) & ~Q(status=PostStatus.DELETED))
            )
        return self.published()

    def owned_by(self, user):
        """The user's own posts, deleted ones excepted, for their pages and edit forms."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(author=user).exclude(status=PostStatus.DELETED)

    def found(self):
        """Published stories that ended well: the poster marked them found."""
        return self.published().filter(found_at__isnull=False)

    def needing_decision(self):
        """What a moderator must still decide on: held or hidden posts, anything urgent, and
        posts with reports opened since the last decision. Never a deleted post."""
        waiting = (
            Q(status__in=[PostStatus.PENDING, PostStatus.HIDDEN])
            | Q(needs_urgent_review=True)
            | Q(reports_open_since__isnull=False)
        )
        return self.filter(waiting).exclude(status=PostStatus.DELETED)

    def in_queue_order(self):
        """Urgent first, then most flagged, then the one waiting longest."""
        return self.annotate(waiting_since=Coalesce("reports_open_since", "created_at")).order_by(
            "-needs_urgent_review", "-flag_count", "waiting_since", "pk"
        )

    def for_cards(self):
        """Everything a list card shows, in a constant number of queries."""
        return self.select_related("area", "area__parent").prefetch_related("setting_tags")


class Post(models.Model):
    """One missed-connection story. The author is never shown; the pseudonym is."""

    public_id = models.CharField(max_length=12, unique=True, editable=False)
    slug = models.SlugField(max_length=80)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    pseudonym = models.CharField(max_length=60)

    headline = models.CharField(max_length=120)
    story = models.TextField(help_text="Markdown source, as the poster wrote it.")
    story_html = models.TextField(editable=False, help_text="Sanitized HTML made from story.")
    connection_type = models.CharField(max_length=16, choices=ConnectionType.choices)
    setting_tags = models.ManyToManyField(SettingTag, related_name="posts")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="posts")
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text="The area's country, copied by the services so lists filter on one column.",
    )
    where_exactly = models.CharField(max_length=120, blank=True)
    encounter_date = models.DateField()
    part_of_day = models.CharField(max_length=12, choices=PartOfDay.choices)
    i_saw = models.CharField("I saw", max_length=200, blank=True)
    i_am = models.CharField("I am", max_length=200, blank=True)
    recognition_question = models.CharField(max_length=200, blank=True)

    status = models.CharField(max_length=12, choices=PostStatus.choices, default=PostStatus.PENDING)
    status_reason = models.TextField(blank=True, help_text="Shown to the poster.")
    author_ref = models.CharField(
        max_length=16,
        blank=True,
        db_index=True,
        help_text="An opaque reference to the author for moderators; not the account.",
    )
    held_reasons = models.JSONField(
        default=list, blank=True, help_text="Screening rule codes that held this post."
    )
    screening_findings = models.JSONField(default=list, blank=True)
    flag_count = models.PositiveIntegerField(default=0)
    needs_urgent_review = models.BooleanField(
        default=False, help_text="A takedown request or a report involving a minor."
    )
    reports_open_since = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the first report since the last moderator decision arrived.",
    )
    renewed_at = models.DateTimeField(null=True, blank=True)
    replies_enabled = models.BooleanField(
        "Accept private replies", default=True, help_text="Turn off to close new replies."
    )
    found_at = models.DateTimeField(
        null=True, blank=True, help_text="When the poster marked “we found each other”."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        permissions = [("moderate_post", "Can see and moderate posts in any status")]
        constraints = [
            _choice_check("connection_type", ConnectionType, "post_connection_type_valid"),
            _choice_check("part_of_day", PartOfDay, "post_part_of_day_valid"),
            _choice_check("status", PostStatus, "post_status_valid"),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="post_published_has_date",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(status="published"),
                name="post_published_newest",
            ),
            models.Index(
                fields=["-encounter_date", "-id"],
                condition=Q(status="published"),
                name="post_published_encounter",
            ),
            models.Index(
                fields=["area", "-published_at", "-id"],
                condition=Q(status="published"),
                name="post_published_area",
            ),
            models.Index(
                fields=["country", "-published_at", "-id"],
                condition=Q(status="published"),
                name="post_published_country",
            ),
            models.Index(fields=["author", "status"], name="post_author_status"),
            models.Index(
                fields=["-needs_urgent_review", "-flag_count", "created_at"],
                condition=~Q(status__in=["published", "deleted", "expired"]),
                name="post_review_queue",
            ),
            models.Index(
                fields=["-needs_urgent_review", "-flag_count", "created_at"],
                name="post_admin_order",
            ),
            models.Index(
                fields=["reports_open_since"],
                condition=Q(reports_open_since__isnull=False),
                name="post_open_reports",
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(needs_urgent_review=True),
                name="post_urgent",
            ),
        ]

    def __str__(self):
        return self.headline or self.public_id

    def get_absolute_url(self):
        return reverse("board:post-detail", args=[self.public_id, self.slug])

    @property
    def is_public(self) -> bool:
        return (
            self.status == PostStatus.PUBLISHED
            and self.expires_at is not None
            and self.expires_at > timezone.now()
        )

    @property
    def accepts_replies(self) -> bool:
        # A post kept after its author's account was deleted still takes replies, which go
        # nowhere (services.replies.send_reply): refusing them would mark such posts as a group.
        return self.is_public and self.replies_enabled and self.found_at is None

    @property
    def found_undo_until(self):
        """Until when "we found each other" can be undone, or None if it cannot."""
        if self.found_at is None:
            return None
        until = self.found_at + FOUND_UNDO_WINDOW
        return until if until > timezone.now() else None

    @property
    def setting_names(self) -> list[str]:
        return [tag.name for tag in self.setting_tags.all()]


def neighbours_of(post: Post) -> tuple[Post | None, Post | None]:
    """The next newer and next older published posts, fetched in one query."""
    if not post.is_public:
        return None, None
    published = Post.objects.published()
    at, pk = post.published_at, post.pk
    # The plain published_at bound lets the index scan start at the post, and `pk=` (not
    # `pk__in=`) makes each side one primary key lookup: at a million posts, seconds otherwise.
    newer = published.filter(published_at__gte=at).filter(
        Q(published_at__gt=at) | Q(published_at=at, pk__gt=pk)
    )
    older = published.filter(published_at__lte=at).filter(
        Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk)
    )
    newer = newer.order_by("published_at", "pk").values("pk")[:1]
    older = older.order_by("-published_at", "-pk").values("pk")[:1]
    found = published.filter(Q(pk=Subquery(newer)) | Q(pk=Subquery(older))).only(
        "public_id", "slug", "headline", "published_at"
    )
    newer_post = older_post = None
    for other in found:
        if (other.published_at, other.pk) > (at, pk):
            newer_post = other
        else:
            older_post = other
    return newer_post, older_post
