"""Places: countries and the areas posts happen in (a city, a curated neighbourhood of one,
or "somewhere else in <country>"). Cities come from the gazetteer (`manage.py load_places`);
neighbourhoods are curated in the admin. A place is never more precise than a neighbourhood.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Country(models.Model):
    """A country from the gazetteer, keyed by its ISO 3166-1 alpha-2 code ("DE")."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name


class AreaKind(models.TextChoices):
    CITY = "city", _("City")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood")
    ELSEWHERE = "elsewhere", _("Somewhere else in a country")


class AreaQuerySet(models.QuerySet):
    def cities(self):
        return self.filter(kind=AreaKind.CITY)

    def neighbourhoods(self):
        return self.filter(kind=AreaKind.NEIGHBOURHOOD)

    def in_country(self, code: str):
        return self.filter(country_id=code)


class Area(models.Model):
    """Where an encounter happened: a city (no parent), a curated neighbourhood of a city,
    or somewhere else in a country (for towns the gazetteer does not list)."""

    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(
        _("kind"), max_length=16, choices=AreaKind.choices, default=AreaKind.CITY
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
        verbose_name=_("city"),
        help_text=_("The city this neighbourhood belongs to; empty for a city."),
    )
    country = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="areas",
        verbose_name=_("country"),
        help_text=_("A neighbourhood takes its city's country."),
    )
    qualifier = models.CharField(
        _("qualifier"),
        max_length=80,
        blank=True,
        help_text=_("Tells apart cities of the same name in one country (a state or region)."),
    )
    geoname_id = models.PositiveIntegerField(
        _("GeoNames id"),
        null=True,
        blank=True,
        unique=True,
        help_text=_("The gazetteer's id for a city; empty for curated places."),
    )
    other_names = models.TextField(
        _("other names"),
        blank=True,
        editable=False,
        help_text=_("The gazetteer's other names for a city, folded: |lisboa|lissabon|"),
    )
    population = models.PositiveIntegerField(_("population"), default=0)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("area")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="area_unique_name_in_city"),
            models.CheckConstraint(condition=Q(kind__in=AreaKind.values), name="area_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind=AreaKind.NEIGHBOURHOOD, parent__isnull=False)
                | (~Q(kind=AreaKind.NEIGHBOURHOOD) & Q(parent__isnull=True)),
                name="area_neighbourhood_has_city",
            ),
        ]
        indexes = [
            # Typed city names are looked up case-insensitively within a country.
            models.Index("country", Upper("name"), name="area_country_name"),
            models.Index(fields=["country", "kind", "-population"], name="area_country_kind"),
        ]

    def __str__(self):
        if self.kind == AreaKind.ELSEWHERE:
            return gettext("Somewhere else in %(country)s") % {"country": self.name}
        if self.parent_id:
            return f"{self.name}, {self.parent.label}"
        return self.label

    def save(self, *args, **kwargs):
        self.take_kind_from_parent()
        super().save(*args, **kwargs)

    def clean(self):
        if self.parent_id is not None and self.kind == AreaKind.ELSEWHERE:
            raise ValidationError(
                {"parent": _("“Somewhere else” stands for the whole country: it has no city.")},
                code="elsewhere_in_city",
            )
        self.take_kind_from_parent()
        if self.parent_id is not None and self.parent.kind != AreaKind.CITY:
            raise ValidationError(
                {"parent": _("A neighbourhood belongs to a city, never to another place.")},
                code="parent_not_city",
            )
        if self.parent_id is not None and self.pk and self.neighbourhoods.exists():
            raise ValidationError(
                {
                    "parent": _(
                        "This place has neighbourhoods of its own, so it stays a city: move "
                        "them first."
                    )
                },
                code="city_has_neighbourhoods",
            )
        if self.parent_id is None and self.country_id is None:
            raise ValidationError(
                {"country": _("Choose the country (a neighbourhood takes its city's).")},
                code="country_required",
            )

    def take_kind_from_parent(self) -> None:
        """A place with a city is its neighbourhood, in the city's country."""
        if self.parent_id is not None:
            self.kind = AreaKind.NEIGHBOURHOOD
            self.country_id = self.parent.country_id
        elif self.kind == AreaKind.NEIGHBOURHOOD:
            self.kind = AreaKind.CITY

    @property
    def label(self) -> str:
        """The city's name as typed and suggested: "Portland, Oregon" when names repeat."""
        return f"{self.name}, {self.qualifier}" if self.qualifier else self.name

    @property
    def is_city(self) -> bool:
        return self.kind == AreaKind.CITY

    @property
    def is_elsewhere(self) -> bool:
        return self.kind == AreaKind.ELSEWHERE

    @property
    def country_code(self) -> str:
        """ISO 3166-1 alpha-2 code of the area's country ("DE"), "" when not known.

        Neighbourhoods carry their city's country (set on save), so no query is needed."""
        return self.country_id or ""

    @property
    def city(self):
        """The city a neighbourhood belongs to, or the area itself."""
        return self.parent if self.parent_id else self


def elsewhere_slug(code: str) -> str:
    return f"somewhere-in-{code.lower()}"
