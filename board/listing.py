"""The browse list's data: which posts a list page shows, in what order, on which page.

`post_list` (board/views/posts.py) asks `browse()` and renders what it answers; cards are
an ordinary template loop (`board/_post_card.html`) with fragments kept by Django's cache.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.db.models import prefetch_related_objects
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import cache
from .filters import SORTS, PostFilter
from .models import ConnectionType, Post
from .pagination import (
    PAGING_PARAMETERS,
    Page,
    cursor_from,
    page_number_from,
    paginate,
    paginate_keyset,
    without_paging,
)
from .search import CANDIDATES as SEARCH_CANDIDATES
from .search import attach_snippets

CARD_FIELDS = (
    "id",
    "public_id",
    "slug",
    "headline",
    "pseudonym",
    "story_html",
    "connection_type",
    "area",
    "encounter_date",
    "part_of_day",
    "updated_at",
    "expires_at",
    "published_at",
    "found_at",
    "comment_count",
    "language",
)
FOUND_ON_HOME = 3
# A filtered list says how many posts match, counting no further than this.
COUNT_UP_TO = 1000


@dataclass
class Listing:
    filter: PostFilter
    query: str
    page: Page | None = None
    search_capped: bool = False
    search_candidates: int = 0
    is_filtered: bool = False
    found_stories: list = field(default_factory=list)
    count: int | None = None
    count_capped: bool = False
    chips: list = field(default_factory=list)
    remembered_place: str = ""
    rememberable: dict | None = None

    @property
    def more_filters_chosen(self) -> int:
        """How many filters besides the words are chosen (shown on the disclosure)."""
        return sum(1 for chip in self.chips if chip.name != "q")


@dataclass(frozen=True)
class Chip:
    """One active filter, shown with a link to the same list without it."""

    name: str
    label: str
    remove_url: str
    card_ids: str = ""
    fields_key: str = ""


def browse(request, remembered=None) -> Listing:
    """The posts for this list page's query string: filters checked, one page of cards.

    With no filter named, the filter set is left unbound, so the blank form is neither
    built nor checked (the template keeps it whole), unless the visitor remembered a place
    (`remembered`, from the cookie): then the front page shows that place's posts and
    says so. `page` is None when a filter is invalid.
    """
    query = request.GET.get("q", "").strip()
    data = request.GET if PostFilter.chosen_in(request.GET) else None
    from_cookie = data is None and remembered is not None
    if from_cookie:
        data = remembered.as_filters()
    base = Post.objects.published().order_by(*SORTS["newest"])
    filterset = PostFilter(data, queryset=base, request=request)
    if from_cookie and not filterset.is_valid():
        # A remembered place that no longer exists: everywhere, as without the cookie.
        from_cookie, filterset = False, PostFilter(None, queryset=base, request=request)
    place_label = _place_label(filterset) if from_cookie else ""
    navigation = {*PAGING_PARAMETERS, "sort"}
    listing = Listing(
        filter=filterset,
        query=query,
        is_filtered=any(value for key, value in request.GET.items() if key not in navigation),
        remembered_place=place_label,
    )
    if filterset.is_bound:
        listing.fields_key = _fields_key(filterset.data)
        if not filterset.is_valid():
            return listing
    listing.page = _page_of(request, filterset, query)
    if listing.is_filtered:
        listing.chips = filter_chips(request, filterset)
        listing.rememberable = remembered_filter(filterset)
        matching = _matching(request, filterset)
        listing.count = min(matching, COUNT_UP_TO)
        listing.count_capped = matching > COUNT_UP_TO
    listing.card_ids = ",".join(str(post.pk) for post in listing.page)
    _prefetch_for_cards_not_kept(request, listing)
    cache.valid_until(request, min((p.expires_at for p in listing.page), default=None))
    if query:
        attach_snippets(listing.page.object_list, query)
        number = listing.page.number
        # Relevance ranks the newest SEARCH_CANDIDATES matches; say so on the last page.
        ranked_to = number * settings.BOARD_POSTS_PER_PAGE >= SEARCH_CANDIDATES
        ranked = filterset.keyset_ordering() is None
        listing.search_capped = ranked and not listing.page.has_next and ranked_to
        listing.search_candidates = SEARCH_CANDIDATES
    first_page = listing.page.number == 1 and not listing.page.has_previous
    if first_page and not listing.is_filtered:
        listing.found_stories = cache.shared_data(request, "found-stories", _found_stories)
    return listing


def _matching(request, filterset) -> int:
    """How many posts match (counted up to one past COUNT_UP_TO), kept under the posts version
    for these filters whatever the page; the key is a digest, so no search words are kept."""
    chosen = {k: v for k, v in filterset.data.lists() if k not in PAGING_PARAMETERS}
    digest = hashlib.sha256(repr(sorted(chosen.items())).encode()).hexdigest()
    return cache.shared_data(
        request,
        f"matching:{digest}",
        lambda: filterset.qs.order_by().values("pk")[: COUNT_UP_TO + 1].count(),
    )


def _place_label(filterset) -> str:
    data = filterset.form.cleaned_data
    if data.get("area"):
        return str(filterset.areas[data["area"]])
    return filterset.countries.get(data.get("country"), "")


def remembered_filter(filterset) -> dict | None:
    """The place this filtered list is exactly about, to offer remembering it."""
    if not filterset.is_bound or not filterset.is_valid():
        return None
    data = filterset.form.cleaned_data
    others = [k for k, v in data.items() if v and k not in ("area", "country", "city", "sort")]
    if others:
        return None
    if data.get("area"):
        return {"area": data["area"], "label": str(filterset.areas[data["area"]])}
    if data.get("city"):
        city = filterset.form.chosen_city
        return {"area": city.slug, "label": city.label}
    if data.get("country"):
        return {"country": data["country"], "label": filterset.countries[data["country"]]}
    return None


def filter_chips(request, filterset) -> list[Chip]:
    """The filters in the query string, each with the address of the list without it."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    data = filterset.form.cleaned_data
    list_url = reverse("board:post-list")

    def without(name, value=None, *, also=()) -> str:
        params = without_paging(request.GET)
        for other in also:
            params.pop(other, None)
        if value is None:
            params.pop(name, None)
        else:
            params.setlist(name, [v for v in params.getlist(name) if v != value])
        for key in list(params):  # empty fields and the default sort say nothing
            params.setlist(key, [v for v in params.getlist(key) if v])
            if not params.getlist(key):
                del params[key]
        if "q" not in params and params.get("sort") in ("newest", "relevance"):
            params.pop("sort")  # the default order without words
        return f"{list_url}?{params.urlencode()}" if params else list_url

    chips = []
    if data.get("q"):
        chips.append(Chip("q", f"“{data['q'].strip()}”", without("q")))
    if data.get("type"):
        chips.append(Chip("type", ConnectionType(data["type"]).label, without("type")))
    if data.get("country"):
        # A typed city is looked up within its country: it goes with it.
        country = filterset.countries[data["country"]]
        chips.append(Chip("country", country, without("country", also=["city"])))
    if data.get("city"):
        chips.append(Chip("city", filterset.form.chosen_city.label, without("city")))
    if data.get("area"):
        chips.append(Chip("area", str(filterset.areas[data["area"]]), without("area")))
    for slug in data.get("setting") or []:
        chips.append(Chip("setting", filterset.tags[slug].name, without("setting", slug)))
    if data.get("from"):
        label = _("Met on or after %(date)s") % {"date": date_format(data["from"], "j M Y")}
        chips.append(Chip("from", label, without("from")))
    if data.get("to"):
        label = _("Met on or before %(date)s") % {"date": date_format(data["to"], "j M Y")}
        chips.append(Chip("to", label, without("to")))
    if data.get("found"):
        chips.append(Chip("found", _("Ended well"), without("found")))
    return chips


def _fields_key(data) -> str:
    """What the browse form's fields but the words show: every value chosen (paging aside)."""
    skipped = {"q", *PAGING_PARAMETERS}
    return "&".join(f"{k}={v}" for k in sorted(data) if k not in skipped for v in data.getlist(k))


def _page_of(request, filterset, query) -> Page:
    number = page_number_from(request.GET.get("page"))
    # The area and its city come in the same query (a join on primary keys, 20 rows).
    rows = filterset.qs.select_related("area__parent").only(*CARD_FIELDS)
    per_page = settings.BOARD_POSTS_PER_PAGE
    ordering = filterset.keyset_ordering()
    if ordering is None:
        page = paginate(rows, number, per_page)
    else:
        page = paginate_keyset(
            rows,
            ordering=ordering,
            number=number,
            per_page=per_page,
            after=cursor_from(request.GET.get("after")),
            before=cursor_from(request.GET.get("before")),
        )
    return page


def _prefetch_for_cards_not_kept(request, listing: Listing) -> None:
    """Give each post whose card is not kept its settings (the area came with the post).

    A list page without words keeps its cards as one fragment (`post_list.html`), under the
    posts version and exactly these posts; each card also keeps its heading and meta line
    (`_post_card.html`), which a search page reuses around its own snippets. The keys are
    the ones the `{% cache %}` tag makes from the same values.
    """
    local, version = caches[cache.LOCAL], request.posts_version
    cards = make_template_fragment_key("cards", [version, listing.card_ids])
    if not listing.query and cards in local:
        return
    posts = listing.page.object_list
    keys = {
        post.pk: make_template_fragment_key("card-head", [version, post.pk, post.updated_at])
        for post in posts
    }
    kept = local.get_many(keys.values())
    missing = [post for post in posts if keys[post.pk] not in kept]
    prefetch_related_objects(missing, "setting_tags")


def _found_stories() -> list[Post]:
    """A few stories that ended well, for the front page."""
    return list(
        Post.objects.found()
        .order_by("-found_at")
        .only("public_id", "slug", "headline", "found_at")[:FOUND_ON_HOME]
    )
