"""Licence plates, with or without a state or region first ("NY plate ABC-1234",
"Texas plates GHJ 4821", "plate ending in 427", "reg AB12 CDE")."""

import re

from django.utils.translation import gettext_lazy

CODE = "plate"
LABEL = gettext_lazy("a licence plate")
WHY = gettext_lazy("A licence plate identifies a car and its owner.")

_REGIONS = (
    r"[A-Z]{2}|alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware"
    r"|florida|georgia|hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine"
    r"|maryland|massachusetts|michigan|minnesota|mississippi|missouri|montana|nebraska|nevada"
    r"|new\s+hampshire|new\s+jersey|new\s+mexico|new\s+york|north\s+carolina|north\s+dakota"
    r"|ohio|oklahoma|oregon|pennsylvania|rhode\s+island|south\s+carolina|south\s+dakota"
    r"|tennessee|texas|utah|vermont|virginia|washington|west\s+virginia|wisconsin|wyoming"
    r"|ontario|quebec|alberta|british\s+columbia|jersey|guernsey|irish|french|german|dutch"
    r"|italian|spanish|polish|uk|eu|us"
)
_PLATE_NEAR = re.compile(
    rf"(?i:\b(?P<ctx>(?:(?:{_REGIONS})\s+)?(?:licen[cs]e|number|registration|reg)\s+plates?"
    rf"|(?:(?:{_REGIONS})\s+)?plates?|tags?|reg(?:istration)?|car|van|truck|bike|motorbike)\b"
    rf"(?:\s+(?:plate|number|no\.?|#))?\s*(?:(?:is|was|said|says|read|reads|of|:|#|-)\s*)?"
    rf"(?:(?:{_REGIONS})\s*[:-]?\s+)?)"
    r"(?P<hit>[A-Za-z0-9]{1,10}(?:[ -][A-Za-z0-9]{1,4}){0,2})(?![\w-])"
)
_PARTIAL = re.compile(
    r"(?i:\b(?:plate|plates|reg|registration|tag)\s+(?:number\s+)?(?:ending|ended|starting|"
    r"started|beginning|began)\s+(?:in|with)\s+)[A-Za-z0-9]{2,5}\b"
)
_UK_PLATE = re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{3}\b")


def _plate_like(token: str, strict: bool, explicit: bool) -> bool:
    alnum = re.sub(r"[ -]", "", token)
    if not 4 <= len(alnum) <= 10 or not re.search(r"[^\W\d_]", alnum):
        return False
    if not re.search(r"\d", alnum):  # vanity plates: capitals after an explicit "plate"
        return explicit and token.isupper() and " " not in token
    # Lowercase is only trusted for a single unspaced token right after "plate"/"reg".
    return token.isupper() or not (strict or " " in token or "-" in token)


def find(text):
    for match in _PLATE_NEAR.finditer(text):
        ctx = match["ctx"].lower()
        strict = ctx.split()[0] in ("car", "van", "truck", "bike", "motorbike")
        explicit = "plate" in ctx or "reg" in ctx or "tag" in ctx
        token, start = match["hit"], match.start("hit")
        parts = re.split(r"([ -])", token)
        candidates = ["".join(parts[: i + 1]) for i in range(len(parts) - 1, -1, -2)]
        for candidate in candidates:
            if _plate_like(candidate, strict, explicit):
                yield start, start + len(candidate)
                break
    for pattern in (_PARTIAL, _UK_PLATE):
        for match in pattern.finditer(text):
            yield match.span()
