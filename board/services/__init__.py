"""Every write that matters, in transactions; views, admin and commands call these."""

from .posts import delete_post, edit_post, submit_post

__all__ = ["delete_post", "edit_post", "submit_post"]
