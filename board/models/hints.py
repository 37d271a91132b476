"""Possible-match hints: two published posts that may tell one moment, shown privately to
each author (board.services.hints decides; board.hints scores).

One row per recipient: the pair (A, B) gives A's author the row (post=A, other_post=B) and
B's author the row (post=B, other_post=A), so each can dismiss their own copy and nothing
about one copy (read, dismissed, even existing) is visible to the other author.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .moderation import Notification
from .posts import Post


class HintQuerySet(models.QuerySet):
    def owned_by(self, user):
        """The person's own hints (their copies), for their pages and the dismiss button."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)

    def involving_posts(self, post_ids):
        """Every hint, either way round, that points at or from these posts."""
        return self.filter(models.Q(post_id__in=post_ids) | models.Q(other_post_id__in=post_ids))


class Hint(models.Model):
    """'A story posted on <day> may be about the same moment': for `post`'s author only."""

    public_id = models.CharField(
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("Random, for its address: a sequential id would tell how many hints exist."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="match_hints",
        help_text=_("Who sees this hint: the author of the post, when it was made."),
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="match_hints")
    other_post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(help_text=_("How alike the two posts read (0 to 1)."))
    notification = models.OneToOneField(
        Notification,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hint",
    )
    created_at = models.DateTimeField(default=timezone.now)
    dismissed_at = models.DateTimeField(null=True, blank=True)

    objects = HintQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "other_post"], name="hint_once_per_pair"),
            models.CheckConstraint(
                condition=~models.Q(post=models.F("other_post")), name="hint_not_to_itself"
            ),
        ]
        indexes = [models.Index(fields=["other_post"], name="hint_other_post")]

    def __str__(self):
        return f"Hint {self.pk}"
