"""Private reflections: written, changed and deleted by their writer, seen by nobody else."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse

from board.models import JournalPrompt, Post, PostStatus, Reflection
from board.services import resources as resource_services

pytestmark = pytest.mark.django_db

LIST = reverse("board:reflection-list")
NEW = reverse("board:reflection-create")
SECRET = "zebra-secret-4471"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return soup_of(response).get_text(" ", strip=True)


def edit_url(reflection) -> str:
    return reverse("board:reflection-edit", args=[reflection.pk])


def delete_url(reflection) -> str:
    return reverse("board:reflection-delete", args=[reflection.pk])


@pytest.fixture
def prompt():
    return JournalPrompt.objects.published().first()


@pytest.fixture
def reflection(user, post, prompt):
    return resource_services.save_reflection(
        author=user, title="Unsent", body=f"Dear stranger,\n{SECRET}", prompt=prompt, post=post
    )


# Writing


def test_a_blank_reflection_is_saved_for_its_writer(client, user):
    client.force_login(user)
    response = client.post(NEW, {"title": "", "body": "Just a line."}, follow=True)
    saved = Reflection.objects.get()
    assert (saved.author, saved.body, saved.prompt, saved.post) == (
        user,
        "Just a line.",
        None,
        None,
    )
    assert response.redirect_chain[-1][0] == LIST
    assert "Only you can see it" in text_of(response)
    assert "Untitled reflection" in text_of(response)


def test_starting_from_a_prompt_shows_it_and_selects_it(client, user, prompt):
    client.force_login(user)
    soup = soup_of(client.get(NEW, {"prompt": prompt.pk}))
    assert soup.select_one("section .prompt").get_text(strip=True) == prompt.text
    assert soup.select_one("select[name=prompt] option[selected]")["value"] == str(prompt.pk)
    client.post(NEW, {"body": "About that.", "prompt": prompt.pk})
    assert Reflection.objects.get().prompt == prompt


def test_an_unknown_or_unpublished_prompt_starts_a_blank_page(client, user, prompt):
    JournalPrompt.objects.filter(pk=prompt.pk).update(is_published=False)
    client.force_login(user)
    for value in [prompt.pk, "999999", "nonsense"]:
        soup = soup_of(client.get(NEW, {"prompt": value}))
        assert soup.select_one("section .prompt") is None
        assert soup.select_one("select[name=prompt] option[selected]")["value"] == ""


def test_starting_from_an_own_post_ties_the_reflection_to_it(client, user, post):
    client.force_login(user)
    soup = soup_of(client.get(NEW, {"post": post.public_id}))
    assert soup.select_one("select[name=post] option[selected]")["value"] == str(post.pk)
    client.post(NEW, {"body": "The version I never sent.", "post": post.pk})
    assert Reflection.objects.get().post == post


def test_only_the_writers_own_live_posts_can_be_chosen(client, user, other_user, make_post):
    mine, gone = make_post(author=user), make_post(author=user)
    theirs = make_post(author=other_user)
    Post.objects.filter(pk=gone.pk).update(status=PostStatus.DELETED)
    client.force_login(user)
    soup = soup_of(client.get(NEW, {"post": theirs.public_id}))
    options = {o["value"] for o in soup.select("select[name=post] option")}
    assert options == {"", str(mine.pk)}
    response = client.post(NEW, {"body": "Sneaky.", "post": theirs.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in text_of(response)
    assert not Reflection.objects.exists()


def test_someone_without_posts_is_not_offered_a_post_to_tie_to(client, other_user):
    client.force_login(other_user)
    assert soup_of(client.get(NEW)).select_one("select[name=post]") is None


def test_an_empty_body_is_refused_clearly_and_keeps_what_was_typed(client, user):
    client.force_login(user)
    response = client.post(NEW, {"title": "Kept title", "body": "   "})
    soup = soup_of(response)
    assert response.status_code == 200
    assert "Write something before saving" in soup.get_text()
    assert soup.find("input", {"name": "title"})["value"] == "Kept title"
    assert not Reflection.objects.exists()


# Reading, editing, deleting


def test_bodies_are_escaped_with_line_breaks_never_markdown(client, user):
    resource_services.save_reflection(
        author=user, title="", body="**not bold**\n<script>alert(1)</script>\nlast line"
    )
    client.force_login(user)
    body = soup_of(client.get(LIST)).select_one(".reflection-body")
    assert body.find("strong") is None
    assert body.find("script") is None
    assert body.find("br") is not None
    assert "<script>alert(1)</script>" in body.get_text()
    assert "**not bold**" in body.get_text()


def test_the_list_shows_only_the_writers_own_reflections(client, user, other_user, reflection):
    resource_services.save_reflection(author=other_user, title="Theirs", body="Not yours.")
    client.force_login(user)
    page = text_of(client.get(LIST))
    assert SECRET in page
    assert "Not yours." not in page
    client.force_login(other_user)
    assert SECRET not in text_of(client.get(LIST))


def test_the_writer_edits_a_reflection_and_bad_input_keeps_it(client, user, reflection):
    client.force_login(user)
    form = soup_of(client.get(edit_url(reflection)))
    assert SECRET in form.find("textarea", {"name": "body"}).get_text()
    response = client.post(edit_url(reflection), {"title": "Changed title", "body": ""})
    assert soup_of(response).find("input", {"name": "title"})["value"] == "Changed title"
    client.post(edit_url(reflection), {"title": "Changed", "body": "New words."})
    reflection.refresh_from_db()
    assert (reflection.title, reflection.body, reflection.post) == ("Changed", "New words.", None)


def test_deleting_asks_first_and_deletes_only_on_post(client, user, reflection):
    client.force_login(user)
    response = client.get(delete_url(reflection))
    assert response.status_code == 200
    assert "Delete “Unsent”?" in text_of(response)
    assert Reflection.objects.filter(pk=reflection.pk).exists()
    response = client.post(delete_url(reflection), follow=True)
    assert response.redirect_chain[-1][0] == LIST
    assert not Reflection.objects.filter(pk=reflection.pk).exists()


# Who may see what


@pytest.mark.parametrize("url", [LIST, NEW])
def test_anonymous_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("make_url", [edit_url, delete_url])
def test_anonymous_visitors_are_sent_to_sign_in_for_a_reflection(client, reflection, make_url):
    response = client.get(make_url(reflection))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("viewer", ["other", "moderator", "superuser"])
@pytest.mark.parametrize("make_url", [edit_url, delete_url])
def test_nobody_but_the_writer_can_open_change_or_delete_a_reflection(
    client, make_user, other_user, moderator, reflection, viewer, make_url
):
    accounts = {
        "other": other_user,
        "moderator": moderator,
        "superuser": make_user(is_staff=True, is_superuser=True),
    }
    client.force_login(accounts[viewer])
    assert client.get(make_url(reflection)).status_code == 404
    assert client.post(make_url(reflection), {"body": "Hijacked"}).status_code == 404
    reflection.refresh_from_db()
    assert reflection.body.endswith(SECRET)


def test_the_service_refuses_to_change_someone_elses_reflection_or_use_their_post(
    user, other_user, reflection, make_post
):
    with pytest.raises(PermissionDenied):
        resource_services.save_reflection(
            author=other_user, title="", body="x", reflection=reflection
        )
    with pytest.raises(PermissionDenied):
        resource_services.save_reflection(
            author=other_user, title="", body="x", post=reflection.post
        )


def test_the_admin_has_no_place_for_reflections(admin_client, reflection):
    with pytest.raises(NoReverseMatch):
        reverse("admin:board_reflection_changelist")
    index = admin_client.get(reverse("admin:index")).content.decode().lower()
    assert "reflection" not in index
    assert admin_client.get(f"/admin/board/reflection/{reflection.pk}/change/").status_code in {
        302,
        404,
    }


def test_reflections_never_appear_on_public_pages_or_search(client, reflection, post):
    searches = [f"/?q={SECRET}", "/?q=stranger"]  # the search page echoes the query itself
    pages = ["/", post.get_absolute_url(), reverse("board:resource-list")]
    pages += [reverse("board:prompt-list"), reverse("board:guidelines")]
    for url in pages + searches:
        html = client.get(url).content.decode()
        assert "Dear stranger" not in html, url
        assert url in searches or SECRET not in html, url
