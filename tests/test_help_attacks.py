"""Attacks on help where the reader is: the crisis block's country, its links, hidden lines,
admin edits reaching cached pages at once, and who may change a helpline."""

import re

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from board.models import Area, Helpline
from board.places.remember import PLACE_COOKIE

pytestmark = pytest.mark.django_db

RESOURCES = reverse("board:resource-list")
TEL = re.compile(r"^tel:\+?[0-9]+$")
SMS = re.compile(r"^sms:\+?[0-9]+$")
DIRECTORIES = ["Find A Helpline", "Befrienders Worldwide"]


def crisis_of(response):
    assert response.status_code == 200
    blocks = BeautifulSoup(response.content, "html.parser").select("aside.crisis")
    assert len(blocks) == 1
    return blocks[0]


def calls(block) -> list[str]:
    return [a["href"] for a in block.select('a[href^="tel:"]')]


def line_names(block) -> list[str]:
    return [strong.get_text(strip=True) for strong in block.select("li.helpline > strong")]


def change_url(line) -> str:
    return reverse("admin:board_helpline_change", args=[line.pk])


def form_data(line, **changes) -> dict:
    data = {
        "country": line.country_id or "",
        "name": line.name,
        "purpose": line.purpose,
        "phone": line.phone,
        "phone_dial": line.phone_dial,
        "sms": line.sms,
        "chat_url": line.chat_url,
        "hours": line.hours,
        "link": line.link,
        "source_url": line.source_url,
        "checked_on": line.checked_on.isoformat(),
        "order": str(line.order),
    }
    if line.is_published:
        data["is_published"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def samaritans():
    return Helpline.objects.get(country="GB", name="Samaritans")


# Links: a tel: link dials digits only, text and chat links are https or sms: numbers


def test_every_shipped_line_on_a_post_page_has_well_formed_links(client, make_post):
    countries = set(Helpline.objects.published().values_list("country", flat=True)) - {None}
    for code in sorted(countries):
        area = Area.objects.create(
            name=f"Town {code}", slug=f"town-{code.lower()}", country_id=code
        )
        block = crisis_of(client.get(make_post(area=area).get_absolute_url()))
        assert calls(block), code
        for href in calls(block):
            assert TEL.match(href), href
        for link in block.select('a[href^="sms:"]'):
            assert SMS.match(link["href"]), link["href"]
        for link in block.select("li.helpline a:not([href^='tel:']):not([href^='sms:'])"):
            assert link["href"].startswith("https://"), link["href"]


# The coping section's country: picked, remembered, unknown


@pytest.mark.parametrize("value", ["ireland", "irl", "IRELAND", "ir-land", "Iran?"])
def test_a_country_name_or_three_letter_code_never_picks_another_countrys_lines(client, value):
    """Only a two-letter code picks a country: "ireland" must not be read as IR (Iran)."""
    block = crisis_of(client.get(RESOURCES, {"country": value}))
    assert "tel:1480" not in calls(block)
    assert block.select_one("option[selected]") is None
    assert line_names(block)[-2:] == DIRECTORIES


def test_a_malformed_pick_keeps_the_remembered_country(client):
    client.cookies[PLACE_COOKIE] = "GB"
    block = crisis_of(client.get(RESOURCES, {"country": "germany"}))
    assert calls(block) == ["tel:116123"]


@pytest.mark.parametrize("value", ["gb", " GB ", "Gb"])
def test_a_picked_code_in_any_case_shows_that_countrys_lines(client, value):
    assert calls(crisis_of(client.get(RESOURCES, {"country": value}))) == ["tel:116123"]


@pytest.mark.parametrize(
    "value", ["", "ZZ", "x" * 5000, "🇬🇧", "ＧＢ", "' OR 1=1 --", "<b>", "%", "\u202eBG"]
)
def test_odd_picks_show_the_directories_never_an_error(client, value):
    block = crisis_of(client.get(RESOURCES, {"country": value}))
    assert line_names(block) == DIRECTORIES
    assert "<b>" not in str(block.select_one("p"))


def test_a_country_without_lines_shows_the_directories_and_is_named(client):
    block = crisis_of(client.get(RESOURCES, {"country": "eg"}))
    assert line_names(block) == DIRECTORIES
    assert calls(block) == []
    text = " ".join(block.get_text().split())
    assert "We don't list a helpline in Egypt yet. These directories can find one:" in text
    assert "a helpline in Egypt:" not in text  # the directories are not Egypt's lines


def test_a_post_in_a_country_without_lines_says_so_above_the_directories(client, make_post):
    cairo = Area.objects.create(name="Cairo", slug="cairo-test", country_id="EG")
    block = crisis_of(client.get(make_post(area=cairo).get_absolute_url()))
    assert "We don't list a helpline in Egypt yet" in block.get_text()
    tokyo = Area.objects.create(name="Tokyo", slug="tokyo-test", country_id="JP")
    block = crisis_of(client.get(make_post(area=tokyo).get_absolute_url()))
    assert "Or talk to someone at a helpline in Japan:" in " ".join(block.get_text().split())


def test_without_any_published_directory_the_block_still_sends_to_emergency_services(client):
    Helpline.objects.filter(country__isnull=True).update(is_published=False)
    block = crisis_of(client.get(RESOURCES, {"country": "EG"}))
    assert "contact your local emergency services" in block.get_text()


# Unpublished lines


def test_an_unpublished_line_is_shown_nowhere(client, world, make_post, samaritans):
    Helpline.objects.filter(pk=samaritans.pk).update(is_published=False)
    london = Area.objects.create(name="London", slug="london-test", country_id="GB")
    post_block = crisis_of(client.get(make_post(area=london).get_absolute_url()))
    assert "Samaritans" not in post_block.get_text()
    assert line_names(post_block) == DIRECTORIES
    for url in (RESOURCES, reverse("board:prompt-list")):
        block = crisis_of(client.get(url, {"country": "GB"}))
        assert "Samaritans" not in block.get_text()
        assert block.select_one('option[value="GB"]') is None  # no lines: not offered


# An admin's change reaches every page at once, cached ones included


def test_a_moderators_change_in_the_admin_shows_at_once_to_anonymous_readers(
    client, moderator, make_post, samaritans
):
    london = Area.objects.create(name="London", slug="london-test", country_id="GB")
    post_url = make_post(area=london).get_absolute_url()
    assert calls(crisis_of(client.get(post_url))) == ["tel:116123"]  # now kept in the caches
    assert calls(crisis_of(client.get(RESOURCES, {"country": "GB"}))) == ["tel:116123"]
    client.force_login(moderator)
    changed = client.post(change_url(samaritans), form_data(samaritans, phone_dial="+44116123"))
    assert changed.status_code == 302
    client.logout()
    assert calls(crisis_of(client.get(post_url))) == ["tel:+44116123"]
    assert calls(crisis_of(client.get(RESOURCES, {"country": "GB"}))) == ["tel:+44116123"]
    client.force_login(moderator)
    hidden = client.post(change_url(samaritans), form_data(samaritans, is_published=None))
    assert hidden.status_code == 302
    client.logout()
    assert "Samaritans" not in crisis_of(client.get(post_url)).get_text()
    assert "Samaritans" not in crisis_of(client.get(RESOURCES, {"country": "GB"})).get_text()


# Who may change a helpline


def test_anonymous_visitors_and_members_never_reach_the_helpline_admin(
    client, user, make_user, samaritans
):
    urls = [
        reverse("admin:board_helpline_changelist"),
        change_url(samaritans),
        reverse("admin:board_helpline_add"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(user)
    for url in urls:
        assert client.get(url).status_code == 302
    assert client.post(change_url(samaritans), form_data(samaritans, hours="x")).status_code == 302
    client.force_login(make_user(is_staff=True))  # staff, but no helpline permission
    for url in urls:
        assert client.get(url).status_code == 403
    assert client.post(change_url(samaritans), form_data(samaritans, hours="x")).status_code == 403
    samaritans.refresh_from_db()
    assert samaritans.hours != "x"


def test_moderators_add_and_change_lines_but_only_a_superuser_deletes_one(
    client, moderator, admin_user, make_post, samaritans
):
    london = Area.objects.create(name="London", slug="london-test", country_id="GB")
    post_url = make_post(area=london).get_absolute_url()
    assert "Samaritans" in crisis_of(client.get(post_url)).get_text()  # cached from now on
    delete_url = reverse("admin:board_helpline_delete", args=[samaritans.pk])
    client.force_login(moderator)
    assert client.get(reverse("admin:board_helpline_add")).status_code == 200
    assert client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = reverse("admin:board_helpline_changelist")
    bulk = {"action": "delete_selected", "_selected_action": [samaritans.pk], "post": "yes"}
    client.post(changelist, bulk)
    assert Helpline.objects.filter(pk=samaritans.pk).exists()
    client.force_login(admin_user)
    assert client.post(changelist, bulk).status_code == 302
    assert not Helpline.objects.filter(pk=samaritans.pk).exists()
    client.logout()
    assert "Samaritans" not in crisis_of(client.get(post_url)).get_text()


# What the admin refuses


@pytest.mark.parametrize(
    "field", ["chat_url", "link", "source_url"], ids=["chat", "website", "source"]
)
@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)",
        "JavaScript://example.org/%0Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "http://www.samaritans.org/",
        "ftp://www.samaritans.org/",
    ],
)
def test_links_must_be_https(client, moderator, samaritans, field, value):
    client.force_login(moderator)
    refused = client.post(change_url(samaritans), form_data(samaritans, **{field: value}))
    assert refused.status_code == 200
    samaritans.refresh_from_db()
    assert getattr(samaritans, field) != value


@pytest.mark.parametrize("value", ["tel:116123", "116 123", "+", "12", "116123;ext=1", "1" * 17])
def test_a_number_to_dial_is_digits_only(client, moderator, samaritans, value):
    client.force_login(moderator)
    for field in ("phone_dial", "sms"):
        refused = client.post(change_url(samaritans), form_data(samaritans, **{field: value}))
        assert refused.status_code == 200, (field, value)
    samaritans.refresh_from_db()
    assert samaritans.phone_dial == "116123"


@pytest.mark.parametrize("field", ["phone_dial", "sms"])
def test_a_number_to_dial_with_a_line_break_is_refused_outside_the_admin_too(samaritans, field):
    """The admin strips whitespace; data loaded another way must not put "116123\n" into a
    tel: link either."""
    from django.core.exceptions import ValidationError

    setattr(samaritans, field, "116123\n")
    with pytest.raises(ValidationError):
        samaritans.full_clean()


def test_a_number_shown_without_a_number_to_dial_is_refused(client, moderator, samaritans):
    """The block shows a number only as its tel: link: one without would never be seen."""
    client.force_login(moderator)
    refused = client.post(change_url(samaritans), form_data(samaritans, phone_dial=""))
    assert refused.status_code == 200
    assert "phone_dial" in refused.context["adminform"].form.errors
    samaritans.refresh_from_db()
    assert samaritans.phone_dial == "116123"


# Where the prompts lead: the reflection page keeps the country picked on the coping page


@pytest.mark.parametrize("url", [reverse("board:prompt-list"), "/resources/the-one-that-got-away/"])
def test_a_prompt_followed_from_a_picked_country_leads_to_its_lines(client, user, url):
    client.force_login(user)
    page = BeautifulSoup(client.get(url, {"country": "gb"}).content, "html.parser")
    write = page.find("a", string="Write about this")["href"]
    assert "prompt=" in write
    assert calls(crisis_of(client.get(write))) == ["tel:116123"]
    unpicked = BeautifulSoup(client.get(url).content, "html.parser")
    assert "country" not in unpicked.find("a", string="Write about this")["href"]


def coping_links(response) -> list[str]:
    """The page's links to other coping pages (the resources, the prompts), crisis form aside."""
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main")
    return [
        a["href"]
        for a in main.select("a[href]")
        if a["href"].startswith(("/resources/", "?")) and not a.find_parent("aside")
    ]


@pytest.mark.parametrize(
    "url",
    [RESOURCES, reverse("board:prompt-list"), "/resources/the-one-that-got-away/"],
)
def test_every_coping_link_keeps_the_picked_country(client, url):
    links = coping_links(client.get(url, {"country": "jp"}))
    assert links
    for link in links:
        assert "country=JP" in link, link
        assert calls(crisis_of(client.get(link if link.startswith("/") else url + link))) == [
            "tel:+81120783556"
        ], link
    assert all("country" not in link for link in coping_links(client.get(url)))


def test_a_moderator_adding_a_line_can_choose_its_country(client, moderator):
    """Moderators may not browse countries in the admin, so an autocomplete for the country
    (which asks the country admin) would offer them nothing to choose."""
    client.force_login(moderator)
    page = BeautifulSoup(client.get(reverse("admin:board_helpline_add")).content, "html.parser")
    assert page.select_one('select[name="country"] option[value="DE"]') is not None
    data = {
        "country": "AQ",
        "name": "Research station line",
        "purpose": "Anyone wintering over.",
        "phone": "12 345",
        "phone_dial": "12345",
        "source_url": "https://example.org/aq",
        "checked_on": "2026-12-06",
        "order": "0",
        "is_published": "on",
    }
    assert client.post(reverse("admin:board_helpline_add"), data).status_code == 302
    client.logout()
    assert calls(crisis_of(client.get(RESOURCES, {"country": "AQ"}))) == ["tel:12345"]
