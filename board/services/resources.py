"""Writes for the coping section: articles saved from the admin, and private reflections."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from .. import cache as page_cache
from .. import sanitize
from ..models import JournalPrompt, Post, PostStatus, Reflection, Resource


@transaction.atomic
def save_resource(*, resource: Resource) -> Resource:
    """Save an article with its body rendered and cleaned again from the Markdown source."""
    resource.body_html = sanitize.render_article(resource.body)
    resource.save()
    page_cache.bump_posts_version()
    return resource


@transaction.atomic
def save_reflection(
    *,
    author,
    title: str,
    body: str,
    prompt: JournalPrompt | None = None,
    post: Post | None = None,
    reflection: Reflection | None = None,
) -> Reflection:
    """Create a private reflection, or change one the author already wrote.

    A reflection may only be tied to one of the author's own posts that still exists.
    """
    if reflection is not None and reflection.author_id != author.pk:
        raise PermissionDenied("Only its writer may change a reflection.")
    if post is not None and (post.author_id != author.pk or post.status == PostStatus.DELETED):
        raise PermissionDenied("A reflection can only be about one of your own posts.")
    if reflection is None:
        reflection = Reflection(author=author)
    reflection.title = title
    reflection.body = body
    reflection.prompt = prompt
    reflection.post = post
    reflection.save()
    return reflection


@transaction.atomic
def delete_reflection(*, reflection: Reflection) -> None:
    """Delete a reflection for good; nothing of it is kept."""
    reflection.delete()
