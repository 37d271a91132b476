"""Read the coping content files and add whatever rows are missing; never overwrite edits.

Each function takes the model classes as parameters, so migration 0004 can call them with
historical models from `apps.get_model` and the `load_coping_content` command with the
real ones. Rows are keyed by slug (articles), text (prompts) and country and name
(helplines): a row
that exists is left exactly as an admin left it.
"""

import json
from datetime import date
from pathlib import Path

from django.db import transaction

from .. import sanitize
from ..models.resources import ResourceCategory

CONTENT_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = CONTENT_DIR / "articles"
CONNECTION_TYPES = ("romantic", "platonic", "professional")
ARTICLE_KEYS = ("title", "slug", "summary", "category", "types", "order")


def _suits(types, *, where: str) -> dict[str, bool]:
    types = set(types)
    unknown = types - set(CONNECTION_TYPES)
    if unknown or not types:
        raise ValueError(f"{where}: types must be some of {CONNECTION_TYPES}, got {sorted(types)}")
    return {f"suits_{t}": t in types for t in CONNECTION_TYPES}


def parse_article(text: str, *, where: str = "article") -> dict:
    """Split one article file into its front matter (`key: value` lines) and Markdown body."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{where}: must start with a front-matter block between --- lines")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ValueError(f"{where}: the front-matter block is never closed") from None
    meta = {}
    for line in lines[1:end]:
        if line.strip():
            key, sep, value = line.partition(":")
            if not sep:
                raise ValueError(f"{where}: expected `key: value`, got {line!r}")
            meta[key.strip()] = value.strip()
    missing = [key for key in ARTICLE_KEYS if not meta.get(key)]
    if missing:
        raise ValueError(f"{where}: front matter lacks {', '.join(missing)}")
    if meta["category"] not in ResourceCategory.values:
        raise ValueError(f"{where}: unknown category {meta['category']!r}")
    types = [t.strip() for t in meta["types"].split(",") if t.strip()]
    return {
        "title": meta["title"],
        "slug": meta["slug"],
        "summary": meta["summary"],
        "category": meta["category"],
        "order": int(meta["order"]),
        "body": "\n".join(lines[end + 1 :]).strip() + "\n",
        **_suits(types, where=where),
    }


def read_articles(directory: Path = ARTICLES_DIR) -> list[dict]:
    return [
        parse_article(path.read_text(encoding="utf-8"), where=path.name)
        for path in sorted(directory.glob("*.md"))
    ]


def _read_json(name: str) -> list[dict]:
    return json.loads((CONTENT_DIR / name).read_text(encoding="utf-8"))


def read_prompts() -> list[dict]:
    return [
        {
            "text": item["text"],
            "topics": list(item["topics"]),
            "order": item.get("order", 0),
            **_suits(item["types"], where=f"prompt {item['text'][:40]!r}"),
        }
        for item in _read_json("prompts.json")
    ]


HELPLINE_FIELDS = (
    "name",
    "purpose",
    "phone",
    "phone_dial",
    "sms",
    "chat_url",
    "hours",
    "link",
    "source_url",
    "order",
)


def read_helplines() -> list[dict]:
    """Helplines by country ("" for an international directory); every row names its source
    and the day it was checked."""
    rows = []
    for item in _read_json("helplines.json"):
        if not item.get("source_url") or not item.get("checked_on"):
            raise ValueError(f"helpline {item.get('name')!r}: a source and a date are required")
        row = {key: item.get(key, "") for key in HELPLINE_FIELDS}
        row["order"] = row["order"] or 0
        row["country_id"] = item["country"] or None
        row["checked_on"] = date.fromisoformat(item["checked_on"])
        rows.append(row)
    return rows


def _create_missing(model, items: list[dict], key: str) -> int:
    existing = set(model.objects.values_list(key, flat=True))
    missing = [model(**item) for item in items if item[key] not in existing]
    model.objects.bulk_create(missing)
    return len(missing)


def load_articles(Resource, articles: list[dict] | None = None) -> int:
    """Create the articles whose slug is not in the table yet, with their body rendered."""
    articles = read_articles() if articles is None else articles
    rendered = [{**item, "body_html": sanitize.render_article(item["body"])} for item in articles]
    return _create_missing(Resource, rendered, "slug")


def load_prompts(JournalPrompt, prompts: list[dict] | None = None) -> int:
    return _create_missing(JournalPrompt, read_prompts() if prompts is None else prompts, "text")


def load_helplines(Helpline, helplines: list[dict] | None = None) -> int:
    """Create the helplines missing by (country, name). Migration 0004's Helpline predates
    helplines by country: migration 0013 loads them, so that one gets none."""
    if not any(field.name == "phone_dial" for field in Helpline._meta.get_fields()):
        return 0
    helplines = read_helplines() if helplines is None else helplines
    existing = set(Helpline.objects.values_list("country_id", "name"))
    countries = set(
        Helpline._meta.get_field("country").related_model.objects.values_list("pk", flat=True)
    )
    missing = [
        Helpline(**item)
        for item in helplines
        if (item["country_id"], item["name"]) not in existing
        and (item["country_id"] is None or item["country_id"] in countries)
    ]
    Helpline.objects.bulk_create(missing)
    return len(missing)


@transaction.atomic
def load_all(*, Resource, JournalPrompt, Helpline) -> dict[str, int]:
    """Add every missing article, prompt and helpline; return how many of each were made."""
    return {
        "articles": load_articles(Resource),
        "prompts": load_prompts(JournalPrompt),
        "helplines": load_helplines(Helpline),
    }
