"""The first five minutes on a phone (issue 17), in Chromium at 390x844 and 1280x900, light
and dark: stories first, a reply funnel that keeps your place, one account menu that works
without JavaScript, chat, found and undo, and no horizontal scroll at 320 px anywhere.
"""

import os
import re
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.urls import get_resolver, reverse
from django.utils import timezone
from playwright.sync_api import expect

from board.models import Post, Resource
from board.services import replies

from .conftest import DESKTOP, PHONE, assert_clean, email_to, sign_in, visit
from .test_accessibility import axe_violations, describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

NARROWEST = {"width": 320, "height": 640}
VIEWPORTS = [("phone", PHONE), ("desktop", DESKTOP)]
SCHEMES = ["light", "dark"]
DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def board(make_user, make_post, areas, tags, moderator):
    """A poster with 25 posts (more than one page), a reflection, a held post, and an
    accepted conversation with a reply waiting; a moderator; one coping article."""
    poster, replier = make_user(first_name="Robin"), make_user()
    posts = [
        make_post(author=poster, headline=f"Umbrella story number {n}", where_exactly="Platform 2")
        for n in range(24)
    ]
    post = make_post(
        author=poster,
        headline="Green umbrella at the station",
        story="You held the door and we both laughed at the rain. *Thank you.*",
        recognition_question="What was I carrying?",
    )
    held = make_post(author=poster, headline="Blue scarf on the bus", story="Call 212-555-0134.")
    other = make_post(author=make_user(), headline="Chess at the corner cafe")
    conversation = replies.send_reply(
        post=post, replier=replier, answer="A cello", message="It was me, with the cello!"
    )
    replies.accept_reply(conversation=conversation)
    replies.send_message(conversation=conversation, sender_role="poster", body="Hello again!")
    article = Resource.objects.published().order_by("order", "slug").first()
    return {
        "poster": poster,
        "replier": replier,
        "moderator": moderator,
        "post": post,
        "held": held,
        "other": other,
        "posts": posts,
        "conversation": conversation,
        "article": article,
    }


def first_card_top(page) -> float:
    box = page.locator(".results .card").first.bounding_box()
    assert box is not None, "no story card on the page"
    return box["y"]


OVERFLOW = """() => {
    const root = document.documentElement;
    let worst = root.scrollWidth - root.clientWidth;
    // A box that scrolls sideways inside the page (a wide table) is horizontal scroll too.
    for (const el of document.querySelectorAll("body *")) {
        if (["INPUT", "SELECT", "TEXTAREA"].includes(el.tagName)) continue;
        const style = getComputedStyle(el);
        if (!["auto", "scroll"].includes(style.overflowX)) continue;
        worst = Math.max(worst, el.scrollWidth - el.clientWidth);
    }
    return worst;
}"""


def horizontal_overflow(page) -> int:
    return page.evaluate(OVERFLOW)


# Stories first


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("width", "viewport"), VIEWPORTS)
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_first_story_is_above_the_fold_on_the_front_page_and_a_search(
    new_context, board, scheme, width, viewport, javascript
):
    context = new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=javascript)
    page = context.new_page()
    for path in ("/", "/?q=umbrella"):
        visit(page, path)
        assert first_card_top(page) < viewport["height"] - 80, f"{path}: story below the fold"
        expect(page.locator(".more-filters")).not_to_have_attribute("open", "")
    expect(page.locator(".result-count")).to_have_text("25 stories match.")
    assert_clean(context)


def test_filters_show_as_chips_that_remove_themselves(new_context, board):
    page = new_context(viewport=PHONE).new_page()
    visit(page, "/")
    page.get_by_label("Search the stories").fill("umbrella")
    page.get_by_role("button", name="Search").click()
    page.locator(".more-filters summary").click()
    page.get_by_label("Type").select_option(label="Romantic")
    page.get_by_role("button", name="Show posts").click()
    chips = page.get_by_role("list", name="Active filters")
    expect(chips.get_by_role("link")).to_have_count(3)  # words, type, clear all
    chips.get_by_role("link", name=re.compile("^“umbrella”")).click()
    expect(page).to_have_url(re.compile(r"/\?type=romantic$"))  # nothing empty left over
    expect(page.locator(".result-count")).to_have_text("26 stories match.")
    expect(page.get_by_role("list", name="Active filters").get_by_role("link")).to_have_count(1)


# A reply funnel that keeps your place


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("width", "viewport"), VIEWPORTS)
def test_a_visitor_signs_up_from_a_post_confirms_and_lands_on_the_reply_form(
    new_context, board, scheme, width, viewport
):
    context = new_context(viewport=viewport, color_scheme=scheme)
    page = context.new_page()
    post = board["post"]
    visit(page, post.get_absolute_url())
    cta = page.get_by_role("region", name="Was this you?")
    expect(cta).to_contain_text("never sees your email")
    cta.get_by_role("link", name="Create an account to reply").click()
    expect(page.locator(".funnel-note")).to_be_visible()
    email = f"finder-{width}-{scheme}@example.test"
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill("a-long-test-password-42")
    page.get_by_label(re.compile(r"^Password \(again\)")).fill("a-long-test-password-42")
    page.get_by_label("I am 18 or older.").check()
    page.get_by_label("I have read and accept the community guidelines.").check()
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", email_to(email).body).group(0)
    assert "member-" not in email_to(email).body
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(f"/posts/{post.public_id}/reply/$"))
    page.get_by_label(re.compile("What was I carrying")).fill("A cello")
    page.get_by_label("Your message").fill("I think it was me on the platform.")
    page.get_by_role("button", name=re.compile("Send")).click()
    expect(page).to_have_url(re.compile("/me/inbox/$"))
    assert_clean(context)


def test_a_post_that_cannot_take_replies_offers_no_button(new_context, board):
    Post.objects.filter(pk=board["other"].pk).update(replies_enabled=False)
    page = new_context(viewport=PHONE).new_page()
    visit(page, board["other"].get_absolute_url())
    expect(page.get_by_text("Was this you?")).to_have_count(0)
    expect(page.get_by_text("This post does not take replies.")).to_be_visible()


# Signed in on a phone: one menu, without JavaScript, with unread counts


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("width", "viewport"), VIEWPORTS)
def test_the_account_menu_works_without_javascript_and_shows_unread_counts(
    new_context, board, scheme, width, viewport
):
    context = new_context(viewport=viewport, color_scheme=scheme, java_script_enabled=False)
    sign_in(context, board["poster"])
    page = context.new_page()
    visit(page, "/me/posts/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] < 140, "the header takes a small part of the screen"
    menu = page.get_by_role("navigation", name="Account and more")
    expect(menu).to_be_hidden()
    header.locator("summary").click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name=re.compile("^Inbox"))).to_contain_text("1")
    expect(menu.get_by_role("link", name="My posts")).to_have_attribute("aria-current", "page")
    menu.get_by_role("link", name=re.compile("^Inbox")).click()
    expect(page).to_have_url(re.compile("/me/inbox/$"))
    header.locator("summary").click()
    expect(menu.get_by_role("link", name="Inbox", exact=True)).to_be_visible()  # read now
    expect(menu.get_by_role("link", name=re.compile("^Inbox")).locator(".count")).to_have_count(0)


# Conversations, found and undo


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(("width", "viewport"), VIEWPORTS)
def test_a_conversation_reads_like_a_chat_with_the_newest_in_view(
    new_context, board, scheme, width, viewport
):
    conversation = board["conversation"]
    for n in range(12):
        replies.send_message(conversation=conversation, sender_role="replier", body=f"Line {n}")
    context = new_context(viewport=viewport, color_scheme=scheme)
    sign_in(context, board["poster"])
    page = context.new_page()
    visit(page, conversation.get_absolute_url())
    latest = page.locator("#latest")
    expect(latest).to_contain_text("Line 11")
    expect(latest).to_be_in_viewport()
    mine = page.locator(".bubble.mine").first.bounding_box()
    theirs = page.locator(".bubble.theirs").first.bounding_box()
    assert mine["x"] + mine["width"] > theirs["x"] + theirs["width"], "mine sits on the right"
    page.get_by_label("Your message").fill("See you at the kiosk")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#latest")).to_contain_text("See you at the kiosk")
    expect(page.locator("#latest")).to_be_in_viewport()
    assert_clean(context)


def test_found_is_confirmed_shown_on_cards_and_my_posts_and_undone(new_context, board):
    context = new_context(viewport=PHONE)
    sign_in(context, board["poster"])
    page = context.new_page()
    post = board["post"]
    visit(page, post.get_absolute_url())
    page.get_by_role("link", name="We found each other").click()
    expect(page.get_by_role("heading", name="Did you find each other?")).to_be_visible()
    page.get_by_role("button", name="Yes, we found each other").click()
    expect(page.locator(".found-badge").first).to_be_visible()
    visit(page, "/")
    card = page.locator(".card", has_text=post.headline)
    expect(card.locator(".found-badge")).to_be_visible()
    visit(page, "/me/posts/")
    expect(page.locator("tr", has_text=post.headline).locator(".found-badge")).to_be_visible()
    visit(page, post.get_absolute_url())
    page.get_by_role("button", name="Undo “found”").click()
    expect(page.get_by_role("link", name="We found each other")).to_be_visible()
    assert_clean(context)


# Long text and dates


def test_the_counter_shows_the_limit_and_nothing_is_cut(new_context, board):
    context = new_context(viewport=PHONE)
    sign_in(context, board["poster"])
    page = context.new_page()
    visit(page, "/posts/new/")
    long_story = "We talked about trains all the way. " * 120  # 4,320 characters
    page.get_by_role("textbox", name="Your story").fill(long_story)
    expect(page.locator("#id_story-counter")).to_contain_text("too many")
    assert page.get_by_role("textbox", name="Your story").input_value() == long_story
    assert page.get_by_label("When did you meet?").get_attribute("max")


def test_the_preview_shows_the_whole_post(new_context, board):
    context = new_context(viewport=PHONE)
    sign_in(context, board["poster"])
    page = context.new_page()
    visit(page, "/posts/new/")
    page.get_by_label("Headline").fill("Yellow raincoat on the ferry")
    page.get_by_label("Platonic").check()
    page.get_by_label("Public transit").check()
    page.get_by_label(re.compile(r"^Country:?$")).select_option(label="United States")
    page.get_by_label("City or town").fill("Springfield")
    page.get_by_label("Neighbourhood (optional)").select_option(label="North Side")
    page.get_by_label("When did you meet?").fill("2026-12-01")
    page.get_by_label("Morning").check()
    story = page.get_by_role("textbox", name="Your story")
    story.fill("We traded crossword clues for the whole crossing.")
    page.get_by_label("I am (optional)").fill("Grey beanie")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_role("region", name=re.compile("^Preview"))
    for part in ("Yellow raincoat on the ferry", "Platonic", "North Side", "Grey beanie"):
        expect(preview).to_contain_text(part)


# Every page at 320 px, for every kind of person


def _pages_by_person(board) -> dict[str, list[str]]:
    post, held, conversation = board["post"], board["held"], board["conversation"]
    other, article = board["other"], board["article"]
    reflection_id = _reflection_for(board["poster"])
    confirm_path, again_path = _takedown_links(other)
    decision_id, suspension_id = _appealable(board)
    comment, comment_confirm = _comment_on(board)
    hint_id = _hint_for(board)
    alert_confirm, alert_unsubscribe, alert_manage = _alert_links()
    visitor = {
        "alert-create": "/alerts/new/?q=umbrella&type=romantic",
        "alert-sent": "/alerts/sent/",
        "alert-confirm": alert_confirm,
        "alert-unsubscribe": alert_unsubscribe,
        "alert-manage": alert_manage,
        "comment-takedown": f"/comments/{comment.public_id}/takedown/",
        "comment-takedown-confirm": comment_confirm,
        "takedown-confirm": confirm_path,
        "takedown-again": again_path,
        "post-list": "/?q=umbrella&type=romantic",
        "post-detail": post.get_absolute_url(),
        "post-short": f"/posts/{other.public_id}/",
        "post-takedown": f"/posts/{post.public_id}/takedown/",
        "guidelines": "/guidelines/",
        "about": "/about/",
        "privacy": "/privacy/",
        "terms": "/terms/",
        "contact": "/contact/",
        "appeal": "/appeal/",
        "resource-list": "/resources/",
        "prompt-list": "/resources/prompts/",
        "resource-detail": article.get_absolute_url(),
        "moderation-log": "/moderation/",
        "place-lookup": "/places/?country=US&q=spr",
    }
    poster = {
        "post-list": "/",
        "post-create": "/posts/new/",
        "post-edit": f"/posts/{post.public_id}/edit/",
        "post-delete": f"/posts/{post.public_id}/delete/",
        "post-found": f"/posts/{post.public_id}/found/",
        "post-detail": held.get_absolute_url(),
        "post-flag": f"/posts/{other.public_id}/flag/",
        "post-reply": f"/posts/{other.public_id}/reply/",
        "account-home": "/me/",
        "display-name": "/me/name/",
        "account-delete": "/me/delete/",
        "my-posts": "/me/posts/",
        "my-notifications": "/me/notifications/",
        "hint-open": f"/me/hints/{hint_id}/",
        "my-alerts": "/me/alerts/",
        "notification-settings": "/me/notifications/settings/",
        "inbox": "/me/inbox/",
        "conversation": conversation.get_absolute_url(),
        "conversation-report": f"/me/inbox/{conversation.public_id}/report/",
        "reflection-list": "/me/reflections/",
        "reflection-create": "/me/reflections/new/",
        "reflection-edit": f"/me/reflections/{reflection_id}/edit/",
        "reflection-delete": f"/me/reflections/{reflection_id}/delete/",
        "appeal-decision": f"/me/appeals/decision/{decision_id}/",
        "appeal-suspension": f"/me/appeals/suspension/{suspension_id}/",
        "comment-create": f"/posts/{other.public_id}/comment/",
        "comment-flag": f"/comments/{comment.public_id}/flag/",
    }
    moderator = {"moderation-log": "/moderation/", "post-list": "/", "account-home": "/me/"}
    return {"visitor": visitor, "poster": poster, "moderator": moderator}


def _hint_for(board) -> str:
    """A possible-match hint of the poster's, pointing at a story that stays on the board."""
    from board.services import hints

    hints._give_hint(post=board["post"], other_post=board["posts"][0], score=1.0)
    return board["post"].match_hints.get(other_post=board["posts"][0]).public_id


def _alert_links() -> tuple[str, str, str]:
    """The emailed links of an alert made with an address: confirm, unsubscribe, manage."""
    from board.services import alerts
    from board.services.alerts import links

    alert = alerts.create_alert_for_address(
        email="watcher@example.test",
        filters=alerts.AlertFilters.build(query="umbrella"),
        frequency="each",
        days=7,
    ).alert
    return (
        reverse("board:alert-confirm", args=[links.confirm_token(alert)]),
        reverse("board:alert-unsubscribe", args=[links.unsubscribe_token(alert)]),
        reverse("board:alert-manage", args=[links.manage_token(alert.email_hash)]),
    )


def _takedown_links(post) -> tuple[str, str]:
    """The emailed links of a takedown request: confirm it, and ask again after a refusal."""
    from board.services import takedown_links, takedowns

    request = takedowns.request_takedown(post=post, email="described@example.test")
    confirm = urlsplit(takedowns.confirmation_url(request)).path
    return confirm, urlsplit(takedown_links.ask_again_url(request)).path


def _comment_on(board):
    """A published comment on the poster's post (and one waiting for them), and the emailed
    link confirming a takedown request for it."""
    from board.services import comment_takedowns
    from board.services import comments as comment_services

    post = board["post"]
    published = comment_services.post_comment(
        post=post, author=board["replier"], body="It takes two.\nI hope you find them."
    )
    comment_services.poster_approve(comment=published, poster=board["poster"])
    comment_services.post_comment(post=post, author=board["other"].author, body="Waiting word.")
    request = comment_takedowns.request_comment_takedown(
        comment=published, email="described@example.test"
    )
    return published, urlsplit(comment_takedowns.confirmation_url(request)).path


def _appealable(board) -> tuple[int, int]:
    """A moderator's rejection of the poster's held post, and an ended suspension of theirs."""
    from board import services
    from board.models import ModerationAction, Suspension

    services.reject_post(post=board["held"], moderator=board["moderator"], reason="Identifying.")
    decision = ModerationAction.objects.filter(post=board["held"], kind="rejected").latest("pk")
    ended = timezone.now() - timedelta(days=1)
    suspension = Suspension.objects.create(
        user=board["poster"], reason="Spam.", starts_at=ended - timedelta(days=1), ends_at=ended
    )
    return decision.pk, suspension.pk


def _reflection_for(user) -> int:
    from board.models import Reflection

    reflection = Reflection.objects.create(author=user, title="A note", body="It still stings.")
    return reflection.pk


# Routes with no page of their own: form targets (POST only), a download and a feed.
NOT_PAGES = {
    "post-renew",
    "post-found-undo",
    "conversation-send",
    "conversation-accept",
    "conversation-decline",
    "conversation-end",
    "conversation-block",
    "account-export",
    "post-feed",
    "comment-approve",
    "comment-hide",
    "hint-dismiss",  # buttons (POST) on the notices and "My posts" pages
    "post-match-hints",
    "place-remember",  # sets the remembered place's cookie and shows the front page
    "place-forget",
}


def test_every_page_for_every_kind_of_person_fits_320_px_and_passes_axe(new_context, board, axe):
    pages = _pages_by_person(board)
    covered = set().union(*(set(p) for p in pages.values())) | NOT_PAGES
    routes = {p.name for p in get_resolver("board.urls").url_patterns}
    assert routes <= covered, f"pages not walked: {sorted(routes - covered)}"

    problems, overflowing = {}, []
    people = {"visitor": None, "poster": board["poster"], "moderator": board["moderator"]}
    for kind, paths in pages.items():
        context = new_context(viewport=NARROWEST, bypass_csp=True)
        if people[kind] is not None:
            sign_in(context, people[kind])
        page = context.new_page()
        for name, path in paths.items():
            visit(page, path)
            if (extra := horizontal_overflow(page)) > 0:
                overflowing.append(f"{kind} {name} {path}: {extra}px too wide")
            page.locator(".site-header summary").click()  # the open menu must fit too
            if (extra := horizontal_overflow(page)) > 0:
                overflowing.append(f"{kind} {name} {path} (menu open): {extra}px too wide")
            if found := axe_violations(page, axe):
                problems[f"{kind} {name}"] = found
    assert not overflowing, "\n".join(overflowing)
    assert not problems, describe(problems)


# Screenshots for the README (written only when asked: BOARD_DOCS_SCREENSHOTS=1)


@pytest.mark.skipif(not os.environ.get("BOARD_DOCS_SCREENSHOTS"), reason="on request only")
def test_docs_screenshots(new_context, board):
    DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
    shots = [
        ("front", None, "/"),
        ("search", None, "/?q=umbrella"),
        ("post", None, board["post"].get_absolute_url()),
        ("about", None, "/about/"),
        ("my-posts", "poster", "/me/posts/"),
        ("conversation", "poster", board["conversation"].get_absolute_url()),
    ]
    for width, viewport in VIEWPORTS:
        for scheme in SCHEMES:
            contexts = {None: new_context(viewport=viewport, color_scheme=scheme)}
            contexts["poster"] = new_context(viewport=viewport, color_scheme=scheme)
            sign_in(contexts["poster"], board["poster"])
            for name, who, path in shots:
                if scheme == "dark" and name not in {"front", "conversation"}:
                    continue
                page = contexts[who].new_page()
                visit(page, path)
                page.screenshot(path=str(DOCS_SHOTS / f"{name}-{width}-{scheme}.png"))
                page.close()
