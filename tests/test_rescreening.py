"""When a term rule is added or changed, live posts are screened again and matches go to
the queue (synchronously after the admin's change commits, for now)."""

import pytest
from django.urls import reverse

from board import screening
from board.models import ActionKind, PostStatus, TermRule

pytestmark = pytest.mark.django_db


def test_a_new_term_rule_sends_matching_live_posts_to_the_queue(
    mod_client, make_post, django_capture_on_commit_callbacks
):
    matching = make_post(story="You were selling pineapples from a cart and smiled at me.")
    other = make_post()
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(
            reverse("admin:board_termrule_add"),
            {"pattern": "pineapples", "action": "hold", "label": "fruit", "is_active": "on"},
        )
    matching.refresh_from_db()
    other.refresh_from_db()
    assert matching.status == PostStatus.PENDING
    assert "term" in matching.held_reasons
    assert matching.actions.latest("id").kind == ActionKind.HELD
    assert other.status == PostStatus.PUBLISHED


def test_changing_a_rule_rescreens_too(mod_client, make_post, django_capture_on_commit_callbacks):
    rule = TermRule.objects.create(pattern="zzzz", action="hold", label="x", is_active=True)
    post = make_post(story="We argued about mangoes at the market for ten minutes.")
    with django_capture_on_commit_callbacks(execute=True):
        mod_client.post(
            reverse("admin:board_termrule_change", args=[rule.pk]),
            {"pattern": "mangoes", "action": "hold", "label": "fruit", "is_active": "on"},
        )
    post.refresh_from_db()
    assert post.status == PostStatus.PENDING


@pytest.fixture
def screened_fields(monkeypatch):
    """The fields the detectors ran on, one entry per run."""
    calls = []
    original = screening._screen

    def counting(text, field, specs):
        calls.append(field)
        return original(text, field, specs)

    monkeypatch.setattr(screening, "_screen", counting)
    return calls


def test_a_submission_is_screened_once(client, user, post_form_data, screened_fields):
    calls = screened_fields
    client.force_login(user)
    response = client.post(reverse("board:post-create"), post_form_data())
    assert response.status_code == 302
    assert sorted(calls) == sorted(screening.POST_FIELDS)


def test_an_edit_is_screened_once(client, user, make_post, post_form_data, screened_fields):
    post = make_post(author=user)
    screened_fields.clear()  # the post's own submission
    calls = screened_fields
    client.force_login(user)
    edit = reverse("board:post-edit", args=[post.public_id])
    response = client.post(edit, post_form_data(headline="Changed headline, same evening"))
    assert response.status_code == 302
    assert sorted(calls) == sorted(screening.POST_FIELDS)
