"""No input produces a 500: every route of board/urls.py and every form of ours, fed hostile
ids, NUL bytes, control characters, foreign encodings, huge numbers and oversized bodies,
answers below 500 (400, 404, 413 or an ordinary form error). Routes and form fields are read
from the code and the pages, so new ones are covered as they come.
"""

from datetime import timedelta
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import get_resolver, reverse
from django.utils import timezone

from board.models import Post, Reflection
from board.services import replies

pytestmark = pytest.mark.django_db

PATTERNS = get_resolver("board.urls").url_patterns
HOSTILE_IDS = [
    "\x00",
    "abc\x00def",
    "\x07bell",
    "9" * 30,
    "-1",
    "%ff%fe",
    "%ed%a0%80",
    "x" * 300,
    "' OR 1=1 --",
    "..",
]
HOSTILE_QUERIES = [
    "q=%00",
    "q=%07ring",
    "q=a%00b&type=%00",
    "setting=99999999999999999999999",
    "area=99999999999999999999999",
    "setting=-1&area=abc",
    "page=99999999999999999999999",
    "page=-5",
    "after=%00&before=%ff",
    "after=99999999999999999999999.1",
    "from=9999-99-99&to=0000-00-00",
    "from=99999999999999999999&to=%00",
    "sort=%00",
    "type=romantic%00",
    "%00=%00",
]
HOSTILE_TEXT = ["\x00", "a\x00b", "ring\x07ring", "\x1b[31m", "9" * 40, "\ufffe", "\u202e"]


def path_for(pattern, value: str) -> str:
    route = str(pattern.pattern)
    for name, converter in pattern.pattern.converters.items():
        kind = {"IntConverter": "int", "SlugConverter": "slug"}.get(type(converter).__name__, "str")
        route = route.replace(f"<{kind}:{name}>", quote(value, safe="%"))
    return "/" + route


@pytest.fixture
def owner(make_user):
    return make_user()


@pytest.fixture
def world(owner, make_user, make_post):
    """A post, a conversation and a reflection of `owner`'s, so real pages have forms."""
    post = make_post(author=owner, recognition_question="What was I reading?")
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() + timedelta(days=3))
    other = make_user()
    theirs = make_post(author=other)
    conversation = replies.send_reply(post=post, replier=other, message="Was it you?")
    reflection = Reflection.objects.create(author=owner, body="What I would say.")
    return {"post": post, "theirs": theirs, "conversation": conversation, "reflection": reflection}


def signed_in(user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def assert_no_5xx(responses) -> None:
    failures = [(label, status) for label, status in responses if status >= 500]
    assert not failures, failures


@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_hostile_ids_in_every_route_answer_below_500(who, owner, world):
    client = signed_in(owner) if who == "owner" else Client(raise_request_exception=False)
    responses = []
    for pattern in PATTERNS:
        if not pattern.pattern.converters:
            continue
        for value in HOSTILE_IDS:
            path = path_for(pattern, value)
            for method in (client.get, client.post):
                response = method(path, {"body": "x", "reason": "spam", "message": "hi"})
                responses.append((f"{method.__name__} {path[:60]!r}", response.status_code))
    assert_no_5xx(responses)
    assert responses


@pytest.mark.parametrize("who", ["anonymous", "owner"])
def test_hostile_query_strings_on_every_page_answer_below_500(who, owner, world):
    client = signed_in(owner) if who == "owner" else Client(raise_request_exception=False)
    pages = [reverse(f"board:{p.name}") for p in PATTERNS if not p.pattern.converters]
    pages += [world["post"].get_absolute_url(), world["conversation"].get_absolute_url()]
    responses = []
    for page in pages:
        for query in HOSTILE_QUERIES:
            response = client.get(f"{page}?{query}")
            responses.append((f"{page}?{query}", response.status_code))
    assert_no_5xx(responses)


def test_a_nul_byte_in_an_id_or_a_query_answers_400_with_a_clear_page(client, world):
    for path in (
        f"/posts/{world['post'].public_id}%00/",
        f"/me/inbox/{world['conversation'].public_id}%00/",
        "/feeds/posts/?q=%00",
        "/?q=%00",
    ):
        response = client.get(path)
        assert response.status_code == 400, path
        assert "couldn’t understand that request" in response.content.decode()


def test_a_huge_number_in_a_filter_answers_below_500(client, world):
    response = Client(raise_request_exception=False).get("/?setting=99999999999999999999999")
    assert response.status_code < 500


def forms_on(client, path):
    """(action, {field: value}) of every POST form on the page, fields as the page has them."""
    soup = BeautifulSoup(client.get(path).content, "html.parser")
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        fields = {}
        for element in form.find_all(["input", "textarea", "select"]):
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            if element.name == "select":
                option = element.find("option", selected=True) or element.find("option")
                fields[name] = option.get("value", "") if option else ""
            else:
                fields[name] = element.get("value") or element.text or ""
        yield form.get("action") or path, fields


def form_pages(world):
    post, conversation = world["post"], world["conversation"]
    return [
        reverse("board:post-create"),
        reverse("board:post-edit", args=[post.public_id]),
        post.get_absolute_url(),
        reverse("board:post-flag", args=[world["theirs"].public_id]),
        reverse("board:post-takedown", args=[world["theirs"].public_id]),
        reverse("board:post-reply", args=[world["theirs"].public_id]),
        conversation.get_absolute_url(),
        reverse("board:notification-settings"),
        reverse("board:account-delete"),
        reverse("board:reflection-create"),
        reverse("board:reflection-edit", args=[world["reflection"].pk]),
        reverse("board:post-delete", args=[post.public_id]),
        reverse("account_change_password"),
        reverse("account_email"),
    ]


def test_every_form_fed_hostile_text_answers_below_500(owner, world):
    client = signed_in(owner)
    responses, forms = [], 0
    for page in form_pages(world):
        for action, fields in forms_on(client, page):
            forms += 1
            for text in HOSTILE_TEXT:
                for name in fields:
                    hostile = {**fields, name: text}
                    response = client.post(action, hostile)
                    responses.append((f"{action} {name}={text!r}", response.status_code))
    assert forms >= 12, f"only {forms} forms found"
    assert_no_5xx(responses)


def test_every_form_posted_as_utf16_answers_400(owner, world):
    client = signed_in(owner)
    responses = []
    for page in form_pages(world):
        for action, fields in forms_on(client, page):
            body = "&".join(f"{quote(k)}={quote(v)}" for k, v in fields.items())
            response = client.post(
                action,
                body,  # the test client encodes it as the content type says
                content_type="application/x-www-form-urlencoded; charset=utf-16",
            )
            responses.append((action, response.status_code))
    assert responses
    assert {status for _, status in responses} == {400}, responses


def test_anonymous_sign_in_and_sign_up_forms_fed_hostile_text_answer_below_500(client):
    responses = []
    for page in (reverse("account_login"), reverse("account_signup")):
        for action, fields in forms_on(client, page):
            for text in HOSTILE_TEXT:
                for name in fields:
                    response = client.post(action, {**fields, name: text})
                    responses.append((f"{action} {name}={text!r}", response.status_code))
    assert responses
    assert_no_5xx(responses)


def test_a_body_over_the_limit_is_refused_unread(owner, world, settings):
    client = signed_in(owner)
    response = client.generic(
        "POST",
        reverse("board:post-create"),
        b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert Post.objects.count() == 2


def test_a_malformed_multipart_body_answers_400(owner, world):
    client = signed_in(owner)
    response = client.generic(
        "POST",
        reverse("board:post-create"),
        b"--nothing like the boundary\r\n",
        content_type="multipart/form-data",
    )
    assert response.status_code == 400


def test_control_characters_are_taken_out_of_stored_text_and_the_feed_still_renders(
    client, owner, post_form_data
):
    client.force_login(owner)
    response = client.post(
        reverse("board:post-create"),
        post_form_data(
            headline="Ring\x07ring on the\x00 tram",
            story="The bell\x07 rang and \x1bwe both laughed at the rain.",
        ),
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    post = Post.objects.get()
    assert post.headline == "Ringring on the tram"
    assert post.story == "The bell rang and we both laughed at the rain."
    feed = Client().get(reverse("board:post-feed"))
    assert feed.status_code == 200
    assert "Ringring on the tram" in feed.content.decode()


def test_a_headline_stored_with_a_control_character_before_cleaning_does_not_break_the_feed(
    owner, make_post
):
    post = make_post(author=owner, headline="Stored before cleaning")
    Post.objects.filter(pk=post.pk).update(headline="Old\x07 bell")
    feed = Client(raise_request_exception=False).get(reverse("board:post-feed"))
    assert feed.status_code == 200
    assert "Old bell" in feed.content.decode()
