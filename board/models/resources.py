"""The coping-resources section: articles, journaling prompts, helplines, reflections."""

import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WORDS_PER_MINUTE = 200


class ResourceCategory(models.TextChoices):
    """In reading order: understand it, feel it, heal, then get help or move on."""

    UNDERSTANDING = "understanding", _("Understanding missed connections")
    FEELINGS = "feelings", _("The feelings")
    HEALING = "healing", _("Tools for healing")
    APOLOGY = "apology", _("Apology and forgiveness")
    MOVING_FORWARD = "moving-forward", _("Moving forward")
    HEARTBREAK = "heartbreak", _("After heartbreak")
    SUPPORT = "support", _("Getting support")


class PromptTopic(models.TextChoices):
    REGRET = "regret", _("Regret")
    WHAT_IF = "what-if", _("“What if” thoughts")
    SELF_COMPASSION = "self-compassion", _("Self-compassion")
    LETTING_GO = "letting-go", _("Letting go")
    MOVING_FORWARD = "moving-forward", _("Moving forward")
    UNDERSTANDING = "understanding", _("Understanding what happened")
    RECONNECTING = "reconnecting", _("Reconnecting")


class SuitsTypes(models.Model):
    """Which connection types (romantic, platonic, professional) a resource or prompt suits."""

    suits_romantic = models.BooleanField("Romantic", default=True)
    suits_platonic = models.BooleanField("Platonic", default=True)
    suits_professional = models.BooleanField("Professional", default=True)

    class Meta:
        abstract = True

    @property
    def types(self) -> list[str]:
        return [t for t in ("romantic", "platonic", "professional") if getattr(self, f"suits_{t}")]


def suits_type_q(connection_type: str) -> Q:
    return Q(**{f"suits_{connection_type}": True})


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def suiting(self, connection_type: str):
        return self.published().filter(suits_type_q(connection_type))


class Resource(SuitsTypes):
    title = models.CharField(max_length=120, verbose_name=_("title"))
    slug = models.SlugField(max_length=120, unique=True, verbose_name=_("slug"))
    summary = models.CharField(max_length=240, verbose_name=_("summary"))
    body = models.TextField(
        help_text=_("Markdown: paragraphs, headings (##), lists, quotes."), verbose_name=_("body")
    )
    body_html = models.TextField(editable=False, blank=True, verbose_name=_("body html"))
    category = models.CharField(
        max_length=16, choices=ResourceCategory.choices, verbose_name=_("category")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))
    is_published = models.BooleanField(default=True, verbose_name=_("is published"))
    last_reviewed = models.DateField(default=timezone.localdate, verbose_name=_("last reviewed"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["order", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=ResourceCategory.values), name="resource_category_valid"
            ),
            models.CheckConstraint(
                condition=Q(suits_romantic=True)
                | Q(suits_platonic=True)
                | Q(suits_professional=True),
                name="resource_suits_a_type",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("board:resource-detail", args=[self.slug])

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))


class JournalPrompt(SuitsTypes):
    text = models.CharField(max_length=300, verbose_name=_("text"))
    topics = models.JSONField(
        default=list, help_text=_('Topic codes, e.g. ["regret"].'), verbose_name=_("topics")
    )
    order = models.PositiveSmallIntegerField(default=0, verbose_name=_("order"))
    is_published = models.BooleanField(default=True, verbose_name=_("is published"))

    objects = PublishedQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal prompt")
        verbose_name_plural = _("journal prompts")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text

    @property
    def topic_labels(self) -> list[str]:
        labels = dict(PromptTopic.choices)
        return [str(labels[t]) for t in self.topics if t in labels]


class ReflectionQuerySet(models.QuerySet):
    def owned_by(self, user):
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(author=user)


class Reflection(models.Model):
    """A private piece of writing, seen by its writer alone: never published or moderated."""

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    title = models.CharField(max_length=120, blank=True)
    body = models.TextField()
    prompt = models.ForeignKey(
        JournalPrompt, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post = models.ForeignKey(
        "board.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("One of the writer's own posts this was written about (unsent mode)."),
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self):
        return self.title or "Untitled reflection"
