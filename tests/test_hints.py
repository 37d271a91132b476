"""Possible-match hints: two posts that may tell one moment are shown to their two authors,
privately, once, and to nobody else."""

import re
from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from board import services
from board.models import ActionKind, ConnectionType, Hint, NoticeKind, Notification, Post
from board.services import hints

pytestmark = pytest.mark.django_db

NOTICES = reverse("board:my-notifications")
SEEKER = {
    "headline": "Green coat on the morning ferry",
    "story": "You were reading a paperback by the rail and laughed when the gull stole my "
    "croissant.",
    "i_saw": "A woman in a green coat on the ferry, reading a paperback",
    "i_am": "Tall guy, red beanie, grey backpack",
}
SEEN = {
    "headline": "The croissant thief",
    "story": "A gull took someone's croissant on the morning ferry and we both burst out laughing.",
    "i_saw": "Guy in a red beanie with a grey backpack",
    "i_am": "I was the one in the green coat with the paperback",
}
UNRELATED = {
    "headline": "Chess on the ferry terrace",
    "story": "We played chess on the upper deck until the harbour and you won with a knight.",
    "i_saw": "Chess player in a tweed jacket",
    "i_am": "Red glasses, lost the game",
}


@pytest.fixture
def live(make_post, django_capture_on_commit_callbacks):
    """Post as an author would: the request commits, then the queued work runs."""

    def make(author, **fields):
        with django_capture_on_commit_callbacks(execute=True):
            return make_post(author=author, **fields)

    return make


@pytest.fixture
def pair(live, user, other_user):
    """Two authors' posts about one moment, the second posted after the first."""
    first = live(user, **SEEKER)
    second = live(other_user, **SEEN)
    return first, second


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def _hint_of(post):
    return Hint.objects.get(post=post)


# --- Creation -------------------------------------------------------------------------


def test_both_authors_get_a_hint_pointing_at_the_other_post(pair, user, other_user):
    first, second = pair
    mine, theirs = _hint_of(first), _hint_of(second)
    assert (mine.user, mine.other_post) == (user, second)
    assert (theirs.user, theirs.other_post) == (other_user, first)
    assert Hint.objects.count() == 2


def test_each_hint_is_a_notice_in_its_authors_inbox_saying_the_other_posts_day(pair, client, user):
    first, second = pair
    notice = Notification.objects.get(user=user, kind=NoticeKind.MATCH_HINT)
    day = timezone.localdate(second.published_at)
    client.force_login(user)
    html = client.get(NOTICES).content.decode()
    assert f"A story posted on {day:%-d %B %Y} may be about the same moment." in html
    assert notice.message == f"A story posted on {day:%-d %B %Y} may be about the same moment."
    assert reverse("board:hint-open", args=[_hint_of(first).public_id]) in html


def test_the_hint_link_takes_its_owner_to_the_other_post(pair, client, other_user):
    first, second = pair
    client.force_login(other_user)
    response = client.get(reverse("board:hint-open", args=[_hint_of(second).public_id]))
    assert response.status_code == 302
    assert response["Location"] == first.get_absolute_url()


def test_unrelated_posts_of_the_same_moment_and_place_get_no_hint(live, user, other_user):
    live(user, **SEEKER)
    live(other_user, **UNRELATED)
    assert Hint.objects.count() == 0


def test_posts_in_two_neighbourhoods_of_one_city_can_match(live, user, other_user, areas):
    live(user, area=areas["north"], **SEEKER)
    live(other_user, area=areas["city"], **SEEN)
    assert Hint.objects.count() == 2


def test_posts_in_another_city_or_three_days_apart_do_not_match(live, make_user, areas):
    day = timezone.localdate() - timedelta(days=5)
    live(make_user(), encounter_date=day, **SEEKER)
    live(make_user(), encounter_date=day, area=areas["other_city"], **SEEN)
    live(make_user(), encounter_date=day + timedelta(days=3), **SEEN)
    assert Hint.objects.count() == 0


def test_a_setting_or_the_kind_of_connection_must_be_shared(live, make_user, tags):
    live(make_user(), **SEEKER)  # public transit, romantic
    cafe = {"setting_tags": [tags["cafe"]], "connection_type": ConnectionType.PLATONIC}
    live(make_user(), **cafe, **SEEN)
    assert Hint.objects.count() == 0
    live(make_user(), **cafe, **SEEKER)
    assert Hint.objects.count() == 2


def test_one_post_makes_at_most_three_hints_its_best_matches(live, make_user):
    others = [live(make_user(), **{**SEEN, "headline": f"Croissant thief {n}"}) for n in range(5)]
    mine = live(make_user(), **SEEKER)
    hinted = {hint.other_post for hint in Hint.objects.filter(post=mine)}
    assert len(hinted) == hints.MAX_HINTS_PER_POST == 3
    assert hinted <= set(others)
    ranked = hints.possible_matches(mine, limit=10)
    scores = [score for _, score in ranked]
    assert len(ranked) == 5
    assert scores == sorted(scores, reverse=True)
    assert hinted == {other for other, _ in ranked[:3]}


def test_two_posts_by_the_same_author_are_never_hinted(live, user):
    live(user, **SEEKER)
    live(user, **SEEN)
    assert Hint.objects.count() == 0


def test_a_held_post_gets_no_hint_until_a_moderator_approves_it(
    live, user, other_user, moderator, django_capture_on_commit_callbacks
):
    first = live(user, **SEEKER)
    held = live(other_user, **{**SEEN, "story": SEEN["story"] + " Call me on 020 7946 0958."})
    assert held.status == "pending"
    assert Hint.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_post(post=held, moderator=moderator)
    assert {(h.post, h.other_post) for h in Hint.objects.all()} == {(first, held), (held, first)}


def test_a_restored_post_or_a_retried_task_makes_no_second_hint(
    pair, moderator, django_capture_on_commit_callbacks
):
    first, second = pair
    services.hide_post(post=second, kind=ActionKind.HIDDEN, reason="Reports")
    with django_capture_on_commit_callbacks(execute=True):
        services.restore_post(post=second, moderator=moderator)
    assert hints.find_hints_for(post_id=second.pk) == 0
    assert hints.find_hints_for(post_id=first.pk) == 0
    assert Hint.objects.count() == 2
    assert Notification.objects.filter(kind=NoticeKind.MATCH_HINT).count() == 2


def test_a_post_that_is_no_longer_public_when_the_task_runs_is_not_matched(
    live, user, other_user, make_post
):
    live(user, **SEEKER)
    second = make_post(author=other_user, **SEEN)  # the task has not run yet
    services.delete_post(post=second)
    assert hints.find_hints_for(post_id=second.pk) == 0
    assert Hint.objects.count() == 0


def test_an_unpublished_candidate_is_never_suggested(live, user, other_user, moderator):
    first = live(user, **SEEKER)
    services.remove_post(post=first, moderator=moderator, reason="Test")
    live(other_user, **SEEN)
    assert Hint.objects.count() == 0


# --- Privacy ----------------------------------------------------------------------------


def test_a_third_user_sees_no_hint_anywhere(pair, client, make_user):
    first, second = pair
    client.force_login(make_user())
    for page in [NOTICES, first.get_absolute_url(), second.get_absolute_url(), "/"]:
        html = client.get(page, follow=True).content.decode()
        assert "same moment" not in html
    for hint in Hint.objects.all():
        assert client.get(reverse("board:hint-open", args=[hint.public_id])).status_code == 404


def test_an_anonymous_visitor_sees_no_hint_on_either_post(pair, client):
    for post in pair:
        html = client.get(post.get_absolute_url()).content.decode()
        assert "same moment" not in html
        assert "hint" not in html.lower()


def test_the_authors_own_post_pages_show_nothing_of_the_hint(pair, client, user, other_user):
    first, second = pair
    for author, posts in [(user, pair), (other_user, pair)]:
        client.force_login(author)
        for post in posts:
            html = client.get(post.get_absolute_url()).content.decode()
            assert "same moment" not in html
            assert reverse("board:hint-open", args=[_hint_of(first).public_id]) not in html


def test_the_notice_names_nothing_of_the_other_author(pair, client, user, other_user):
    first, second = pair
    client.force_login(user)
    html = client.get(NOTICES).content.decode()
    notice = Notification.objects.get(user=user, kind=NoticeKind.MATCH_HINT)
    for detail in [
        other_user.username,
        other_user.email,
        second.pseudonym,
        second.author_ref,
        second.public_id,
        second.headline,
        SEEN["i_am"],
    ]:
        assert detail not in html
        assert detail not in notice.message


def test_the_hint_reads_the_same_whether_or_not_the_other_author_still_has_an_account(
    pair, client, user, other_user
):
    first, second = pair
    client.force_login(user)
    client.get(NOTICES)  # read once, so only what follows can differ
    before = client.get(NOTICES).content.decode()
    Post.objects.filter(pk=second.pk).update(author=None)  # as an anonymised post is kept
    Hint.objects.filter(user=other_user).delete()
    after = client.get(NOTICES).content.decode()
    assert _without_tokens(before) == _without_tokens(after)


def test_moderators_and_superusers_cannot_open_or_dismiss_someone_elses_hint(
    pair, client, moderator, admin_user
):
    hint = _hint_of(pair[0])
    for person in [moderator, admin_user]:
        client.force_login(person)
        assert client.get(reverse("board:hint-open", args=[hint.public_id])).status_code == 404
        response = client.post(reverse("board:hint-dismiss", args=[hint.public_id]))
        assert response.status_code == 404
    hint.refresh_from_db()
    assert hint.dismissed_at is None


def test_the_hint_is_not_in_the_moderators_view_of_the_post(pair, client, moderator):
    client.force_login(moderator)
    html = client.get(pair[0].get_absolute_url()).content.decode()
    assert "same moment" not in html


def test_anonymous_visitors_are_sent_to_sign_in(pair, client):
    hint = _hint_of(pair[0])
    for method, name in [("get", "board:hint-open"), ("post", "board:hint-dismiss")]:
        response = getattr(client, method)(reverse(name, args=[hint.public_id]))
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    hint.refresh_from_db()
    assert hint.dismissed_at is None


def test_a_hint_to_a_story_no_longer_public_says_so_without_details(pair, client, user, moderator):
    first, second = pair
    services.remove_post(post=second, moderator=moderator, reason="Broke a rule")
    client.force_login(user)
    response = client.get(reverse("board:hint-open", args=[_hint_of(first).public_id]))
    assert response.status_code == 404
    assert "no longer on the board" in response.content.decode()
    assert "Broke a rule" not in response.content.decode()


# --- Dismissal ----------------------------------------------------------------------------


def test_the_owner_dismisses_their_own_copy_only(pair, client, user, other_user):
    first, second = pair
    client.force_login(user)
    response = client.post(reverse("board:hint-dismiss", args=[_hint_of(first).public_id]))
    assert response.status_code == 302
    assert _hint_of(first).dismissed_at is not None
    assert not Notification.objects.filter(user=user, kind=NoticeKind.MATCH_HINT).exists()
    assert "same moment" not in client.get(NOTICES).content.decode()
    assert _hint_of(second).dismissed_at is None
    assert Notification.objects.filter(user=other_user, kind=NoticeKind.MATCH_HINT).count() == 1


def test_another_user_cannot_dismiss_my_hint(pair, client, other_user):
    hint = _hint_of(pair[0])
    client.force_login(other_user)
    assert client.post(reverse("board:hint-dismiss", args=[hint.public_id])).status_code == 404
    hint.refresh_from_db()
    assert hint.dismissed_at is None


def test_dismissing_needs_a_post_with_a_csrf_token(pair, user):
    from django.test import Client

    hint = _hint_of(pair[0])
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(user)
    assert checked.get(reverse("board:hint-dismiss", args=[hint.public_id])).status_code == 405
    assert checked.post(reverse("board:hint-dismiss", args=[hint.public_id])).status_code == 403
    hint.refresh_from_db()
    assert hint.dismissed_at is None


def test_a_dismissed_pair_is_not_hinted_again(pair, user, moderator, live):
    first, second = pair
    hints.dismiss_hint(hint=_hint_of(first), user=user)
    assert hints.find_hints_for(post_id=second.pk) == 0
    assert hints.find_hints_for(post_id=first.pk) == 0
    assert not Notification.objects.filter(user=user, kind=NoticeKind.MATCH_HINT).exists()


def test_the_header_count_follows_a_new_hint_and_its_dismissal(pair, client, user):
    client.force_login(user)
    header = client.get(reverse("board:my-posts")).content.decode()
    assert "1 unread" in header
    client.get(NOTICES)  # read
    assert "unread" not in client.get(reverse("board:my-posts")).content.decode()
    client.post(reverse("board:hint-dismiss", args=[_hint_of(pair[0]).public_id]))
    assert "unread" not in client.get(reverse("board:my-posts")).content.decode()


def test_an_unread_hint_dismissed_leaves_the_header_count(live, user, other_user, client):
    first = live(user, **SEEKER)
    live(other_user, **SEEN)
    client.force_login(user)
    assert "1 unread" in client.get(reverse("board:my-posts")).content.decode()
    hints.dismiss_hint(hint=_hint_of(first), user=user)
    assert "unread" not in client.get(reverse("board:my-posts")).content.decode()


def test_the_notices_page_queries_do_not_grow_with_hints(
    live, client, user, make_user, django_assert_num_queries
):
    live(user, **SEEKER)
    live(make_user(), **SEEN)
    client.force_login(user)
    client.get(NOTICES)
    with django_assert_num_queries(5) as one:
        client.get(NOTICES)
    live(make_user(), **{**SEEN, "headline": "Croissant thief, again"})
    live(make_user(), **{**SEEN, "headline": "Croissant thief, third"})
    assert Notification.objects.filter(user=user, kind=NoticeKind.MATCH_HINT).count() == 3
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(NOTICES)


# --- Opt-out --------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["first", "second"])
def test_hints_off_on_either_post_means_no_hint_either_way(live, user, other_user, which):
    live(user, match_hints_enabled=which != "first", **SEEKER)
    live(other_user, match_hints_enabled=which != "second", **SEEN)
    assert Hint.objects.count() == 0


def test_the_post_form_has_the_opt_out_checked_by_default(client, user):
    client.force_login(user)
    html = client.get(reverse("board:post-create")).content.decode()
    assert 'name="match_hints_enabled"' in html
    box = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "match_hints_enabled"})
    assert box["type"] == "checkbox"
    assert box.has_attr("checked")


def test_unticking_it_in_the_form_turns_hints_off(
    client, user, other_user, post_form_data, live, django_capture_on_commit_callbacks
):
    live(other_user, **SEEN)
    client.force_login(user)
    data = post_form_data(**SEEKER)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("board:post-create"), data)
    assert response.status_code == 302
    post = Post.objects.get(author=user)
    assert post.match_hints_enabled is False
    assert Hint.objects.count() == 0


def test_ticking_it_in_the_form_hints_both_authors(
    client, user, other_user, post_form_data, live, django_capture_on_commit_callbacks
):
    other = live(other_user, **SEEN)
    client.force_login(user)
    data = post_form_data(match_hints_enabled="on", connection_type="romantic", **SEEKER)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("board:post-create"), data)
    mine = Post.objects.get(author=user)
    assert {(h.post, h.other_post) for h in Hint.objects.all()} == {(mine, other), (other, mine)}


def test_turning_hints_off_in_the_edit_form_withdraws_them_both_ways(
    pair, client, user, post_form_data
):
    first, _ = pair
    client.force_login(user)
    data = post_form_data(connection_type="romantic", **SEEKER)  # box unticked
    data.pop("match_hints_enabled", None)
    response = client.post(reverse("board:post-edit", args=[first.public_id]), data)
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.match_hints_enabled is False
    assert Hint.objects.count() == 0
    assert not Notification.objects.filter(kind=NoticeKind.MATCH_HINT).exists()


def test_my_posts_turns_hints_off_and_on_for_the_owner_only(pair, client, user, other_user):
    first, _ = pair
    url = reverse("board:post-match-hints", args=[first.public_id])
    client.force_login(other_user)
    assert client.post(url).status_code == 404
    assert Hint.objects.count() == 2
    client.force_login(user)
    assert "Turn match hints off" in client.get(reverse("board:my-posts")).content.decode()
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    first.refresh_from_db()
    assert first.match_hints_enabled is False
    assert Hint.objects.count() == 0
    assert "Turn match hints on" in client.get(reverse("board:my-posts")).content.decode()
    client.post(url, {"enabled": "on"})
    first.refresh_from_db()
    assert first.match_hints_enabled is True


def test_moderators_cannot_change_someone_elses_hint_setting(pair, client, moderator, admin_user):
    first, _ = pair
    for person in [moderator, admin_user]:
        client.force_login(person)
        url = reverse("board:post-match-hints", args=[first.public_id])
        assert client.post(url).status_code == 404
    first.refresh_from_db()
    assert first.match_hints_enabled is True


def test_anonymous_visitors_cannot_change_a_hint_setting(pair, client):
    response = client.post(reverse("board:post-match-hints", args=[pair[0].public_id]))
    assert response.status_code == 302
    pair[0].refresh_from_db()
    assert pair[0].match_hints_enabled is True


# --- Data rights ------------------------------------------------------------------------------


def test_deleting_either_post_deletes_the_hints_both_ways(pair, other_user):
    services.delete_post(post=pair[1])
    assert Hint.objects.count() == 0
    assert not Notification.objects.filter(kind=NoticeKind.MATCH_HINT).exists()


@pytest.mark.parametrize("delete_posts", [True, False])
def test_deleting_the_account_deletes_its_hints_both_ways(pair, other_user, delete_posts):
    from board.services import privacy

    privacy.delete_account(user=other_user, delete_posts=delete_posts)
    assert Hint.objects.count() == 0
    assert not Notification.objects.filter(kind=NoticeKind.MATCH_HINT).exists()


def test_the_export_holds_my_hints_and_nothing_of_the_other_post(pair, user, other_user):
    from board.services import privacy

    first, second = pair
    data = privacy.export_account_data(user=user)
    [hint] = data["match_hints"]
    assert hint["about_my_post"] == first.public_id
    assert hint["other_story_posted_on"] == timezone.localdate(second.published_at).isoformat()
    assert hint["dismissed_at"] is None
    text = str(data)
    for detail in [second.public_id, second.pseudonym, second.headline, other_user.email]:
        assert detail not in text
