"""The choices a post is made of: its type, part of day, language, status and comment mode
(re-exported by board/models/posts.py and board/models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConnectionType(models.TextChoices):
    ROMANTIC = "romantic", _("Romantic")
    PLATONIC = "platonic", _("Platonic")
    PROFESSIONAL = "professional", _("Professional")


class PartOfDay(models.TextChoices):
    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    EVENING = "evening", _("Evening")
    NIGHT = "night", _("Night")


# Languages ------------------------------------------------------------------------------
# A post's language (issue #18): search stems it with that language's rules; "Other" is
# searched without stemming. board/search/ maps each to a text search configuration.
class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    PORTUGUESE = "pt", _("Portuguese")
    ITALIAN = "it", _("Italian")
    OTHER = "other", _("Other")


# ------------------------------------------------------------------------------------------


class PostStatus(models.TextChoices):
    PENDING = "pending", _("Held for review")
    PUBLISHED = "published", _("Published")
    HIDDEN = "hidden", _("Hidden for review")
    REJECTED = "rejected", _("Rejected")
    REMOVED = "removed", _("Removed")
    EXPIRED = "expired", _("Expired")
    DELETED = "deleted", _("Deleted")


class CommentMode(models.TextChoices):
    """What the poster chose for their post's public comments."""

    OFF = "off", _("Off: no comments")
    ON = "on", _("On: kind comments appear once screened")
    HELD = "held", _("On, and I approve each comment before it appears")
