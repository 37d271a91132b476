"""Full-text search over published posts: one interface, a PostgreSQL and an SQLite backend.

    posts = search(Post.objects.published(), "red scarf")   # the matching posts
    posts = order_by_relevance(posts)                        # ranked: `search_rank`
    attach_snippets(page_of_posts, "red scarf")              # `search_snippet`, one query

`search()` narrows a queryset to the matches and carries the parsed query along, so that
after any other filter `order_by_relevance()` ranks what is left (headline matches above
story matches) and `attach_snippets()` fetches, for the posts on one page only, a short
excerpt with the matched words between the private sentinels START and STOP
(`marked_html()` makes that escaped HTML with <mark>). `parse_query()` turns the text into a
small AST both backends translate, so the same words find the same posts on either database:

    red scarf          both words, stemmed in each post's own language (`Post.language`):
                       "dancing" finds an English "danced", "Auge" a German "Augen";
                       "Other" is matched word for word
    "red scarf"        the phrase
    -train             posts without "train"
    scarf or hat       either word; `or` binds tighter than the implicit AND

Anything else (unbalanced quotes, lone operators, * ^ : ( ) NEAR) is read as plain words.
Words are compared case- and accent-insensitively. English stop words ("the", "on") are
ignored as single words, as PostgreSQL's `english` configuration does; each language's
own stop words are dropped from its reading of the query (board/search/words.py).

The search index only ever holds published posts (database triggers keep it current), and
`search()` filters with `published()` too. Search text is never logged.
"""

from .backends import CANDIDATES, FTS_TABLE, PG_CONFIG, RANK, backend_for
from .marks import START, STOP, has_mark, marked_html
from .query import (
    STOP_WORDS,
    Query,
    Term,
    fts5_expression,
    parse_query,
    tsquery_expression,
)

__all__ = [
    "CANDIDATES",
    "FTS_TABLE",
    "PG_CONFIG",
    "RANK",
    "SNIPPET",
    "START",
    "STOP",
    "STOP_WORDS",
    "Query",
    "Term",
    "attach_snippets",
    "fts5_expression",
    "has_mark",
    "is_ranked",
    "marked_html",
    "order_by_relevance",
    "parse_query",
    "search",
    "searched_query",
    "tsquery_expression",
]

SNIPPET = "search_snippet"


def search(queryset, text: str):
    """Published posts of `queryset` matching `text`.

    The parsed query travels with the queryset, so that after any other filter
    `order_by_relevance()` can rank the matches and `attach_snippets()` can mark them.
    A query with nothing searchable in it (only stop words or punctuation) leaves the
    queryset as it was.
    """
    query = parse_query(text)
    if not query:
        return queryset
    matched = backend_for(queryset.db).match(queryset.published(), query)
    matched.query.board_search = query  # Query.clone() copies it along every chained call.
    return matched


def searched_query(queryset) -> Query | None:
    return getattr(queryset.query, "board_search", None)


def is_ranked(queryset) -> bool:
    return RANK in queryset.query.extra_select


def order_by_relevance(queryset, *fallback: str):
    """Best matches first (annotated `search_rank`, higher is better), newest among equals.

    Ranks the CANDIDATES newest matches of the queryset as filtered so far, so the cost is
    bounded however many posts match (more are reached by sorting by newest). Without a
    search, orders by `fallback`.
    """
    query = searched_query(queryset)
    if query is None or not query.groups:
        return queryset.order_by(*fallback) if fallback else queryset
    ranked = backend_for(queryset.db).rank(queryset, query)
    return ranked.order_by(f"-{RANK}", "-published_at", "-id")


def attach_snippets(posts, text: str, *, using: str = "default") -> None:
    """Set `search_snippet` on each post: a short excerpt around the match (one query)."""
    query = parse_query(text)
    posts = list(posts)
    if not query.groups or not posts:
        return
    found = backend_for(using).snippets(using, [post.pk for post in posts], query)
    for post in posts:
        setattr(post, SNIPPET, found.get(post.pk, ""))
