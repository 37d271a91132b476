"""Kind words under a story, in a real browser: a reader comments on a phone with
JavaScript off, the poster approves it from the post page, another reader sees it."""

import re

import pytest
from playwright.sync_api import expect

from board.models import Comment, CommentStatus

from .conftest import PHONE, assert_clean, shot, sign_in, visit
from .test_accessibility import axe_violations, describe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

KIND_WORDS = "It takes two; you did nothing wrong.\nI hope the rain brings you luck."


def test_a_reader_comments_on_a_phone_without_javascript_the_poster_approves_another_reads(
    new_context, make_user, make_post, axe
):
    poster, reader = make_user(), make_user()
    post = make_post(author=poster, headline="Green umbrella at the station")
    assert post.comment_mode == "held"

    # A reader on a phone, no JavaScript: the box, the reminder, the words, sent.
    writer = new_context(viewport=PHONE, java_script_enabled=False)
    sign_in(writer, reader)
    page = writer.new_page()
    visit(page, post.get_absolute_url())
    form = page.locator("#comment-form")
    expect(form.locator(".care-reminder")).to_contain_text("I hope you find them")
    form.get_by_label("Your comment").fill(KIND_WORDS)
    shot(page, "comments-phone-write-light")
    form.get_by_role("button", name="Post comment").click()
    expect(page.locator(".messages, [role=status]").first).to_contain_text(
        "appears once the poster approves"
    )
    assert Comment.objects.get().status == CommentStatus.AWAITING
    expect(page.locator("#comments")).not_to_contain_text("It takes two")

    # The poster, also on a phone without JavaScript, approves it from the post page.
    owner = new_context(viewport=PHONE, java_script_enabled=False, color_scheme="dark")
    sign_in(owner, poster)
    page = owner.new_page()
    visit(page, post.get_absolute_url())
    waiting = page.locator(".comments-awaiting")
    expect(waiting).to_contain_text("It takes two; you did nothing wrong.")
    shot(page, "comments-phone-approve-dark")
    checker = new_context(viewport=PHONE, bypass_csp=True)  # axe needs a script to run
    sign_in(checker, poster)
    checked = checker.new_page()
    visit(checked, post.get_absolute_url())
    found = axe_violations(checked, axe)
    assert not found, describe({"the poster's post page with a waiting comment": found})
    waiting.get_by_role("button", name="Approve").click()
    expect(page.locator(".comments-awaiting")).to_have_count(0)
    expect(page.locator("#comments article.comment")).to_contain_text("It takes two")

    # Another reader, signed out, sees it under the poster's story, by day only.
    other = new_context(viewport=PHONE, java_script_enabled=False)
    page = other.new_page()
    visit(page, post.get_absolute_url())
    comment = page.locator("#comments article.comment")
    expect(comment).to_have_count(1)
    expect(comment.locator(".comment-body")).to_contain_text("I hope the rain brings you luck.")
    expect(comment.locator(".comment-body br")).to_have_count(1)  # the line break is kept
    expect(comment.locator("time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\d$"))
    expect(page.locator("#comments-heading")).to_have_text("1 comment")
    shot(page, "comments-phone-read-light")
    dark = new_context(viewport=PHONE, java_script_enabled=False, color_scheme="dark")
    dark_page = dark.new_page()
    visit(dark_page, post.get_absolute_url())
    shot(dark_page, "comments-phone-read-dark")
    visit(page, "/")
    expect(page.locator(".card .comment-count").first).to_have_text("1 comment")
    assert_clean(writer, owner, other, dark)


def test_i_know_who_this_is_is_held_with_the_private_reply_offered(
    new_context, make_user, make_post
):
    poster, reader = make_user(), make_user()
    post = make_post(author=poster, comment_mode="on", recognition_question="What was I carrying?")
    context = new_context(viewport=PHONE, java_script_enabled=False)
    sign_in(context, reader)
    page = context.new_page()
    visit(page, post.get_absolute_url())
    page.get_by_label("Your comment").fill("omg I know who this is, it's Jenna from the bakery")
    page.get_by_role("button", name="Post comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your comment is with a moderator")
    expect(page.locator("main")).to_contain_text("the private reply on this post is the way")
    expect(page.get_by_role("link", name="Reply privately instead")).to_be_visible()
    shot(page, "comments-phone-held-light")
    assert Comment.objects.get().status == CommentStatus.HELD
    assert_clean(context)
