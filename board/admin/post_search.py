"""The posts changelist's search box and column sorting, bounded at a million posts.

Django's default search (`search_fields`) is a case-insensitive substring match over every
story: a read of the whole posts table per search. What moderators look for each has an
index instead:

- a post's public id, or a link to the post (from a report, an email, a reader's message),
  and an author reference (from a post's author panel): an exact match;
- words in a published post: the public search index, the newest `CANDIDATES` matches;
- words in a post waiting for a decision (held or hidden, which the search index does not
  hold): a substring match among the queue's posts only (partial index `post_queue`).

Rejected, removed, expired and deleted posts are found by their id or their author.
Columns sort only where an index serves the order (docs/moderation.md, "At scale").
"""

import re

from django.contrib.admin.views.main import ORDER_VAR, ChangeList
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import search
from ..identifiers import PUBLIC_ID_ALPHABET
from ..models import PostStatus

PUBLIC_ID = re.compile(rf"(?:^|/posts/)([{PUBLIC_ID_ALPHABET}]{{10,16}})(?:/|$)")
AUTHOR_REF = re.compile(r"A-[0-9a-f]{10}")
WAITING_TEXT = ["headline", "story", "where_exactly", "i_saw", "i_am"]


def newest_ids(posts) -> list[int]:
    return list(posts.order_by("-pk").values_list("pk", flat=True)[: search.CANDIDATES])


class IndexedOrderChangeList(ChangeList):
    """Sorting by "Submitted" reads index post_created in either direction; any other order
    asked for in the URL (the column headers offer none) falls back to the default."""

    def get_ordering(self, request, queryset):
        ordering = super().get_ordering(request, queryset)
        if ORDER_VAR not in self.params:
            return ordering
        if ordering and ordering[0] in ("created_at", "-created_at"):
            return ["created_at", "id"] if ordering[0] == "created_at" else ["-created_at", "-id"]
        return self._get_deterministic_ordering(list(self.model_admin.get_ordering(request)))


class SearchesPostsByIndex:
    """For PostAdmin: the search box and sortable columns above."""

    search_fields = ["public_id"]  # shows the box; get_search_results decides what it finds
    search_help_text = _(
        "A post's id or link, an author reference, or words: published posts (the newest "
        "1,000 matches) and posts waiting for review. Other posts: search by id or author."
    )
    sortable_by = ["submitted"]  # index post_created; other columns would sort the table

    def get_changelist(self, request, **kwargs):
        return IndexedOrderChangeList

    def get_search_results(self, request, queryset, search_term):
        term = search_term.strip()
        if not term:
            return queryset, False
        if AUTHOR_REF.fullmatch(term):
            return queryset.filter(author_ref=term), False
        public_id = PUBLIC_ID.search(term.lower())
        if public_id and "/" in term:  # a link to the post
            return queryset.filter(public_id=public_id.group(1)), False
        # Each part is read first as at most CANDIDATES ids, newest first: the page is then
        # a lookup of those ids by primary key, never a walk of the table testing each post
        # against two subqueries (and the search backends' SQL names the posts table
        # itself, so it cannot sit inside a subquery of it).
        posts = queryset.model.objects
        waiting = posts.filter(in_queue=True, status__in=[PostStatus.PENDING, PostStatus.HIDDEN])
        for word in term.split():
            waiting = waiting.filter(
                Q.create([(f"{field}__icontains", word) for field in WAITING_TEXT], Q.OR)
            )
        ids = newest_ids(waiting)
        if search.parse_query(term):  # not only stop words or punctuation
            ids += newest_ids(search.search(posts.all(), term))
        if public_id:  # an id, or a word that looks like one ("understand")
            ids += newest_ids(posts.filter(public_id=public_id.group(1)))
        return queryset.filter(pk__in=ids), False
