"""The "local" cache alias: this process's memory, for what is the same for every visitor.

Templates keep fragments with `{% cache TTL name request.posts_version ... using="local" %}`;
views keep small shared data with `shared_data`. Both are keyed by the posts version, so
they follow every write; `PAGE_TTL` bounds anything the version does not cover.
"""

from django.core.cache import caches

from .pages import PAGE_TTL

LOCAL = "local"


def shared_data(request, name: str, load):
    """`load()`, kept under the request's posts version (small data such as the areas)."""
    version = str(request.posts_version) if request is not None else ""
    if not version:
        return load()
    return caches[LOCAL].get_or_set(f"data:{name}:{version}", load, PAGE_TTL)
