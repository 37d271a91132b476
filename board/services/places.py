"""Curated places: saving an area keeps its neighbourhoods' and posts' country in step."""

from django.db import transaction

from .. import cache as page_cache
from ..models import Area, Post


@transaction.atomic
def save_area(*, area: Area) -> None:
    """Save an area (a neighbourhood takes its city's country); when a city's country
    changes, its neighbourhoods and every post in them follow, so the country filter
    (which reads `Post.country`) stays right."""
    area.save()
    if area.country_id is not None:
        areas = Area.objects.filter(parent=area)
        areas.exclude(country_id=area.country_id).update(country_id=area.country_id)
        ids = [area.pk, *areas.values_list("pk", flat=True)]
        posts = Post.objects.filter(area_id__in=ids).exclude(country_id=area.country_id)
        posts.update(country_id=area.country_id)
    page_cache.bump_posts_version()
