"""Many realistic synthetic posts, inserted in bulk, for benchmarks and scale tests."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .. import identifiers, sanitize
from ..models import Area, ConnectionType, PartOfDay, Post, PostStatus, SettingTag

# Word lists whose draw is Zipf-skewed, so some words are in most posts and some are rare.
WORDS = (
    "the a you and i was we on at in with your my that smile eyes train coffee book "
    "laughed talked looked wearing jacket scarf red blue green black yellow umbrella "
    "rain morning evening night platform station bus stop cafe bar concert park gym "
    "library bookstore conference campus market street bridge river ferry hostel airport "
    "gate window seat line queue dog bicycle guitar headphones notebook sketch poetry "
    "novel tattoo freckles curls glasses beanie boots sneakers coat sweater hat backpack "
    "tote dancing danced singing sang reading read writing wrote joke crossword chess "
    "puzzle espresso latte tea croissant bagel oranges flowers tulips sunflowers vinyl "
    "record camera film photograph painting museum gallery exhibit lecture panel keynote "
    "badge lanyard mentor colleague founder designer engineer teacher nurse chef barista "
    "musician runner climber swimmer traveller stranger kindred spirit friend lisbon "
    "berlin toronto chicago london brooklyn mission kreuzberg alfama shoreditch "
    "accordion harmonica saxophone ukulele violin cello typewriter origami polaroid "
    "lighthouse carousel aquarium observatory planetarium greenhouse orchard vineyard "
).split()
WEIGHTS = [1 / (rank + 1) ** 1.07 for rank in range(len(WORDS))]
BATCH = 5000
SYNTHETIC_LIFETIME = timedelta(days=3650)


def _sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, weights=WEIGHTS, k=rng.randint(6, 16))
    return " ".join(words).capitalize() + "."


def _story(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(rng.randint(1, 3)):
        paragraphs.append(" ".join(_sentence(rng) for _ in range(rng.randint(2, 4))))
    return "\n\n".join(paragraphs)


def create_synthetic_posts(count: int, *, seed: int | None = None) -> int:
    """Insert `count` published posts over the last two years, with setting tags."""
    rng = random.Random(seed)
    areas = list(Area.objects.values_list("pk", flat=True))
    tags = list(SettingTag.objects.values_list("pk", flat=True))
    if not areas or not tags:
        raise RuntimeError("Load the areas and setting tags first (seed_demo does).")
    types, parts = ConnectionType.values, PartOfDay.values
    now = timezone.now()
    through = Post.setting_tags.through
    used_ids: set[str] = set()
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        posts = []
        for _ in range(size):
            public_id = identifiers.new_public_id()
            while public_id in used_ids:
                public_id = identifiers.new_public_id()
            used_ids.add(public_id)
            headline = " ".join(rng.choices(WORDS, weights=WEIGHTS, k=rng.randint(3, 7)))
            headline = headline.capitalize()
            story = _story(rng)
            published = now - timedelta(minutes=rng.randint(1, 2 * 365 * 24 * 60))
            posts.append(
                Post(
                    public_id=public_id,
                    slug=identifiers.slug_for(headline),
                    pseudonym=identifiers.new_pseudonym(),
                    headline=headline,
                    story=story,
                    story_html=sanitize.render_plain_paragraphs(story),
                    connection_type=rng.choice(types),
                    area_id=rng.choice(areas),
                    encounter_date=(published - timedelta(days=rng.randint(0, 6))).date(),
                    part_of_day=rng.choice(parts),
                    status=PostStatus.PUBLISHED,
                    created_at=published,
                    published_at=published,
                    # Synthetic posts stay listed so benchmarks see the whole table.
                    expires_at=now + SYNTHETIC_LIFETIME,
                )
            )
        with transaction.atomic():
            Post.objects.bulk_create(posts, batch_size=1000)
            links = [
                through(post_id=post.pk, settingtag_id=tag)
                for post in posts
                for tag in rng.sample(tags, k=rng.choice((1, 1, 2)))
            ]
            through.objects.bulk_create(links, batch_size=5000)
        made += size
    return made
