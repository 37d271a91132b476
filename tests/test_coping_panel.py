"""Choosing articles and prompts beside a post and an article: suitable, stable, varied."""

from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from board import coping
from board.models import JournalPrompt, Post, PostStatus, Resource

pytestmark = pytest.mark.django_db

TYPES = ["romantic", "platonic", "professional"]


def fake_post(n: int, connection_type: str = "romantic"):
    """The panel needs only a public id and a type; no need to write hundreds of posts."""
    return SimpleNamespace(public_id=f"p{n:06d}", connection_type=connection_type)


def chosen(panel) -> tuple:
    return tuple(a.slug for a in panel.articles), panel.prompt.pk


def is_general(item) -> bool:
    return item.suits_romantic and item.suits_platonic and item.suits_professional


@pytest.mark.parametrize("connection_type", TYPES)
def test_the_panel_has_a_type_specific_and_general_articles_and_a_prompt_that_suit_the_type(
    connection_type,
):
    specific = {r.slug for r in Resource.objects.suiting(connection_type) if not is_general(r)}
    assert specific, "the shipped content has type-specific articles for every type"
    for n in range(30):
        panel = coping.panel_for(fake_post(n, connection_type))
        assert 2 <= len(panel.articles) <= 3
        slugs = {a.slug for a in panel.articles}
        assert len(slugs) == len(panel.articles)
        assert all(getattr(a, f"suits_{connection_type}") for a in panel.articles)
        assert slugs & specific
        assert any(is_general(a) for a in panel.articles)
        prompt = JournalPrompt.objects.get(pk=panel.prompt.pk)
        assert getattr(prompt, f"suits_{connection_type}")


def test_the_choice_is_stable_for_a_post():
    post = fake_post(7, "platonic")
    first = chosen(coping.panel_for(post))
    assert all(chosen(coping.panel_for(post)) == first for _ in range(5))


def test_the_choice_varies_across_posts():
    picks = [chosen(coping.panel_for(fake_post(n))) for n in range(60)]
    assert len({articles for articles, _ in picks}) > 10
    assert len({prompt for _, prompt in picks}) > 5


def test_unpublished_articles_and_prompts_are_never_chosen():
    Resource.objects.filter(slug__in=["the-one-that-got-away", "forgiving-yourself"]).update(
        is_published=False
    )
    hidden_prompts = list(JournalPrompt.objects.suiting("romantic")[:10])
    JournalPrompt.objects.filter(pk__in=[p.pk for p in hidden_prompts]).update(is_published=False)
    for n in range(80):
        panel = coping.panel_for(fake_post(n))
        slugs = {a.slug for a in panel.articles}
        assert not slugs & {"the-one-that-got-away", "forgiving-yourself"}
        assert panel.prompt.pk not in {p.pk for p in hidden_prompts}


def test_without_type_specific_articles_the_panel_shows_general_ones_only():
    Resource.objects.filter(slug="the-mentor-you-never-approached").update(is_published=False)
    panel = coping.panel_for(fake_post(1, "professional"))
    assert len(panel.articles) == 3
    assert all(is_general(a) for a in panel.articles)


def test_with_nothing_published_there_is_no_panel(client, post):
    Resource.objects.update(is_published=False)
    JournalPrompt.objects.update(is_published=False)
    assert coping.panel_for(post) is None
    assert "If this one stays with you" not in client.get(post.get_absolute_url()).content.decode()


def test_the_panel_needs_at_most_two_queries(make_post, django_assert_max_num_queries):
    post = make_post()
    with django_assert_max_num_queries(2):
        panel = coping.panel_for(post)
        [a.get_absolute_url() + a.title + a.summary for a in panel.articles]
        panel.prompt.text  # noqa: B018


# On the post page


def test_every_post_page_shows_the_panel_with_links_into_the_section(client, post):
    soup = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    panel = soup.find("aside", attrs={"aria-labelledby": "coping-heading"})
    assert panel.find("h2").get_text(strip=True) == "If this one stays with you"
    hrefs = [a["href"] for a in panel.find_all("a")]
    expected = coping.panel_for(post)
    for article in expected.articles:
        assert article.get_absolute_url() in hrefs
        assert article.summary in panel.get_text()
    assert expected.prompt.text in panel.get_text()
    start = f"{reverse('board:reflection-create')}?prompt={expected.prompt.pk}"
    assert start in hrefs
    assert reverse("board:resource-list") in hrefs
    assert reverse("board:prompt-list") in hrefs


def test_the_author_can_start_a_reflection_tied_to_their_post(client, user, post):
    client.force_login(user)
    soup = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    link = soup.find("a", string="Start a private reflection from this prompt")
    assert link["href"].endswith(f"&post={post.public_id}")


def test_readers_who_are_not_the_author_get_no_post_in_the_link(client, other_user, post):
    client.force_login(other_user)
    soup = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    link = soup.find("a", string="Start a private reflection from this prompt")
    assert "post=" not in link["href"]


@pytest.mark.parametrize("count", [1, 10])
def test_the_post_page_with_its_panel_needs_at_most_six_queries(
    client, make_post, django_assert_max_num_queries, count
):
    posts = [make_post() for _ in range(count)]
    # The sixth: the helplines of the post's country (kept per country afterwards).
    with django_assert_max_num_queries(6):
        response = client.get(posts[0].get_absolute_url())
    assert b"If this one stays with you" in response.content


@pytest.mark.parametrize(
    "status",
    [
        PostStatus.PENDING,
        PostStatus.HIDDEN,
        PostStatus.REJECTED,
        PostStatus.REMOVED,
        PostStatus.EXPIRED,
    ],
)
def test_the_authors_held_or_ended_post_links_to_the_resources(client, user, post, status):
    Post.objects.filter(pk=post.pk).update(status=status)
    client.force_login(user)
    soup = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    banner = soup.select_one(".status-banner")
    assert reverse("board:resource-list") in [a["href"] for a in banner.find_all("a")]


def test_a_published_post_banner_has_no_resources_line(client, user, post):
    client.force_login(user)
    soup = BeautifulSoup(client.get(post.get_absolute_url()).content, "html.parser")
    banner = soup.select_one(".status-banner")
    assert reverse("board:resource-list") not in [a["href"] for a in banner.find_all("a")]


# Beside an article


def test_related_articles_are_published_share_a_type_and_put_the_same_category_first():
    article = Resource.objects.get(slug="the-friend-who-almost-was")
    Resource.objects.filter(slug="what-a-missed-connection-is").update(is_published=False)
    related = coping.related_for(article)
    assert 2 <= len(related) <= 3
    assert article not in related
    assert all(r.is_published and r.suits_platonic for r in related)
    assert "what-a-missed-connection-is" not in {r.slug for r in related}
    assert related[0].category == article.category
    assert [r.slug for r in coping.related_for(article)] == [r.slug for r in related]


def test_an_articles_prompt_is_stable_published_and_suits_it():
    article = Resource.objects.get(slug="the-mentor-you-never-approached")
    prompt = coping.prompt_for(article)
    assert prompt.suits_professional
    assert coping.prompt_for(article) == prompt
    JournalPrompt.objects.filter(pk=prompt.pk).update(is_published=False)
    assert coping.prompt_for(article) != prompt
