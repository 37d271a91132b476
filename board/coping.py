"""Choosing coping resources and a journaling prompt to show beside a post (read-only)."""


def panel_for(post):
    """Articles and a prompt that suit the post; filled in by the resources work."""
    return None
