"""Load the benchmark dataset (reusing what is there) and pick the URLs to measure.

Run by bench/run.py with the benchmark's environment; prints one JSON object on stdout.
"""

import argparse
import collections
import json
import random
import re
import sys
import time

import django


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, required=True)
    args = parser.parse_args()
    django.setup()

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client

    from board import search
    from board.models import Area, Post

    log = sys.stderr
    call_command("seed_demo", stdout=log)
    existing = Post.objects.count()
    seeded_seconds = None
    if existing < args.posts:
        started = time.monotonic()
        call_command("seed_demo", posts=args.posts - existing, stdout=log)
        seeded_seconds = round(time.monotonic() - started, 1)
        print(f"Seeded {args.posts - existing} posts in {seeded_seconds} s.", file=log)
    total = Post.objects.count()
    published = Post.objects.published()

    # Words by how many posts hold them, from a sample (stop words are never searched).
    from board.demo.synthetic import WORDS

    rng = random.Random(4)
    max_id = Post.objects.order_by("-id").values_list("id", flat=True).first()
    sample_ids = [rng.randint(1, max_id) for _ in range(4000)]
    texts = [
        (headline + " " + story).lower()
        for headline, story in published.filter(id__in=sample_ids).values_list("headline", "story")
    ]
    documents, pairs = collections.Counter(), collections.Counter()
    vocabulary = set(WORDS) - search.STOP_WORDS
    for text in texts:
        tokens = re.findall(r"[a-z]+", text)
        documents.update(set(tokens) & vocabulary)
        pairs.update(
            {
                f"{a} {b}"
                for a, b in zip(tokens, tokens[1:], strict=False)
                if a in vocabulary and b in vocabulary and a != b
            }
        )
    share = {word: count / len(texts) for word, count in documents.items()}
    common = max(share, key=share.get)
    mid = min(share, key=lambda word: abs(share[word] - 0.10))
    rare = min(share, key=share.get)
    phrase = max(pairs, key=pairs.get)
    # A word only a hand-written demo post has: in a handful of posts at most.
    demo_words = collections.Counter()
    for story in Post.objects.filter(id__lte=200).values_list("story", flat=True):
        demo_words.update(set(re.findall(r"[a-z]{6,}", story.lower())) - set(WORDS))
    very_rare = sorted(word for word, count in demo_words.items() if count == 1)[0]
    very_rare_share = published.filter(story__icontains=very_rare).count() / total

    # The largest city with its neighbourhoods, if page 500 of it exists; else a type alone.
    per_page = 20
    platonic = published.filter(connection_type="platonic")
    filters, filtered = "type=platonic", platonic
    for city in Area.objects.filter(parent=None, neighbourhoods__isnull=False).distinct():
        areas = [city.pk, *city.neighbourhoods.values_list("pk", flat=True)]
        in_city = platonic.filter(area__in=areas)
        if in_city.count() > 500 * per_page:
            filters, filtered = f"type=platonic&area={city.slug}", in_city
            break
    newest = ("-published_at", "-id")
    cursor_filtered = filtered.order_by(*newest).values_list("public_id", flat=True)[
        499 * per_page - 1
    ]
    cursor_all = published.order_by(*newest).values_list("public_id", flat=True)[499 * per_page - 1]
    post = published.order_by(*newest)[total // 2 : total // 2 + 1].get()

    user, _ = get_user_model().objects.get_or_create(
        username="bench-reader", defaults={"email": "bench-reader@example.test"}
    )
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    moderator_session = _moderator_session()

    print(
        json.dumps(
            {
                "posts": total,
                "seeded_seconds": seeded_seconds,
                "session": session,
                "moderator_session": moderator_session,
                "words": {
                    "very_rare": [very_rare, round(very_rare_share, 6)],
                    "rare": [rare, round(share[rare], 4)],
                    "mid": [mid, round(share[mid], 4)],
                    "phrase": [phrase, round(pairs[phrase] / len(texts), 4)],
                    "common": [common, round(share[common], 4)],
                },
                "urls": {
                    "filters": filters,
                    "filtered_page_500": f"/?{filters}&page=500&after={cursor_filtered}",
                    "filtered_offset_500": f"/?{filters}&page=500",
                    "page_500": f"/?page=500&after={cursor_all}",
                    "post": post.get_absolute_url(),
                    "post_admin": f"/admin/board/post/{post.pk}/change/",
                    "area_id": post.area_id,
                    **_place_urls(published),
                },
            }
        )
    )


def _place_urls(published) -> dict:
    """Once posts are spread over the gazetteer's cities (bench/places.py): the country with
    the most posts, the city with the most, and a city with about a hundred."""
    from django.db.models import Count

    from board.models import Area

    cities = Area.objects.cities().filter(geoname_id__isnull=False)
    counts = (
        published.filter(area__in=cities).values("area_id").annotate(n=Count("id")).order_by("-n")
    )
    small_id = next((row["area_id"] for row in counts if row["n"] <= 100), None)
    if small_id is None:  # not spread yet: only the demo's few cities hold posts
        return {}
    big = Area.objects.get(pk=counts[0]["area_id"])
    small = Area.objects.get(pk=small_id)
    country = published.values("country_id").annotate(n=Count("id")).order_by("-n")[0]["country_id"]
    return {
        "country": f"country={country}",
        "city_big": f"area={big.slug}",
        "city_big_typed": f"country={big.country_id}&city={big.label}",
        "city_small": f"area={small.slug}",
    }


def _moderator_session() -> str:
    """A signed-in moderator (Moderators group, with a second factor) for the admin pages."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.test import Client

    moderator, _ = get_user_model().objects.get_or_create(
        username="bench-moderator",
        defaults={"email": "bench-moderator@example.test", "is_staff": True},
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    if not Authenticator.objects.filter(user=moderator).exists():
        TOTP.activate(moderator, generate_totp_secret())
    client = Client()
    client.force_login(moderator)
    return client.cookies["sessionid"].value


if __name__ == "__main__":
    main()
