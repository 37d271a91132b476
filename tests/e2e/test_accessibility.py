"""axe-core on every main page, light and dark, phone and desktop: no serious or critical
violations. Each page is also saved to screenshots/ for people to look at.

axe is injected as an inline script, which the site's Content-Security-Policy rightly
blocks, so these contexts (and only these) bypass CSP. The journeys check CSP holds.
"""

import json

import pytest
from django.urls import reverse

from board.models import Resource
from board.services import alerts, hints, replies
from board.services.alerts import links as alert_links

from .conftest import DESKTOP, PHONE, shot, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

BLOCKING = {"serious", "critical"}

# Signed-out pages: (name, path). Paths with {post} or {article} are filled in per run.
PUBLIC_PAGES = [
    ("list", "/"),
    ("list-filtered", "/?type=romantic&area=springfield&setting=public-transit"),
    ("search", "/?q=umbrella"),
    ("post", "{post}"),
    ("guidelines", "/guidelines/"),
    ("resources", "/resources/"),
    ("article", "{article}"),
    ("prompts", "/resources/prompts/"),
    ("sign-in", "/accounts/login/"),
    ("sign-up", "/accounts/signup/"),
    ("alert-new", "/alerts/new/?q=umbrella&area=springfield&setting=public-transit"),
    ("alert-manage", "{alert_manage}"),
]
# Signed in as the poster.
PERSONAL_PAGES = [
    ("post-form", "/posts/new/"),
    ("post-held-author", "{held}"),
    ("my-posts", "/me/posts/"),
    ("inbox", "/me/inbox/"),
    ("conversation", "{conversation}"),
    ("my-alerts", "/me/alerts/"),
    ("notices-with-hint", "/me/notifications/"),
]

RUN_AXE = """async () => {
    const result = await axe.run(document, {resultTypes: ["violations"]});
    return result.violations.map(v => ({
        id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.map(n => ({target: n.target.join(" "), summary: n.failureSummary})),
    }));
}"""


@pytest.fixture
def board_content(make_user, make_post, areas, tags):
    """A poster with a live post (question set), a held post and an accepted conversation."""
    poster, replier = make_user(), make_user()
    post = make_post(
        author=poster,
        headline="Green umbrella at the station",
        story="You held the door and we both laughed at the rain. *Thank you.*",
        i_saw="Green umbrella, yellow boots",
        i_am="Soaked, carrying a cello",
        where_exactly="Platform 2",
        recognition_question="What was I carrying?",
    )
    other = make_post(
        author=make_user(), headline="Umbrella race on the bridge", connection_type="platonic"
    )
    hints._give_hint(post=post, other_post=other, score=1.0)  # a possible-match notice
    held = make_post(
        author=poster,
        headline="Blue scarf on the bus",
        story="Call me on 212-555-0134, you lent me your pen on the number 7.",
    )
    conversation = replies.send_reply(
        post=post, replier=replier, answer="A cello", message="It was me, with the cello!"
    )
    replies.accept_reply(conversation=conversation)
    replies.send_message(conversation=conversation, sender_role="poster", body="Hello again!")
    alerts.create_alert_for_user(
        user=poster,
        filters=alerts.AlertFilters.build(query="umbrella", area=areas["city"]),
        frequency="digest",
        days=30,
    )
    by_address = alerts.create_alert_for_address(
        email="watcher@example.test",
        filters=alerts.AlertFilters.build(query="cello"),
        frequency="each",
        days=7,
    ).alert
    article = Resource.objects.published().order_by("order", "slug").first()
    assert article is not None, "the coping content migration ships published articles"
    return {
        "poster": poster,
        "paths": {
            "post": post.get_absolute_url(),
            "held": held.get_absolute_url(),
            "article": article.get_absolute_url(),
            "conversation": conversation.get_absolute_url(),
            "alert_manage": reverse(
                "board:alert-manage", args=[alert_links.manage_token(by_address.email_hash)]
            ),
        },
    }


def axe_violations(page, axe) -> list[dict]:
    page.add_script_tag(path=str(axe))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


def describe(problems: dict) -> str:
    lines = []
    for page_name, found in problems.items():
        if isinstance(found, str):
            lines.append(f"{page_name}: {found}")
            continue
        for violation in found:
            lines.append(
                f"{page_name}: [{violation['impact']}] {violation['id']}: {violation['help']}"
            )
            lines += [f"    {node['target']}" for node in violation["nodes"][:6]]
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_main_pages_have_no_serious_accessibility_violations(
    new_context, axe, board_content, scheme, width, viewport
):
    options = {"viewport": viewport, "color_scheme": scheme, "bypass_csp": True}
    signed_out = new_context(**options).new_page()
    signed_in_context = new_context(**options)
    sign_in(signed_in_context, board_content["poster"])
    signed_in = signed_in_context.new_page()

    problems = {}
    visits = [(signed_out, *entry) for entry in PUBLIC_PAGES]
    visits += [(signed_in, *entry) for entry in PERSONAL_PAGES]
    visits.append((signed_in, "post-form-errors", "/posts/new/"))
    for page, name, path in visits:
        path = path.format(**board_content["paths"])
        response = page.goto(path)
        if response is None or response.status >= 400:
            status = response.status if response else "no response"
            problems[name] = f"GET {path} answered {status} (not implemented yet?)"
            continue
        if name == "post-form-errors":
            page.get_by_role("button", name="Publish").click()
            page.wait_for_selector(".error-summary")
        if found := axe_violations(page, axe):
            problems[name] = found
        shot(page, f"{name}-{width}-{scheme}")

    assert not problems, (
        f"axe found serious or critical problems ({width}, {scheme}):\n{describe(problems)}\n"
        + json.dumps(problems, indent=1)[:4000]
    )
