"""Template filters for search results: matched words wrapped in <mark>, everything escaped."""

from django import template

from .. import search

register = template.Library()


@register.filter
def search_snippet(post):
    """A short excerpt around the match with the matched words marked; "" if there is none.

    The view sets `search_snippet` with `search.attach_snippets()` for the page's posts.
    """
    snippet = getattr(post, search.SNIPPET, None)
    return search.marked_html(snippet, markdown=True) if search.has_mark(snippet) else ""
