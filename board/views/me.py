"""A person's own pages under /me/: their posts and the notices about them."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from .. import services
from ..models import Notification, Post


@login_required
def my_posts(request):
    """The signed-in person's own posts with their status and the reason for it."""
    posts = Post.objects.owned_by(request.user).select_related("area", "area__parent")
    return render(
        request,
        "board/my_posts.html",
        {
            "posts": posts.order_by("-created_at"),
            "suspension": services.active_suspension(request.user),
        },
    )


@login_required
def my_notifications(request):
    """Everything the board told this person, newest first; opening the page marks it read."""
    notices = Notification.objects.filter(user=request.user)
    # A possible-match hint's notice brings its hint and the other story's day (issue 19).
    notices = list(notices.select_related("post", "hint__other_post")[:100])
    Notification.objects.filter(user=request.user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(request, "board/my_notifications.html", {"notices": notices})
