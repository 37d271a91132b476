"""Load curated areas, setting tags and the demo posts; safe to run again and again."""

import json
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from .. import services
from ..models import Area, Post, SettingTag

HERE = Path(__file__).resolve().parent


def _read(name: str):
    return json.loads((HERE / name).read_text(encoding="utf-8"))


@transaction.atomic
def load_places() -> int:
    """Create missing areas and setting tags; never change ones an admin edited."""
    data = _read("places.json")
    created = 0
    for city_order, city in enumerate(data["areas"]):
        parent, made = Area.objects.get_or_create(
            slug=city["slug"], defaults={"name": city["name"], "order": city_order}
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
def load_demo_posts() -> int:
    """Publish the hand-written demo posts that are not on the board yet."""
    posts = _read("posts.json")
    areas = {area.slug: area for area in Area.objects.all()}
    tags = {tag.slug: tag for tag in SettingTag.objects.all()}
    existing = set(Post.objects.filter(author=None).values_list("headline", flat=True))
    now = timezone.now()
    created = 0
    for index, item in enumerate(posts):
        if item["headline"] in existing:
            continue
        encounter = now - timedelta(days=item["days_ago"])
        services.submit_post(
            author=None,
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
