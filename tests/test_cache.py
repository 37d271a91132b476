"""Anonymous pages from memory, never stale: every post write bumps the version at once."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from board import cache as page_cache
from board import services
from board.filters import PostFilter
from board.models import Post

pytestmark = pytest.mark.django_db


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_repeated_anonymous_list_page_needs_no_query(client, make_post):
    make_post()
    assert queries_for(client, "/") > 0
    assert queries_for(client, "/") == 0


def test_a_bump_shows_a_new_post_at_once(client, make_post):
    first = make_post(headline="First post")
    assert "First post" in client.get("/").content.decode()
    Post.objects.filter(pk=first.pk).update(headline="Changed behind the cache's back")
    assert "First post" in client.get("/").content.decode(), "served from memory"
    page_cache.bump_posts_version()
    assert "behind the cache" in client.get("/").content.decode()
    second = make_post(headline="Second post")  # the service bumps the version itself
    assert second.headline in client.get("/").content.decode()


def test_a_bump_changes_the_version_at_once_and_again_after_the_commit(
    client, make_post, django_capture_on_commit_callbacks
):
    """At once, so this transaction's own reads see it; after the commit, so nothing another
    process rendered from the data before the commit survives under the first new version."""
    make_post()
    client.get("/")
    version = page_cache.current_version()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page_cache.bump_posts_version()
        during = page_cache.current_version()
        assert during != version
    assert len(callbacks) == 1
    assert page_cache.current_version() not in {version, during}


def test_signed_in_pages_and_searches_are_never_cached(client, make_post, user):
    make_post()
    client.get("/?q=umbrella")
    assert queries_for(client, "/?q=umbrella") > 0
    client.force_login(user)
    client.get("/")
    assert queries_for(client, "/") > 0


def test_a_page_is_not_served_after_a_post_on_it_expires(client, make_post, monkeypatch):
    post = make_post(headline="Soon gone")
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() + timedelta(seconds=5))
    client.get("/")
    Post.objects.filter(pk=post.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    # No bump: the cached page itself knew when its post would expire.
    later = time.time() + 6
    monkeypatch.setattr("board.cache.pages.time.time", lambda: later)
    assert "Soon gone" not in client.get("/").content.decode()


def test_card_fragments_are_shared_but_follow_edits(client, make_post, tags, user):
    """Signed-in pages are built per request; a post's card markup is reused until it changes."""
    post = make_post(headline="Violin case on the tram")
    client.force_login(user)
    assert post.headline in client.get("/").content.decode()
    services.edit_post(post=post, setting_tags=[tags["park"]], headline="Cello case on the tram")
    page = client.get("/").content.decode()
    assert "Cello case on the tram" in page and "Violin case" not in page


def results_section(response) -> str:
    html = response.content.decode()
    return html[html.index('<section aria-labelledby="results-heading"') :].split("</section>")[0]


def test_cached_cards_are_the_cards_rendered_without_caching(
    client, settings, make_post, tags, user
):
    make_post(headline="Cards <b>escaped</b> & kept", setting_tags=[tags["cafe"], tags["park"]])
    make_post(story="A story with *emphasis*, a [link](https://example.org) and <script>.")
    client.force_login(user)
    cold = results_section(client.get("/"))
    warm = results_section(client.get("/"))
    settings.CACHES = {
        **settings.CACHES,
        "local": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }
    uncached = results_section(client.get("/"))
    assert cold == warm == uncached
    assert "Cards &lt;b&gt;escaped&lt;/b&gt; &amp; kept" in warm
    assert "Cafe" in warm and "Park" in warm
    assert "<script>" not in warm


def test_a_signed_in_list_with_kept_cards_queries_only_session_user_and_posts(
    client, make_post, user
):
    for _ in range(25):
        make_post()
    client.force_login(user)
    client.get("/")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    # And one more: the header's unread counts for the inbox and notices (one aggregate).
    assert len(captured) == 4, [query["sql"] for query in captured.captured_queries]


@pytest.mark.parametrize("url", ["/", "/?type=romantic&setting=public-transit", "/?q=umbrella"])
def test_a_page_whose_cards_are_all_new_stays_within_seven_queries(client, make_post, url):
    for _ in range(25):
        make_post()
    # A filtered list also counts its matches, up to listing.COUNT_UP_TO (one bounded query);
    # the browse form reads the countries once per posts version.
    assert queries_for(client, url) <= 7


def test_a_cached_card_shows_each_search_its_own_snippet(client, make_post):
    make_post(story="We shared an umbrella and then a tangerine at the kiosk.")
    client.get("/")  # the card is now kept
    umbrella = results_section(client.get("/?q=umbrella"))
    tangerine = results_section(client.get("/?q=tangerine"))
    plain = results_section(client.get("/"))
    assert "<mark>umbrella</mark>" in umbrella and "<mark>" not in umbrella.replace(
        "<mark>umbrella</mark>", ""
    )
    assert "<mark>tangerine</mark>" in tangerine and "umbrella</mark>" not in tangerine
    assert "<mark>" not in plain


def test_reused_filter_fields_show_each_visitor_their_own_choice(client, post):
    chosen = client.get("/?area=springfield-north&type=platonic").content.decode()
    assert '<option value="springfield-north" selected>' in chosen
    assert '<option value="platonic" selected>' in chosen
    fresh = client.get("/").content.decode()
    assert "selected>North Side" not in fresh and 'value="springfield-north" selected' not in fresh
    assert '<option value="platonic" selected>' not in fresh
    wrong = client.get("/?type=bogus&q=kept+words").content.decode()
    assert "Select a valid choice" in wrong and 'value="kept words"' in wrong
    assert "Select a valid choice" not in client.get("/?type=romantic").content.decode()


def browse_form(response) -> str:
    html = response.content.decode()
    return html[html.index('<form method="get"') :].split("</form>")[0]


def test_an_unfiltered_list_reuses_its_whole_form_without_building_it(
    client, make_post, user, monkeypatch
):
    for _ in range(3):
        make_post()
    client.force_login(user)
    kept = browse_form(client.get("/"))
    built = []
    build = PostFilter.form.fget
    monkeypatch.setattr(PostFilter, "form", property(lambda self: built.append(1) or build(self)))
    for url in ("/", "/?page=2", f"/?page=2&after={Post.objects.order_by('id')[2].public_id}"):
        response = client.get(url)
        assert browse_form(response) == kept, url
    assert built == [], "no filter named: the kept form is enough"
    submitted_empty = client.get("/?q=&type=&area=")
    assert built, "filters sent, even empty, go through the form"
    assert browse_form(submitted_empty) == kept
    assert len(results_section(submitted_empty).split('class="card"')) == 4
    filtered = client.get("/?type=platonic")
    assert '<option value="platonic" selected>' in browse_form(filtered)


def test_an_invalid_empty_filter_never_reaches_the_kept_blank_form(client, post):
    invalid = client.get("/?setting=").content.decode()
    assert "Select a valid choice" in invalid
    assert "Select a valid choice" not in client.get("/").content.decode()


def test_the_shared_header_follows_who_is_signed_in(client, post, user):
    assert "Sign in" in client.get("/resources/").content.decode()
    client.force_login(user)
    signed_in = client.get("/resources/").content.decode()
    assert "Sign out" in signed_in and "Sign in" not in signed_in
    client.logout()
    assert "Sign out" not in client.get("/resources/").content.decode()


def test_the_version_is_read_once_per_request_and_only_when_used(rf, monkeypatch):
    reads = []
    monkeypatch.setattr("board.cache.versions.current_version", lambda: reads.append(1) or "v1")
    request = rf.get("/")
    page_cache.PostsVersionMiddleware(lambda r: None)(request)
    assert reads == []
    assert str(request.posts_version) == "v1" and str(request.posts_version) == "v1"
    assert reads == [1]


def test_fragments_follow_the_version(client, make_post):
    post = make_post(headline="Kept card")
    client.get("/")
    Post.objects.filter(pk=post.pk).update(headline="Renamed quietly")
    assert "Kept card" in results_section(client.get("/?page=1"))
    page_cache.bump_posts_version()
    assert "Renamed quietly" in results_section(client.get("/?page=1"))


def test_the_kept_header_follows_each_members_unread_count_and_page(client, user, other_user):
    """The header is kept per page and unread counts, never per person: it names no one."""
    from board.models import NoticeKind, Notification

    def notice(person):
        Notification.objects.create(user=person, kind=NoticeKind.APPROVED, message="Live.")

    def header(url="/resources/"):
        html = client.get(url).content.decode()
        return html[html.index('<header class="site-header">') : html.index("</header>")]

    client.force_login(user)
    assert "unread" not in header()
    notice(user)
    assert "1 unread" in header()
    client.force_login(other_user)
    assert "unread" not in header(), "another member's count never shows"
    notice(other_user)
    notice(other_user)
    assert "2 unread" in header()
    assert 'href="/resources/" aria-current="page"' in header()
    assert 'aria-current="page"' not in header("/guidelines/").split("Coping resources")[0]


def test_a_kept_result_count_follows_a_new_post(client, make_post, user):
    make_post(story="An umbrella at the kiosk.")
    client.force_login(user)
    assert "1 story matches." in client.get("/?q=umbrella").content.decode()
    assert "1 story matches." in client.get("/?q=umbrella").content.decode()  # kept
    make_post(story="A second umbrella, on the tram.")
    assert "2 stories match." in client.get("/?q=umbrella").content.decode()
