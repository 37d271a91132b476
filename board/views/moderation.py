"""Readers keep the board safe: flags, takedown requests, and the public moderation log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import limits, services
from ..forms import FlagForm, TakedownForm
from ..models import ModerationAction, Post
from ..services import takedowns

FLAG_THANKS = gettext_lazy(
    "Thank you. Moderators will look at it; the poster never learns who flagged."
)


def _published_or_404(public_id) -> Post:
    return get_object_or_404(Post.objects.published(), public_id=public_id)


def _limited_response(request, template, context, limited):
    context["limited"] = limited
    return render(request, template, context, status=429)


@login_required
@require_http_methods(["GET", "POST"])
def post_flag(request, public_id):
    """A signed-in reader reports a post; one flag per person per post."""
    post = _published_or_404(public_id)
    form = FlagForm(request.POST if request.method == "POST" else None)
    context = {"post": post, "form": form, "suspension": services.active_suspension(request.user)}
    if request.method == "POST" and context["suspension"] is None and form.is_valid():
        if limited := limits.check(request, "flag"):
            return _limited_response(request, "board/post_flag.html", context, limited)
        try:
            services.flag_post(post=post, user=request.user, **form.cleaned_data)
        except services.AlreadyFlagged:
            messages.info(request, gettext("You have already flagged this post. Thank you."))
        else:
            limits.hit(request, "flag")
            messages.success(request, FLAG_THANKS)
        return redirect(post if post.is_public else "board:post-list")
    return render(request, "board/post_flag.html", context)


@require_http_methods(["GET", "POST"])
def post_takedown(request, public_id):
    """Anyone, signed in or not, may ask for a post about them to come down.

    Nothing is hidden until the request is confirmed through the emailed one-time link
    (or at once, for a signed-in account whose verified address is the one given).
    """
    post = _published_or_404(public_id)
    signed_in = request.user.is_authenticated
    form = TakedownForm(
        request.POST if request.method == "POST" else None,
        initial={"email": request.user.email} if signed_in else None,
    )
    suspension = services.active_suspension(request.user)
    context = {"post": post, "form": form, "suspension": suspension}
    if request.method == "POST" and suspension is None and form.is_valid():
        if limited := limits.check(request, "takedown"):
            return _limited_response(request, "board/post_takedown.html", context, limited)
        takedown = takedowns.request_takedown(
            post=post,
            email=form.cleaned_data["email"],
            user=request.user,
            note=form.cleaned_data["note"],
        )
        limits.hit(request, "takedown")
        return render(request, "board/takedown_sent.html", {"takedown": takedown})
    return render(request, "board/post_takedown.html", context)


@require_http_methods(["GET", "POST"])
def takedown_confirm(request, token):
    """The emailed link: a page with one button (link scanners only GET), then confirm."""
    if request.method == "POST":
        try:
            takedown = takedowns.confirm_takedown(token=token)
        except takedowns.InvalidTakedownLink:
            return render(request, "board/takedown_confirm.html", {"invalid": True}, status=400)
        return render(request, "board/takedown_sent.html", {"takedown": takedown})
    return render(request, "board/takedown_confirm.html", {"token": token})


def moderation_log(request):
    """What moderation did and why, without post text or anyone's identity."""
    actions = ModerationAction.objects.public().only("kind", "actor", "reason", "created_at")
    page = Paginator(actions, 50).get_page(request.GET.get("page"))
    return render(request, "board/moderation_log.html", {"page": page})
