"""The story's Markdown becomes HTML that can never run code on a reader's page."""

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from board.sanitize import clean_html, plain_excerpt, render_article, render_markdown

DANGEROUS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java&#115;cript:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)">',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<div onmouseover="alert(1)">hover</div>',
    "![x](javascript:alert(1))",
    '<form><button formaction="javascript:alert(1)">x</button></form>',
]


ACTIVE_TAGS = {"script", "iframe", "svg", "math", "form", "button", "img", "object", "embed"}


def active_content(html: str) -> list[str]:
    """Every element, handler or URL in parsed HTML that could run code."""
    problems = []
    for tag in BeautifulSoup(html, "html.parser").find_all(True):
        if tag.name in ACTIVE_TAGS:
            problems.append(tag.name)
        for name, value in tag.attrs.items():
            if name.lower().startswith("on") or name.lower() in {"style", "srcdoc"}:
                problems.append(name)
            if name in {"href", "src"}:
                scheme = "".join(str(value).split()).lower().split(":", 1)[0]
                if ":" in str(value) and scheme not in {"http", "https", "mailto"}:
                    problems.append(value)
    return problems


@pytest.mark.parametrize("source", DANGEROUS)
def test_rendered_story_has_no_script_handlers_or_dangerous_links(source):
    assert active_content(render_markdown(source)) == []


def test_raw_html_is_shown_as_text_not_markup():
    assert render_markdown("<b>hi</b>") == "<p>&lt;b&gt;hi&lt;/b&gt;</p>"


def test_markdown_subset_renders_emphasis_lists_and_quotes():
    html = render_markdown("*soft* **loud**\n\n- one\n- two\n\n> a quote")
    assert "<em>soft</em>" in html and "<strong>loud</strong>" in html
    assert "<li>one</li>" in html and "<blockquote>" in html


def test_links_get_nofollow_ugc_noopener():
    html = render_markdown("[site](https://example.org)")
    assert '<a href="https://example.org" rel="nofollow ugc noopener">site</a>' in html


def test_stories_cannot_use_headings_but_articles_can():
    assert "<h2>" not in render_markdown("## Big")
    assert "<h2>Big</h2>" in render_article("## Big")


def test_excerpt_is_plain_text_and_short():
    excerpt = plain_excerpt("<p>" + "word " * 50 + "</p>", words=5)
    assert excerpt == "word word word word word…"


@given(st.text(max_size=300))
def test_cleaning_is_idempotent_and_never_emits_scripts(text):
    once = render_markdown(text)
    assert clean_html(once) == once
    assert active_content(once) == []
