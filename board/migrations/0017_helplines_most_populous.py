"""Helplines for more of the most populous countries (issue 18): Japan, the Philippines and
Iran, and Portugal's national suicide-prevention line 1411 (opened 10 September 2025); the
SNS 24 row now says which option reaches its psychologists. Sources: docs/helplines.md.

The rows are written out here, not read from helplines.json, so this migration does the
same thing whenever it runs. Like 0013 it never overwrites what a moderator changed: a row
whose (country, name) exists is left alone, the SNS 24 text changes only where it is still
the shipped one, and going back removes only added rows nobody has edited. A new database
already has these rows from 0013 (which reads helplines.json), so there it changes nothing.
"""

import datetime

from django.db import migrations

CHECKED = datetime.date(2026, 12, 6)

ADDED = [
    {
        "country_id": "PT",
        "name": "Linha Nacional de Prevenção do Suicídio",
        "purpose": "The national suicide-prevention line, free: psychologists and mental "
        "health nurses answer.",
        "phone": "1411",
        "phone_dial": "1411",
        "hours": "24/7",
        "source_url": "https://www.spms.min-saude.pt/page/2/?cat=0",
    },
    {
        "country_id": "JP",
        "name": "Inochi no Denwa (free dial)",
        "purpose": "Suicide-prevention listening line of the Japan Federation of Inochi no "
        "Denwa, free to call.",
        "phone": "0120-783-556",
        "phone_dial": "+81120783556",
        "hours": "Daily 4–9 pm; 24 hours from 8 am on the 10th of each month",
        "source_url": "https://www.city.akiruno.tokyo.jp/0000015267.html",
    },
    {
        "country_id": "PH",
        "name": "NCMH Crisis Hotline",
        "purpose": "The National Center for Mental Health's line for anyone in a mental "
        "health crisis, including thoughts of suicide.",
        "phone": "0917 899 8727",
        "phone_dial": "+639178998727",
        "hours": "24/7",
        "source_url": "https://doh.gov.ph/press-release/launch-of-the-ncmh-crisis-hotline/",
    },
    {
        "country_id": "IR",
        "name": "Sedaye Moshaver (Voice of the Counsellor)",
        "purpose": "Free telephone counselling from the State Welfare Organization "
        "(Behzisti) for personal, family and emotional difficulties.",
        "phone": "1480",
        "phone_dial": "1480",
        "hours": "Daily 8 am – midnight",
        "source_url": "https://en.behzisti.ir/news/152463/"
        "Office-of-Counseling-and-Psychological-Services-of-SWO-Provided",
    },
]

# (country, name) -> (shipped by 0013, shipped now): changed only where still the former.
UPDATED_PURPOSES = {
    ("PT", "SNS 24"): (
        "The national health line, which also offers psychological counselling.",
        "The national health line: choose option 4 for psychological counselling, 24/7.",
    ),
}

# What identifies an added row as untouched when going back.
COMPARED = ("purpose", "phone", "phone_dial", "hours", "source_url")


def add_helplines(apps, schema_editor):
    Helpline = apps.get_model("board", "Helpline")
    Country = apps.get_model("board", "Country")
    countries = set(Country.objects.values_list("pk", flat=True))
    for row in ADDED:
        if row["country_id"] not in countries:
            continue  # as 0013: a line is only added for a country the gazetteer knows
        Helpline.objects.get_or_create(
            country_id=row["country_id"],
            name=row["name"],
            defaults={**row, "checked_on": CHECKED, "order": 1},
        )
    for (country, name), (shipped, now) in UPDATED_PURPOSES.items():
        Helpline.objects.filter(country_id=country, name=name, purpose=shipped).update(purpose=now)


def remove_helplines(apps, schema_editor):
    Helpline = apps.get_model("board", "Helpline")
    for row in ADDED:
        untouched = {field: row[field] for field in COMPARED}
        Helpline.objects.filter(
            country_id=row["country_id"], name=row["name"], checked_on=CHECKED, **untouched
        ).delete()
    for (country, name), (shipped, now) in UPDATED_PURPOSES.items():
        Helpline.objects.filter(country_id=country, name=name, purpose=now).update(purpose=shipped)


class Migration(migrations.Migration):
    dependencies = [("board", "0016_search_filters_by_country")]

    operations = [migrations.RunPython(add_helplines, remove_helplines)]
