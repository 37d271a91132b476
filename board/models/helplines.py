"""Crisis helplines by country: data an admin keeps current, never hard-coded in templates.

A helpline without a country is an international directory, shown where the board knows
no line for the reader's country (and always, after the country's own lines).
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .places import Country

# What a `tel:` or `sms:` link dials: E.164 ("+498001110111") or a national short code
# ("988", "116123"), which has no E.164 form and is dialled as it is within the country.
DIAL_PATTERN = r"^\+?[0-9]{3,15}\Z"
dial_validator = RegexValidator(
    DIAL_PATTERN,
    _("Digits only: +49… in E.164 form, or a short code such as 988."),
    code="dial",
)

# Addresses the crisis block links to (or records as the source): https only, since a crisis
# page must not send anyone to a page that can be tampered with on the way.
https_only = URLValidator(schemes=["https"], message=_("Give an https:// address."), code="https")


class HelplineQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def international(self):
        return self.published().filter(country__isnull=True)

    def for_country(self, code: str | None):
        """The country's published lines, then the international directories."""
        shown = Q(country__isnull=True)
        if code:
            shown |= Q(country_id=code)
        return (
            self.published()
            .filter(shown)
            .order_by(models.F("country").asc(nulls_last=True), "order", "name")
        )


class Helpline(models.Model):
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="helplines",
        verbose_name=_("country"),
        help_text=_("Empty for an international directory of helplines."),
    )
    name = models.CharField(_("name"), max_length=120)
    purpose = models.CharField(
        _("what it is for"),
        max_length=200,
        help_text=_("Who it is for, e.g. “Anyone in emotional distress or suicidal crisis”."),
    )
    phone = models.CharField(
        _("phone, as shown"), max_length=40, blank=True, help_text=_("e.g. 0800 111 0 111")
    )
    phone_dial = models.CharField(
        _("phone, as dialled"),
        max_length=16,
        blank=True,
        validators=[dial_validator],
        help_text=_("For the tel: link: +498001110111 (no spaces) or a short code such as 988."),
    )
    sms = models.CharField(
        _("text (SMS) number"),
        max_length=16,
        blank=True,
        validators=[dial_validator],
        help_text=_("Where the line takes text messages; empty otherwise."),
    )
    chat_url = models.URLField(
        _("chat"), blank=True, validators=[https_only], help_text=_("Where the line has web chat.")
    )
    hours = models.CharField(_("hours"), max_length=80, blank=True, help_text=_("e.g. 24/7"))
    link = models.URLField(_("website"), blank=True, validators=[https_only])
    source_url = models.URLField(
        _("source"), validators=[https_only], help_text=_("Where these details were checked.")
    )
    checked_on = models.DateField(_("checked on"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    objects = HelplineQuerySet.as_manager()

    class Meta:
        ordering = ["country", "order", "name"]
        verbose_name = _("helpline")
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"], name="helpline_unique_name_in_country"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.country_id or _('international')})"

    def clean(self):
        """A number shown has a number to dial: the block shows a number only as its tel:
        link."""
        if self.phone and not self.phone_dial:
            raise ValidationError(
                {
                    "phone_dial": ValidationError(
                        _("Give the number as dialled too: the page shows it as a link to call."),
                        code="dial_missing",
                    )
                }
            )
