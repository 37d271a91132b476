"""The site's URLs plus /bench/floor/, mounted only under bench.settings."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns


def floor(request):
    """The cheapest Django page: the full middleware stack and a tiny response."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor, name="bench-floor"), *site_urlpatterns]
