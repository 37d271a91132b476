"""Save the main pages as HTML files for the Nu HTML Checker (see docs/quality.md).

Run against a throwaway database that `seed_demo` filled:
    DATABASE_URL=sqlite:////tmp/quality.sqlite3 DJANGO_ALLOWED_HOSTS=testserver \
        .venv/bin/python docs/quality/dump_pages.py /tmp/quality-pages
"""

import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
django.setup()

from django.test import Client  # noqa: E402

from board.demo import loader  # noqa: E402
from board.models import Conversation, Post, Resource  # noqa: E402

out = Path(sys.argv[1])
out.mkdir(parents=True, exist_ok=True)
post = Post.objects.published().order_by("-published_at").first()
article = Resource.objects.published().first()
visitor = {
    "front": "/",
    "search": "/?q=train&type=romantic",
    "post": post.get_absolute_url(),
    "about": "/about/",
    "privacy": "/privacy/",
    "terms": "/terms/",
    "contact": "/contact/",
    "appeal": "/appeal/",
    "guidelines": "/guidelines/",
    "resources": "/resources/",
    "article": article.get_absolute_url(),
    "moderation-log": "/moderation/",
    "sign-in": "/accounts/login/",
    "sign-up": f"/accounts/signup/?next=/posts/{post.public_id}/reply/",
}
member = {
    "post-form": "/posts/new/",
    "my-posts": "/me/posts/",
    "inbox": "/me/inbox/",
    "account": "/me/",
    "notices": "/me/notifications/",
    "found-confirm": f"/posts/{post.public_id}/found/",
}
conversation = Conversation.objects.filter(post__author=loader.demo_author()).first()
if conversation is not None:
    member["conversation"] = conversation.get_absolute_url()

client = Client()
for name, path in visitor.items():
    (out / f"{name}.html").write_bytes(client.get(path).content)
client.force_login(loader.demo_author())
for name, path in member.items():
    (out / f"{name}.html").write_bytes(client.get(path).content)
print(f"{len(visitor) + len(member)} pages in {out}")
