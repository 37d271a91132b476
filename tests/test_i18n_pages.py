"""The info, error, coping-resource, reflection and account pages put every string through
Django's translation functions (issue #18, docs/i18n.md): under the pseudo-language that
brackets each translated string, no visible English word is left outside the brackets.
"""

import ast
import html as html_lib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings as django_settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views import defaults

from board.models import Country, JournalPrompt, PromptTopic, Resource, ResourceCategory
from board.services import resources as resource_services
from tests.i18n_support import loose_words
from tests.test_i18n import write_mo

pytestmark = pytest.mark.django_db

EMAILS = {django_settings.BOARD_CONTACT_EMAIL, "moderators@localhost"}


def loose(html: str, allowed: set[str] = frozenset()) -> list[str]:
    """`loose_words` of the page, and of its <title> (which sits outside header and main).

    Blank values are dropped from `allowed`: removing "" from the text (an empty helpline
    field, say) would split every word into letters and hide them all.
    """
    allowed = {value for value in allowed if value.strip()}
    title = BeautifulSoup(html, "html.parser").title
    title_html = f"<main>{html_lib.escape(title.get_text())}</main>" if title else ""
    return loose_words(html, allowed) + loose_words(title_html, allowed)


def test_a_blank_allowed_value_hides_no_words():
    """An empty data field (a helpline without hours) must not excuse the whole page."""
    assert loose("<main>Plain English</main>", {"", " "}) == ["Plain", "English"]


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


# Info pages and error pages: what an anonymous visitor reads.


@pytest.mark.parametrize("name", ["about", "privacy", "terms", "contact", "appeal", "guidelines"])
def test_the_info_pages_have_no_untranslated_words(client, bracketed, name):
    html = page(client, reverse(f"board:{name}"))
    assert loose(html, EMAILS) == []


def test_a_catalog_translates_a_paragraph_with_its_link(client, settings, tmp_path):
    """The msgid is what makemessages extracts: the link's address is a placeholder."""
    write_mo(
        tmp_path / "de" / "LC_MESSAGES" / "django.mo",
        {
            "Contact": "Kontakt",
            'Write to the people who run this board at <a href="mailto:%(email)s">'
            "%(email)s</a>.": 'Schreib an <a href="mailto:%(email)s">%(email)s</a>.',
        },
    )
    settings.LOCALE_PATHS = [tmp_path]
    settings.BOARD_CONTACT_EMAIL = "hallo@example.test"
    with translation.override("de"):
        html = page(client, reverse("board:contact"))
    main = BeautifulSoup(html, "html.parser").find("main")
    assert main.find("h1").get_text() == "Kontakt"
    lede = main.find("p", class_="lede")
    assert lede.get_text() == "Schreib an hallo@example.test."
    assert lede.find("a")["href"] == "mailto:hallo@example.test"


def anonymous_request():
    request = RequestFactory().get("/somewhere/")
    request.user = AnonymousUser()
    return request


ERROR_PAGES = {
    400: lambda: defaults.bad_request(anonymous_request(), ValueError("bad")),
    403: lambda: defaults.permission_denied(anonymous_request(), PermissionDenied()),
    404: lambda: defaults.page_not_found(anonymous_request(), Http404()),
    500: lambda: defaults.server_error(anonymous_request()),
}


@pytest.mark.parametrize("status", ERROR_PAGES)
def test_the_error_pages_have_no_untranslated_words(bracketed, status):
    response = ERROR_PAGES[status]()
    assert response.status_code == status
    assert loose(response.content.decode()) == []


def test_the_stale_form_page_has_no_untranslated_words(bracketed, user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post(reverse("board:post-create"), {})
    assert response.status_code == 403
    assert loose(response.content.decode()) == []


def test_the_too_large_page_has_no_untranslated_words(client, bracketed):
    response = client.generic(
        "POST",
        reverse("board:post-list"),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert loose(response.content.decode()) == []


def test_the_too_many_searches_page_has_no_untranslated_words(bracketed):
    html = render_to_string("429.html", {"query": "red scarf"}, request=anonymous_request())
    assert loose(html) == []
    assert 'aria-label="⟦Search posts⟧"' in html


# Coping resources and journaling prompts.


@pytest.fixture
def coping(content):
    """The content fixture's data, with article bodies and country names (data too).

    Category and topic labels come from board/models/resources.py, which is converted
    separately (docs/i18n.md); they count as data here.
    """
    post, allowed = content
    Resource.objects.update(body_html="<p>Resource body</p>")
    labels = {str(label) for _, label in [*ResourceCategory.choices, *PromptTopic.choices]}
    countries = set(Country.objects.values_list("name", flat=True))
    return post, allowed | labels | countries | {"Resource body"}


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_coping_resources_list_has_no_untranslated_words(
    client, bracketed, coping, user, signed_in
):
    post, allowed = coping
    if signed_in:
        client.force_login(user)
    html = page(client, reverse("board:resource-list"))
    assert loose(html, allowed) == []
    assert "⟦If you need help now⟧" in html


def test_an_article_has_no_untranslated_words(client, bracketed, coping):
    post, allowed = coping
    resource = Resource.objects.published().first()
    html = page(client, resource.get_absolute_url())
    assert loose(html, allowed) == []
    assert "⟦Something to write about⟧" in html
    assert '<meta property="og:site_name" content="⟦Missed Connections⟧">' in html


@pytest.mark.parametrize("topic", ["", "regret", "no-such-topic"])
def test_the_journaling_prompts_have_no_untranslated_words(client, bracketed, coping, topic):
    post, allowed = coping
    html = page(client, reverse("board:prompt-list"), topic=topic)
    assert loose(html, allowed | {"no-such-topic"}) == []


def test_a_topic_without_prompts_says_so_in_translation(client, bracketed, coping):
    post, allowed = coping
    JournalPrompt.objects.update(is_published=False)
    html = page(client, reverse("board:prompt-list"), topic="regret")
    assert loose(html, allowed) == []
    assert "⟦There are no prompts on this topic yet." in html


# Reflections: signed in, as the author of the content's post.


@pytest.fixture
def reflection(user, coping):
    post, allowed = coping
    prompt = JournalPrompt.objects.published().first()
    return resource_services.save_reflection(
        author=user, title="Unsent", body="Dear stranger", prompt=prompt, post=post
    )


@pytest.fixture
def writer(client, user, coping):
    client.force_login(user)
    post, allowed = coping
    return allowed | {"Unsent", "Dear stranger"}


def test_the_reflections_list_has_no_untranslated_words(client, bracketed, writer, reflection):
    html = page(client, reverse("board:reflection-list"))
    assert loose(html, writer) == []
    assert "⟦Write a new reflection⟧" in html


def test_an_empty_reflections_list_has_no_untranslated_words(client, bracketed, writer):
    html = page(client, reverse("board:reflection-list"))
    assert loose(html, writer) == []


def test_the_reflection_form_and_its_errors_have_no_untranslated_words(
    client, bracketed, writer, coping
):
    post, _ = coping
    prompt = JournalPrompt.objects.published().first()
    url = reverse("board:reflection-create")
    html = page(client, url, prompt=prompt.pk, post=post.public_id)
    assert loose(html, writer) == []
    refused = client.post(url, {"title": "Unsent", "body": ""}).content.decode()
    assert loose(refused, writer) == []
    assert "⟦Write something before saving; even one line is enough.⟧" in refused


def test_editing_and_deleting_a_reflection_have_no_untranslated_words(
    client, bracketed, writer, reflection
):
    html = page(client, reverse("board:reflection-edit", args=[reflection.pk]))
    assert loose(html, writer) == []
    html = page(client, reverse("board:reflection-delete", args=[reflection.pk]))
    assert loose(html, writer) == []


def test_the_reflection_messages_are_translated(client, bracketed, writer, reflection):
    edited = client.post(
        reverse("board:reflection-edit", args=[reflection.pk]),
        {"title": "Unsent", "body": "Dear stranger"},
        follow=True,
    )
    assert "⟦Your changes are saved.⟧" in edited.content.decode()
    deleted = client.post(reverse("board:reflection-delete", args=[reflection.pk]), follow=True)
    assert "⟦Your reflection is deleted.⟧" in deleted.content.decode()
    assert loose(deleted.content.decode(), writer) == []


# Account pages and my posts.


@pytest.mark.parametrize("has_password", [True, False])
def test_the_account_pages_have_no_untranslated_words(
    client, bracketed, writer, user, has_password
):
    if not has_password:
        user.set_unusable_password()
        user.first_name = "Robin"
        user.save()
        client.force_login(user)  # a password change ends the session
    for name in ("account-home", "display-name", "account-delete", "my-posts"):
        html = page(client, reverse(f"board:{name}"))
        assert loose(html, writer | {"Robin"}) == [], name


def test_the_account_forms_errors_and_messages_have_no_untranslated_words(
    client, bracketed, writer
):
    refused = client.post(reverse("board:account-delete"), {"posts": "keep", "password": "no"})
    assert "⟦That is not your password.⟧" in refused.content.decode()
    assert loose(refused.content.decode(), writer) == []
    saved = client.post(reverse("board:display-name"), {"display_name": "Robin"}, follow=True)
    assert "⟦Your display name is saved.⟧" in saved.content.decode()
    assert loose(saved.content.decode(), writer | {"Robin"}) == []


def test_too_many_wrong_passwords_are_refused_in_translation(client, bracketed, writer):
    for _ in range(6):
        response = client.post(reverse("board:account-delete"), {"password": "no"})
    assert response.status_code == 429
    assert loose(response.content.decode(), writer) == []


def test_an_empty_my_posts_page_has_no_untranslated_words(client, bracketed, other_user):
    client.force_login(other_user)
    assert loose(page(client, reverse("board:my-posts"))) == []


def test_sign_in_and_sign_up_from_a_reply_have_no_untranslated_words(client, bracketed, content):
    post, allowed = content
    reply = reverse("board:post-reply", args=[post.public_id])
    for name in ("account_login", "account_signup"):
        html = page(client, reverse(name), next=reply)
        assert loose(html, allowed) == [], name
        assert 'class="notice funnel-note">⟦' in html


# The Python side: flash messages, form labels and errors.

USER_FACING_KEYWORDS = {"label", "help_text", "empty_label", "error_messages", "choices"}
TRANSLATING = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext_lazy"}


def shown_literals(node: ast.AST):
    """The string literals in `node` a person would read, not those passed to gettext.

    Dictionary keys (error codes) and the first of each choice pair (the stored value) are
    not shown.
    """
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", getattr(node.func, "attr", ""))
        if name not in TRANSLATING:
            for child in [*node.args, *(k.value for k in node.keywords)]:
                yield from shown_literals(child)
    elif isinstance(node, ast.JoinedStr):
        yield node
    elif isinstance(node, ast.Constant):
        if isinstance(node.value, str) and any(ch.isalpha() for ch in node.value):
            yield node
    elif isinstance(node, ast.Dict):
        for value in node.values:
            yield from shown_literals(value)
    elif isinstance(node, ast.Tuple) and len(node.elts) == 2:
        yield from shown_literals(node.elts[1])
    elif isinstance(node, ast.List | ast.Tuple | ast.BinOp):
        for child in ast.iter_child_nodes(node):
            yield from shown_literals(child)


def bare_strings(tree: ast.AST):
    """Plain strings where a person reads them: a flash message, a ValidationError, a form
    field's label, help text, empty label, choices or error messages."""
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        name = getattr(call.func, "attr", getattr(call.func, "id", ""))
        shown = []
        if name in ("success", "info", "error", "warning") and len(call.args) > 1:
            shown += shown_literals(call.args[1])
        if name == "ValidationError" and call.args:
            shown += shown_literals(call.args[0])
        for keyword in call.keywords:
            if keyword.arg in USER_FACING_KEYWORDS:
                shown += shown_literals(keyword.value)
        yield from (ast.unparse(literal) for literal in shown)


def test_the_python_modules_of_these_pages_have_no_bare_strings():
    import board.forms.account
    import board.forms.reflections
    import board.views.account
    import board.views.me
    import board.views.pages
    import board.views.reflections
    import board.views.resources

    modules = (
        board.views.pages,
        board.views.resources,
        board.views.reflections,
        board.views.account,
        board.views.me,
        board.forms.reflections,
        board.forms.account,
    )
    found = [
        f"{Path(module.__file__).name}: {text}"
        for module in modules
        for text in bare_strings(ast.parse(Path(module.__file__).read_text()))
    ]
    assert found == []
