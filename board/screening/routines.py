"""Routines: where and when someone can be found again ("every weekday at 6:15",
"Tuesdays at 7am", "you always catch the 8:12", "on Mondays and Thursdays")."""

import re

from django.utils.translation import gettext_lazy

CODE = "routine"
LABEL = gettext_lazy("someone's routine or schedule")
WHY = gettext_lazy("A routine tells anyone where to find the person, and when.")

_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_PERIOD = r"(?:morning|evening|night|afternoon|lunchtime|lunch|day|weeknight)"
_TIME = (
    r"(?:\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)"
    r"|noon|midnight|half\s+past\s+\w+|quarter\s+(?:past|to)\s+\w+"
    r"|(?:at|around|about|by)\s+\d{1,2}\b(?![:.]\d))"
)
_ROUTINES = [
    # every weekday / each Tuesday / every single Monday, with the time if one follows
    rf"\b(?:every|each)\s+(?:single\s+|other\s+)?(?:{_DAY}|weekday|weekend|work\s?day"
    rf"|school\s?day|week\s?night)s?\b(?:[^.!?\n]{{0,30}}?\b{_TIME})?",
    # on Tuesdays, on weekdays, Mondays and Thursdays
    rf"\bon\s+(?:{_DAY}s|weekdays|weekends|weeknights)\b(?:\s+and\s+{_DAY}s)?",
    rf"\b(?:{_DAY}s|weekdays|weekends|weeknights)\b(?:\s+and\s+{_DAY}s)?[^.!?\n]{{0,30}}?"
    rf"(?:\b(?:at|around|about|from|by|before|after|between|until)\s+(?:the\s+)?"
    rf"(?:about\s+|around\s+)?\d|\b{_TIME})",
    # every morning at 8, each day around 5:30
    rf"\b(?:every|each)\s+{_PERIOD}\b[^.!?\n]{{0,30}}?\b{_TIME}",
    rf"\b{_TIME}[^.!?\n]{{0,25}}?\b(?:every|each)\s+(?:{_PERIOD}|{_DAY}|weekday)\b",
    # you always take the 7:42, usually around 6, same time daily
    rf"\b(?:always|usually|normally|daily|every\s+single\s+time|same\s+time)\b[^.!?\n]{{0,40}}?"
    rf"\b{_TIME}",
    rf"\b{_TIME}[^.!?\n]{{0,30}}?\b(?:daily|every\s+day|as\s+always|like\s+clockwork)\b",
]
_PATTERN = re.compile("|".join(f"(?:{p})" for p in _ROUTINES), re.IGNORECASE)


def find(text):
    for match in _PATTERN.finditer(text):
        yield match.span()
