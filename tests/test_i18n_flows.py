"""Every string of the flows around a post (flag, takedown, appeal, delete, the moderation
log, alerts, comments, screening's messages) goes through Django's translation functions:
under the bracketing pseudo-language (tests/i18n_support.py) no English word is left
outside the brackets, so a translation needs no code change (docs/i18n.md)."""

import ast
import re
from pathlib import Path

import pytest
from django.urls import reverse

from board import services
from board.models import Notification, TakedownOutcome, TakedownRequest, TermAction, TermRule
from board.services import alerts, comments, takedown_links, takedowns
from board.services.alerts import links as alert_links
from tests.i18n_support import loose_words as loose_flat_words

pytestmark = pytest.mark.django_db


def loose_words(html: str, allowed: set[str]) -> list[str]:
    """`loose_words` where a translated string may hold others (a screening finding inside
    a refusal): only the outermost brackets are kept, so nesting hides no word."""
    depth, kept = 0, []
    for char in html:
        if char == "⟦":
            depth += 1
            if depth > 1:
                continue
        elif char == "⟧":
            depth -= 1
            if depth > 0:
                continue
        kept.append(char)
    assert depth == 0, "unbalanced brackets"
    return loose_flat_words("".join(kept), allowed)


def page(client, url, status=200, **kwargs) -> str:
    response = client.post(url, kwargs["data"]) if "data" in kwargs else client.get(url)
    assert response.status_code == status
    return response.content.decode()


# --- Flags and takedowns ------------------------------------------------------------------


def test_the_flag_page_has_no_untranslated_words(client, bracketed, content, other_user):
    post, allowed = content
    client.force_login(other_user)
    html = page(client, reverse("board:post-flag", args=[post.public_id]))
    assert "⟦It identifies a real person⟧" in html
    assert loose_words(html, allowed) == []


def test_a_flag_sent_without_a_needed_note_is_explained_in_translated_words(
    client, bracketed, content, other_user
):
    post, allowed = content
    client.force_login(other_user)
    url = reverse("board:post-flag", args=[post.public_id])
    html = page(client, url, data={"reason": "other", "note": ""})
    assert "⟦Tell us what is wrong.⟧" in html
    assert loose_words(html, allowed) == []


def test_the_limited_flag_and_takedown_pages_have_no_untranslated_words(
    client, bracketed, content, make_post, other_user, settings
):
    post, allowed = content
    settings.BOARD_FLAG_DAILY_RATE = "1/d"
    first = make_post()
    client.force_login(other_user)
    client.post(reverse("board:post-flag", args=[first.public_id]), {"reason": "spam"})
    url = reverse("board:post-flag", args=[post.public_id])
    html = page(client, url, 429, data={"reason": "spam"})
    assert "⟦You can flag again in about ⟦" in html
    assert loose_words(html, allowed) == []
    takedown = {"email": "me@example.test", "confirm": "on"}
    client.post(reverse("board:post-takedown", args=[first.public_id]), takedown)
    url = reverse("board:post-takedown", args=[post.public_id])
    assert loose_words(page(client, url, 429, data=takedown), allowed) == []


def test_the_takedown_request_and_sent_pages_have_no_untranslated_words(client, bracketed, content):
    post, allowed = content
    url = reverse("board:post-takedown", args=[post.public_id])
    assert loose_words(page(client, url), allowed) == []
    html = page(client, url, data={"email": "me@example.test", "confirm": "on"})
    takedown = TakedownRequest.objects.get()
    assert takedown.reference in html
    assert loose_words(html, allowed | {takedown.reference}) == []


def test_the_takedown_confirmation_pages_have_no_untranslated_words(client, bracketed, content):
    post, allowed = content
    takedown = takedowns.request_takedown(post=post, email="me@example.test")
    url = reverse("board:takedown-confirm", args=[takedowns.confirmation_token(takedown)])
    assert loose_words(page(client, url), allowed) == []
    html = page(client, url, data={})
    assert "⟦Confirmed. The post is hidden while a moderator reviews it." in html
    assert loose_words(html, allowed | {takedown.reference}) == []
    bad = reverse("board:takedown-confirm", args=["not-a-token"])
    assert loose_words(page(client, bad, 400, data={}), allowed) == []


def test_the_ask_again_page_has_no_untranslated_words(client, bracketed, content):
    post, allowed = content
    takedown = takedowns.request_takedown(post=post, email="me@example.test")
    TakedownRequest.objects.filter(pk=takedown.pk).update(outcome=TakedownOutcome.KEPT)
    url = reverse("board:takedown-again", args=[takedown_links.ask_again_token(takedown)])
    html = page(client, url)
    assert "⟦What did the moderator miss?⟧" in html
    assert loose_words(html, allowed | {takedown.reference}) == []
    TakedownRequest.objects.filter(pk=takedown.pk).update(outcome=TakedownOutcome.QUEUED)
    assert loose_words(page(client, url), allowed | {takedown.reference}) == []


# --- Appeals, deleting, the moderation log ----------------------------------------------


def test_the_appeal_form_and_the_notices_have_no_untranslated_words(
    client, bracketed, content, user, moderator
):
    post, allowed = content
    services.remove_post(post=post, moderator=moderator, reason="It identifies someone.")
    notice = Notification.objects.get(user=user, kind="removed")
    allowed |= {"It identifies someone.", notice.message}
    client.force_login(user)
    assert loose_words(page(client, reverse("board:my-notifications")), allowed) == []
    html = page(client, notice.link)
    assert "⟦Removed⟧" in html and "⟦Why should a moderator look again?⟧" in html
    assert loose_words(html, allowed) == []


def test_the_suspension_appeal_form_has_no_untranslated_words(
    client, bracketed, content, user, moderator
):
    post, allowed = content
    suspension = services.suspend_author(
        user=user, period="7d", reason="Harassment.", moderator=moderator
    )
    client.force_login(user)
    html = page(client, reverse("board:appeal-suspension", args=[suspension.pk]))
    assert "⟦your suspension⟧" in html and "⟦Suspended⟧" in html
    assert loose_words(html, allowed | {"Harassment."}) == []


def test_the_delete_confirmation_has_no_untranslated_words(client, bracketed, content, user):
    post, allowed = content
    client.force_login(user)
    html = page(client, reverse("board:post-delete", args=[post.public_id]))
    assert loose_words(html, allowed) == []
    assert "⟦Yes, delete it⟧" in html


def test_the_moderation_log_has_no_untranslated_words(client, bracketed, content, moderator):
    post, allowed = content
    url = reverse("board:moderation-log")
    assert loose_words(page(client, url), allowed) == []  # nothing yet
    services.remove_post(post=post, moderator=moderator, reason="It identifies someone.")
    html = page(client, url)
    assert "⟦A moderator⟧" in html
    assert loose_words(html, allowed | {"It identifies someone."}) == []


# --- Alerts -------------------------------------------------------------------------------


def test_the_alert_pages_have_no_untranslated_words(client, bracketed, content, areas):
    post, allowed = content
    html = page(client, reverse("board:alert-create") + "?q=scarf")
    assert "⟦What the alert looks for⟧" in html
    assert loose_words(html, allowed | {"scarf"}) == []
    outcome = alerts.create_alert_for_address(
        email="watcher@example.test",
        filters=alerts.AlertFilters.build(query="scarf", area=areas["north"]),
        frequency="digest",
        days=30,
    )
    confirm = reverse("board:alert-confirm", args=[alert_links.confirm_token(outcome.alert)])
    assert loose_words(page(client, confirm), allowed | {"scarf"}) == []
    alert = alerts.confirm_alert(key=outcome.alert.key)
    manage = reverse("board:alert-manage", args=[alert_links.manage_token(alert.email_hash)])
    assert loose_words(page(client, manage), allowed | {"scarf"}) == []
    stop = reverse("board:alert-unsubscribe", args=[alert_links.unsubscribe_token(alert)])
    assert loose_words(page(client, stop), allowed | {"scarf"}) == []


# --- Comments -----------------------------------------------------------------------------


def test_the_comment_section_has_no_untranslated_words(
    client, bracketed, content, user, other_user
):
    post, allowed = content
    comment = comments.post_comment(post=post, author=other_user, body="So moving, thank you.")
    allowed |= {comment.body, comment.pseudonym}
    client.force_login(user)  # the poster, deciding on the waiting comment
    html = page(client, post.get_absolute_url())
    assert "⟦Waiting for your approval⟧" in html
    assert loose_words(html, allowed) == []
    comments.poster_approve(comment=comment, poster=user)
    client.force_login(other_user)
    html = page(client, post.get_absolute_url())
    assert "So moving, thank you." in html
    assert loose_words(html, allowed) == []
    html = page(client, reverse("board:comment-flag", args=[comment.public_id]))
    assert "⟦It shares contact details⟧" in html
    assert loose_words(html, allowed) == []
    html = page(client, reverse("board:comment-takedown", args=[comment.public_id]))
    assert loose_words(html, allowed) == []


def test_a_held_comment_is_explained_in_translated_words(client, bracketed, content, other_user):
    post, allowed = content
    client.force_login(other_user)
    body = "Her name is Jess Alvarez, call 0612345678"
    html = page(client, reverse("board:comment-create", args=[post.public_id]), data={"body": body})
    assert "⟦a phone number⟧" in html
    assert loose_words(html, allowed) == []


def test_a_refused_reply_is_explained_in_translated_words(client, bracketed, content, user):
    post, allowed = content
    client.force_login(user)  # the poster, on their own post
    html = page(client, reverse("board:post-reply", args=[post.public_id]))
    assert "⟦This is your own post.⟧" in html
    assert loose_words(html, allowed) == []


def test_contact_details_in_a_reply_are_refused_in_translated_words(
    client, bracketed, content, other_user
):
    post, allowed = content
    TermRule.objects.create(pattern="ferryman", action=TermAction.REFUSE, label="")
    client.force_login(other_user)
    url = reverse("board:post-reply", args=[post.public_id])
    data = {"answer": "The chess book", "message": "I am the ferryman you saw, say hello."}
    html = page(client, url, data=data)
    assert "⟦message⟧" in html
    assert loose_words(html, allowed | set(data.values()) | {post.recognition_question}) == []


# --- Screening's messages on the post form -----------------------------------------------


def test_screening_warnings_on_the_post_form_are_translated(
    client, bracketed, content, other_user, post_form_data
):
    post, allowed = content
    client.force_login(other_user)
    data = post_form_data(story="Tall guy at the ferry, call me on 0612 345 678 tonight please.")
    html = page(client, reverse("board:post-create"), data=data)
    assert "⟦Looks like %(label)s" not in html
    assert "⟦a phone number⟧" in html
    allowed |= {value for value in data.values() if isinstance(value, str)}
    assert loose_words(html, allowed | {"Springfield"}) == []


def test_a_screening_refusal_on_the_post_form_is_translated(
    client, bracketed, content, other_user, post_form_data
):
    post, allowed = content
    TermRule.objects.create(pattern="ferryman", action=TermAction.REFUSE, label="")
    client.force_login(other_user)
    data = post_form_data(story="The ferryman smiled at me all the way across the water.")
    html = page(client, reverse("board:post-create"), data=data)
    assert "⟦a blocked term⟧" in html and "⟦This can&#x27;t be posted" in html
    allowed |= {value for value in data.values() if isinstance(value, str)}
    assert loose_words(html, allowed | {"Springfield"}) == []


# --- Messages in the Python modules ------------------------------------------------------

# Refusals whose message is shown to the person (internal ValueErrors are for programmers).
USER_FACING_EXCEPTIONS = {
    "AlertRefused",
    "AppealRefused",
    "CommentNotAllowed",
    "CommentRefused",
    "PostRefused",
    "ReplyNotAllowed",
    "ValidationError",
}
FLOW_MODULES = [
    "board/views/appeals.py",
    "board/views/moderation.py",
    "board/views/alerts.py",
    "board/views/comments.py",
    "board/views/hints.py",
    "board/views/places.py",
    "board/forms/appeals.py",
    "board/forms/moderation.py",
    "board/forms/alerts.py",
    "board/forms/comments.py",
    "board/forms/places.py",
    "board/forms/replies.py",
]


def _bare(node) -> bool:
    """A message written as a plain string: English forever."""
    if isinstance(node, ast.BinOp | ast.Call) and not _is_translation(node):
        return isinstance(node, ast.BinOp) and (_bare(node.left) or _bare(node.right))
    return isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and re.search(r"[^\W\d_]{2,}", node.value) is not None
    )


def _is_translation(node) -> bool:
    name = (
        getattr(node.func, "id", getattr(node.func, "attr", ""))
        if isinstance(node, ast.Call)
        else ""
    )
    return name in ("_", "gettext", "gettext_lazy", "ngettext", "pgettext", "pgettext_lazy")


def _calls(path):
    tree = ast.parse(Path(path).read_text())
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def test_the_flow_modules_have_no_bare_messages_or_labels():
    """messages.*(request, "…"), label="…", help_text="…" with a plain string stay English."""
    for path in FLOW_MODULES:
        for call in _calls(path):
            name = getattr(call.func, "attr", "")
            if name in ("success", "info", "error", "warning") and len(call.args) > 1:
                assert not _bare(call.args[1]), f"{path}: {ast.unparse(call)}"
            for keyword in call.keywords:
                if keyword.arg in ("label", "help_text"):
                    assert not _bare(keyword.value), f"{path}: {ast.unparse(call)}"


def test_user_facing_exceptions_are_raised_with_translated_messages():
    """What a service refuses with reaches the person (a form error, a page): translated."""
    paths = sorted(Path("board/services").rglob("*.py")) + [
        Path(path) for path in FLOW_MODULES if path.startswith("board/forms/")
    ]
    for path in paths + [Path("board/forms/posts.py")]:
        for call in _calls(path):
            name = getattr(call.func, "id", getattr(call.func, "attr", ""))
            if name in USER_FACING_EXCEPTIONS and call.args:
                assert not _bare(call.args[0]), f"{path}: {ast.unparse(call)}"


def test_screening_tells_the_poster_in_translatable_words():
    """The label and the why of each detector are lazy, so they follow the active language."""
    from board import screening

    for detector in screening.DETECTORS + screening.COMMENT_DETECTORS + (screening.terms,):
        assert type(detector.LABEL).__name__ == "__proxy__", detector.__name__
    for code, why in screening.WHY.items():
        assert type(why).__name__ == "__proxy__", code
    for code, label in screening.RULE_LABELS:
        assert type(label).__name__ == "__proxy__", code
