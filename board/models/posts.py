"""Tables of the board and the QuerySets that decide who may see what."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .places import Area, Country
from .post_choices import CommentMode, ConnectionType, Language, PartOfDay, PostStatus

# How long a poster can take back "we found each other" (a mistaken tap, a hope too soon).
FOUND_UNDO_WINDOW = timedelta(days=1)


class SettingTag(models.Model):
    """Where an encounter happened (public transit, cafe, ...), curated in the admin."""

    name = models.CharField(max_length=60, unique=True, verbose_name=_("name"))
    slug = models.SlugField(max_length=60, unique=True, verbose_name=_("slug"))
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))

    class Meta:
        verbose_name = _("setting tag")
        verbose_name_plural = _("setting tags")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


def _choice_check(field: str, choices: type[models.TextChoices], name: str):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def _default_comment_mode() -> str:
    """Comments on new posts: `BOARD_COMMENTS_DEFAULT` ("held": on, approved by the poster)."""
    return getattr(settings, "BOARD_COMMENTS_DEFAULT", "held")


# What a moderator must still decide on: held or hidden posts, anything urgent, and posts
# with reports opened since the last decision; never a deleted post. Stored as Post.in_queue.
NEEDS_DECISION = (
    Q(status__in=[PostStatus.PENDING, PostStatus.HIDDEN])
    | Q(needs_urgent_review=True)
    | Q(reports_open_since__isnull=False)
) & ~Q(status=PostStatus.DELETED)
# The queue's order, and the columns of every index that serves it (ties broken by id).
QUEUE_ORDER = ("-needs_urgent_review", "-flag_count", "waiting_since", "id")
# The posts changelist's own order when no queue filter is chosen, and its indexes' columns.
CHANGELIST_ORDER = ("-needs_urgent_review", "-flag_count", "created_at", "-id")


def _queue_index(name: str, condition: Q) -> models.Index:
    return models.Index(fields=list(QUEUE_ORDER), condition=condition, name=name)


def _changelist_index(name: str, leading: str | None = None) -> models.Index:
    return models.Index(fields=[*([leading] if leading else []), *CHANGELIST_ORDER], name=name)


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
        """What a moderator must still decide on (`Post.in_queue`, kept by the database)."""
        return self.filter(in_queue=True)

    def in_queue_order(self):
        """Urgent first, then most flagged, then the one waiting longest: index post_queue."""
        return self.order_by(*QUEUE_ORDER)

    def for_cards(self):
        """Everything a list card shows, in a constant number of queries."""
        return self.select_related("area", "area__parent").prefetch_related("setting_tags")


class Post(models.Model):
    """One missed-connection story. The author is never shown; the pseudonym is."""

    public_id = models.CharField(
        verbose_name=_("public id"), max_length=12, unique=True, editable=False
    )
    slug = models.SlugField(max_length=80)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    pseudonym = models.CharField(verbose_name=_("pseudonym"), max_length=60)

    headline = models.CharField(verbose_name=_("headline"), max_length=120)
    story = models.TextField(
        verbose_name=_("story"), help_text=_("Markdown source, as the poster wrote it.")
    )
    story_html = models.TextField(editable=False, help_text=_("Sanitized HTML made from story."))
    connection_type = models.CharField(
        verbose_name=_("connection type"), max_length=16, choices=ConnectionType.choices
    )
    setting_tags = models.ManyToManyField(
        SettingTag, related_name="posts", verbose_name=_("setting tags")
    )
    area = models.ForeignKey(
        Area, on_delete=models.PROTECT, related_name="posts", verbose_name=_("area")
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        help_text=_("The area's country, copied by the services so lists filter on one column."),
    )
    where_exactly = models.CharField(verbose_name=_("where exactly"), max_length=120, blank=True)
    encounter_date = models.DateField(
        verbose_name=_("encounter date"),
    )
    part_of_day = models.CharField(
        verbose_name=_("part of day"), max_length=12, choices=PartOfDay.choices
    )
    i_saw = models.CharField(_("I saw"), max_length=200, blank=True)
    i_am = models.CharField(_("I am"), max_length=200, blank=True)
    recognition_question = models.CharField(
        verbose_name=_("recognition question"), max_length=200, blank=True
    )

    # Language (issue #18) ---------------------------------------------------------------
    language = models.CharField(
        _("language of the story"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        db_default=Language.ENGLISH,
        help_text=_("Search stems the post with this language's rules."),
    )
    # ------------------------------------------------------------------------------------

    status = models.CharField(
        verbose_name=_("status"),
        max_length=12,
        choices=PostStatus.choices,
        default=PostStatus.PENDING,
    )
    status_reason = models.TextField(
        verbose_name=_("status reason"), blank=True, help_text=_("Shown to the poster.")
    )
    author_ref = models.CharField(
        verbose_name=_("author reference"),
        max_length=16,
        blank=True,
        db_index=True,
        help_text=_("An opaque reference to the author for moderators; not the account."),
    )
    held_reasons = models.JSONField(
        verbose_name=_("held reasons"),
        default=list,
        blank=True,
        help_text=_("Screening rule codes that held this post."),
    )
    screening_findings = models.JSONField(
        verbose_name=_("screening findings"), default=list, blank=True
    )
    flag_count = models.PositiveIntegerField(verbose_name=_("flag count"), default=0)
    needs_urgent_review = models.BooleanField(
        verbose_name=_("needs urgent review"),
        default=False,
        help_text=_("A takedown request or a report involving a minor."),
    )
    reports_open_since = models.DateTimeField(
        verbose_name=_("reports open since"),
        null=True,
        blank=True,
        help_text=_("When the first report since the last moderator decision arrived."),
    )
    renewed_at = models.DateTimeField(verbose_name=_("renewed at"), null=True, blank=True)
    replies_enabled = models.BooleanField(
        _("Accept private replies"), default=True, help_text=_("Turn off to close new replies.")
    )
    found_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the poster marked “we found each other”.")
    )
    comment_mode = models.CharField(
        "Comments",
        max_length=8,
        choices=CommentMode.choices,
        default=_default_comment_mode,
        help_text=_("Public comments under the story: off, on, or on and approved by you first."),
    )
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    comments_waiting = models.PositiveIntegerField(
        default=0, editable=False, help_text=_("Comments waiting for the poster's approval.")
    )
    # --- Possible-match hints (issue 19; board.services.hints) ---------------------------
    match_hints_enabled = models.BooleanField(
        _("Tell me if another story may be about the same moment"),
        default=True,
        help_text=_(
            "A private hint to you and the other story's author, never shown to anyone else. "
            "Off: this story is never suggested to anyone, and nothing is suggested to you."
        ),
    )
    # --- end of possible-match hints -------------------------------------------------------
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now, editable=False
    )
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)
    published_at = models.DateTimeField(verbose_name=_("published at"), null=True, blank=True)
    expires_at = models.DateTimeField(verbose_name=_("expires at"), null=True, blank=True)

    # The moderators' queue (issue 15), computed and stored by the database from the fields
    # above, so every way a post changes (services, updates, jobs) keeps it right and the
    # queue's partial indexes below can serve each page without reading the whole table.
    in_queue = models.GeneratedField(
        expression=ExpressionWrapper(NEEDS_DECISION, output_field=models.BooleanField()),
        output_field=models.BooleanField(),
        db_persist=True,
        help_text=_("Waiting for a moderator's decision."),
    )
    waiting_since = models.GeneratedField(
        expression=Coalesce("reports_open_since", "created_at"),
        output_field=models.DateTimeField(),
        db_persist=True,
        help_text=_("Since the first open report, else since it was submitted."),
    )

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-published_at", "-id"]
        permissions = [("moderate_post", "Can see and moderate posts in any status")]
        constraints = [
            _choice_check("connection_type", ConnectionType, "post_connection_type_valid"),
            _choice_check("part_of_day", PartOfDay, "post_part_of_day_valid"),
            _choice_check("status", PostStatus, "post_status_valid"),
            _choice_check("language", Language, "post_language_valid"),
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
                fields=list(CHANGELIST_ORDER),  # the changelist's order, for "reason held"
                condition=~Q(status__in=["published", "deleted", "expired"]),
                name="post_review_queue",
            ),
            # The moderators' pages at a million posts (docs/moderation.md, "At scale"): the
            # queue and its counts read only the waiting posts, in the queue's order...
            _queue_index("post_queue", Q(in_queue=True)),
            _queue_index("post_queue_held", Q(status="pending")),
            _queue_index("post_queue_flagged", Q(reports_open_since__isnull=False)),
            # ...and the changelist, unfiltered or filtered by one choice, reads its first
            # page in its own order instead of sorting every post that matches.
            _changelist_index("post_changelist"),
            _changelist_index("post_changelist_status", "status"),
            _changelist_index("post_changelist_type", "connection_type"),
            _changelist_index("post_changelist_area", "area"),
            # The one sortable column ("Submitted", either way; board/admin/post_search.py).
            models.Index(fields=["created_at", "id"], name="post_created"),
            # Possible-match hints: published posts of one area around one day (issue 19).
            models.Index(
                fields=["area", "encounter_date"],
                condition=Q(status="published", match_hints_enabled=True),
                name="post_hint_candidates",
            ),
        ]

    def __str__(self):
        return self.headline or self.public_id

    def get_absolute_url(self):
        return reverse("board:post-detail", args=[self.public_id, self.slug])

    @property
    def html_lang(self) -> str:
        """The story's `lang` attribute: a BCP 47 tag, or "" (unknown) for Other."""
        return "" if self.language == Language.OTHER else self.language

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
