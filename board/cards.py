"""The cards of a list page, each rendered once per cache version and reused by every visitor.

The page's posts are queried on every request (so a new or hidden post shows or vanishes at
once), but only the columns a card shows, without joins, as light `CardRow`s rather than
model instances; each card's markup then comes from
this process's memory (`board.cache`), and only the cards missing there get their area (from
the browse form's list) and tags (one query) and are rendered. A card is the same for
everyone and changes only when its post does, which bumps the version. Where caching is
off, the posts come whole with `for_cards()` and every card is rendered.

A search result swaps the card's excerpt for its snippet, so a card is kept in three parts:
before the excerpt, the excerpt, after it.
"""

import functools

from django.db.models import prefetch_related_objects
from django.db.models.query import ValuesIterable
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import cache, search
from .models import Post

# The card template marks its excerpt with these; whatever a poster typed is escaped, so
# their text cannot contain them.
EXCERPT_START, EXCERPT_END = "<!--excerpt-->", "<!--/excerpt-->"
# What `board/_post_card.html` shows of a post (and what keys and dates its page).
CARD_FIELDS = (
    "id",
    "public_id",
    "slug",
    "headline",
    "pseudonym",
    "story_html",
    "connection_type",
    "area_id",
    "encounter_date",
    "part_of_day",
    "updated_at",
    "expires_at",
)


class CardRow:
    """A page row when cards come from memory: a card's columns as attributes, at a fraction
    of a model instance's cost (most cards are never rendered from it)."""

    def __init__(self, values: dict):
        self.__dict__.update(values)
        self.pk = values["id"]

    def as_post(self) -> Post:
        """The post to render a card from (its other columns deferred)."""
        names = _card_columns_in_model_order()
        return Post.from_db(None, names, [getattr(self, name) for name in names])


@functools.cache
def _card_columns_in_model_order() -> list[str]:
    # Model.from_db takes the values in the order of the model's fields.
    return [f.attname for f in Post._meta.concrete_fields if f.attname in CARD_FIELDS]


class _CardRows(ValuesIterable):
    def __iter__(self):
        return map(CardRow, super().__iter__())


def page_rows(queryset):
    """The page's query for a queryset of posts: whole posts `for_cards()` without caching,
    else a card's columns as `CardRow`s."""
    if not cache.enabled():
        return queryset.for_cards()
    rows = queryset.values(*CARD_FIELDS)
    # QuerySet has no public way to choose what its rows are made into.
    rows._iterable_class = _CardRows
    return rows


def render_cards(request, rows, areas) -> list[SafeString]:
    """The cards for `rows` (from `page_rows`), in order; `areas`: every `Area`, with parents.

    Rows carrying a search snippet (`search.attach_snippets`) show it instead of the excerpt.
    """
    rows = list(rows)
    parts = cache.fragments(
        request,
        [("card", row.pk, row.updated_at) for row in rows],
        lambda indexes: _render_parts([rows[index] for index in indexes], areas),
    )
    cards = []
    for row, (before, excerpt, after) in zip(rows, parts, strict=True):
        snippet = getattr(row, search.SNIPPET, None)
        if search.has_mark(snippet):
            marked = search.marked_html(snippet, markdown=True)
            excerpt = format_html('<p class="excerpt snippet">{}</p>', marked)
        cards.append(mark_safe(before + excerpt + after))
    return cards


def _render_parts(rows, areas) -> list[tuple[str, str, str]]:
    posts = [row.as_post() if isinstance(row, CardRow) else row for row in rows]
    if cache.enabled():
        by_id = {area.pk: area for area in areas}
        for post in posts:
            if post.area_id in by_id:
                post.area = by_id[post.area_id]
        prefetch_related_objects(posts, "setting_tags")
    return [_card_parts(post) for post in posts]


def _card_parts(post) -> tuple[str, str, str]:
    # No request: a card is shared by every visitor, so nothing of one may be on it.
    html = render_to_string("board/_post_card.html", {"post": post})
    before, rest = html.split(EXCERPT_START)
    excerpt, after = rest.split(EXCERPT_END)
    return before, excerpt, after
