"""The adversary reads every public page: nothing in comment threads links one person's
comments across posts, or a commenter to their own posts."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from board import identifiers
from board.models import Comment
from board.services import comments as comment_services

pytestmark = pytest.mark.django_db


def rendered_thread(client, post) -> BeautifulSoup:
    client.logout()
    html = client.get(post.get_absolute_url()).content.decode()
    return BeautifulSoup(html, "html.parser").find(id="comments")


def identifiers_in(thread) -> set[str]:
    """Every name, id, anchor and link a visitor can see in a thread."""
    found = set()
    for comment in thread.select("article.comment"):
        found.add(comment.find(class_="comment-by").get_text(strip=True))
        found.add(comment["id"])
        for element in comment.find_all(True):
            for attribute in ("id", "href", "action", "aria-labelledby"):
                if element.get(attribute):
                    found.add(element[attribute])
    return found


def test_one_persons_comments_on_two_posts_share_no_identifier(client, make_post, make_user):
    first, second = make_post(comment_mode="on"), make_post(comment_mode="on")
    person = make_user()
    comment_services.post_comment(post=first, author=person, body="Thinking of you.")
    comment_services.post_comment(post=second, author=person, body="Thinking of you too.")
    one, two = rendered_thread(client, first), rendered_thread(client, second)
    assert identifiers_in(one) and identifiers_in(two)
    assert identifiers_in(one).isdisjoint(identifiers_in(two))
    # Nothing in the markup carries an account, a reference or a sequential number.
    for thread in (one, two):
        text = str(thread)
        assert f"user{person.pk}" not in text and identifiers.author_ref(person.pk) not in text
        assert not re.search(r'id="c-\d+"', text)


def test_the_same_person_keeps_one_pseudonym_in_a_thread_and_another_elsewhere(
    make_post, make_user
):
    posts = [make_post(comment_mode="on") for _ in range(6)]
    person = make_user()
    names = []
    for post in posts:
        a = comment_services.post_comment(post=post, author=person, body="First thought.")
        b = comment_services.post_comment(post=post, author=person, body="Second thought.")
        assert a.pseudonym == b.pseudonym
        names.append(a.pseudonym)
    assert len(set(names)) > 1  # not one name following them around


def test_two_people_never_share_a_pseudonym_in_one_thread(make_post, make_user, monkeypatch):
    post = make_post(comment_mode="on")
    real = identifiers.thread_pseudonym

    def colliding(*, user_id, post_id, attempt=0):
        return (
            "Calm Owl" if attempt == 0 else real(user_id=user_id, post_id=post_id, attempt=attempt)
        )

    monkeypatch.setattr(identifiers, "thread_pseudonym", colliding)
    a = comment_services.post_comment(post=post, author=make_user(), body="One.")
    b = comment_services.post_comment(post=post, author=make_user(), body="Two.")
    assert a.pseudonym == "Calm Owl" and b.pseudonym != "Calm Owl"


def test_the_poster_is_the_poster_only_in_their_own_thread(client, make_post, user, make_user):
    mine = make_post(author=user, comment_mode="on")
    theirs = make_post(author=make_user(), comment_mode="on")
    comment_services.post_comment(post=mine, author=user, body="Thank you everyone.")
    elsewhere = comment_services.post_comment(post=theirs, author=user, body="Good luck.")
    assert "the poster" in rendered_thread(client, mine).get_text()
    other_thread = rendered_thread(client, theirs)
    assert "the poster" not in other_thread.get_text()
    assert elsewhere.pseudonym in other_thread.get_text()


def test_no_commenter_is_ever_named_as_one_of_their_posts(make_post, make_user, monkeypatch):
    person = make_user()
    own = make_post(author=person)
    target = make_post(comment_mode="on")
    real = identifiers.thread_pseudonym

    def own_name_first(*, user_id, post_id, attempt=0):
        return (
            own.pseudonym
            if attempt == 0
            else real(user_id=user_id, post_id=post_id, attempt=attempt)
        )

    monkeypatch.setattr(identifiers, "thread_pseudonym", own_name_first)
    comment = comment_services.post_comment(post=target, author=person, body="Hugs.")
    assert comment.pseudonym != own.pseudonym
    assert comment.pseudonym != target.pseudonym


def test_order_within_a_day_is_not_the_order_of_writing_nor_the_same_across_threads(
    client, make_post, make_user
):
    """Two people comment in the same order on two posts: the threads need not show the
    same order, and order inside a day follows neither the time nor the account."""
    first, second = make_post(comment_mode="on"), make_post(comment_mode="on")
    people = [make_user() for _ in range(8)]
    for post in (first, second):
        for n, person in enumerate(people):
            comment_services.post_comment(post=post, author=person, body=f"Word {n}")
    orders = []
    for post in (first, second):
        bodies = [a.find(class_="comment-body").get_text(strip=True)
                  for a in rendered_thread(client, post).select("article.comment")]  # fmt: skip
        orders.append(bodies)
    written = [f"Word {n}" for n in range(8)]
    assert orders[0] != written or orders[1] != written
    assert orders[0] != orders[1]


def test_older_days_come_first_and_only_the_day_is_shown(client, make_post, make_user):
    post = make_post(comment_mode="on")
    old = comment_services.post_comment(post=post, author=make_user(), body="Yesterday's word.")
    Comment.objects.filter(pk=old.pk).update(
        day=timezone.localdate() - timedelta(days=1),
        created_at=timezone.now() - timedelta(days=1),
    )
    comment_services.post_comment(post=post, author=make_user(), body="Today's word.")
    thread = rendered_thread(client, post)
    bodies = [a.find(class_="comment-body").get_text(strip=True) for a in thread.select("article")]
    assert bodies == ["Yesterday's word.", "Today's word."]
    assert all(len(t["datetime"]) == 10 for t in thread.find_all("time"))


def test_the_count_on_a_post_says_nothing_about_held_or_waiting_comments(
    client, make_post, make_user
):
    post = make_post(comment_mode="held")
    comment_services.post_comment(post=post, author=make_user(), body="Waiting word.")
    comment_services.post_comment(post=post, author=make_user(), body="My name is Jo Bloggs")
    post.refresh_from_db()
    assert post.comment_count == 0
    assert "0 comments" in rendered_thread(client, post).get_text()
