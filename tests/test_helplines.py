"""Help where the reader is: helplines by country on post pages and in the coping section,
each a `tel:` link, data an admin keeps (with its source), an international directory
for countries without one."""

import re
from datetime import date

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from board.cache import bump_posts_version
from board.content import loader
from board.content.helpline_coverage import DEMO_COUNTRIES, MOST_POPULOUS
from board.models import Area, Helpline
from board.places.remember import PLACE_COOKIE

pytestmark = pytest.mark.django_db

RESOURCES = reverse("board:resource-list")
DIAL = re.compile(r"^\+[1-9][0-9]{6,14}$|^[0-9]{3,6}$")  # E.164, or a national short code


def crisis_of(response):
    soup = BeautifulSoup(response.content, "html.parser")
    blocks = soup.select("aside.crisis")
    assert len(blocks) == 1
    return blocks[0]


def calls(block) -> list[str]:
    return [a["href"] for a in block.select('a[href^="tel:"]')]


def test_every_shipped_helpline_has_a_source_a_date_and_a_dialable_number():
    shipped = loader.read_helplines()
    assert len(Helpline.objects.all()) == len(shipped)
    for line in Helpline.objects.all():
        assert line.source_url.startswith("https://"), line
        assert line.checked_on >= date(2026, 1, 1), line
        for number in filter(None, (line.phone_dial, line.sms)):
            assert DIAL.match(number), line
        line.full_clean()


def test_demo_and_most_populous_countries_have_a_line_or_the_international_directory():
    with_lines = set(Helpline.objects.published().values_list("country", flat=True))
    assert with_lines >= DEMO_COUNTRIES
    assert {"IN", "BR", "MX", "JP", "PH", "IR"} <= with_lines
    assert Helpline.objects.international().count() >= 2
    for code in MOST_POPULOUS | DEMO_COUNTRIES:
        shown = list(Helpline.objects.for_country(code))
        assert shown[-1].country_id is None  # the directory always closes the list
        assert {line.country_id for line in shown} <= {code, None}


def test_a_number_with_spaces_or_letters_cannot_be_dialled_and_is_refused():
    line = Helpline.objects.get(country="DE", name="TelefonSeelsorge")
    for bad in ("0800 111 0 111", "call-us", "+49-800"):
        line.phone_dial = bad
        with pytest.raises(ValidationError):
            line.full_clean()


def test_a_post_page_shows_its_countrys_helplines_as_tel_links(client, world, make_post):
    german = crisis_of(client.get(make_post(area=world["kreuzberg"]).get_absolute_url()))
    assert "TelefonSeelsorge" in german.get_text()
    assert "tel:+498001110111" in calls(german)
    assert "tel:988" not in calls(german)
    assert "Find A Helpline" in german.get_text()
    american = crisis_of(client.get(make_post(area=world["portland_or"]).get_absolute_url()))
    assert calls(american) == ["tel:988"]
    assert american.select_one('a[href="sms:988"]') is not None
    assert "TelefonSeelsorge" not in american.get_text()


def test_a_country_without_a_line_of_its_own_gets_the_international_directories(
    client, world, make_post
):
    cairo = Area.objects.create(name="Cairo", slug="cairo-test", country_id="EG")
    block = crisis_of(client.get(make_post(area=cairo).get_absolute_url()))
    assert calls(block) == []
    names = [a.get_text(strip=True) for a in block.select("li.helpline strong a")]
    assert names == ["Find A Helpline", "Befrienders Worldwide"]


def test_the_kept_crisis_fragment_is_kept_per_country(client, world, make_post):
    """Post pages keep the crisis block as a fragment: a German post's must never be shown
    on an American post."""
    first = make_post(area=world["berlin"])
    second = make_post(area=world["portland_or"])
    assert "tel:+498001110111" in calls(crisis_of(client.get(first.get_absolute_url())))
    assert calls(crisis_of(client.get(second.get_absolute_url()))) == ["tel:988"]


def test_an_admin_edit_shows_on_post_pages_at_once(client, world, make_post):
    post = make_post(area=world["berlin"])
    client.get(post.get_absolute_url())
    line = Helpline.objects.get(country="DE", name="TelefonSeelsorge")
    line.phone = "0800 000 0 000"
    line.save()
    bump_posts_version()  # what the admin's save does (RefreshesPublicPages)
    assert "Call 0800 000 0 000" in crisis_of(client.get(post.get_absolute_url())).get_text()


# The coping section: a country picked in the block's form, or the remembered place


@pytest.mark.parametrize(
    "url", [RESOURCES, reverse("board:prompt-list"), "/resources/the-one-that-got-away/"]
)
def test_the_coping_pages_show_the_picked_countrys_helplines(client, url):
    block = crisis_of(client.get(url, {"country": "GB"}))
    assert calls(block) == ["tel:116123"]
    form = block.select_one("form.crisis-country")
    assert form["method"] == "get"
    assert form.select_one('option[value="GB"]').has_attr("selected")
    assert calls(crisis_of(client.get(url))) == []  # nothing picked: the directories


def test_the_coping_pages_follow_the_remembered_place(client, world):
    client.cookies[PLACE_COOKIE] = f"DE/{world['berlin'].slug}"
    assert "tel:+498001110111" in calls(crisis_of(client.get(RESOURCES)))
    assert calls(crisis_of(client.get(RESOURCES, {"country": "US"}))) == ["tel:988"]


def test_an_unknown_country_shows_the_directories_never_an_error(client):
    for value in ("ZZ", "<script>", "d"):
        response = client.get(RESOURCES, {"country": value})
        assert response.status_code == 200
        assert calls(crisis_of(response)) == []


def test_the_reflection_pages_carry_the_crisis_block_where_the_prompts_lead(client, user):
    client.force_login(user)
    client.cookies[PLACE_COOKIE] = "GB"
    for url in (reverse("board:reflection-create"), reverse("board:reflection-list")):
        assert calls(crisis_of(client.get(url))) == ["tel:116123"], url


# The admin


def test_a_moderator_can_edit_a_helpline_and_an_anonymous_visitor_cannot(client, moderator):
    line = Helpline.objects.get(country="GB", name="Samaritans")
    url = reverse("admin:board_helpline_change", args=[line.pk])
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    client.force_login(moderator)
    assert client.get(url).status_code == 200
    data = {
        "country": "GB",
        "name": "Samaritans",
        "purpose": "Anyone struggling to cope.",
        "phone": "116 123",
        "phone_dial": "116123",
        "sms": "",
        "chat_url": "",
        "hours": "Day or night",
        "link": "https://www.samaritans.org/",
        "source_url": "https://www.samaritans.org/",
        "checked_on": "2026-12-06",
        "order": "1",
        "is_published": "on",
    }
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert line.hours == "Day or night"
    refused = client.post(url, {**data, "phone_dial": "116 123"})
    assert refused.status_code == 200
    assert "Digits only" in refused.content.decode()
