"""The sentinels the database puts around matched words, and the <mark> tags they become."""

import re

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

# Private-use characters the database puts around matched words. Never shown to anyone:
# stripped from indexed text, and only ever replaced by our own <mark> tags.
START, STOP = "\ue000", "\ue001"


def marked_html(text: str, *, markdown: bool = False) -> SafeString:
    """Escaped text with our own <mark> tags where the database put the sentinels.

    `markdown`: the text is Markdown source (a story), so drop its emphasis markers.
    """
    pieces, open_mark = [], False
    for part in re.split(f"([{START}{STOP}])", text or ""):
        if part == START:
            if not open_mark:
                pieces.append(mark_safe("<mark>"))
                open_mark = True
        elif part == STOP:
            if open_mark:
                pieces.append(mark_safe("</mark>"))
                open_mark = False
        elif part:
            if markdown:
                part = part.replace("*", "").replace("`", "")
            pieces.append(conditional_escape(part))
    if open_mark:
        pieces.append(mark_safe("</mark>"))
    if not pieces:
        return mark_safe("")
    return format_html("{}" * len(pieces), *pieces)


def has_mark(text: str | None) -> bool:
    return bool(text) and START in text
