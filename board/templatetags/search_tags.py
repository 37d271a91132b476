"""Template filters for search results: matched words wrapped in <mark>, everything escaped."""

from django import template

from .. import search

register = template.Library()


@register.filter
def search_snippet(post):
    """A short snippet around the match with the matched words marked; "" when not searched."""
    snippet = getattr(post, search.SNIPPET, None)
    return search.marked_html(snippet, markdown=True) if search.has_mark(snippet) else ""
