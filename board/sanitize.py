"""Markdown source to safe HTML: the only place HTML is cleaned (bleach stays behind here)."""

from functools import cache, partial

import markdown
from bleach.linkifier import Linker, LinkifyFilter
from bleach.sanitizer import Cleaner
from django.utils.html import escape, strip_tags
from django.utils.text import Truncator

STORY_TAGS = frozenset(
    {"p", "br", "em", "strong", "blockquote", "ul", "ol", "li", "a", "code", "hr"}
)
ARTICLE_TAGS = STORY_TAGS | {"h2", "h3", "h4"}
ALLOWED_ATTRIBUTES = {"a": ["href", "title", "rel"]}
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
LINK_REL = "nofollow ugc noopener"


def _set_link_rel(attrs, new=False):
    attrs[(None, "rel")] = LINK_REL
    return attrs


_linker = Linker(callbacks=[_set_link_rel], skip_tags={"code"}, parse_email=False)
_linkify_filter = partial(
    LinkifyFilter, callbacks=[_set_link_rel], skip_tags={"code"}, parse_email=False
)


@cache
def _cleaner(tags: frozenset) -> Cleaner:
    # Linkifying inside the cleaner (not after it) keeps text escaped exactly once.
    return Cleaner(
        tags=tags,
        attributes=ALLOWED_ATTRIBUTES,
        protocols=ALLOWED_PROTOCOLS,
        strip=True,
        strip_comments=True,
        filters=[_linkify_filter],
    )


def _markdown_without_raw_html() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists"], output_format="html")
    # Raw HTML in the source is shown as text, never passed through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


def clean_html(html: str, *, tags=STORY_TAGS) -> str:
    """Keep only the allowed tags, attributes and link schemes; give links a safe rel."""
    return _cleaner(frozenset(tags)).clean(html)


def render_markdown(source: str, *, tags=STORY_TAGS) -> str:
    """Render a Markdown subset to HTML that is safe to mark safe in templates."""
    html = _markdown_without_raw_html().convert(source or "")
    return clean_html(html, tags=tags)


def render_article(source: str) -> str:
    """Like render_markdown, for resource articles, which may use headings."""
    return render_markdown(source, tags=ARTICLE_TAGS)


def plain_excerpt(html: str, words: int = 30) -> str:
    """A short plain-text excerpt of sanitized HTML for cards (escaped by the template)."""
    return Truncator(" ".join(strip_tags(html).split())).words(words)


def render_plain_paragraphs(text: str) -> str:
    """Plain text (no Markdown) to escaped paragraphs; fast, for bulk synthetic data."""
    return "\n".join(f"<p>{escape(part)}</p>" for part in text.split("\n\n") if part.strip())


def render_plain_text(text: str) -> str:
    """Plain text as typed (no Markdown): escaped, line breaks kept, links made safe."""
    paragraphs = [p for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    html = "\n".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)
    return _linker.linkify(html)
