"""Caching through Django's cache framework, keyed by one posts version.

- `versions`: the posts version, read once per request (`request.posts_version`, set by
  `PostsVersionMiddleware`) and replaced by every write that changes what lists or post
  pages show.
- `pages`: whole pages for anonymous visitors, kept under the current version.
- `fragments`: the "local" cache alias for fragments and small shared data, keyed by the
  version; templates use Django's own `{% cache %}` tag with `using="local"`.
"""

from .fragments import LOCAL, shared_data
from .pages import PAGE_TTL, cache_anonymous_page, valid_until
from .versions import (
    VERSION_KEY,
    PostsVersionMiddleware,
    bump_posts_version,
    current_version,
)

__all__ = [
    "LOCAL",
    "PAGE_TTL",
    "VERSION_KEY",
    "PostsVersionMiddleware",
    "bump_posts_version",
    "cache_anonymous_page",
    "current_version",
    "shared_data",
    "valid_until",
]
