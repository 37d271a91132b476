"""What people do on the board, in a real browser: sign up, post, browse, search, read,
flag, moderate, reply and accept.

Each test is one journey from the first page to the outcome a person cares about, through
the same forms and links they use. A page that is not there yet fails with its address.
"""

import re
import time
from datetime import timedelta

import pytest
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from board.models import ActionKind, Conversation, Flag, ModerationAction, Post, PostStatus

from .conftest import (
    PHONE,
    assert_clean,
    email_to,
    expect_ok,
    shot,
    sign_in,
    visit,
    wait_for_fresh_totp_window,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-test-password"
QUESTION = "What did I drop on the platform?"


def fill_post_form(page, *, headline, story, question=""):
    """Fill the post form the way a person would, one field at a time."""
    page.get_by_label("Headline").fill(headline)
    page.get_by_label("Platonic").check()
    page.get_by_label("Public transit").check()
    page.get_by_label(re.compile(r"^Country:?$")).select_option(label="United States")
    page.get_by_label("City or town").fill("Springfield")
    page.get_by_label("Neighbourhood (optional)").select_option(label="North Side")
    page.get_by_label("Where exactly (optional)").fill("Upper deck")
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_label("When did you meet?").fill(yesterday.isoformat())
    page.get_by_label("Morning").check()
    page.get_by_role("textbox", name="Your story").fill(story)
    page.get_by_label("I saw (optional)").fill("Yellow raincoat, pencil behind the ear")
    if question:
        page.get_by_label("A question only they could answer (optional)").fill(question)


def post_page_status(page):
    return page.locator(".status-banner").first


def test_a_new_person_signs_up_confirms_their_email_and_signs_in_with_an_emailed_code(page):
    email = "new.reader@example.test"
    visit(page, "/")
    page.locator(".site-header summary").click()  # the menu (a <details>, no script)
    page.get_by_role("navigation", name="Account and more").get_by_role(
        "link", name="Sign up"
    ).click()
    expect_ok(page, "sign-up link")
    page.get_by_label(re.compile(r"^Email")).fill(email)
    page.get_by_label(re.compile(r"^Password:?$")).fill("a-long-test-password-42")
    page.get_by_label(re.compile(r"^Password \(again\)")).fill("a-long-test-password-42")
    page.get_by_label("I am 18 or older.").check()
    page.get_by_label("I have read and accept the community guidelines.").check()
    page.get_by_role("button", name=re.compile("sign up", re.I)).click()

    expect(page).to_have_url(re.compile(r"/accounts/confirm-email/"))
    user = get_user_model().objects.get(email=email)
    assert not user.emailaddress_set.get().verified

    body = email_to(email).body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", body)
    if link:  # a verification link: open it and confirm
        page.goto(link.group(0))
        expect_ok(page, "verification link")
        with page.expect_navigation():
            page.get_by_role("button", name="Confirm").click()
    else:  # a verification code: type it where the page asks
        code = re.search(r"^\s*([A-Z0-9-]{4,12})\s*$", body, re.M)
        assert code, f"neither a link nor a code in the verification email:\n{body}"
        page.get_by_label(re.compile("code", re.I)).fill(code.group(1))
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("confirm", re.I)).click()
    expect_ok(page, "after confirming")
    assert user.emailaddress_set.get().verified

    # Signed out (or not yet in): sign in with a code sent by email, no password.
    # (Confirming the email signs the person in; Sign out is in the account menu.)
    if page.locator(".site-header a[href='/accounts/logout/']").count():
        page.locator(".site-header summary").click()
        page.get_by_role("link", name="Sign out").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Sign Out").click()
    visit(page, "/accounts/login/code/")
    page.get_by_label(re.compile("email", re.I)).fill(email)
    with page.expect_navigation():
        page.get_by_role("button", name="Request Code").click()
    body = email_to(email).body
    code = re.search(r"listed below\..*?\n\s*\n\s*(\S+)\s*\n", body, re.S)
    assert code, f"no sign-in code in:\n{body}"
    page.get_by_label(re.compile("code", re.I)).fill(code.group(1))
    page.get_by_role("button", name="Confirm").click()

    page.locator(".site-header summary").click()
    nav = page.get_by_role("navigation", name="Account and more")
    expect(nav.get_by_role("link", name="My posts")).to_be_visible()
    expect(nav.get_by_role("link", name="Sign out")).to_be_visible()
    assert_clean(page.context)


def test_a_clean_post_is_published_at_once_and_listed(new_context, user, areas, tags):
    context = new_context(viewport=PHONE)  # posting happens on a phone, minutes after
    sign_in(context, user)
    page = context.new_page()
    visit(page, "/")
    page.get_by_role("link", name="Post an encounter").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Post an encounter")
    fill_post_form(
        page,
        headline="Crossword on the morning ferry",
        story="We traded crossword clues for the whole crossing and never swapped names.",
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name=re.compile("^Preview"))).to_be_visible()
    page.get_by_role("button", name="Publish").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Crossword on the morning ferry")
    expect(post_page_status(page)).to_contain_text("Your post is live")
    post = Post.objects.get(headline="Crossword on the morning ferry")
    assert post.status == PostStatus.PUBLISHED
    assert post.author == user
    assert re.search(rf"/posts/{post.public_id}/{post.slug}/$", page.url)

    visit(page, "/")
    expect(page.get_by_role("link", name="Crossword on the morning ferry")).to_be_visible()
    assert_clean(context)


def test_a_post_with_a_phone_number_is_held_after_submit_for_review_anyway(
    new_context, user, areas, tags
):
    context = new_context()
    sign_in(context, user)
    page = context.new_page()
    visit(page, "/posts/new/")
    fill_post_form(
        page,
        headline="Blue scarf at the bus stop",
        story="You dropped a glove and I ran after you. Call me on 212-555-0134 please.",
    )
    page.get_by_role("button", name="Publish").click()

    heading = page.get_by_role("heading", name="This might identify someone")
    warning = page.locator("section").filter(has=heading)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("phone number")
    assert not Post.objects.exists(), "nothing is saved before the poster decides"
    expect(page.get_by_role("textbox", name="Your story")).to_have_value(re.compile("212-555-0134"))

    page.get_by_role("button", name="Submit for review anyway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Blue scarf at the bus stop")
    expect(post_page_status(page)).to_contain_text("held for review")
    expect(post_page_status(page)).to_contain_text("phone number")
    post = Post.objects.get()
    assert post.status == PostStatus.PENDING

    page.get_by_role("link", name="All my posts").click()
    row = page.get_by_role("row", name=re.compile("Blue scarf at the bus stop"))
    expect(row).to_contain_text("Held for review")
    assert_clean(context)


@pytest.fixture
def varied_posts(make_post, areas, tags):
    """Posts that differ in type, area, setting and date, for browsing and searching."""
    today = timezone.localdate()
    return {
        "ferry": make_post(
            headline="Red scarf on the L train",
            story="You wore a red scarf and read poetry between two stops. I still wonder.",
            connection_type="romantic",
            setting_tags=[tags["public-transit"]],
            area=areas["north"],
            encounter_date=today - timedelta(days=3),
        ),
        "cafe": make_post(
            headline="Chess at the corner cafe",
            story="We played speed chess over cold coffee; you won twice and laughed.",
            connection_type="platonic",
            setting_tags=[tags["cafe"]],
            area=areas["south"],
            encounter_date=today - timedelta(days=10),
        ),
        "library": make_post(
            headline="Talk after the library lecture",
            story="You asked the sharpest question about urban gardens; I wanted to hire you.",
            connection_type="professional",
            setting_tags=[tags["library-or-bookstore"]],
            area=areas["other_city"],
            encounter_date=today - timedelta(days=20),
        ),
    }


def open_more_filters(page) -> None:
    """Open the "More filters" disclosure (a <details>) unless it is open."""
    details = page.locator("details.more-filters")
    if details.get_attribute("open") is None:
        details.locator("summary").click()


def show_posts(page) -> None:
    """Press "Show posts" and wait for the new list (the filters are a plain GET form)."""
    open_more_filters(page)
    filters = page.get_by_role("search", name="Search and filter posts")
    with page.expect_navigation():
        filters.get_by_role("button", name="Show posts").click()


def card_headlines(page) -> set[str]:
    return {text.strip() for text in page.locator("section.results article h2").all_inner_texts()}


def test_browsing_with_filters_narrows_the_list_and_keeps_the_choices(page, varied_posts):
    visit(page, "/")
    assert card_headlines(page) >= {p.headline for p in varied_posts.values()}

    filters = page.get_by_role("search", name="Search and filter posts")
    open_more_filters(page)
    filters.locator("select[name=type]").select_option("platonic")
    show_posts(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Posts matching your filters")
    assert "type=platonic" in page.url
    assert card_headlines(page) == {"Chess at the corner cafe"}

    open_more_filters(page)
    filters.locator("select[name=type]").select_option("")
    filters.locator("select[name=area]").select_option("springfield")  # the city: both sides
    show_posts(page)
    assert card_headlines(page) == {"Red scarf on the L train", "Chess at the corner cafe"}

    open_more_filters(page)
    filters.get_by_label("Public transit").check()
    show_posts(page)
    assert card_headlines(page) == {"Red scarf on the L train"}
    open_more_filters(page)
    expect(filters.get_by_label("Public transit")).to_be_checked()  # the form remembers

    with page.expect_navigation():
        filters.get_by_role("link", name="Clear filters").click()
    assert card_headlines(page) >= {p.headline for p in varied_posts.values()}
    assert_clean(page.context)


def test_searching_with_q_finds_the_post_and_marks_the_words(page, varied_posts):
    visit(page, "/")
    filters = page.get_by_role("search", name="Search and filter posts")
    filters.locator("input[name=q]").fill("red scarf train")
    show_posts(page)
    assert re.search(r"[?&]q=red\+scarf\+train", page.url)
    assert card_headlines(page) == {"Red scarf on the L train"}
    expect(page.locator("section.results mark").first).to_be_visible()

    filters.locator("input[name=q]").fill("zeppelin")
    show_posts(page)
    expect(page.get_by_text("No posts match all of these filters.")).to_be_visible()
    assert_clean(page.context)


def test_a_reader_opens_a_post_and_a_coping_article_from_it(page, varied_posts):
    visit(page, "/")
    page.get_by_role("link", name="Red scarf on the L train").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Red scarf on the L train")
    expect(page.locator(".story")).to_contain_text("read poetry between two stops")

    panel = page.get_by_role("complementary", name="If this one stays with you")
    expect(panel).to_be_visible()
    article = panel.get_by_role("listitem").first.get_by_role("link")
    title = article.inner_text()
    article.click()
    expect(page).to_have_url(re.compile(r"/resources/[-\w]+/$"))
    expect_ok(page, "coping article")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)

    page.get_by_role("link", name="Coping resources").first.click()
    expect(page).to_have_url(re.compile(r"/resources/$"))
    expect_ok(page, "coping resources")
    assert_clean(page.context)


def test_a_signed_in_reader_flags_a_post(new_context, other_user, varied_posts):
    context = new_context()
    sign_in(context, other_user)
    page = context.new_page()
    post = varied_posts["cafe"]
    visit(page, post.get_absolute_url())
    page.get_by_role("link", name="Flag this post").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Flag")
    page.get_by_label("It is spam or advertising", exact=False).first.check()
    with page.expect_navigation():
        page.get_by_role("button", name="Send flag").click()

    expect(page.locator(".messages")).to_be_visible()
    flag = Flag.objects.get()
    assert (flag.post_id, flag.user_id) == (post.pk, other_user.pk)
    assert_clean(context)


def totp_code(user) -> str:
    """The code an authenticator app would show now for the user's TOTP secret."""
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    return format_hotp_value(hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def test_a_moderator_signs_in_with_totp_and_approves_a_held_post_with_a_reason(
    new_context, moderator, make_post
):
    held = make_post(
        headline="Green coat near the fountain",
        story="My number is 212-555-0134, remember the green coat by the fountain?",
    )
    assert held.status == PostStatus.PENDING
    page = new_context().new_page()

    # The admin sends staff to allauth's sign-in, then asks for the second factor.
    visit(page, "/admin/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    page.get_by_label(re.compile("email", re.I)).fill(moderator.email)
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    wait_for_fresh_totp_window()
    page.get_by_label(re.compile("code", re.I)).fill(totp_code(moderator))
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    expect(page).to_have_url(re.compile(r"/admin/$"))

    # The queue, filtered to held posts; tick the post and pick the bulk action.
    page.get_by_role("link", name="Posts", exact=True).first.click()
    page.get_by_role("link", name="Held for review").first.click()
    row = page.get_by_role("row", name=re.compile("Green coat near the fountain"))
    row.get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("approve")
    page.get_by_role("button", name="Go").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("give a reason")
    page.get_by_label("The details that looked identifying are fine in context.").check()
    page.get_by_role("button", name="Approve 1 post").click()
    expect(page.locator(".messagelist")).to_contain_text(
        "“Green coat near the fountain”: approved."
    )

    held.refresh_from_db()
    assert held.status == PostStatus.PUBLISHED
    decision = ModerationAction.objects.get(post=held, kind=ActionKind.APPROVED)
    assert decision.moderator == moderator
    assert decision.reason == "The details that looked identifying are fine in context."

    reader = new_context().new_page()
    visit(reader, held.get_absolute_url())
    expect(reader.get_by_role("heading", level=1)).to_have_text("Green coat near the fountain")
    assert_clean(page.context, reader.context)


def test_a_replier_answers_the_question_and_the_poster_accepts(new_context, make_user, make_post):
    poster, replier = make_user(), make_user()
    post = make_post(author=poster, recognition_question=QUESTION)

    replier_context = new_context(viewport=PHONE)
    sign_in(replier_context, replier)
    page = replier_context.new_page()
    visit(page, post.get_absolute_url())
    page.get_by_role("link", name="Was this you? Reply privately").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Was this you?")
    page.get_by_label(f"Their question: “{QUESTION}”").fill("A paperback with a bent cover")
    page.get_by_label("Your message").fill("It was me: I was reading on the way home.")
    page.get_by_role("button", name="Send privately").click()
    expect(page).to_have_url(re.compile(r"/me/inbox/$"))
    expect(page.get_by_role("region", name="Replies you sent")).to_contain_text(post.headline)

    poster_context = new_context()
    sign_in(poster_context, poster)
    inbox = poster_context.new_page()
    visit(inbox, "/")
    inbox.locator(".site-header summary").click()
    expect(
        inbox.get_by_role("navigation", name="Account and more").locator("a[href='/me/inbox/']")
    ).to_contain_text("1 unread")
    inbox.get_by_role("navigation", name="Account and more").get_by_role(
        "link", name=re.compile("^Inbox")
    ).click()
    waiting = inbox.get_by_role("region", name="Replies waiting for you")
    expect(waiting).to_contain_text("A paperback with a bent cover")
    waiting.get_by_role("link").first.click()
    expect(inbox.get_by_text("It was me: I was reading on the way home.")).to_be_visible()
    with inbox.expect_navigation():
        inbox.get_by_role("button", name="Accept and talk").click()

    conversation = Conversation.objects.get(post=post)
    assert conversation.status == "accepted"
    inbox.get_by_label("Your message").fill("So glad you found this. Coffee at the station?")
    inbox.get_by_role("button", name="Send", exact=True).click()
    expect(inbox.get_by_text("So glad you found this.")).to_be_visible()

    page.reload()
    expect(page.get_by_role("region", name="Conversations")).to_contain_text(post.headline)
    assert_clean(replier_context, poster_context)
    shot(inbox, "journey-conversation-desktop-light")
