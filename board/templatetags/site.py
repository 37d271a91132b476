"""`{% site_url "/path" %}`: an absolute address on the public site (BOARD_SITE_URL), for
the social preview tags and anything else that leaves the page."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_url(path: str = "/") -> str:
    return settings.BOARD_SITE_URL + path
