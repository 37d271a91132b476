"""Helplines for three more of the most populous countries (issue 18): China's national
psychological assistance line 12356, Thailand's Department of Mental Health line 1323 and
Pakistan's federal mental-health helpline 1166. Sources: docs/helplines.md.

As 0017: the rows are written out here, so this migration does the same thing whenever it
runs; a row whose (country, name) exists is left alone, and going back removes only added
rows nobody has edited. A new database already has these rows from 0013 (which reads
helplines.json), so there it changes nothing.
"""

import datetime

from django.db import migrations

CHECKED = datetime.date(2026, 12, 6)

ADDED = [
    {
        "country_id": "CN",
        "name": "12356 Psychological Assistance Hotline (心理援助热线)",
        "purpose": "The National Health Commission's free line for anyone with psychological "
        "distress or emotional problems: counselling and crisis intervention.",
        "phone": "12356",
        "phone_dial": "12356",
        "hours": "At least 18 hours a day; 24 hours in many cities",
        "source_url": "https://www.channelnewsasia.com/east-asia/"
        "china-mental-health-hotline-12356-4836311",
    },
    {
        "country_id": "TH",
        "name": "Mental Health Hotline 1323 (สายด่วนสุขภาพจิต)",
        "purpose": "The Department of Mental Health's free line: counselling and crisis "
        "support for anyone in emotional distress. If it is busy, hold or call again.",
        "phone": "1323",
        "phone_dial": "1323",
        "hours": "24/7",
        "source_url": "https://thethaiger.com/th/news/1476607/",
    },
    {
        "country_id": "PK",
        "name": "Humraaz helpline 1166 (Ministry of National Health Services)",
        "purpose": "The federal government's free health helpline, which takes mental-health "
        "calls, including thoughts of suicide.",
        "phone": "1166",
        "phone_dial": "1166",
        "hours": "Not published (the call centre opened 8 am – midnight daily)",
        "source_url": "https://www.app.com.pk/national/"
        "formation-of-national-strategy-to-counter-mental-health-issues-need-of-hour-minister/",
    },
]

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


def remove_helplines(apps, schema_editor):
    Helpline = apps.get_model("board", "Helpline")
    for row in ADDED:
        untouched = {field: row[field] for field in COMPARED}
        Helpline.objects.filter(
            country_id=row["country_id"], name=row["name"], checked_on=CHECKED, **untouched
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("board", "0019_post_field_names")]

    operations = [migrations.RunPython(add_helplines, remove_helplines)]
