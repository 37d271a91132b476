"""Choosing coping articles and journaling prompts to show beside a post or an article.

Read-only. Choices are stable (derived from a SHA-256 of the post's public id or the
article's slug, never random per request) and vary from one post to the next. Only
published items are ever chosen.
"""

import hashlib
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import QueryDict

from .models import Country, Helpline, JournalPrompt, Resource, ResourceCategory
from .models.resources import suits_type_q
from .places.remember import remembered

PANEL_ARTICLES = 3
RELATED_ARTICLES = 3
CARD_FIELDS = ("title", "slug", "summary", "category", "order")
SUITS_FIELDS = ("suits_romantic", "suits_platonic", "suits_professional")
COUNTRY_CODE = re.compile(r"[A-Z]{2}")

# The prompt topics that fit each category best, for the prompt beside an article.
CATEGORY_TOPICS = {
    ResourceCategory.UNDERSTANDING: {"understanding"},
    ResourceCategory.FEELINGS: {"regret", "what-if"},
    ResourceCategory.HEALING: {"self-compassion", "letting-go"},
    ResourceCategory.APOLOGY: {"self-compassion", "reconnecting"},
    ResourceCategory.MOVING_FORWARD: {"moving-forward", "reconnecting"},
    ResourceCategory.HEARTBREAK: {"letting-go", "moving-forward"},
    ResourceCategory.SUPPORT: {"self-compassion", "understanding"},
}


@dataclass
class Panel:
    """What the "If this one stays with you" box beside a post shows."""

    articles: list[Resource] = field(default_factory=list)
    prompt: JournalPrompt | None = None


class _Chooser:
    """Deterministic picks from a seed: the same seed always picks the same items."""

    def __init__(self, seed: str):
        self.digest = hashlib.sha256(seed.encode()).digest()
        self.position = 0

    def _next_number(self) -> int:
        if self.position + 4 > len(self.digest):
            self.digest = hashlib.sha256(self.digest).digest()
            self.position = 0
        chunk = self.digest[self.position : self.position + 4]
        self.position += 4
        return int.from_bytes(chunk, "big")

    def pick(self, items: list, count: int) -> list:
        """Up to `count` distinct items, in the order they were picked."""
        remaining = list(items)
        return [
            remaining.pop(self._next_number() % len(remaining))
            for _ in range(min(count, len(remaining)))
        ]

    def one(self, items: list):
        picked = self.pick(items, 1)
        return picked[0] if picked else None


def _is_general(item) -> bool:
    return all(getattr(item, name) for name in SUITS_FIELDS)


def _suits_any_q(item) -> Q:
    query = Q(pk__in=[])
    for connection_type in item.types:
        query |= suits_type_q(connection_type)
    return query


def panel_for(post) -> Panel | None:
    """Articles and a prompt for a post's connection type, in two queries.

    One article written for that type (when there is one) and general articles suiting
    all three types, three in all; and one journaling prompt suiting the type.
    """
    connection_type = post.connection_type
    chooser = _Chooser(f"coping-panel:{post.public_id}")
    articles = list(
        Resource.objects.suiting(connection_type).only(*CARD_FIELDS, *SUITS_FIELDS).order_by("slug")
    )
    specific = [a for a in articles if not _is_general(a)]
    general = [a for a in articles if _is_general(a)]
    chosen = chooser.pick(specific, 1)
    chosen += chooser.pick(general, PANEL_ARTICLES - len(chosen))
    prompts = list(JournalPrompt.objects.suiting(connection_type).only("text").order_by("pk"))
    prompt = chooser.one(prompts)
    if not chosen and prompt is None:
        return None
    return Panel(articles=chosen, prompt=prompt)


def related_for(resource: Resource) -> list[Resource]:
    """Two or three published articles sharing a type with this one, same category first."""
    candidates = list(
        Resource.objects.published()
        .filter(_suits_any_q(resource))
        .exclude(pk=resource.pk)
        .only(*CARD_FIELDS)
        .order_by("order", "slug")
    )
    same_category = [a for a in candidates if a.category == resource.category]
    others = sorted((a for a in candidates if a.category != resource.category), key=_slug)
    related = same_category[:RELATED_ARTICLES]
    chooser = _Chooser(f"related:{resource.slug}")
    return related + chooser.pick(others, RELATED_ARTICLES - len(related))


def _slug(resource: Resource) -> str:
    return resource.slug


def prompt_for(resource: Resource) -> JournalPrompt | None:
    """One published prompt suiting the article's types, on a fitting topic where possible."""
    prompts = list(
        JournalPrompt.objects.published()
        .filter(_suits_any_q(resource))
        .only("text", "topics")
        .order_by("pk")
    )
    topics = CATEGORY_TOPICS.get(resource.category, set())
    fitting = [p for p in prompts if topics.intersection(p.topics)]
    return _Chooser(f"prompt:{resource.slug}").one(fitting or prompts)


@dataclass
class Crisis:
    """What the crisis block shows: the country's helplines, then international directories."""

    helplines: list[Helpline]
    country: Country | None = None


def crisis_for(country: Country | None) -> Crisis:
    """The helplines of a country, international directories after them (one query)."""
    code = country.code if country is not None else None
    return Crisis(helplines=list(Helpline.objects.for_country(code)), country=country)


def crisis_context(request, *, default: str | None = None) -> dict:
    """The crisis block's context for a coping page: the country picked in its small form
    (?country=DE), else the visitor's remembered place (cookie), else `default`; the
    countries the form offers (those with helplines); and the pick as a query to carry."""
    picked = (request.GET.get("country") or "").strip().upper()
    if not COUNTRY_CODE.fullmatch(picked):
        picked = ""  # "ireland" is no pick: cut to two letters it would be IR, Iran
    place = remembered(request)
    code = picked or (place.country if place else None) or default
    crisis = crisis_for(Country.objects.filter(pk=code).first() if code else None)
    # The pick, for links to the pages the prompts lead to (`{% querystring crisis_query %}`).
    crisis_query = QueryDict(mutable=True)
    if picked:
        crisis_query["country"] = picked
    return {
        "helplines": crisis.helplines,
        "crisis_country": crisis.country,
        "crisis_countries": countries_with_helplines(),
        "crisis_query": crisis_query,
    }


def countries_with_helplines() -> list[tuple[str, str]]:
    return list(
        Country.objects.filter(helplines__is_published=True)
        .distinct()
        .order_by("name")
        .values_list("code", "name")
    )
