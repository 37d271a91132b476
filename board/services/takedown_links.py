"""Signed links for a takedown requester: the "ask again" link sent with a refusal."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

from ..models import TakedownRequest

AGAIN_SALT = "board.takedown-again"
AGAIN_DAYS = 30


class InvalidTakedownLink(Exception):
    """The link is malformed, forged or expired."""


def ask_again_token(request: TakedownRequest) -> str:
    return signing.dumps({"id": request.pk, "ref": request.reference}, salt=AGAIN_SALT)


def ask_again_url(request: TakedownRequest) -> str:
    path = reverse("board:takedown-again", args=[ask_again_token(request)])
    return settings.BOARD_SITE_URL + path


def request_for_again(*, token: str) -> TakedownRequest:
    """The refused request behind an emailed "ask again" link, or InvalidTakedownLink."""
    try:
        data = signing.loads(token, salt=AGAIN_SALT, max_age=timedelta(days=AGAIN_DAYS))
    except signing.BadSignature as error:
        raise InvalidTakedownLink from error
    request = TakedownRequest.objects.filter(pk=data.get("id"), reference=data.get("ref")).first()
    if request is None:
        raise InvalidTakedownLink
    return request
