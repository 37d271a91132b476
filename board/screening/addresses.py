"""Street addresses: "221B Baker Street", "221b baker street", "forty two elm road",
"flat three", "12 rue de la Paix", "Hauptstraße 5", postcodes."""

import re

from django.utils.translation import gettext_lazy

from .vocabulary import NUMBER_WORD

CODE = "address"
LABEL = gettext_lazy("a street address")
WHY = gettext_lazy("An address says where someone lives or works.")

_NAME_WORD = (
    r"(?!(?:On|At|In|Near|By|Off|From|To|And|Of|The|Or|For|Past|Minutes?|Hours?|Days?|Weeks?"
    r"|Years?|Stops?|Blocks?|Miles?|Bus|Train|Tram|Line|Platform|Gate|Stop|Car)\b)"
    r"(?:[A-Z][\w'-]*|\d{1,3}(?:st|nd|rd|th))"
)
_SUFFIX = (
    r"(?:[Ss]treet|[Rr]oad|[Aa]venue|St|Ave|Rd|Blvd|Boulevard|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl"
    r"|Terrace|Way|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Row|Gardens|Mews|Grove"
    r"|Circle)"
)
_LOWER_SUFFIX = (
    r"(?:street|road|avenue|lane|drive|court|place|terrace|crescent|close|boulevard|gardens"
    r"|mews|grove|parkway|st|ave|rd|ln|blvd)"
)
_NOT_NAME = (
    r"(?!(?:on|at|in|near|by|off|from|to|and|of|the|or|for|past|minutes?|hours?|days?|weeks?"
    r"|years?|stops?|blocks?|miles?|doors?|houses?|steps?|times?|more|other|bus|train|tram"
    r"|line|platform|gate|stop|car|down|up|across|along|a|an|my|your|our|their|his|her"
    r"|different|main|same|busy|quiet|long|short|wrong|next|last|first|one|two)\b)"
)
_STREET = re.compile(rf"\b\d{{1,5}}[A-Za-z]?\s+(?:{_NAME_WORD}\s+){{1,2}}{_SUFFIX}\b\.?")
_LOWER_STREET = re.compile(
    rf"\b\d{{1,5}}[a-z]?\s+(?:{_NOT_NAME}[a-z][\w'-]*\s+){{1,2}}{_LOWER_SUFFIX}\b"
)
_WORDS_STREET = re.compile(
    rf"(?i:\b{NUMBER_WORD}(?:[\s-]{NUMBER_WORD}){{0,2}})\s+(?:{_NOT_NAME}[A-Za-z][\w'-]*\s+)"
    rf"{{1,2}}(?i:{_LOWER_SUFFIX})\b"
)
_EURO_STREET = re.compile(
    r"\b\d{1,4}(?: ?(?:bis|ter))?[A-Za-z]?,?\s+"
    r"(?i:rue|avenue|boulevard|bd|chemin|allée|impasse|quai|calle|avenida|via|viale|piazza)\s+"
    r"(?:(?i:de|du|des|la|le|del|della|di)\s+|(?i:d|l)['’])*[A-ZÀ-Þa-zà-þ]\w+"
)
_GERMAN_STREET = re.compile(
    r"(?i:\b[a-zäöü][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|damm))\s+\d{1,4}[a-z]?\b"
)
_UNIT = re.compile(
    rf"(?<!\ba )(?<!\bthe )\b(?i:apt|apartment|flat|unit|suite)\.?\s*#?\s*"
    rf"(?:\d{{1,4}}[A-Za-z]?\b|(?i:{NUMBER_WORD})\b(?:\s?[a-dA-D]\b)?)"
)
_HOUSE_NUMBER = re.compile(
    r"(?i:\b(?:lives?|living|house|home|door|flat)\s+(?:is\s+)?(?:at\s+)?(?:number|no\.?|#)\s*"
    r"\d{1,4}[a-z]?\b)"
)
_UK_POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b")
_US_ZIP = re.compile(r"\b[A-Z]{2},?\s+\d{5}(?:-\d{4})?\b")
# A number after these words is a time, year, route or venue, not a house number.
_NOT_HOUSE = re.compile(
    r"\b(?:in|since|from|until|till|before|after|around|about|the|route|platform|gate|pier"
    r"|studio|track|bus|train|line|exit|junction|stop|aisle|row|seat|room|age)\W*$",
    re.IGNORECASE,
)


def find(text):
    for pattern in (_STREET, _LOWER_STREET):
        for match in pattern.finditer(text):
            if not _NOT_HOUSE.search(text, max(0, match.start() - 20), match.start()):
                yield match.span()
    for pattern in (
        _WORDS_STREET,
        _EURO_STREET,
        _GERMAN_STREET,
        _UNIT,
        _HOUSE_NUMBER,
        _UK_POSTCODE,
        _US_ZIP,
    ):
        for match in pattern.finditer(text):
            yield match.span()
