"""A pseudo-language for the i18n tests: every string that goes through gettext comes back
in brackets, so English words left outside brackets were never translatable.

tests/conftest.py registers the fixtures (`bracketed`, `content`); test modules import
`loose_words`.
"""

import re
from gettext import NullTranslations

import pytest
from bs4 import BeautifulSoup
from django.utils.translation import trans_real

from board.models import Helpline, JournalPrompt, Resource


class Bracketed(NullTranslations):
    def gettext(self, message):
        return f"⟦{message}⟧"

    def ngettext(self, singular, plural, n):
        return f"⟦{singular if n == 1 else plural}⟧"

    def pgettext(self, context, message):
        return f"⟦{message}⟧"

    def npgettext(self, context, singular, plural, n):
        return self.ngettext(singular, plural, n)

    def to_language(self):
        return "en"


@pytest.fixture
def bracketed():
    previous = getattr(trans_real._active, "value", None)
    trans_real._active.value = Bracketed()
    yield
    if previous is None:
        del trans_real._active.value
    else:
        trans_real._active.value = previous


def loose_words(html: str, allowed: set[str]) -> list[str]:
    """Visible words outside ⟦…⟧ in the page's header, main and footer, less `allowed`
    (what people wrote, names from the database, numbers)."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "textarea", "option", "time"]):
        hidden.decompose()
    parts = [soup.find(tag) for tag in ("header", "main", "footer")]
    text = " ".join(part.get_text(" ") for part in parts if part)
    attributes = " ".join(
        value
        for part in parts
        if part
        for element in part.find_all(True)
        for name, value in element.attrs.items()
        if name in ("aria-label", "placeholder", "title", "alt")
    )
    text = re.sub(r"⟦.*?⟧", " ", f"{text} {attributes}", flags=re.S)
    # An empty value would put a space between every letter and hide every word.
    for value in sorted(filter(None, allowed), key=len, reverse=True):
        text = text.replace(value, " ")
    return [word for word in re.findall(r"[^\W\d_]{2,}", text) if word not in ("Lt", "Gt")]


@pytest.fixture
def content(make_post, areas, tags):
    """Everything on the pages that people or the database wrote, not the interface."""
    post = make_post(
        headline="Red scarf on the tram",
        story="You laughed at the same page as me, twice.",
        where_exactly="Upper deck",
        i_saw="Green beanie",
        i_am="Tall, terrible at endgames",
    )
    Resource.objects.update(summary="Resource summary")
    JournalPrompt.objects.update(text="Prompt text")
    names = {str(area) for area in areas.values()} | {a.name for a in areas.values()}
    names |= {tag.name for tag in tags.values()}
    names |= {r.title for r in Resource.objects.all()}
    for helpline in Helpline.objects.all():  # data, edited in the admin
        names |= {helpline.name, helpline.purpose, helpline.hours}
    names |= {post.headline, post.story, post.where_exactly, post.i_saw, post.i_am}
    names |= {post.pseudonym, "Resource summary", "Prompt text", "Missed Connections"}
    return post, names


def loose_words_in_text(text: str, allowed: set[str]) -> list[str]:
    """Words of a plain-text email outside ⟦…⟧, less links, `allowed` (what people wrote,
    names, references) and numbers: what a translation could not reach. Brackets may nest
    (a translated reason inside a translated sentence): innermost first."""
    while (unwrapped := re.sub(r"⟦[^⟦⟧]*⟧", " ", text)) != text:
        text = unwrapped
    text = re.sub(r"https?://\S+", " ", text)
    for value in sorted(filter(None, allowed), key=len, reverse=True):  # "" hides every word
        text = text.replace(value, " ")
    return re.findall(r"[^\W\d_]{2,}", text)
