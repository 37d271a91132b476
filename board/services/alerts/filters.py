"""What an alert looks for: the cleaned filters of a list page, described and fingerprinted."""

import hashlib
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ...models import Area, ConnectionType, SettingTag
from ...search import parse_query, tsquery_expression
from ...search.query import tsquery_excluded


@dataclass(frozen=True)
class AlertFilters:
    query: str = ""
    connection_type: str = ""
    area: Area | None = None
    setting_tags: tuple[SettingTag, ...] = field(default_factory=tuple)
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def build(cls, *, query="", connection_type="", area=None, setting_tags=(), **dates):
        """Normalised: words that search nothing are dropped, settings sorted."""
        query = " ".join((query or "").split())[:200]
        if not parse_query(query):
            query = ""
        tags = tuple(sorted(set(setting_tags), key=lambda tag: tag.pk))
        return cls(
            query, connection_type or "", area, tags, dates.get("date_from"), dates.get("date_to")
        )

    @property
    def key(self) -> str:
        """A fingerprint of the filters: the same search twice is one alert."""
        parts = [
            self.query.lower(),
            self.connection_type,
            str(self.area.pk if self.area else ""),
            ",".join(str(tag.pk) for tag in self.setting_tags),
            self.date_from.isoformat() if self.date_from else "",
            self.date_to.isoformat() if self.date_to else "",
        ]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    @property
    def words_tsquery(self) -> str:
        return tsquery_text(self.query)

    def labels(self) -> list[str]:
        return describe(
            query=self.query,
            connection_type=self.connection_type,
            area=self.area,
            tags=self.setting_tags,
            date_from=self.date_from,
            date_to=self.date_to,
        )


def tsquery_text(text: str) -> str:
    """The words as to_tsquery text, meaning what `board.search.search()` means by them."""
    parsed = parse_query(text)
    if not parsed:
        return ""
    if not parsed.groups:  # only -excluded words: search() keeps posts without any of them
        return f"!{tsquery_excluded(parsed)}"
    return tsquery_expression(parsed)


def describe(*, query, connection_type, area, tags, date_from, date_to) -> list[str]:
    """The filters in words, for pages and emails."""
    labels = []
    if query:
        labels.append(_("Words: “%(words)s”") % {"words": query})
    if connection_type:
        labels.append(ConnectionType(connection_type).label)
    labels.append(str(area) if area else _("Anywhere"))
    if tags:
        labels.append(", ".join(tag.name for tag in tags))
    if date_from:
        labels.append(_("Met on or after %(day)s") % {"day": date_format(date_from, "j M Y")})
    if date_to:
        labels.append(_("Met on or before %(day)s") % {"day": date_format(date_to, "j M Y")})
    return labels


def describe_alert(alert) -> list[str]:
    return describe(
        query=alert.query,
        connection_type=alert.connection_type,
        area=alert.area,
        tags=list(alert.setting_tags.all()),
        date_from=alert.date_from,
        date_to=alert.date_to,
    )


def list_query(alert) -> str:
    """The list page's query string for the alert's filters (to see every match)."""
    params = []
    if alert.query:
        params.append(("q", alert.query))
    if alert.connection_type:
        params.append(("type", alert.connection_type))
    if alert.area_id:
        params.append(("area", alert.area.slug))
    params += [("setting", tag.slug) for tag in alert.setting_tags.all()]
    if alert.date_from:
        params.append(("from", alert.date_from.isoformat()))
    if alert.date_to:
        params.append(("to", alert.date_to.isoformat()))
    return urlencode(params)
