"""Phone numbers in any country's format (checked with Google's `phonenumbers`), and the
disguised ones: in words, with letters for digits, behind "tel:" or slashes."""

import re

import phonenumbers
from django.utils.translation import gettext_lazy

from .numbers import spelled_runs

CODE = "phone"
LABEL = gettext_lazy("a phone number")
WHY = gettext_lazy("A phone number reaches the person directly; use private replies instead.")

_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?)?(?:\(\d{1,5}\)\s?)?\d+"
    r"(?:(?:\s?[./-]\s?|\s|\s?\(\d{1,5}\)\s?)\d+)*(?![\d:])"  # not followed by ":" (a time)
)
_SHORT_PHONE = re.compile(r"\d{3}[.-]\d{4}")
_DATE_LIKE = re.compile(
    r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}|\d{4}\s?[-/]\s?\d{2,4}|\d{1,2}[.:]\d{2}\s?-\s?\d{1,2}[.:]\d{2}"
)
_CONTEXT = re.compile(
    r"(?:call|text|txt|ring|phone|number|num|cell|mobile|mob|tel|whats\s?app|signal|digits"
    r"|reach me|contact)\W*(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
REGIONS = ("US", "GB", "FR", "DE", "AU", "IN", "CA", "IE", "ES", "IT", "NL", "BR", "MX")


def _valid_somewhere(candidate: str) -> bool:
    """Whether `phonenumbers` reads the candidate as a valid number in a likely region."""
    for region in REGIONS:
        try:
            number = phonenumbers.parse(candidate, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return False


def _has_context(text: str, start: int) -> bool:
    return bool(_CONTEXT.search(text, max(0, start - 30), start))


def _digit_candidates(text):
    for match in _PHONE.finditer(text):
        number = match.group()
        digits = sum(c.isdigit() for c in number)
        if digits < 7 or _DATE_LIKE.fullmatch(number):
            continue
        plausible = digits >= 9 or _SHORT_PHONE.fullmatch(number)
        international = number.startswith("+") and _valid_somewhere(number)
        if plausible or international or _has_context(text, match.start()):
            yield match.span()


def find(text):
    yield from _digit_candidates(text)
    for start, end, digits in spelled_runs(text):
        if len(digits) >= 9 or _valid_somewhere(digits) or _has_context(text, start):
            yield start, end
