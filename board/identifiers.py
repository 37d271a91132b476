"""Random, unlinkable identifiers for posts: short public ids and per-post pseudonyms."""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.utils.text import slugify

# No 0/O, 1/l/I: ids are read aloud and typed from phones.
PUBLIC_ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
PUBLIC_ID_LENGTH = 10

ADJECTIVES = (
    "Amber",
    "Azure",
    "Bright",
    "Calm",
    "Cobalt",
    "Coral",
    "Crimson",
    "Dawn",
    "Dusky",
    "Ember",
    "Fern",
    "Gentle",
    "Golden",
    "Hazel",
    "Indigo",
    "Ivory",
    "Jade",
    "Juniper",
    "Lilac",
    "Linen",
    "Lucky",
    "Maple",
    "Misty",
    "Moss",
    "Noble",
    "Ochre",
    "Olive",
    "Opal",
    "Pearl",
    "Quiet",
    "Rosy",
    "Russet",
    "Saffron",
    "Sage",
    "Silver",
    "Slate",
    "Snowy",
    "Sunny",
    "Tawny",
    "Teal",
    "Velvet",
    "Violet",
    "Willow",
    "Winter",
    "Wistful",
)
CREATURES = (
    "Badger",
    "Bee",
    "Crane",
    "Deer",
    "Dove",
    "Falcon",
    "Finch",
    "Fox",
    "Hare",
    "Hedgehog",
    "Heron",
    "Ibis",
    "Kestrel",
    "Kingfisher",
    "Lark",
    "Lynx",
    "Magpie",
    "Marten",
    "Moth",
    "Newt",
    "Otter",
    "Owl",
    "Panda",
    "Puffin",
    "Quail",
    "Raven",
    "Robin",
    "Seal",
    "Sparrow",
    "Starling",
    "Stork",
    "Swallow",
    "Swan",
    "Swift",
    "Tern",
    "Thrush",
    "Wren",
    "Yak",
)


def new_public_id() -> str:
    return "".join(secrets.choice(PUBLIC_ID_ALPHABET) for _ in range(PUBLIC_ID_LENGTH))


def unused_public_id(model, *, extra: int = 0) -> str:
    """A public id that no row of `model` has yet; `extra` more characters for ids that are
    guessed at more often (conversations)."""
    for _ in range(10):
        candidate = new_public_id() + new_public_id()[:extra]
        if not model.objects.filter(public_id=candidate).exists():
            return candidate
    raise RuntimeError(f"Could not find an unused public id for {model.__name__}")


def new_pseudonym() -> str:
    return f"{secrets.choice(ADJECTIVES)} {secrets.choice(CREATURES)}"


# Words used by the post's own action addresses (/posts/<id>/edit/ and so on).
RESERVED_SLUGS = {"edit", "delete", "renew", "flag", "takedown", "reply", "found", "comment"}


def slug_for(headline: str) -> str:
    slug = slugify(headline)[:72].strip("-") or "post"
    return f"{slug}-post" if slug in RESERVED_SLUGS else slug


def author_ref(user_id: int) -> str:
    """An opaque, stable reference to an account for moderators, not reversible by them."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), f"author:{user_id}".encode(), hashlib.sha256
    ).hexdigest()
    return f"A-{digest[:10]}"


def _keyed(purpose: str, *parts) -> bytes:
    message = ":".join([purpose, *map(str, parts)]).encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).digest()


def thread_pseudonym(*, user_id: int, post_id: int, attempt: int = 0) -> str:
    """A commenter's pseudonym in one post's thread: keyed by (secret, user, post), so the
    same person keeps it within the thread and gets an unrelated one on every other post.
    `attempt` gives the next candidate when the first is taken in the thread."""
    digest = _keyed("comment-pseudonym", user_id, post_id, attempt)
    number = int.from_bytes(digest[:8], "big")
    adjective = ADJECTIVES[number % len(ADJECTIVES)]
    creature = CREATURES[(number // len(ADJECTIVES)) % len(CREATURES)]
    return f"{adjective} {creature}"


def thread_order_key(*, post_id: int, public_id: str) -> str:
    """Where a comment sits among its day's comments: a keyed hash of its id within the
    thread, stable, unrelated to who wrote it or when within the day."""
    return _keyed("comment-order", post_id, public_id).hex()[:16]
