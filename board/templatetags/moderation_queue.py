"""The queue and its counts on the admin index (like the admin's own `get_admin_log`)."""

from django import template

from ..admin.queue import queue_counts, queue_items
from ..admin.site import greeting_name

register = template.Library()


@register.simple_tag(takes_context=True)
def moderation_queue(context):
    """The counts and the top of the queue, for people who may moderate; else nothing."""
    user = context["request"].user
    if not user.has_perm("board.moderate_post"):
        return None
    return {"counts": queue_counts(), "items": queue_items()}


@register.simple_tag
def moderator_greeting(user):
    return greeting_name(user)
