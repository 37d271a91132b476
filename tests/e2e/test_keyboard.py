"""Posting with the keyboard alone: Tab, Shift+Tab, Space, Enter and typing, never the mouse,
with a visible focus indicator on everything that takes focus along the way.
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from board.models import Post, PostStatus

from .conftest import assert_clean, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

MAX_TABS = 60

FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
        tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute("name") || "",
        text: (el.innerText || el.value || "").trim().slice(0, 40),
        // Focus on a native control's inner part (a date field's calendar button) leaves
        // the field itself :focus-within only; the field must then show the ring.
        focusVisible: el.matches(":focus-visible")
            || (el.matches(":focus-within") && !el.matches(":focus")),
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,
    };
}"""


class Keyboard:
    """Moves focus with Tab / Shift+Tab and checks every stop shows where focus is."""

    def __init__(self, page):
        self.page = page
        self.stops = []

    def focused(self) -> dict | None:
        return self.page.evaluate(FOCUSED)

    def press(self, key: str) -> dict | None:
        self.page.keyboard.press(key)
        element = self.focused()
        if element is not None:
            self.stops.append(element)
            assert element["focusVisible"], f"{key} focused {element} without :focus-visible"
            assert element["outlineStyle"] != "none" and element["outlineWidth"] != "0px", (
                f"no visible focus outline on {element}"
            )
        return element

    def tab_to(self, selector: str, *, backwards: bool = False) -> None:
        """Press Tab (or Shift+Tab) until the element matching `selector` has focus."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(MAX_TABS):
            self.press(key)
            if self.page.evaluate("s => document.activeElement.matches(s)", selector):
                return
        trail = " > ".join(f"{s['tag']}#{s['id'] or s['name'] or s['text']}" for s in self.stops)
        raise AssertionError(f"{key} never reached {selector}; focus went: {trail}")

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


def test_a_person_can_write_and_publish_a_post_with_the_keyboard_alone(
    new_context, user, areas, tags
):
    context = new_context()
    sign_in(context, user)
    page = context.new_page()
    page.goto("/posts/new/")
    keys = Keyboard(page)

    # The first Tab reaches the skip link; Enter jumps past the site navigation.
    skip = keys.press("Tab")
    assert skip["text"] == "Skip to content", f"first Tab stop was {skip}"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))

    keys.tab_to("#id_headline")
    keys.type("Crossword on the morning ferry")
    keys.tab_to("input[name=connection_type]")
    page.keyboard.press("Space")
    keys.tab_to("input[name=setting_tags]")
    page.keyboard.press("Space")
    keys.tab_to("select[name=country]")
    keys.type("United States")
    keys.tab_to("input[name=city]")
    keys.type("Springfield")
    keys.tab_to("select[name=neighbourhood]")
    keys.type("North")
    keys.tab_to("#id_where_exactly")
    keys.type("Upper deck")
    keys.tab_to("#id_encounter_date")
    day = timezone.localdate() - timedelta(days=1)
    keys.type(day.strftime("%m%d%Y"))  # the en-US date field: month, day, year
    keys.tab_to("input[name=part_of_day]")
    page.keyboard.press("Space")
    keys.tab_to("#id_story")
    keys.type("We traded crossword clues for the whole crossing and never swapped names.")
    # Back one stop and forward again: Shift+Tab leaves the story for the part of day.
    keys.tab_to("input[name=part_of_day]", backwards=True)
    keys.tab_to("#id_story")

    assert page.input_value("#id_encounter_date") == day.isoformat()
    assert page.locator("select[name=neighbourhood] option:checked").inner_text() == "North Side"
    assert page.locator("input[name=connection_type]:checked").count() == 1
    assert page.locator("input[name=setting_tags]:checked").count() == 1

    keys.tab_to("button[value=publish]")
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Crossword on the morning ferry")
    post = Post.objects.get()
    assert post.status == PostStatus.PUBLISHED
    assert post.part_of_day and post.setting_tags.count() == 1
    assert post.area == areas["north"]
    assert post.encounter_date == day
    assert len(keys.stops) > 10, "the walk went through the form, one stop at a time"
    assert_clean(context)
