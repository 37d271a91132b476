"""Private replies to a post: a request answered by the poster, then a two-person conversation."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .posts import Post


class ConversationStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for the poster")
    ACCEPTED = "accepted", _("Open")
    DECLINED = "declined", _("Not continued")
    ENDED = "ended", _("Ended")


class Role(models.TextChoices):
    POSTER = "poster", _("Poster")
    REPLIER = "replier", _("Replier")


OPEN_STATUSES = [ConversationStatus.REQUESTED, ConversationStatus.ACCEPTED]


class ConversationQuerySet(models.QuerySet):
    def involving(self, user):
        """Conversations this person is part of; nobody else's, ever."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(Q(poster=user, silenced=False) | Q(replier=user))

    def reported(self):
        return self.filter(reported_at__isnull=False)


class Conversation(models.Model):
    """A reply request from `replier` to the author of `post`; once accepted, a conversation.

    Each side sees the other only by the alias made for this conversation.
    """

    public_id = models.CharField(
        max_length=16, unique=True, editable=False, verbose_name=_("public id")
    )
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("post")
    )
    # Empty once that account is deleted: the other person keeps the conversation, and a
    # reported one stays whole for the moderators (evidence outlives its author).
    poster = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("poster"),
    )
    replier = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("replier"),
    )
    poster_alias = models.CharField(max_length=60, verbose_name=_("poster alias"))
    replier_alias = models.CharField(max_length=60, verbose_name=_("replier alias"))
    answer = models.TextField(
        blank=True, help_text=_("The replier's answer to the question."), verbose_name=_("answer")
    )
    masked_answer = models.TextField(
        blank=True,
        editable=False,
        help_text=_(
            "The answer as the poster sees it before accepting, if it had contact details."
        ),
        verbose_name=_("masked answer"),
    )
    status = models.CharField(
        max_length=12,
        choices=ConversationStatus.choices,
        default=ConversationStatus.REQUESTED,
        verbose_name=_("status"),
    )
    silenced = models.BooleanField(
        default=False,
        help_text=_(
            "Sent by someone the poster blocked (or to an anonymised post): the replier "
            "sees it as sent, the poster never does."
        ),
        verbose_name=_("silenced"),
    )
    contact_held = models.BooleanField(
        default=False,
        help_text=_("The first message had contact details, hidden until accepted."),
        verbose_name=_("contact held"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))
    ended_by = models.CharField(
        max_length=8, choices=Role.choices, blank=True, verbose_name=_("ended by")
    )
    reported_at = models.DateTimeField(null=True, blank=True, verbose_name=_("reported at"))
    reported_by = models.CharField(
        max_length=8, choices=Role.choices, blank=True, verbose_name=_("reported by")
    )
    report_reason = models.TextField(blank=True, verbose_name=_("report reason"))
    report_resolved_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("report resolved at")
    )

    objects = ConversationQuerySet.as_manager()

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "replier"],
                condition=Q(status__in=["requested", "accepted"]),
                name="conversation_one_open_reply_per_person",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ConversationStatus.values), name="conversation_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(poster=F("replier")), name="conversation_two_different_people"
            ),
        ]
        indexes = [
            models.Index(fields=["poster", "status"], name="conversation_poster_status"),
            models.Index(fields=["replier", "status"], name="conversation_replier_status"),
            # The moderators' queue: unresolved reports, oldest first (board/admin/queue.py).
            models.Index(
                fields=["reported_at", "id"],
                condition=Q(reported_at__isnull=False, report_resolved_at__isnull=True),
                name="conversation_reports_open",
            ),
        ]

    def __str__(self):
        return f"{self.replier_alias} → {self.poster_alias}"

    def get_absolute_url(self):
        return reverse("board:conversation", args=[self.public_id])

    def role_of(self, user) -> str | None:
        if user.pk is None:
            return None
        if user.pk == self.poster_id:
            return Role.POSTER
        if user.pk == self.replier_id:
            return Role.REPLIER
        return None

    def alias_of(self, role: str) -> str:
        return self.poster_alias if role == Role.POSTER else self.replier_alias

    @property
    def answer_for_poster(self) -> str:
        """Contact details in the answer stay masked until the poster accepts."""
        never_accepted = self.status in (ConversationStatus.REQUESTED, ConversationStatus.DECLINED)
        return self.masked_answer if self.masked_answer and never_accepted else self.answer

    @property
    def is_read_only(self) -> bool:
        """Nothing more can be said once it ended, or once its post left the board."""
        return self.status != ConversationStatus.ACCEPTED or not self.post.is_public


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("conversation"),
    )
    sender = models.CharField(max_length=8, choices=Role.choices, verbose_name=_("sender"))
    body = models.TextField(verbose_name=_("body"))
    body_html = models.TextField(
        editable=False, help_text=_("Escaped, with safe links."), verbose_name=_("body html")
    )
    masked_html = models.TextField(
        blank=True,
        editable=False,
        help_text=_("What the poster sees before accepting, if contact details were held back."),
        verbose_name=_("masked html"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        return gettext("%(sender)s at %(date)s") % {
            "sender": self.get_sender_display(),
            "date": f"{self.created_at:%Y-%m-%d}",
        }


class Block(models.Model):
    """`blocker` no longer receives replies or messages from `blocked`."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks"
    )
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
        ]

    def __str__(self):
        return "Block"


class NotificationSettings(models.Model):
    """Which emails a person wants; notices on /me/ are always kept."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_about_replies = models.BooleanField(
        "Email me when someone replies or writes to me", default=True
    )
    email_about_posts = models.BooleanField(
        "Email me when something happens to my posts", default=True
    )

    class Meta:
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return "Notification settings"
