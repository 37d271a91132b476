"""Comments: writing one, the poster's approve/hide buttons, flags and takedowns.

Reads go through QuerySets (`Comment.objects.published()` on a post the reader may see);
writes through `services.comments`, `comment_moderation` and `comment_takedowns`.
"""

import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import limits, services
from ..forms import CommentFlagForm, CommentForm, TakedownForm
from ..models import Comment, CommentMode, CommentStatus, Post
from ..services import comment_takedowns
from ..services import comments as comment_services

PAGE_PARAMETER = "comments"


def _page_number(request, pages: int) -> int:
    try:
        number = int(request.GET.get(PAGE_PARAMETER, "1"))
    except ValueError:
        return 1
    return min(max(number, 1), max(pages, 1))


def thread_context(request, post: Post, *, is_author: bool) -> dict:
    """What the post page shows of its comments: one page of published ones (a lazy
    QuerySet, run only when its cached fragment is missing), and for the poster those
    waiting for approval. The number of pages comes from the stored count: no count query."""
    per_page = settings.BOARD_COMMENTS_PER_PAGE
    pages = math.ceil(post.comment_count / per_page) if post.comment_count else 0
    number = _page_number(request, pages)
    start = (number - 1) * per_page
    thread = Comment.objects.filter(post=post).published().in_thread_order()
    fields = ("public_id", "pseudonym", "by_poster", "body_html", "day", "post_id", "status")
    published = thread.only(*fields)[start : start + per_page] if post.comment_count else []
    awaiting = []
    if is_author and post.comments_waiting:
        waiting = Comment.objects.filter(post=post, status=CommentStatus.AWAITING)
        awaiting = list(waiting.in_thread_order().only(*fields)[:per_page])
    return {
        "comments_page": number,
        "comments_pages": pages,
        "comments_previous": number - 1 if number > 1 else None,
        "comments_next": number + 1 if number < pages else None,
        "comments_published": published,
        "comments_awaiting": awaiting,
        "comments_open": post.is_public and post.comment_mode != CommentMode.OFF,
        "comment_form": CommentForm(),
        "comment_max_length": settings.BOARD_COMMENT_MAX_LENGTH,
    }


def _published_post_or_404(public_id) -> Post:
    return get_object_or_404(Post.objects.published(), public_id=public_id)


def _render_form(request, post, form, *, status=200, **extra):
    context = {
        "post": post,
        "form": form,
        "suspension": services.active_suspension(request.user),
        **extra,
    }
    return render(request, "board/comments/comment_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def comment_create(request, public_id):
    """Leave a comment. Whatever goes wrong, the text comes back with a clear message."""
    post = _published_post_or_404(public_id)
    if request.method == "GET":
        refusal = ""
        try:
            comment_services.ensure_may_comment(post=post, user=request.user)
        except comment_services.CommentNotAllowed as refused:
            refusal = str(refused)
        except services.Suspended:
            pass  # the page says so, with the appeal link
        return _render_form(request, post, CommentForm(), refusal=refusal)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_form(request, post, form, status=400)
    try:
        comment = comment_services.post_comment(
            post=post, author=request.user, body=form.cleaned_data["body"]
        )
    except comment_services.CommentNotAllowed as refused:
        form.add_error(None, str(refused))
        return _render_form(request, post, form, status=403)
    except comment_services.CommentRefused as refused:
        form.add_error(
            None,
            _("This can't be posted: %(what)s. Please take it out; everything else is kept.")
            % {"what": str(refused)},
        )
        return _render_form(request, post, form, status=400)
    except services.Suspended:
        return _render_form(request, post, form, status=403)
    except services.RateLimited as limited:
        wait = limits.Limited(seconds_left=limited.seconds_left)
        return _render_form(request, post, form, status=429, limited=wait)
    if comment.status == CommentStatus.HELD:
        explanation = comment_services.explain_hold(comment)
        return render(
            request,
            "board/comments/comment_held.html",
            {"post": post, "comment": comment, "explanation": explanation},
        )
    if comment.status == CommentStatus.AWAITING:
        messages.success(request, _("Thank you. Your comment appears once the poster approves it."))
    else:
        messages.success(request, _("Thank you. Your comment is up."))
    return redirect(post.get_absolute_url() + "#comments")


def _own_post_comment_or_404(request, public_id) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("post"),
        public_id=public_id,
        status__in=[CommentStatus.AWAITING, CommentStatus.PUBLISHED],
    )
    if not request.user.is_authenticated or comment.post.author_id != request.user.pk:
        raise Http404
    return comment


@login_required
@require_POST
def comment_approve(request, public_id):
    """The poster lets a waiting comment appear on their post."""
    comment = _own_post_comment_or_404(request, public_id)
    if comment_services.poster_approve(comment=comment, poster=request.user):
        messages.success(request, _("The comment is now shown under your post."))
    return redirect(comment.post.get_absolute_url() + "#comments")


@login_required
@require_POST
def comment_hide(request, public_id):
    """The poster hides any comment on their post, no reason asked."""
    comment = _own_post_comment_or_404(request, public_id)
    if comment_services.poster_hide(comment=comment, poster=request.user):
        messages.success(request, _("The comment is hidden. Nobody else sees it now."))
    return redirect(comment.post.get_absolute_url() + "#comments")


def _published_comment_or_404(public_id) -> Comment:
    return get_object_or_404(
        Comment.objects.published()
        .filter(post__in=Post.objects.published())
        .select_related("post"),
        public_id=public_id,
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_flag(request, public_id):
    """A signed-in reader reports a comment; one flag per person per comment."""
    comment = _published_comment_or_404(public_id)
    form = CommentFlagForm(request.POST if request.method == "POST" else None)
    context = {
        "comment": comment,
        "post": comment.post,
        "form": form,
        "suspension": services.active_suspension(request.user),
    }
    if request.method == "POST" and context["suspension"] is None and form.is_valid():
        if limited := limits.check(request, "flag"):
            context["limited"] = limited
            return render(request, "board/comments/comment_flag.html", context, status=429)
        try:
            comment_services.flag_comment(comment=comment, user=request.user, **form.cleaned_data)
        except services.AlreadyFlagged:
            messages.info(request, _("You have already flagged this comment. Thank you."))
        else:
            limits.hit(request, "flag")
            messages.success(
                request, _("Thank you. Moderators will look at it; nobody learns who flagged.")
            )
        return redirect(comment.post.get_absolute_url() + "#comments")
    return render(request, "board/comments/comment_flag.html", context)


@require_http_methods(["GET", "POST"])
def comment_takedown(request, public_id):
    """Anyone may ask for a comment about them to come down, proven by an emailed link."""
    comment = _published_comment_or_404(public_id)
    signed_in = request.user.is_authenticated
    form = TakedownForm(
        request.POST if request.method == "POST" else None,
        initial={"email": request.user.email} if signed_in else None,
    )
    form.fields["confirm"].label = _("This comment is about me, and I want it taken down.")
    suspension = services.active_suspension(request.user)
    context = {"comment": comment, "post": comment.post, "form": form, "suspension": suspension}
    if request.method == "POST" and suspension is None and form.is_valid():
        if limited := limits.check(request, "takedown"):
            context["limited"] = limited
            return render(request, "board/comments/comment_takedown.html", context, status=429)
        takedown = comment_takedowns.request_comment_takedown(
            comment=comment,
            email=form.cleaned_data["email"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
        limits.hit(request, "takedown")
        return render(request, "board/comments/takedown_sent.html", {"takedown": takedown})
    return render(request, "board/comments/comment_takedown.html", context)


@require_http_methods(["GET", "POST"])
def comment_takedown_confirm(request, token):
    """The emailed link: a page with one button (link scanners only GET), then confirm."""
    if request.method == "POST":
        try:
            takedown = comment_takedowns.confirm_comment_takedown(token=token)
        except comment_takedowns.InvalidTakedownLink:
            return render(
                request, "board/comments/takedown_confirm.html", {"invalid": True}, status=400
            )
        return render(request, "board/comments/takedown_sent.html", {"takedown": takedown})
    return render(request, "board/comments/takedown_confirm.html", {"token": token})
