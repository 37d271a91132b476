"""Emails and the moderators' admin go through Django's translation functions too
(docs/i18n.md): under a pseudo-language that brackets every translated string, no English
word is left outside the brackets in an email or on the admin pages moderators work on.
"""

import ast
from functools import partial
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from board import notifications, outbox, services
from board.models import Area, FlagReason, Frequency, Post, PostStatus
from board.services import alerts, appeals, replies
from board.services import comments as comment_services
from board.tasks import alerts as alert_tasks
from tests.i18n_support import loose_words_in_text
from tests.test_i18n import write_mo

pytestmark = pytest.mark.django_db

PREFIX = "[Missed Connections]"  # ACCOUNT_EMAIL_SUBJECT_PREFIX, a setting


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run what the code queues after commit (the immediate task backend sends it) and
    return the emails sent."""

    def run(action):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            action()
        return list(mail.outbox)

    return run


def words_left(message, allowed=frozenset()) -> list[str]:
    return loose_words_in_text(f"{message.subject}\n{message.body}", {PREFIX, *allowed})


# --- Emails -------------------------------------------------------------------------------


def test_the_notice_email_about_a_post_is_all_translated(bracketed, sent, post, moderator):
    [message] = sent(lambda: services.remove_post(post=post, moderator=moderator, reason="Reason"))
    assert "⟦Your post was removed⟧" in message.body
    assert words_left(message, {post.headline, "Reason"}) == []


def test_the_notice_emails_about_an_account_and_an_appeal_are_all_translated(
    bracketed, sent, post, moderator
):
    services.remove_post(post=post, moderator=moderator, reason="Reason")
    appeal = appeals.submit_appeal(
        user=post.author, decision=post.actions.latest("created_at"), text="Text"
    )
    [answered] = sent(
        lambda: appeals.answer_appeal(
            appeal=appeal, moderator=moderator, overturn=False, answer="Answer"
        )
    )
    assert words_left(answered, {"Answer"}) == []
    [suspended] = sent(
        lambda: services.suspend_author(
            user=post.author, period="7d", reason="Reason", moderator=moderator
        )
    )
    assert words_left(suspended, {"Reason"}) == []


def test_the_reply_notice_email_is_all_translated(bracketed, sent, post, other_user):
    [message] = sent(lambda: replies.send_reply(post=post, replier=other_user, message="Hi"))
    assert words_left(message) == []


def test_the_takedown_emails_are_all_translated(bracketed, sent):
    for about in ("post", "comment"):
        for event in ("confirm", "hidden", "queued", "removed", "kept"):
            [message] = sent(
                partial(
                    notifications.tell_takedown_requester,
                    email="them@example.test",
                    reference="TD-REF",
                    event=event,
                    link="https://board.example/x",
                    about=about,
                )
            )
            assert words_left(message, {"TD"}) == [], (about, event)


def test_the_urgent_email_to_moderators_is_all_translated(bracketed, sent, post, moderator):
    moderator.email = "mod@example.test"
    moderator.save()
    [message] = sent(lambda: notifications.alert_moderators(post=post, why=FlagReason.MINOR.label))
    assert message.to == ["mod@example.test"]
    assert words_left(message) == []


def test_the_comment_digest_email_is_all_translated(bracketed, sent, post):
    [message] = sent(
        lambda: notifications.email_comment_digest(user_id=post.author_id, items=[(post, 2)])
    )
    assert words_left(message, {post.headline}) == []


def test_an_email_is_written_in_its_recipient_s_language_not_the_sender_s(
    sent, post, moderator, make_user, settings, tmp_path, monkeypatch
):
    """A moderator working in English removes a post whose author reads German: the
    author's email is German; an urgent report reaches each moderator in their language."""
    write_mo(
        tmp_path / "de" / "LC_MESSAGES" / "django.mo",
        {
            "Your post was removed": "Dein Beitrag wurde entfernt",
            "Why: %(reason)s": "Warum: %(reason)s",
            "Urgent report: %(why)s": "Dringende Meldung: %(why)s",
            "It involves a minor": "Es betrifft eine minderjährige Person",
        },
    )
    settings.LOCALE_PATHS = [tmp_path]
    german = {post.author_id}
    monkeypatch.setattr(outbox, "language_of", lambda user_id: "de" if user_id in german else "en")
    [message] = sent(lambda: services.remove_post(post=post, moderator=moderator, reason="R."))
    assert message.subject == "[Missed Connections] Dein Beitrag wurde entfernt"
    assert "Warum: R." in message.body
    assert translation.get_language() == "en"

    other = make_user(is_staff=True, email="other-mod@example.test")
    other.groups.add(Group.objects.get(name="Moderators"))
    moderator.email = "mod@example.test"
    moderator.save()
    german.add(other.pk)
    emails = sent(lambda: notifications.alert_moderators(post=post, why=FlagReason.MINOR.label))
    subjects = {tuple(m.to): m.subject for m in emails}
    assert subjects == {
        ("mod@example.test",): "[Missed Connections] Urgent report: It involves a minor",
        ("other-mod@example.test",): "[Missed Connections] Dringende Meldung: "
        "Es betrifft eine minderjährige Person",
    }


def alert_by_address(email: str, frequency: str):
    filters = alerts.AlertFilters.build(setting_tags=[], query="umbrella")
    outcome = alerts.create_alert_for_address(
        email=email, filters=filters, frequency=frequency, days=30
    )
    return outcome.alert


def test_the_alert_emails_are_all_translated(bracketed, make_post):
    each = alert_by_address("each@example.test", Frequency.EACH)
    digest = alert_by_address("digest@example.test", Frequency.DIGEST)
    mail.outbox.clear()
    alert_tasks.send_alert_confirmation.call(alert_id=each.pk)
    for alert in (each, digest):
        alerts.confirm_alert(key=alert.key)
    post = make_post()
    alert_tasks.match_alerts.call(post_id=post.pk)
    alert_tasks.send_alert_digests.call()
    confirm, match, digested = mail.outbox
    assert [confirm.to, match.to, digested.to] == [["each@example.test"]] * 2 + [
        ["digest@example.test"]
    ]
    allowed = {post.headline, str(post.area), "umbrella", "Missed Connections"}
    for message in (confirm, match, digested):
        assert words_left(message, allowed) == [], message.subject


def test_the_account_confirmation_email_is_all_translated(bracketed):
    site = SimpleNamespace(domain="board.example", name="Missed Connections")  # a RequestSite
    for extra in ({"code": "ABC123"}, {"activate_url": "https://board.example/confirm/x/"}):
        body = render_to_string(
            "account/email/email_confirmation_message.txt", {"current_site": site, **extra}
        )
        assert loose_words_in_text(body, {site.domain, "ABC"}) == [], extra


# --- The moderators' admin ----------------------------------------------------------------


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


# Django formats dates with pgettext ("Dec."), which the pseudo-language leaves as they are.
MONTHS = {"Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."}
MONTHS |= {"Nov.", "Dec."}


def admin_words(html: str, allowed: set[str], within: str = "#header, main") -> list[str]:
    """Visible words outside ⟦…⟧ in the admin's header and main content (Django's own
    strings are translated by Django and bracketed too), less `allowed` and month names."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "textarea", "option", "time"]):
        hidden.decompose()
    parts = soup.select(within)
    assert parts, within
    text = " ".join(part.get_text(" ") for part in parts)
    attributes = " ".join(
        str(value)
        for part in parts
        for element in part.find_all(True)
        for name, value in element.attrs.items()
        if name in ("aria-label", "placeholder", "title", "alt")
        or (name == "value" and element.get("type") in ("submit", "button"))
    )
    return loose_words_in_text(f"{text} {attributes}", allowed | MONTHS)


@pytest.fixture
def queue(make_post, make_user, moderator):
    """One waiting item of each kind the index lists."""
    held = make_post(author=make_user())
    Post.objects.filter(pk=held.pk).update(status=PostStatus.PENDING)
    removed = make_post(author=make_user())
    services.remove_post(post=removed, moderator=moderator, reason="Reason")
    appeal = appeals.submit_appeal(
        user=removed.author, decision=removed.actions.latest("created_at"), text="Text"
    )
    conversation = replies.send_reply(
        post=make_post(author=make_user()), replier=make_user(), message="Hi"
    )
    replies.report_conversation(conversation=conversation, role="poster", reason="Rude")
    return {"held": held, "removed": removed, "appeal": appeal, "conversation": conversation}


def test_the_admin_index_and_its_queue_are_all_translated(bracketed, mod_client, queue):
    html = mod_client.get(reverse("admin:index")).content.decode()
    assert "⟦The queue: urgent first, then most flagged, then longest waiting⟧" in html
    allowed = {queue["held"].headline, "Rude", queue["conversation"].public_id, "Reason"}
    assert (left := admin_words(html, allowed)) == [], " ".join(left)


def test_the_post_page_s_decision_buttons_are_all_translated(bracketed, mod_client, queue):
    html = mod_client.get(
        reverse("admin:board_post_change", args=[queue["held"].pk])
    ).content.decode()
    assert "⟦Approve⟧" in html
    assert admin_words(html, set(), within="#header, #decisions") == []


def test_the_appeals_list_and_an_appeal_s_page_are_all_translated(bracketed, mod_client, queue):
    allowed = {"Reason", "Text", queue["removed"].headline}
    html = mod_client.get(reverse("admin:board_appeal_changelist")).content.decode()
    assert (left := admin_words(html, allowed)) == [], " ".join(left)
    html = mod_client.get(
        reverse("admin:board_appeal_change", args=[queue["appeal"].pk])
    ).content.decode()
    assert "⟦Uphold the decision⟧" in html
    assert (left := admin_words(html, allowed)) == [], " ".join(left)


def test_the_bulk_decision_page_is_all_translated(bracketed, mod_client, queue):
    html = mod_client.post(
        reverse("admin:board_post_changelist"),
        {"action": "approve", "_selected_action": [queue["held"].pk]},
    ).content.decode()
    assert "⟦Follows the guidelines.⟧" in html
    assert admin_words(html, {queue["held"].headline}) == []


def test_a_held_comment_s_page_and_the_comments_list_are_all_translated(
    bracketed, mod_client, make_post, make_user
):
    post = make_post(comment_mode="on")
    body = "I know who this is, it's Jenna from the bakery"
    held = comment_services.post_comment(post=post, author=make_user(), body=body)
    allowed = {post.headline, body, held.pseudonym, held.author_ref, held.public_id}
    # What screening wrote is stored text (its wording is board/screening's, not the admin's).
    allowed |= {held.status_reason, *(f["label"] for f in held.screening_findings)}
    allowed |= {f["excerpt"] for f in held.screening_findings}
    allowed |= {"True", "False"}  # Django's own yes/no icons' alt text
    html = mod_client.get(reverse("admin:board_comment_change", args=[held.pk])).content.decode()
    assert "⟦Dismiss reports (keep it up)⟧" in html or "⟦Approve⟧" in html
    assert (left := admin_words(html, allowed)) == [], " ".join(left)
    html = mod_client.get(reverse("admin:board_comment_changelist")).content.decode()
    assert (left := admin_words(html, allowed)) == [], " ".join(left)


def test_admin_messages_are_translated(bracketed, mod_client, queue):
    response = mod_client.post(
        reverse("admin:board_appeal_answer", args=[queue["appeal"].pk]),
        {"answer": "Answer", "uphold": "1"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == ["⟦Appeal answered: the decision was upheld; they are told.⟧"]


def test_without_a_translation_the_emails_and_the_queue_read_as_before(
    sent, post, moderator, mod_client, settings
):
    [message] = sent(lambda: services.remove_post(post=post, moderator=moderator, reason="Why."))
    site = settings.BOARD_SITE_URL
    appeal = reverse("board:appeal-decision", args=[post.actions.latest("created_at").pk])
    assert message.subject == "[Missed Connections] Your post was removed"
    assert message.body == (
        "Your post was removed.\n\n"
        f"Your post: “{post.headline}”\n\n"
        "Why: Why.\n\n"
        "What you can do: Removed posts cannot be restored by editing. If you think this was "
        "a mistake, you can appeal once, from this notice.\n\n"
        f"Open it here: {site}{appeal}\n\n"
        f"If a decision seems wrong: {site}{reverse('board:appeal')}\n"
        f"Choose which emails you get: {site}{reverse('board:notification-settings')}\n\n"
        "— Missed Connections\n\n"
    )
    html = mod_client.get(reverse("admin:index")).content.decode()
    assert "<h2>The queue: urgent first, then most flagged, then longest waiting</h2>" in html
    assert "Welcome, <strong>moderator</strong>." in html


ADMIN_MODULES = ["appeals", "forms", "moderation", "post_decisions", "queue", "replies"]
ADMIN_MODULES += ["resources", "site"]  # comments, places: converted before; posts: not yet


@pytest.mark.parametrize("name", ADMIN_MODULES)
def test_the_admin_modules_pass_no_bare_english_to_the_admin(name):
    """A message, action description, display title or label written as a plain string (or
    an f-string) is English forever."""
    module = import_module(f"board.admin.{name}")
    tree = ast.parse(Path(module.__file__).read_text())
    bare = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        texts = [k.value for k in call.keywords if k.arg in TEXT_KEYWORDS]
        function = call.func
        if isinstance(function, ast.Attribute) and function.attr == "message_user":
            texts.append(call.args[1] if len(call.args) > 1 else None)
        bare += [ast.unparse(call) for text in texts if _is_english(text)]
    for node in ast.walk(tree):  # admin.site.site_header = "…", fieldset titles
        if isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) in SITE_TEXTS:
            bare += [ast.unparse(node)] if _is_english(node.value) else []
        if isinstance(node, ast.Tuple) and len(node.elts) == 2:
            title, options = node.elts
            bare += (
                [ast.unparse(node)] if isinstance(options, ast.Dict) and _is_english(title) else []
            )
    assert bare == []


TEXT_KEYWORDS = {"description", "label", "help_text", "title"}
SITE_TEXTS = {"admin.site.site_header", "admin.site.site_title", "admin.site.index_title"}


def _is_english(node) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.isascii()
        and any(c.isalpha() for c in node.value)
    )


def test_the_post_changelist_and_a_post_s_page_are_all_translated(bracketed, mod_client, queue):
    held = queue["held"]
    allowed = {held.headline, held.story, held.where_exactly, held.i_saw, held.i_am}
    allowed |= {held.public_id, held.author_ref, str(held.area), held.area.name, "Reason"}
    story = BeautifulSoup(held.story_html, "html.parser")
    allowed |= set(story.stripped_strings)
    allowed |= {queue["removed"].headline, queue["removed"].author_ref, "—"}
    allowed |= {str(tag) for tag in held.setting_tags.all()}
    for post in Post.objects.all():
        allowed |= {post.headline, post.author_ref, post.public_id}
    allowed |= {str(area) for area in Area.objects.all()} | {a.name for a in Area.objects.all()}
    allowed |= {"Search", "True", "False"}  # Django's own untranslated alt texts
    html = mod_client.get(reverse("admin:board_post_changelist")).content.decode()
    assert "⟦Submitted⟧" in html
    assert (left := admin_words(html, allowed)) == [], " ".join(left)
    html = mod_client.get(reverse("admin:board_post_change", args=[held.pk])).content.decode()
    assert "⟦Story as readers see it⟧" in html
    assert (left := admin_words(html, allowed)) == [], " ".join(left)
