"""A person's account under /me/: the hub, a copy of their data, and deleting the account."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import get_usage

from ..forms import AccountDeleteForm, DisplayNameForm
from ..models import Notification, Post, Reflection
from ..services import accounts, privacy


@login_required
@require_GET
def account_home(request):
    """Everything about my account in one place, with where to change each part."""
    user = request.user
    return render(
        request,
        "board/account/home.html",
        {
            "post_count": Post.objects.owned_by(user).count(),
            "reflection_count": Reflection.objects.owned_by(user).count(),
            "unread_count": Notification.objects.filter(user=user, read_at__isnull=True).count(),
            "has_password": user.has_usable_password(),
            "display_name": user.first_name,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def display_name(request):
    """Choose the name the board uses for me, or none."""
    form = DisplayNameForm(
        request.POST if request.method == "POST" else None,
        initial={"display_name": request.user.first_name},
    )
    if request.method == "POST" and form.is_valid():
        accounts.set_display_name(user=request.user, name=form.cleaned_data["display_name"])
        messages.success(request, _("Your display name is saved."))
        return redirect("board:account-home")
    return render(request, "board/account/display_name.html", {"form": form})


@login_required
@require_GET
def account_export(request):
    """Download everything the board holds about me as one JSON file."""
    data = privacy.export_account_data(user=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{privacy.export_filename()}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _too_many_attempts(request, *, increment: bool) -> bool:
    """Whether the wrong passwords so far reached the limit (counting one more if asked)."""
    usage = get_usage(
        request,
        group=privacy.DELETE_ATTEMPTS_GROUP,
        key="user",
        rate=privacy.DELETE_ATTEMPTS_RATE,
        increment=increment,
    )
    return usage is not None and usage["count"] >= usage["limit"]


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    """Ask for the password (or DELETE) and what to do with the posts; delete only on POST."""
    form = AccountDeleteForm(request.POST if request.method == "POST" else None, user=request.user)
    context = {"form": form, "limited": False}
    status = 200
    if request.method == "POST":
        if _too_many_attempts(request, increment=False):
            context["limited"] = True  # the password is not checked again for a while
            status = 429
        elif form.is_valid():
            user = request.user
            privacy.delete_account(user=user, delete_posts=form.delete_posts)
            logout(request)
            messages.success(
                request, _("Your account is deleted. Everything that linked it to you is gone.")
            )
            return redirect("board:post-list")
        elif "password" in form.errors:
            _too_many_attempts(request, increment=True)
    return render(request, "board/account/delete.html", context, status=status)
