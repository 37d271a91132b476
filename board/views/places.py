"""Places: the city lookup page (works without JavaScript), and remembering a place for
the front page in a cookie (and forgetting it).

Remembering is a GET with a button: it changes only the visitor's own cookie (no data on
the server), the page stays cacheable, and "Show everywhere" is one press away.
"""

from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import places
from ..models import Area, Country
from ..places.remember import Place, forget, remember


@require_GET
def place_lookup(request):
    """Cities of a country starting with what was typed: /places/?country=DE&q=mün."""
    countries = places.country_choices()
    names = dict(countries)
    code = (request.GET.get("country") or "").strip().upper()
    typed = " ".join((request.GET.get("q") or "").split())[:120]
    known = code in names
    cities = places.suggestions(code, typed, limit=50) if known else []
    return render(
        request,
        "board/places/lookup.html",
        {
            "countries": countries,
            "country": Country(code=code, name=names[code]) if known else None,
            "unknown_country": bool(code) and not known,
            "typed": typed,
            "cities": cities,
        },
    )


@require_GET
def place_remember(request):
    """Remember ?area=<slug> or ?country=<code> for the front page; then show it."""
    response = HttpResponseRedirect(reverse("board:post-list"))
    if request.headers.get("Sec-Fetch-Site") == "cross-site":
        # A GET without a CSRF token (its button sits on cached pages): a link or redirect
        # from another site must not choose what the visitor's front page shows.
        return response
    slug = (request.GET.get("area") or "").strip()
    code = (request.GET.get("country") or "").strip().upper()
    place = None
    if slug:
        area = Area.objects.filter(slug=slug).only("slug", "country").first()
        if area is not None and area.country_id:
            place = Place(country=area.country_id, slug=area.slug)
    elif code and Country.objects.filter(pk=code).exists():
        place = Place(country=code)
    if place is not None:
        remember(response, place)
    return response


@require_GET
def place_forget(request):
    """Show everywhere again: the remembered place's cookie is cleared."""
    response = HttpResponseRedirect(reverse("board:post-list"))
    forget(response)
    return response
