"""`{{ post|search_snippet }}`: a search result's excerpt with the matched words marked."""

from django import template

from .. import search

register = template.Library()


@register.filter
def search_snippet(post):
    """The snippet the search attached to this post, as escaped HTML with <mark>; "" when
    the post carries none (not a search, or no words matched in the story)."""
    snippet = getattr(post, search.SNIPPET, None)
    return search.marked_html(snippet, markdown=True) if search.has_mark(snippet) else ""
