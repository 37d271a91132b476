"""Comments under a story: who may comment, how, what the poster decides, and how the page
and the list show them."""

import re

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.urls import reverse

from board import services
from board.models import Comment, CommentStatus, Post, TermRule
from board.services import comments as comment_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def poster(user):
    return user


@pytest.fixture
def reader(make_user):
    return make_user()


@pytest.fixture
def open_post(make_post, poster):
    """A published post whose poster lets clean comments appear at once."""
    return make_post(author=poster, comment_mode="on")


@pytest.fixture
def held_post(make_post, poster):
    """A published post whose poster approves each comment first (the default)."""
    return make_post(author=poster)


def comment_url(post):
    return reverse("board:comment-create", args=[post.public_id])


def say(client, post, body):
    return client.post(comment_url(post), {"body": body})


def thread_html(client, post, **params) -> str:
    response = client.get(post.get_absolute_url(), params)
    assert response.status_code == 200
    return response.content.decode()


def soup_of(html):
    return BeautifulSoup(html, "html.parser")


# Who and how


def test_the_default_is_on_and_held_for_the_posters_approval(post, settings):
    assert settings.BOARD_COMMENTS_DEFAULT == "held"
    assert post.comment_mode == "held"


def test_a_verified_reader_comments_and_it_waits_for_the_poster(client, held_post, reader):
    client.force_login(reader)
    response = say(client, held_post, "I hope you find them. This happened to me too.")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.AWAITING
    client.logout()
    assert "I hope you find them" not in thread_html(client, held_post)


def test_on_a_post_with_comments_on_a_clean_comment_appears_at_once(client, open_post, reader):
    client.force_login(reader)
    say(client, open_post, "It takes two; you did nothing wrong.")
    client.logout()
    html = thread_html(client, open_post)
    assert "It takes two; you did nothing wrong." in html
    assert Comment.objects.get().status == CommentStatus.PUBLISHED


def test_a_post_with_comments_off_takes_none_and_shows_no_box(client, make_post, reader):
    closed = make_post(comment_mode="off")
    client.force_login(reader)
    page = thread_html(client, closed)
    assert 'id="comment-form"' not in page
    response = say(client, closed, "Kind words anyway.")
    assert response.status_code == 403
    assert "does not take comments" in response.content.decode()
    assert "Kind words anyway." in response.content.decode()
    assert not Comment.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_told_how(client, open_post):
    page = thread_html(client, open_post)
    assert "Sign in to leave a kind comment" in page
    response = say(client, open_post, "Hello")
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert not Comment.objects.exists()


def test_an_unverified_account_is_told_to_confirm_its_email_and_keeps_its_words(
    client, open_post, reader
):
    reader.emailaddress_set.update(verified=False)
    client.force_login(reader)
    response = say(client, open_post, "Wishing you luck with this.")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Confirm your email address first" in html
    assert "Wishing you luck with this." in html
    assert not Comment.objects.exists()


def test_a_suspended_account_cannot_comment_and_keeps_its_words(
    client, open_post, reader, moderator
):
    services.suspend_author(user=reader, period="7d", reason="Harassment.", moderator=moderator)
    client.force_login(reader)
    response = say(client, open_post, "Let me in please.")
    assert response.status_code == 403
    html = response.content.decode()
    assert "Your account is suspended" in html and "Let me in please." in html
    assert not Comment.objects.exists()


def test_nobody_comments_on_a_post_that_is_not_published(client, make_post, reader, moderator):
    held = make_post(headline="Call me on 07700 900123 about the bus")
    assert held.status != "published"
    client.force_login(reader)
    assert say(client, held, "Hello").status_code == 404
    with pytest.raises(comment_services.CommentNotAllowed):
        comment_services.post_comment(post=held, author=reader, body="Hello")


def test_too_long_or_empty_comments_get_a_clear_message_and_keep_the_text(
    client, open_post, reader, settings
):
    client.force_login(reader)
    long = "so kind " * 200
    response = say(client, open_post, long)
    assert response.status_code == 400
    html = response.content.decode()
    assert "the limit is 1,000" in html and "Nothing was cut" in html
    assert long.strip() in html
    response = say(client, open_post, "   ")
    assert response.status_code == 400
    assert "Write a few words first." in response.content.decode()
    assert not Comment.objects.exists()


def test_the_box_has_a_counter_and_a_kind_reminder_linked_to_the_guidelines(
    client, open_post, reader
):
    client.force_login(reader)
    form = soup_of(thread_html(client, open_post)).find("form", id="comment-form")
    assert form.find("textarea")["data-maxlength"] == "1000"
    assert not form.find("textarea").has_attr("maxlength")
    reminder = form.find(class_="care-reminder")
    assert "I hope you find them" in reminder.text
    assert reminder.find("a")["href"] == reverse("board:guidelines") + "#comments"


def test_comments_are_plain_text_with_line_breaks_links_made_safe_and_no_images(open_post, reader):
    comment = comment_services.post_comment(
        post=open_post,
        author=reader,
        body="Line one\nline two <img src=x onerror=alert(1)> <script>alert(1)</script> **b**",
    )
    assert "<img" not in comment.body_html and "<script" not in comment.body_html
    assert "&lt;img" in comment.body_html
    assert "Line one<br>line two" in comment.body_html
    assert "<strong>" not in comment.body_html  # no Markdown either
    linked = comment_services.post_comment(
        post=open_post, author=reader, body="This helped me: https://example.org/regret"
    )
    assert linked.status == CommentStatus.HELD  # a link is held for a moderator first
    assert 'rel="nofollow ugc noopener"' in linked.body_html
    scripted = comment_services.post_comment(
        post=open_post, author=reader, body="javascript:alert(1) is not a link"
    )
    assert "href" not in scripted.body_html


def test_a_double_submit_makes_one_comment(client, open_post, reader):
    client.force_login(reader)
    say(client, open_post, "Sending you warmth.")
    say(client, open_post, "Sending you warmth.")
    assert Comment.objects.count() == 1


def test_the_poster_comments_as_the_poster_and_at_once(client, held_post, poster):
    client.force_login(poster)
    say(client, held_post, "Thank you all, it means a lot.")
    comment = Comment.objects.get()
    assert comment.by_poster and comment.pseudonym == ""
    assert comment.status == CommentStatus.PUBLISHED
    client.logout()
    article = soup_of(thread_html(client, held_post)).find("article", class_="comment")
    assert "the poster" in article.find(class_="comment-by").text
    assert held_post.pseudonym not in str(article)


# The poster decides


def test_the_poster_approves_a_waiting_comment_from_the_post_page(
    client, held_post, reader, poster
):
    comment = comment_services.post_comment(post=held_post, author=reader, body="So moving.")
    client.force_login(poster)
    page = soup_of(thread_html(client, held_post))
    waiting = page.find(class_="comments-awaiting")
    assert "So moving." in waiting.text
    approve = waiting.find(
        "form", action=reverse("board:comment-approve", args=[comment.public_id])
    )
    assert approve is not None
    client.post(approve["action"])
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    client.logout()
    assert "So moving." in thread_html(client, held_post)


def test_the_poster_hides_any_comment_without_a_reason(client, open_post, reader, poster):
    comment = comment_services.post_comment(post=open_post, author=reader, body="Meh story.")
    client.force_login(poster)
    response = client.post(reverse("board:comment-hide", args=[comment.public_id]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.DECLINED
    client.logout()
    assert "Meh story." not in thread_html(client, open_post)


@pytest.mark.parametrize("who", ["anonymous", "commenter", "other", "moderator", "superuser"])
def test_only_the_poster_can_approve_or_hide(client, held_post, reader, make_user, moderator,
                                              admin_user, who):  # fmt: skip
    comment = comment_services.post_comment(post=held_post, author=reader, body="Hang in there.")
    people = {"commenter": reader, "other": make_user(), "moderator": moderator,
              "superuser": admin_user}  # fmt: skip
    if who in people:
        client.force_login(people[who])
    for name in ("comment-approve", "comment-hide"):
        response = client.post(reverse(f"board:{name}", args=[comment.public_id]))
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert reverse("account_login") in response["Location"]
    comment.refresh_from_db()
    assert comment.status == CommentStatus.AWAITING


def test_approving_and_hiding_answer_only_post(client, held_post, reader, poster):
    comment = comment_services.post_comment(post=held_post, author=reader, body="Hang in there.")
    client.force_login(poster)
    assert client.get(reverse("board:comment-approve", args=[comment.public_id])).status_code == 405


def test_the_poster_chooses_comments_when_posting_and_changes_it_later(
    client, poster, post_form_data
):
    client.force_login(poster)
    client.post(reverse("board:post-create"), post_form_data(comment_mode="off"))
    post = Post.objects.get()
    assert post.comment_mode == "off"
    form = soup_of(client.get(reverse("board:post-edit", args=[post.public_id])).content)
    assert form.find("input", attrs={"name": "comment_mode", "value": "held"}) is not None
    client.post(
        reverse("board:post-edit", args=[post.public_id]), post_form_data(comment_mode="on")
    )
    post.refresh_from_db()
    assert post.comment_mode == "on"


def test_the_post_form_offers_the_setting_default(client, poster, settings):
    settings.BOARD_COMMENTS_DEFAULT = "on"
    client.force_login(poster)
    form = soup_of(client.get(reverse("board:post-create")).content)
    assert form.find("input", attrs={"name": "comment_mode", "value": "on"}).has_attr("checked")


# Screened like posts


def test_a_comment_that_names_someone_is_held_for_a_moderator(client, open_post, reader):
    client.force_login(reader)
    response = say(client, open_post, "Her name is Jess Alvarez, she was so nice.")
    assert response.status_code == 200
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.HELD
    assert "name" in comment.held_reasons
    assert "Comments may not identify anyone" in response.content.decode()
    client.logout()
    assert "Jess Alvarez" not in thread_html(client, open_post)


def test_contact_offers_are_held(open_post, reader):
    comment = comment_services.post_comment(post=open_post, author=reader, body="DM me, I know her")
    assert comment.status == CommentStatus.HELD
    assert {"handle", "knows"} <= set(comment.held_reasons)


def test_i_know_who_this_is_is_held_with_a_kind_word_about_the_private_reply(
    client, open_post, reader
):
    client.force_login(reader)
    response = say(client, open_post, "omg I know who this is, it's Jenna from the bakery!")
    html = response.content.decode()
    assert Comment.objects.get().status == CommentStatus.HELD
    assert "the private reply on this post is the way" in html
    assert reverse("board:post-reply", args=[open_post.public_id]) in html


def test_i_know_how_this_feels_passes(open_post, reader):
    comment = comment_services.post_comment(
        post=open_post, author=reader, body="I know how this feels. Be gentle with yourself."
    )
    assert comment.status == CommentStatus.PUBLISHED


def test_term_rules_apply_to_comments_and_a_refusal_keeps_the_text(client, open_post, reader):
    TermRule.objects.create(pattern="cheap pills", action="refuse", label="selling")
    TermRule.objects.create(pattern="hot date", action="hold", label="a hookup request")
    client.force_login(reader)
    response = say(client, open_post, "Buy cheap pills here")
    assert response.status_code == 400
    assert "be posted" in response.content.decode()
    assert "Buy cheap pills here" in response.content.decode()
    assert not Comment.objects.exists()
    say(client, open_post, "Looking for a hot date")
    assert Comment.objects.get().status == CommentStatus.HELD


# Times, order and pages


def test_comments_show_the_day_never_the_time(client, open_post, make_user):
    for n in range(3):
        comment_services.post_comment(post=open_post, author=make_user(), body=f"Kind word {n}")
    page = soup_of(thread_html(client, open_post))
    times = page.select("#comments time")
    assert len(times) == 3
    assert all(len(t["datetime"]) == 10 for t in times)
    assert not re.search(r"\d{1,2}:\d{2}", page.find(id="comments").text)


def test_two_hundred_comments_are_paged_fifty_at_a_time_without_javascript(
    client, open_post, make_user
):
    people = [make_user() for _ in range(8)]
    for n in range(200):
        comment_services.post_comment(post=open_post, author=people[n % 8], body=f"Word {n:03d}")
    first = soup_of(thread_html(client, open_post))
    assert len(first.select("#comments article.comment")) == 50
    assert "200 comments" in first.find(id="comments-heading").text
    later = first.select_one(".comments-pages a[rel=next]")["href"]
    assert later == "?comments=2#comments"
    seen = set()
    for number in range(1, 5):
        page = soup_of(thread_html(client, open_post, comments=number))
        seen |= {a.find(class_="comment-body").text.strip() for a in page.select("article.comment")}
    assert len(seen) == 200
    assert len(soup_of(thread_html(client, open_post, comments=99)).select("article.comment")) == 50
    assert thread_html(client, open_post, comments="x")


@pytest.mark.parametrize("count", [5, 200])
def test_the_post_page_costs_the_same_queries_with_5_or_200_comments(
    client, open_post, make_user, django_assert_num_queries, count, settings
):
    settings.BOARD_PAGE_CACHE = False
    settings.RATELIMIT_ENABLE = False
    person = make_user()
    for n in range(count):
        Comment.objects.create(
            public_id=f"c{n:09d}", post=open_post, author=person, pseudonym="Calm Owl",
            body=f"w{n}", body_html=f"<p>w{n}</p>", status="published", order_key=f"{n:016x}",
        )  # fmt: skip
    comment_services.recount(open_post.pk)
    # Anonymous, nothing cached: the post, its tags, one page of comments, the neighbours,
    # the coping panel (two) and its country's helplines. Never a query per comment, never
    # a count.
    with django_assert_num_queries(7):
        client.get(open_post.get_absolute_url())
    reader = make_user()
    client.force_login(reader)
    # Signed in, nothing cached: session, user and unread counts on top of the above.
    caches["local"].clear()
    with django_assert_num_queries(10):
        client.get(open_post.get_absolute_url())


def test_the_poster_sees_waiting_comments_in_a_constant_number_of_queries(
    client, held_post, poster, make_user, django_assert_max_num_queries
):
    for n in range(30):
        comment_services.post_comment(post=held_post, author=make_user(), body=f"Wait {n}")
    client.force_login(poster)
    with django_assert_max_num_queries(10):
        html = client.get(held_post.get_absolute_url()).content.decode()
    assert html.count('class="comment') >= 30


# The list card


def test_the_list_card_shows_the_count_and_it_never_goes_stale(client, open_post, make_user):
    comment_services.post_comment(post=open_post, author=make_user(), body="One kind word.")
    card = soup_of(client.get(reverse("board:post-list")).content).find("article", class_="card")
    assert card.find(class_="comment-count").text.strip() == "1 comment"
    second = comment_services.post_comment(post=open_post, author=make_user(), body="Another.")
    card = soup_of(client.get(reverse("board:post-list")).content).find("article", class_="card")
    assert card.find(class_="comment-count").text.strip() == "2 comments"
    comment_services.poster_hide(comment=second, poster=open_post.author)
    card = soup_of(client.get(reverse("board:post-list")).content).find("article", class_="card")
    assert card.find(class_="comment-count").text.strip() == "1 comment"


def test_the_comments_come_after_the_story_and_before_the_coping_panel(client, open_post, reader):
    comment_services.post_comment(post=open_post, author=reader, body="Here for you.")
    html = thread_html(client, open_post)
    story = html.index('class="post"')
    comments = html.index('id="comments"')
    coping = html.index("If this one stays with you")
    assert story < comments < coping


# Every new page, for every kind of person


@pytest.fixture
def people(user, reader, moderator, admin_user):
    return {"owner": user, "other": reader, "moderator": moderator, "superuser": admin_user}


@pytest.mark.parametrize("who", ["anonymous", "owner", "other", "moderator", "superuser"])
def test_the_comment_page_asks_visitors_to_sign_in_and_serves_everyone_else(
    client, open_post, people, who
):
    if who != "anonymous":
        client.force_login(people[who])
    response = client.get(comment_url(open_post))
    if who == "anonymous":
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    else:
        assert response.status_code == 200
        assert soup_of(response.content).find("form", id="comment-form") is not None


@pytest.mark.parametrize("who", ["anonymous", "owner", "other", "moderator", "superuser"])
def test_anyone_may_ask_to_take_a_comment_down(client, open_post, reader, people, who):
    comment = comment_services.post_comment(post=open_post, author=reader, body="About you?")
    if who != "anonymous":
        client.force_login(people[who])
    response = client.get(reverse("board:comment-takedown", args=[comment.public_id]))
    assert response.status_code == 200
    assert "Is this comment about you?" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "owner", "other", "moderator", "superuser"])
def test_no_one_reaches_a_comment_that_is_not_published(client, held_post, reader, people, who):
    waiting = comment_services.post_comment(post=held_post, author=reader, body="Not yet.")
    if who != "anonymous":
        client.force_login(people[who])
    for name in ("comment-flag", "comment-takedown"):
        response = client.get(reverse(f"board:{name}", args=[waiting.public_id]))
        assert response.status_code in (302, 404)
        if response.status_code == 302:
            assert reverse("account_login") in response["Location"]


def test_the_comment_page_says_at_once_when_a_post_takes_no_comments(client, make_post, reader):
    closed = make_post(comment_mode="off")
    client.force_login(reader)
    response = client.get(comment_url(closed))
    assert "does not take comments" in response.content.decode()


def test_commenting_is_limited_per_day_with_the_words_kept(client, open_post, reader, settings):
    settings.BOARD_COMMENT_DAILY_RATE = "2/d"
    client.force_login(reader)
    say(client, open_post, "First kind word.")
    say(client, open_post, "Second kind word.")
    response = say(client, open_post, "Third kind word.")
    assert response.status_code == 429
    assert "Third kind word." in response.content.decode()
    assert Comment.objects.count() == 2
