"""HTTP in and out: reads through QuerySets and filters, writes through services."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import TemplateView

from .. import coping, languages, limits, services
from ..cache import cache_anonymous_page
from ..forms import PostForm
from ..listing import browse
from ..models import Post, PostStatus, neighbours_of
from ..pagination import without_paging
from ..places.remember import PLACE_COOKIE, remembered
from . import alerts
from .comments import thread_context

STATUS_MESSAGES = {
    PostStatus.PUBLISHED: gettext_lazy("Your post is live. Anyone browsing the board can find it."),
    PostStatus.PENDING: gettext_lazy(
        "Your post is held for review. A moderator will look at it soon."
    ),
    PostStatus.HIDDEN: gettext_lazy("Your post is hidden while a moderator reviews it."),
    PostStatus.REJECTED: gettext_lazy("Your post was not published."),
    PostStatus.REMOVED: gettext_lazy("Your post was removed by a moderator."),
    PostStatus.EXPIRED: gettext_lazy("Your post has expired and no longer shows in the listings."),
}


def _feed_url(request) -> str:
    """This list as a feed: the same filters, without the paging."""
    params = without_paging(request.GET)
    feed = reverse("board:post-feed")
    return f"{feed}?{params.urlencode()}" if params else feed


@cache_anonymous_page(
    unless=lambda request: request.GET.get("q", "").strip(), vary_cookies=[PLACE_COOKIE]
)
def post_list(request):
    """Published posts, newest first (best match first when searching), 20 a page.

    Pages follow a cursor (`after`/`before`) so deep pages cost what the first costs;
    relevance order and old `?page=N` links use an offset. Searches are never cached, and
    anonymous ones are rate limited.
    """
    query = request.GET.get("q", "").strip()
    if query and limits.search_is_limited(request):
        response = render(request, "429.html", {"query": query}, status=429)
        response["Retry-After"] = "60"
        return response
    listing = browse(request, remembered=remembered(request))
    return render(
        request,
        "board/post_list.html",
        {
            "listing": listing,
            "filter": listing.filter,
            "page": listing.page,
            "feed_url": _feed_url(request),
            "is_filtered": listing.is_filtered,
            "query": query,
            "search_capped": listing.search_capped,
            "search_candidates": listing.search_candidates,
            "found_stories": listing.found_stories,
        },
    )


@cache_anonymous_page()
def post_detail(request, public_id, slug):
    """One post, for whoever may see it; a wrong slug answers 301 to the canonical address.

    The story, the neighbours and the coping panel are the same for everyone who may see
    the post: the template keeps them as fragments, so their queries run only when one is
    missing (they are passed uncalled).
    """
    visible = Post.objects.visible_to(request.user).select_related("area__parent", "country")
    post = get_object_or_404(visible, public_id=public_id)
    if slug != post.slug:
        return redirect(post, permanent=True)
    is_author = request.user.is_authenticated and post.author_id == request.user.pk
    return render(
        request,
        "board/post_detail.html",
        {
            "post": post,
            "neighbours": functools.partial(neighbours_of, post),
            "is_author": is_author,
            "status_message": STATUS_MESSAGES.get(post.status) if is_author else None,
            "coping": functools.partial(coping.panel_for, post),
            "crisis": functools.partial(coping.crisis_for, post.country),
            "can_renew": is_author and services.can_renew(post),
            **thread_context(request, post, is_author=is_author),
        },
    )


def _post_form(request, *, form, post, save):
    """The shared write flow: preview, warn about what would hold the post, or save.

    Whatever happens, the form comes back with everything the person typed.
    """
    action = request.POST.get("action")
    context = {"form": form, "post": post, "preview": None, "warnings": [], "limited": None}
    context["suspension"] = services.active_suspension(request.user)
    status = 200
    if request.method == "POST" and context["suspension"] is None and form.is_valid():
        if action == "preview":
            context["preview"] = form.preview()
            context["warnings"] = form.warnings
        elif form.warnings and action != "review":
            context["warnings"] = form.warnings
            context["confirm_review"] = True
        else:
            try:
                return save(form.cleaned_data, form.findings)
            except services.PostRefused as refused:
                form.add_error(None, str(refused))
            except services.RateLimited as limited:
                context["limited"] = limits.Limited(seconds_left=limited.seconds_left)
                status = 429
    return render(request, "board/post_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request):
    """Write a post: preview it, see warnings, then publish (or submit for review)."""

    def save(data, findings):
        post = services.submit_post(author=request.user, limited=True, findings=findings, **data)
        messages.success(request, STATUS_MESSAGES[post.status])
        if request.POST.get("alert_moment"):
            alerts.follow_moment(request, post)
        return redirect(post)

    # The visitor's remembered place (cookie) chooses the country, so its cities are
    # suggested at once, and the language its stories are most likely written in.
    place = remembered(request)
    country = place.country if place else ""
    form = PostForm(
        request.POST if request.method == "POST" else None,
        country=country,
        initial={"language": languages.default_language_for_country(country or None)},
    )
    return _post_form(request, form=form, post=None, save=save)


def _own_post_or_404(request, public_id) -> Post:
    return get_object_or_404(Post.objects.owned_by(request.user), public_id=public_id)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, public_id):
    """The author changes their post; a rejected post is resubmitted for review."""
    post = _own_post_or_404(request, public_id)
    if post.status not in services.posts.EDITABLE_STATUSES:
        messages.error(
            request,
            gettext("A post that is %(status)s can't be edited.")
            % {"status": post.get_status_display().lower()},
        )
        return redirect(post)

    def save(data, findings):
        changed = services.edit_post(post=post, findings=findings, **data)
        if not changed:
            messages.info(request, gettext("Nothing changed."))
        elif post.status == PostStatus.PUBLISHED:
            messages.success(request, gettext("Your changes are saved."))
        else:
            saved = gettext("Your changes are saved. %(status)s")
            messages.success(request, saved % {"status": STATUS_MESSAGES[post.status]})
        return redirect(post)

    form = PostForm(request.POST if request.method == "POST" else None, instance=post)
    return _post_form(request, form=form, post=post, save=save)


@login_required
@require_POST
def post_renew(request, public_id):
    """Keep the post listed for another period (once, in its last week)."""
    post = _own_post_or_404(request, public_id)
    renewed = services.renew_post(post=post)
    if not renewed:
        post.refresh_from_db()
    if renewed or services.posts.renewed_moments_ago(post):  # a second click: no error
        until = date_format(post.expires_at, "j F Y")
        messages.success(
            request, gettext("Renewed. It now stays listed until %(date)s.") % {"date": until}
        )
    else:
        messages.error(
            request,
            gettext(
                "This post can't be renewed now: renewal is possible once, "
                "in the last week before it expires."
            ),
        )
    return redirect(post)


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, public_id):
    """Ask first; delete only on POST."""
    post = _own_post_or_404(request, public_id)
    if request.method == "POST":
        services.delete_post(post=post)
        messages.success(request, gettext("Your post is deleted. Its text is gone from the board."))
        return redirect("board:my-posts")
    return render(request, "board/post_confirm_delete.html", {"post": post})


class GuidelinesView(TemplateView):
    template_name = "board/guidelines.html"
