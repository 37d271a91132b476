"""The coping-resources content, its pages, the crisis block and the admin for it."""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db.migrations.loader import MigrationLoader
from django.urls import reverse

from board.content import loader
from board.models import Helpline, JournalPrompt, Resource, ResourceCategory
from board.services import resources as resource_services

pytestmark = pytest.mark.django_db

LIST = reverse("board:resource-list")
PROMPTS = reverse("board:prompt-list")
EMERGENCY = "If you are in danger or thinking of harming yourself, contact your local emergency"


FRONT = "---\ntitle: T\nslug: t\nsummary: S\ncategory: {category}\ntypes: {types}\norder: 1\n---\n"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def text_of(response) -> str:
    return soup_of(response).get_text(" ", strip=True)


def counts() -> tuple[int, int, int]:
    return Resource.objects.count(), JournalPrompt.objects.count(), Helpline.objects.count()


@pytest.fixture
def article():
    return Resource.objects.published().get(slug="the-one-that-got-away")


# Content from the migration, and reloading it


def test_a_fresh_migrate_has_articles_in_every_category_prompts_and_both_helplines():
    assert Resource.objects.published().count() >= 10
    assert set(Resource.objects.values_list("category", flat=True)) == set(ResourceCategory.values)
    assert JournalPrompt.objects.published().count() >= 20
    names = set(Helpline.objects.values_list("country", "name"))
    assert {("US", "988 Suicide & Crisis Lifeline"), ("GB", "Samaritans")} <= names


def test_every_migrated_article_has_its_body_rendered_and_clean():
    for resource in Resource.objects.all():
        assert resource.body_html.startswith("<")
        assert "<script" not in resource.body_html
        assert resource.reading_minutes >= 1


def test_every_prompt_has_known_topics_and_suits_a_type():
    for prompt in JournalPrompt.objects.all():
        assert prompt.topic_labels
        assert len(prompt.topic_labels) == len(prompt.topics)
        assert prompt.types


def test_reloading_never_overwrites_an_admin_edit_and_adds_nothing_twice(article):
    before = counts()
    article.title = "Edited in the admin"
    article.body = "A shorter body, written by an admin."
    resource_services.save_resource(resource=article)
    Helpline.objects.filter(name="Samaritans").update(purpose="Edited purpose")

    made = loader.load_all(Resource=Resource, JournalPrompt=JournalPrompt, Helpline=Helpline)
    call_command("load_coping_content", stdout=io.StringIO())

    assert made == {"articles": 0, "prompts": 0, "helplines": 0}
    assert counts() == before
    article.refresh_from_db()
    assert article.title == "Edited in the admin"
    assert "shorter body" in article.body_html
    assert Helpline.objects.get(country="GB", name="Samaritans").purpose == "Edited purpose"


def test_the_command_reports_what_it_added_and_restores_missing_rows(capsys):
    Resource.objects.filter(slug="forgiving-yourself").delete()
    call_command("load_coping_content")
    out = capsys.readouterr().out
    assert "Articles added: 1. Prompts added: 0. Helplines added: 0." in out
    assert Resource.objects.filter(slug="forgiving-yourself").exists()


def test_the_loader_works_with_the_historical_models_a_migration_passes():
    apps = MigrationLoader(None).project_state(("board", "0004_coping_content")).apps
    models = {
        name: apps.get_model("board", name) for name in ("Resource", "JournalPrompt", "Helpline")
    }
    Resource.objects.all().delete()
    JournalPrompt.objects.all().delete()
    made = loader.load_all(**models)
    assert made["articles"] == len(loader.read_articles())
    assert made["prompts"] == len(loader.read_prompts())
    assert Resource.objects.get(slug="forgiving-yourself").body_html.startswith("<p>")


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("title: No opening line\n", "must start"),
        ("---\ntitle: Never closed\n", "never closed"),
        ("---\ntitle: T\nslug: t\n---\nBody", "lacks summary"),
        (FRONT.format(category="nope", types="romantic"), "category"),
        (FRONT.format(category="support", types="lunar"), "types"),
    ],
)
def test_bad_front_matter_is_refused_with_a_clear_reason(text, problem):
    with pytest.raises(ValueError, match=problem):
        loader.parse_article(text)


# The pages


def test_the_list_shows_categories_in_reading_order_with_every_published_article(client):
    Resource.objects.filter(slug="forgiving-yourself").update(is_published=False)
    soup = soup_of(client.get(LIST))
    headings = [h.get_text(strip=True) for h in soup.select("section h2")]
    assert headings == [label for _, label in ResourceCategory.choices]
    titles = {a.get_text(strip=True) for a in soup.select("section h3 a")}
    assert titles == set(Resource.objects.published().values_list("title", flat=True))
    assert "Forgiving yourself" not in titles
    assert "Regret is not one feeling but several." in text_of(client.get(LIST))


def test_an_article_page_shows_the_body_reading_time_review_date_prompt_and_related(
    client, article
):
    response = client.get(article.get_absolute_url())
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == article.title
    assert f"{article.reading_minutes} min read" in text_of(response)
    assert soup.find("time")["datetime"] == article.last_reviewed.isoformat()
    assert soup.select_one(".prose h2") is not None  # the Markdown was rendered
    related = soup.select("#related-heading ~ article h3 a")
    assert 2 <= len(related) <= 3
    write = soup.find("a", string="Write about this")
    assert write["href"].startswith(reverse("board:reflection-create") + "?prompt=")


def test_an_unpublished_article_answers_404_even_to_a_superuser(client, admin_client, article):
    Resource.objects.filter(pk=article.pk).update(is_published=False)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert admin_client.get(article.get_absolute_url()).status_code == 404


def test_an_article_with_script_and_javascript_links_renders_with_neither(client, article):
    article.body = (
        "Hello <script>alert(1)</script>\n\n[click](javascript:alert(2))\n\n"
        '<a href="javascript:alert(3)">raw</a> <img src=x onerror=alert(4)>'
    )
    resource_services.save_resource(resource=article)
    body = soup_of(client.get(article.get_absolute_url())).select_one(".prose")
    assert body.find("script") is None
    assert body.find("img") is None
    assert [a["href"] for a in body.find_all("a") if "javascript" in a.get("href", "")] == []
    assert "<script>alert(1)</script>" in body.get_text()  # shown as text, never run


def test_prompts_can_be_filtered_by_topic_and_each_links_to_a_new_reflection(client):
    soup = soup_of(client.get(PROMPTS, {"topic": "reconnecting"}))
    shown = [p.get_text(strip=True) for p in soup.select(".card .prompt")]
    expected = [p.text for p in JournalPrompt.objects.published() if "reconnecting" in p.topics]
    assert shown == expected
    links = soup.find_all("a", string="Write about this")
    assert len(links) == len(expected)
    assert links[0]["href"].startswith(reverse("board:reflection-create") + "?prompt=")


def test_an_unknown_topic_says_so_and_shows_every_prompt(client):
    response = client.get(PROMPTS, {"topic": "astrology"})
    assert response.status_code == 200
    assert "There is no topic called “astrology”" in text_of(response)
    assert len(soup_of(response).select(".card .prompt")) == JournalPrompt.objects.count()


def test_unpublished_prompts_are_never_listed(client):
    hidden = JournalPrompt.objects.first()
    JournalPrompt.objects.filter(pk=hidden.pk).update(is_published=False)
    assert hidden.text not in text_of(client.get(PROMPTS))


# The crisis block and the note, on every resources page


@pytest.fixture
def resources_pages(article):
    return [LIST, article.get_absolute_url(), PROMPTS, PROMPTS + "?topic=bogus"]


def test_every_resources_page_shows_emergency_services_first_then_each_published_helpline(
    client, resources_pages
):
    Helpline.objects.create(
        name="Retired line", purpose="x", source_url="https://example.org/", checked_on="2026-01-01"
    )
    Helpline.objects.filter(name="Retired line").update(is_published=False)
    # No country chosen or remembered: the international directories.
    helplines = list(Helpline.objects.international())
    assert helplines
    for url in resources_pages:
        soup = soup_of(client.get(url))
        crisis = soup.select("aside.crisis")
        assert len(crisis) == 1, url
        block = crisis[0]
        assert soup.find(id=block["aria-labelledby"]) is not None
        text = block.get_text(" ", strip=True)
        assert text.index(EMERGENCY) < text.index(helplines[0].name)
        for line in helplines:
            assert line.name in text
            assert line.purpose in text
        assert "Retired line" not in text
        assert "medical advice" in soup.get_text()


def test_helplines_come_from_the_database_not_the_template(client):
    Helpline.objects.filter(country="GB", name="Samaritans").update(phone="116 999 (edited)")
    page = text_of(client.get(LIST, {"country": "GB"}))
    assert "Call 116 999 (edited)" in page
    assert "116 123" not in page


# Query counts (anonymous visitors)


def test_the_resources_list_needs_at_most_four_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        assert client.get(LIST).status_code == 200


def test_an_article_page_needs_at_most_five_queries(client, article, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_the_prompts_page_needs_at_most_three_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        assert client.get(PROMPTS, {"topic": "regret"}).status_code == 200


# The admin


@pytest.mark.parametrize("model", ["resource", "journalprompt", "helpline"])
def test_superuser_can_browse_and_search_each_coping_changelist(admin_client, model):
    url = reverse(f"admin:board_{model}_changelist")
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"q": "regret"}).status_code == 200
    first = {"resource": Resource, "journalprompt": JournalPrompt, "helpline": Helpline}[model]
    change = reverse(f"admin:board_{model}_change", args=[first.objects.first().pk])
    assert admin_client.get(change).status_code == 200


def test_the_article_change_page_previews_the_rendered_body(admin_client, article):
    response = admin_client.get(reverse("admin:board_resource_change", args=[article.pk]))
    preview = soup_of(response).select_one(".field-rendered_preview .prose")
    assert preview is not None
    assert preview.find("h2") is not None


def test_saving_an_article_in_the_admin_renders_and_cleans_its_body(admin_client, article):
    url = reverse("admin:board_resource_change", args=[article.pk])
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "category": article.category,
        "order": article.order,
        "is_published": "on",
        "suits_romantic": "on",
        "body": "## New heading\n\nSafe text <script>alert(1)</script>",
        "last_reviewed": "2025-01-31",
    }
    assert admin_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert "<h2>New heading</h2>" in article.body_html
    assert "<script>" not in article.body_html


def test_prompt_topics_are_chosen_from_checkboxes_in_the_admin(admin_client):
    data = {"text": "A new prompt?", "topics": ["regret", "what-if"], "suits_platonic": "on"}
    data.update(order=30, is_published="on")
    assert admin_client.post(reverse("admin:board_journalprompt_add"), data).status_code == 302
    assert JournalPrompt.objects.get(text="A new prompt?").topics == ["regret", "what-if"]
