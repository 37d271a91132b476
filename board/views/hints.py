"""Possible-match hints, seen only by the author they were made for (issue 19).

Every view looks the hint up among the signed-in person's own (`Hint.objects.owned_by`):
anyone else, moderators and superusers included, gets a 404, as if it did not exist.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..models import Hint, Post
from ..services import hints


def _own_hint_or_404(request, public_id) -> Hint:
    return get_object_or_404(
        Hint.objects.owned_by(request.user).select_related("other_post"), public_id=public_id
    )


@login_required
@require_GET
def hint_open(request, public_id):
    """Follow a hint to the other story, while that story is on the board."""
    hint = _own_hint_or_404(request, public_id)
    if hint.other_post.is_public:
        return redirect(hint.other_post)
    return render(request, "board/hint_gone.html", status=404)


@login_required
@require_POST
def hint_dismiss(request, public_id):
    """Put one's own copy of a hint away; the other author's copy is theirs alone."""
    hint = _own_hint_or_404(request, public_id)
    if hints.dismiss_hint(hint=hint, user=request.user):
        messages.info(request, _("Hint dismissed. You will not be shown this pair again."))
    return redirect("board:my-notifications")


@login_required
@require_POST
def post_match_hints(request, public_id):
    """Turn possible-match hints on or off for one of one's own posts (from "My posts")."""
    post = get_object_or_404(Post.objects.owned_by(request.user), public_id=public_id)
    enabled = request.POST.get("enabled") == "on"
    if hints.set_match_hints(post=post, enabled=enabled):
        if enabled:
            messages.success(request, _("Match hints are on for “%s”.") % post.headline)
        else:
            messages.success(
                request,
                _("Match hints are off for “%s”; its hints are withdrawn.") % post.headline,
            )
    return redirect("board:my-posts")
