"""Issue 18's coverage promise: every demo country and each of the twenty most populous
countries has a line to call, with its source, or is in the documented "directory only"
set; the shipped list, that set and docs/helplines.md cannot drift apart; migrations 0017
and 0020 add the new lines to an older board without touching what moderators changed."""

import importlib
import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.apps import apps

from board.content import loader
from board.content.helpline_coverage import DEMO_COUNTRIES, DIRECTORY_ONLY, MOST_POPULOUS
from board.models import Area, Helpline

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "helplines.md"
migration = importlib.import_module("board.migrations.0017_helplines_most_populous")
migration_0020 = importlib.import_module("board.migrations.0020_helplines_china_thailand_pakistan")


def docs_table(heading: str) -> list[list[str]]:
    """The rows (cells stripped, header left out) of the table under `## heading`."""
    section = DOCS.read_text(encoding="utf-8").split(f"\n## {heading}\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in lines[1:]]


def crisis_calls(response) -> list[str]:
    block = BeautifulSoup(response.content, "html.parser").select_one("aside.crisis")
    return [a["href"] for a in block.select('a[href^="tel:"]')]


def lines_to_call(code: str):
    return Helpline.objects.published().filter(country_id=code).exclude(phone_dial="")


# The promise, country by country


@pytest.mark.parametrize("code", sorted(MOST_POPULOUS | DEMO_COUNTRIES))
def test_each_country_has_a_sourced_line_to_call_or_is_listed_as_directory_only(code):
    lines = list(lines_to_call(code))
    assert bool(lines) != (code in DIRECTORY_ONLY), code  # one or the other, never both
    for line in lines:
        assert line.source_url.startswith("https://"), line
    assert Helpline.objects.international().count() >= 2  # what directory-only shows


def test_the_demo_countries_are_the_countries_of_the_demo_cities():
    places = json.loads((ROOT / "board" / "demo" / "places.json").read_text(encoding="utf-8"))
    demo = {area["country"] for area in places["areas"] if area.get("country")}
    assert demo == DEMO_COUNTRIES
    assert not DEMO_COUNTRIES & DIRECTORY_ONLY


# The docs table and the data


def test_the_directory_only_countries_are_exactly_those_the_docs_explain():
    rows = docs_table("Directory only")
    assert {row[0] for row in rows} == DIRECTORY_ONLY
    assert all(row[1] for row in rows)  # each says why


def test_the_docs_list_every_shipped_line_with_its_number_hours_and_sources():
    shipped = {(row["country_id"], row["phone"]) for row in loader.read_helplines()}
    shipped.discard((None, ""))  # the international directories have no number
    rows = docs_table("Shipped lines")
    assert {(row[0], row[2]) for row in rows} == shipped
    for country, _service, _number, hours, primary, second, checked in rows:
        assert hours and primary.startswith("https://") and second and checked, country


@pytest.mark.parametrize("added_by", [migration, migration_0020], ids=["0017", "0020"])
def test_the_migrations_ship_what_the_shipped_list_ships(added_by):
    """A new board gets these rows from helplines.json (migration 0013), an older one from
    0017 and 0020: both must say the same."""
    shipped = {(row["country_id"], row["name"]): row for row in loader.read_helplines()}
    for row in added_by.ADDED:
        json_row = shipped[(row["country_id"], row["name"])]
        assert {key: json_row[key] for key in row} == row
        assert json_row["checked_on"] == added_by.CHECKED


def test_0017s_new_purpose_for_sns24_is_the_shipped_one():
    shipped = {(row["country_id"], row["name"]): row for row in loader.read_helplines()}
    for key, (_before, after) in migration.UPDATED_PURPOSES.items():
        assert shipped[key]["purpose"] == after


# The post page


def test_a_post_in_tokyo_shows_the_japanese_line_as_a_tel_link(client, make_post):
    tokyo = Area.objects.create(name="Tokyo", slug="tokyo-test", country_id="JP")
    response = client.get(make_post(area=tokyo).get_absolute_url())
    assert crisis_calls(response) == ["tel:+81120783556"]
    block = BeautifulSoup(response.content, "html.parser").select_one("aside.crisis")
    assert "Inochi no Denwa" in block.get_text()
    assert "10th of each month" in block.select_one("li.helpline .hours").get_text()
    names = [a.get_text(strip=True) for a in block.select("li.helpline strong a")]
    assert names[-2:] == ["Find A Helpline", "Befrienders Worldwide"]


@pytest.mark.parametrize(
    ("country", "calls"),
    [
        ("PH", ["tel:+639178998727"]),
        ("IR", ["tel:1480"]),
        ("PT", ["tel:1411", "tel:+351808242424"]),  # the suicide-prevention line first
        ("CN", ["tel:12356"]),
        ("TH", ["tel:1323"]),
        ("PK", ["tel:1166"]),
    ],
)
def test_the_new_lines_are_called_from_their_countrys_post_pages(client, make_post, country, calls):
    area = Area.objects.create(
        name=f"City in {country}", slug=f"city-{country}", country_id=country
    )
    assert crisis_calls(client.get(make_post(area=area).get_absolute_url())) == calls


# Migration 0017 on a board that already has helplines


def added_rows():
    return Helpline.objects.filter(
        country_id__in={row["country_id"] for row in migration.ADDED},
        name__in={row["name"] for row in migration.ADDED},
    )


def sns24():
    return Helpline.objects.get(country_id="PT", name="SNS 24")


@pytest.fixture
def board_before_0017():
    """The helplines as migration 0013 left them on a board created before this change."""
    added_rows().delete()
    before, _after = migration.UPDATED_PURPOSES[("PT", "SNS 24")]
    Helpline.objects.filter(country_id="PT", name="SNS 24").update(purpose=before)


def test_0017_adds_the_new_lines_once_however_often_it_runs(board_before_0017):
    migration.add_helplines(apps, None)
    migration.add_helplines(apps, None)
    assert added_rows().count() == len(migration.ADDED)
    assert lines_to_call("JP").get().phone_dial == "+81120783556"
    assert sns24().purpose.startswith("The national health line: choose option 4")


def test_0017_never_overwrites_what_a_moderator_changed(board_before_0017):
    Helpline.objects.create(
        country_id="JP",
        name="Inochi no Denwa (free dial)",
        purpose="Edited by a moderator.",
        phone="0570-783-556",
        phone_dial="+81570783556",
        source_url="https://www.inochinodenwa.org/",
        checked_on="2026-12-01",
    )
    Helpline.objects.filter(pk=sns24().pk).update(purpose="Our own words.")
    migration.add_helplines(apps, None)
    assert lines_to_call("JP").get().phone_dial == "+81570783556"
    assert sns24().purpose == "Our own words."


def test_going_back_removes_only_the_added_lines_nobody_edited(board_before_0017):
    migration.add_helplines(apps, None)
    Helpline.objects.filter(country_id="PH").update(hours="Around the clock")
    migration.remove_helplines(apps, None)
    assert list(added_rows().values_list("country_id", flat=True)) == ["PH"]
    before, _after = migration.UPDATED_PURPOSES[("PT", "SNS 24")]
    assert sns24().purpose == before


# Migration 0020 on a board that already has helplines


def rows_added_by_0020():
    return Helpline.objects.filter(
        country_id__in={row["country_id"] for row in migration_0020.ADDED},
        name__in={row["name"] for row in migration_0020.ADDED},
    )


@pytest.fixture
def board_before_0020():
    rows_added_by_0020().delete()


def test_0020_adds_china_thailand_and_pakistan_once_however_often_it_runs(board_before_0020):
    migration_0020.add_helplines(apps, None)
    migration_0020.add_helplines(apps, None)
    assert rows_added_by_0020().count() == 3
    assert {line.country_id: line.phone_dial for line in rows_added_by_0020()} == {
        "CN": "12356",
        "TH": "1323",
        "PK": "1166",
    }


def test_0020_never_overwrites_what_a_moderator_changed(board_before_0020):
    shipped = migration_0020.ADDED[0]
    Helpline.objects.create(
        country_id="CN",
        name=shipped["name"],
        purpose="Edited by a moderator.",
        phone="12356",
        phone_dial="12356",
        hours="24/7 in Beijing",
        source_url="https://www.nhc.gov.cn/",
        checked_on="2026-12-01",
    )
    migration_0020.add_helplines(apps, None)
    assert lines_to_call("CN").get().hours == "24/7 in Beijing"


def test_0020_going_back_removes_only_the_lines_nobody_edited(board_before_0020):
    migration_0020.add_helplines(apps, None)
    Helpline.objects.filter(country_id="TH").update(hours="Around the clock")
    migration_0020.remove_helplines(apps, None)
    assert list(rows_added_by_0020().values_list("country_id", flat=True)) == ["TH"]
