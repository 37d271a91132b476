"""HTTP in and out: reads through QuerySets and filters, writes through services."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from .. import coping, sanitize, services
from ..filters import PostFilter
from ..forms import PostForm
from ..models import Post, PostStatus, neighbours_of
from ..pagination import page_number_from, paginate

STATUS_MESSAGES = {
    PostStatus.PUBLISHED: "Your post is live. Anyone browsing the board can find it.",
    PostStatus.PENDING: "Your post is held for review. A moderator will look at it soon.",
    PostStatus.HIDDEN: "Your post is hidden while a moderator reviews it.",
    PostStatus.REJECTED: "Your post was not published.",
    PostStatus.REMOVED: "Your post was removed by a moderator.",
    PostStatus.EXPIRED: "Your post has expired and no longer shows in the listings.",
}


def post_list(request):
    """Published posts, newest first, filtered by the query string, 20 a page."""
    filterset = PostFilter(request.GET, queryset=Post.objects.published().for_cards())
    page = None
    if filterset.is_valid():
        number = page_number_from(request.GET.get("page"))
        page = paginate(filterset.qs, number, settings.BOARD_POSTS_PER_PAGE)
    filtered = any(value for key, value in request.GET.items() if key not in {"page", "sort"})
    return render(
        request,
        "board/post_list.html",
        {"filter": filterset, "page": page, "is_filtered": filtered},
    )


def post_detail(request, public_id, slug):
    """One post, for whoever may see it; a wrong slug answers 301 to the canonical address."""
    post = get_object_or_404(Post.objects.visible_to(request.user).for_cards(), public_id=public_id)
    if slug != post.slug:
        return redirect(post, permanent=True)
    newer, older = neighbours_of(post)
    is_author = request.user.is_authenticated and post.author_id == request.user.pk
    return render(
        request,
        "board/post_detail.html",
        {
            "post": post,
            "newer": newer,
            "older": older,
            "is_author": is_author,
            "status_message": STATUS_MESSAGES.get(post.status) if is_author else None,
            "coping": coping.panel_for(post),
        },
    )


def _story_preview(form):
    if form.is_valid():
        return sanitize.render_markdown(form.cleaned_data["story"])
    return None


@login_required
@require_http_methods(["GET", "POST"])
def post_create(request):
    """Write a post; "Preview" shows the rendered story, "Publish" submits it."""
    form = PostForm(request.POST or None)
    preview = None
    if request.method == "POST":
        if request.POST.get("action") == "preview":
            preview = _story_preview(form)
        elif form.is_valid():
            post = services.submit_post(author=request.user, **form.cleaned_data)
            messages.success(request, STATUS_MESSAGES[post.status])
            return redirect(post)
    return render(request, "board/post_form.html", {"form": form, "preview": preview, "post": None})


def _own_post_or_404(request, public_id) -> Post:
    return get_object_or_404(Post.objects.owned_by(request.user), public_id=public_id)


@login_required
@require_http_methods(["GET", "POST"])
def post_edit(request, public_id):
    """The author changes their post; what they typed is kept on any error."""
    post = _own_post_or_404(request, public_id)
    form = PostForm(request.POST or None, instance=post)
    preview = None
    if request.method == "POST":
        if request.POST.get("action") == "preview":
            preview = _story_preview(form)
        elif form.is_valid():
            data = dict(form.cleaned_data)
            changed = services.edit_post(post=post, **data)
            messages.success(request, "Your changes are saved." if changed else "Nothing changed.")
            return redirect(post)
    return render(request, "board/post_form.html", {"form": form, "preview": preview, "post": post})


@login_required
@require_http_methods(["GET", "POST"])
def post_delete(request, public_id):
    """Ask first; delete only on POST."""
    post = _own_post_or_404(request, public_id)
    if request.method == "POST":
        services.delete_post(post=post)
        messages.success(request, "Your post is deleted. Its text is gone from the board.")
        return redirect("board:my-posts")
    return render(request, "board/post_confirm_delete.html", {"post": post})


@login_required
def my_posts(request):
    """The signed-in person's own posts with their status and the reason for it."""
    posts = Post.objects.owned_by(request.user).select_related("area", "area__parent")
    return render(request, "board/my_posts.html", {"posts": posts.order_by("-created_at")})


class GuidelinesView(TemplateView):
    template_name = "board/guidelines.html"
