"""Atom feed of published posts at /feeds/posts/, taking the list page's query parameters.

Built through PostFilter from `published()`, so a feed shows exactly what the list shows
(newest first unless another sort is asked for). Entries carry the headline, the sanitized
story, the post's pseudonym and the day it was published (midnight UTC: never the time, so
posts cannot be linked by timing), and nothing about the account that wrote them.
"""

from datetime import UTC, datetime, time

from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from . import limits
from .filters import PostFilter
from .models import Post
from .pagination import without_paging
from .sanitize import plain_excerpt
from .text import clean_text

FEED_ITEMS = 30


def _day(moment: datetime | None) -> datetime:
    """Midnight UTC of the moment's UTC day: the date only."""
    day = (moment or timezone.now()).astimezone(UTC).date()
    return datetime.combine(day, time.min, tzinfo=UTC)


class PostAtomFeed(Atom1Feed):
    """Atom with the story as <content type="html"> and dates that carry no time of day."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content"):
            handler.addQuickElement("content", item["content"], {"type": "html"})

    def latest_post_date(self):
        return _day(super().latest_post_date())


class PostFeed(Feed):
    feed_type = PostAtomFeed

    def __call__(self, request, *args, **kwargs):
        if request.GET.get("q", "").strip() and limits.search_is_limited(request):
            response = HttpResponse(
                "Too many searches for a moment; try again in a minute.\n",
                status=429,
                content_type="text/plain; charset=utf-8",
            )
            response["Retry-After"] = "60"
            return response
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request):
        data = without_paging(request.GET)
        if not data.get("sort"):
            # Feed readers want what is new: newest first unless a sort is asked for.
            data["sort"] = "newest"
        filterset = PostFilter(data, queryset=Post.objects.published(), request=request)
        filterset.query_string = data.urlencode()
        return filterset

    def title(self, obj):
        query = clean_text(obj.data.get("q", "").strip())
        return f"Missed Connections: {query}" if query else "Missed Connections"

    def subtitle(self, obj):
        return "Published missed-connection stories matching the board's filters."

    def link(self, obj):
        return f"{reverse('board:post-list')}?{obj.query_string}"

    def feed_url(self, obj):
        return f"{reverse('board:post-feed')}?{obj.query_string}"

    def items(self, obj):
        if not obj.is_valid():
            return []
        return obj.qs.only(
            "public_id",
            "slug",
            "headline",
            "story_html",
            "pseudonym",
            "published_at",
        )[:FEED_ITEMS]

    # clean_text: a post stored before control characters were cleaned on the way in must
    # not break the feed for everyone (XML 1.0 cannot carry them).
    def item_title(self, item):
        return clean_text(item.headline)

    def item_description(self, item):
        return clean_text(plain_excerpt(item.story_html, words=60))

    def item_link(self, item):
        return item.get_absolute_url()

    def item_author_name(self, item):
        return item.pseudonym

    def item_pubdate(self, item):
        return _day(item.published_at)

    def item_updateddate(self, item):
        return _day(item.published_at)

    def item_extra_kwargs(self, item):
        # story_html is the output of board/sanitize.py, stored when the post was written.
        return {"content": clean_text(item.story_html)}
