"""Load curated areas, setting tags and the demo posts; safe to run again and again."""

import json
from datetime import timedelta
from pathlib import Path

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from .. import identifiers, services
from ..models import Area, Country, Post, SettingTag
from ..places import gazetteer

# The demo posts' author, so replies, acceptance, chat and "found" can be tried on a fresh
# install. It has no usable password until `manage.py demo_account` (run by `make run`)
# gives it one and prints it; `make serve` never does.
DEMO_EMAIL = "demo@example.com"
DEMO_DISPLAY_NAME = "Demo poster"

HERE = Path(__file__).resolve().parent


def _read(name: str):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_places() -> int:
    """Create missing areas and setting tags; never change ones an admin edited."""
    data = _read("places.json")
    created = 0
    names = gazetteer.countries()
    for city in data["areas"]:
        Country.objects.get_or_create(
            code=city["country"], defaults={"name": names[city["country"]]}
        )
    for city_order, city in enumerate(data["areas"]):
        # The gazetteer (`load_places`) may have loaded the city already: adopt that row.
        parent = Area.objects.filter(geoname_id=city["geoname_id"]).first()
        made = False
        if parent is None:
            parent, made = Area.objects.get_or_create(
                slug=city["slug"],
                defaults={
                    "name": city["name"],
                    "order": city_order,
                    "country_id": city["country"],
                    "geoname_id": city["geoname_id"],
                },
            )
        created += made
        for order, (name, slug) in enumerate(city["neighbourhoods"]):
            _, made = Area.objects.get_or_create(
                slug=slug, defaults={"name": name, "parent": parent, "order": order}
            )
            created += made
    for order, (name, slug) in enumerate(data["settings"]):
        _, made = SettingTag.objects.get_or_create(
            slug=slug, defaults={"name": name, "order": order}
        )
        created += made
    return created


@transaction.atomic
def demo_author():
    """The demo account (created once, with a verified email and no usable password)."""
    user, created = get_user_model().objects.get_or_create(
        email=DEMO_EMAIL,
        defaults={"username": "member-demo", "first_name": DEMO_DISPLAY_NAME},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=DEMO_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def load_demo_posts() -> int:
    """Publish the hand-written demo posts that are not on the board yet, by the demo account.

    Demo posts loaded before they had an author are given the demo account.
    """
    posts = _read("posts.json")
    areas = {area.slug: area for area in Area.objects.filter(slug__in={i["area"] for i in posts})}
    tags = {tag.slug: tag for tag in SettingTag.objects.all()}
    author = demo_author()
    headlines = [item["headline"] for item in posts]
    Post.objects.filter(author=None, headline__in=headlines).update(
        author=author, author_ref=identifiers.author_ref(author.pk)
    )
    existing = set(Post.objects.filter(author=author).values_list("headline", flat=True))
    now = timezone.now()
    created = 0
    for index, item in enumerate(posts):
        if item["headline"] in existing:
            continue
        encounter = now - timedelta(days=item["days_ago"])
        services.submit_post(
            author=author,
            trusted_author=True,
            headline=item["headline"],
            story=item["story"],
            connection_type=item["connection_type"],
            setting_tags=[tags[slug] for slug in item["settings"]],
            area=areas[item["area"]],
            encounter_date=encounter.date(),
            part_of_day=item["part_of_day"],
            where_exactly=item.get("where_exactly", ""),
            i_saw=item.get("i_saw", ""),
            i_am=item.get("i_am", ""),
            recognition_question=item.get("recognition_question", ""),
            # Published a little after the encounter, in file order, never in the future.
            published_at=min(encounter + timedelta(hours=6), now - timedelta(minutes=index)),
        )
        created += 1
    return created
