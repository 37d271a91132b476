"""Screen post text for personal information (phones, emails, links, handles, plates, addresses).
Pure functions: text in, findings out. Built-in detectors hold; admin term rules may also refuse."""

import re
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache


class Action:
    REFUSE = "refuse"
    HOLD = "hold"
    ALLOW = "allow"


@dataclass(frozen=True)
class Finding:
    rule: str
    label: str
    excerpt: str
    field: str
    action: str


# Deliberately excludes TLDs that are common English words (it, to, in, at, is, be, no, so, us).
_TLDS = (
    r"com|net|org|edu|gov|io|co|uk|me|ly|gg|tv|xyz|info|biz|app|dev|de|fr|ca|au|nz|ie|es|nl|eu"
    r"|ch|se|dk|pl|jp|ru|br|mx|ee"
)
_URL_END = r"[^\s<>\"]*[^\s<>\"'.,;:!?)\]]"  # trailing punctuation is not part of a link
_OPEN, _CLOSE = r"\s*[\[({<]\s*", r"\s*[\])}>]\s*"
_OBFUSCATED_DOT = rf"(?:{_OPEN}(?:dot|\.){_CLOSE}|\s+dot\s+)"
_ANY_DOT = rf"(?:{_OBFUSCATED_DOT}|\.)"
_APPS = (
    r"insta(?:gram)?|ig|snap(?:chat)?|tik\s?tok|whats\s?app|telegram|signal|discord|twitter"
    r"|facebook|fb|messenger|kik|wechat|linkedin|hinge|tinder|bumble|grindr|reddit|bluesky"
    r"|threads|venmo|cash\s?app|x"
)
# Apps whose name after "my" is unambiguous ("my signal dropped", "my tinder date" are not).
_MY_APPS = r"insta(?:gram)?|ig|snap(?:chat)?|tik\s?tok|whats\s?app|telegram|discord|kik|wechat"

_PHONE = re.compile(
    r"(?<![\w+])(?:\+\s?)?(?:\(\d{1,5}\)\s?)?\d+"
    r"(?:(?:\s?[.-]\s?|\s|\s?\(\d{1,5}\)\s?)\d+)*(?![\d:])"  # not followed by ":" (a time)
)
_SHORT_PHONE = re.compile(r"\d{3}[.-]\d{4}")
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]++@[\w-]++(?:\.[\w-]++)++")
_EMAIL_OBFUSCATED = re.compile(
    rf"(?<![\w.+-])[\w.+-]+(?:"
    rf"(?:{_OPEN}(?:at|@){_CLOSE}|\s*@\s*)[\w-]+(?:{_ANY_DOT}[\w-]+)*{_ANY_DOT}"
    # A bare " at " is everyday English, so then the dots must be obfuscated too.
    rf"|\s+at\s+(?!(?:the|a|an|my|your|his|her|our|their|this|that)\b)[\w-]+"
    rf"(?:{_OBFUSCATED_DOT}[\w-]+)*{_OBFUSCATED_DOT}"
    rf")(?:{_TLDS})\b",
    re.IGNORECASE,
)
_URL = re.compile(rf"\b(?:https?://|www\.){_URL_END}", re.IGNORECASE)
_DOMAIN = re.compile(
    rf"(?<![\w@./-])(?:[a-z0-9-]+\.)+"
    rf"(?:(?:{_TLDS})\b(?!-)(?:/{_URL_END})?|[a-z]{{2,6}}/{_URL_END})",  # unknown TLDs need a path
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z_][\w.]{0,29}(?<!\.)")
_CONTACT = re.compile(
    rf"\b(?:(?:dm|add)\s+me\s+on(?:\s+\w+)?|dm\s+me\b|hmu(?:\s+on\s+\w+)?"
    rf"|(?:find|follow|message|msg|text|hit|look|reach|catch|contact)\s+me(?:\s+up)?"
    rf"\s+(?:on|at|via|through)\s+(?:{_APPS})(?![\w-]|\.\w)"
    rf"|my\s+(?:{_MY_APPS})(?![\w-])(?!\s+(?:judge?ment|decision|call)\b)"
    rf"(?:\s+(?:handle|username|name|id|account))?"
    rf"(?:\s*(?:is|:|=)\s*@?[\w.]*\w)?"
    rf"|my\s+(?:{_APPS})\s+(?:handle|username|id|account|number)\b"
    rf"(?:\s*(?:is|:|=)\s*@?[\w.]*\w)?"
    rf"|(?:{_MY_APPS})\s*[:=]\s*@?[\w.]*\w"
    rf"|(?:on|via)\s+(?:{_APPS})\s+(?:i'?m|as)\s+@?[\w.]*\w)",
    re.IGNORECASE,
)
_PLATE_NEAR = re.compile(
    r"(?i:\b(?P<ctx>(?:licen[cs]e|number)\s+plates?|plates?|reg(?:istration)?|car)\b"
    r"(?:\s+(?:plate|number|no\.?|#))?\s*(?:is\b|was\b|reads?\b|:|#|-)?\s*)"
    r"(?P<hit>[A-Za-z0-9]{1,8}(?:[ -][A-Za-z0-9]{1,4})?)(?![\w-])"
)
_UK_PLATE = re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{3}\b")
_NAME_WORD = (
    r"(?!(?:On|At|In|Near|By|Off|From|To|And|Of|The|Or|For|Past|Minutes?|Hours?|Days?|Weeks?"
    r"|Years?|Stops?|Blocks?|Miles?|Bus|Train|Tram|Line|Platform|Gate|Stop|Car)\b)"
    r"(?:[A-Z][\w'-]*|\d{1,3}(?:st|nd|rd|th))"
)
_STREET = re.compile(
    rf"\b\d{{1,5}}[A-Za-z]?\s+(?:{_NAME_WORD}\s+){{1,2}}"
    r"(?:[Ss]treet|[Rr]oad|[Aa]venue|St|Ave|Rd|Blvd|Boulevard|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl"
    r"|Terrace|Way|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Row|Gardens|Mews|Grove"
    r"|Circle)\b\.?"
)
_EURO_STREET = re.compile(
    r"\b\d{1,4}(?: ?(?:bis|ter))?[A-Za-z]?,?\s+"
    r"(?i:rue|avenue|boulevard|bd|chemin|allée|impasse|quai|calle|avenida)\s+"
    r"(?:(?i:de|du|des|la|le|del|della|di)\s+|(?i:d|l)['’])*[A-ZÀ-Þ]\w+"
)
_GERMAN_STREET = re.compile(
    r"\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|gasse|allee|platz|damm)\s+\d{1,4}[a-z]?\b"
)
_UNIT = re.compile(r"\b(?i:apt|apartment|flat|unit|suite)\.?\s*#?\s*\d{1,4}[A-Za-z]?\b")
# A number after these words is a time, year, route or venue, not a house number.
_NOT_HOUSE = re.compile(
    r"\b(?:in|since|from|until|till|before|after|around|about|the|route|platform|gate|pier"
    r"|studio|track|bus|train|line|exit|junction|stop|aisle|row|seat|room|age)\W*$",
    re.IGNORECASE,
)


def _spans(*patterns):
    def find(text):
        for pattern in patterns:
            for match in pattern.finditer(text):
                yield match.span()

    return find


def _phones(text):
    for match in _PHONE.finditer(text):
        number = match.group()
        if sum(c.isdigit() for c in number) >= 9 or _SHORT_PHONE.fullmatch(number):
            yield match.span()


def _plate_like(token, strict):
    alnum = re.sub(r"[ -]", "", token)
    if not (4 <= len(alnum) <= 8 and re.search(r"\d", alnum) and re.search(r"[^\W\d_]", alnum)):
        return False
    # Lowercase is only trusted for a single unspaced token right after "plate"/"reg".
    return token.isupper() or not (strict or " " in token or "-" in token)


def _plates(text):
    for match in _PLATE_NEAR.finditer(text):
        strict = match["ctx"].lower() == "car"
        token, start = match["hit"], match.start("hit")
        for candidate in (token, re.split(r"[ -]", token)[0]):
            if _plate_like(candidate, strict):
                yield start, start + len(candidate)
                break
    yield from _spans(_UK_PLATE)(text)


def _addresses(text):
    for match in _STREET.finditer(text):
        if not _NOT_HOUSE.search(text, max(0, match.start() - 20), match.start()):
            yield match.span()
    yield from _spans(_EURO_STREET, _GERMAN_STREET, _UNIT)(text)


_CONTACT_LABEL = "a social media handle or contact request"
# Order breaks ties between equally long overlapping matches.
_DETECTORS = (
    ("email", "an email address", _spans(_EMAIL, _EMAIL_OBFUSCATED)),
    ("link", "a link", _spans(_URL, _DOMAIN)),
    ("phone", "a phone number", _phones),
    ("handle", _CONTACT_LABEL, _spans(_HANDLE, _CONTACT)),
    ("plate", "a licence plate", _plates),
    ("address", "a street address", _addresses),
)


@lru_cache(maxsize=512)
def _compile_term(pattern, is_regex):
    try:
        if is_regex:
            return re.compile(pattern, re.IGNORECASE)
        words = pattern.split()
        if not words:
            return None
        return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.I)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None


def _term_hits(text, term_rules):
    """Yield (start, end, action, label) for every non-empty term-rule match."""
    for rule in term_rules or ():
        pattern = _compile_term(
            str(getattr(rule, "pattern", "") or ""), bool(getattr(rule, "is_regex", False))
        )
        if pattern is None:
            continue
        action = str(getattr(rule, "action", "") or "").lower()
        if action not in (Action.REFUSE, Action.ALLOW):
            action = Action.HOLD  # unknown actions fail safe to review
        label = str(getattr(rule, "label", "") or "") or "a blocked term"
        for match in pattern.finditer(text):
            if match.end() > match.start():
                yield match.start(), match.end(), action, label


def _overlaps(spans, starts, start, end):
    """Whether [start, end) overlaps any of `spans`, which are sorted and non-overlapping."""
    i = bisect_left(starts, start)
    return (i > 0 and spans[i - 1][1] > start) or (i < len(spans) and spans[i][0] < end)


def _dedupe(hits):
    """Keep non-overlapping hits: refusals first, then the longest, then the earliest."""
    chosen, starts = [], []
    for hit in sorted(hits, key=lambda h: (h[2].action != Action.REFUSE, h[0] - h[1], h[0])):
        if not _overlaps(chosen, starts, hit[0], hit[1]):
            i = bisect_left(starts, hit[0])
            starts.insert(i, hit[0])
            chosen.insert(i, hit)
    return [hit[2] for hit in chosen]


def _merge(spans):
    merged = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def screen_text(text: str, *, field: str = "", term_rules=()) -> list[Finding]:
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    field = field if isinstance(field, str) else str(field or "")
    hits, allowed = [], []
    for rule, label, find in _DETECTORS:
        for start, end in find(text):
            hits.append((start, end, Finding(rule, label, text[start:end], field, Action.HOLD)))
    for start, end, action, label in _term_hits(text, term_rules):
        if action == Action.ALLOW:
            allowed.append((start, end))
        else:
            hits.append((start, end, Finding("term", label, text[start:end], field, action)))
    if allowed:
        allowed = _merge(allowed)
        starts = [start for start, _ in allowed]
        hits = [h for h in hits if not _overlaps(allowed, starts, h[0], h[1])]
    return _dedupe(hits)


def screen_fields(fields: dict[str, str], *, term_rules=()) -> list[Finding]:
    rules = tuple(term_rules or ())  # may be a one-shot iterable or a queryset
    findings = []
    for name, value in (fields or {}).items():
        findings.extend(screen_text(value, field=str(name), term_rules=rules))
    return findings


def should_refuse(findings) -> bool:
    return any(f.action == Action.REFUSE for f in findings or ())


def should_hold(findings) -> bool:
    return any(True for _ in findings or ())


def describe(findings) -> list[str]:
    sentences = {}
    for f in findings or ():
        excerpt = f.excerpt if len(f.excerpt) <= 80 else f.excerpt[:77] + "..."
        where = f" ({f.field})" if f.field else ""
        sentences.setdefault(f'Looks like {f.label}: "{excerpt}"{where}', None)
    return list(sentences)


POST_FIELDS = ("headline", "story", "where_exactly", "i_saw", "i_am")


def active_term_rules() -> list:
    """The term rules moderators keep in the admin that are switched on."""
    from .models import TermRule  # imported here so the detectors above need no Django

    return list(TermRule.objects.active())


def screen_post(fields) -> list[Finding]:
    """Screen a post's public text fields with the admin's active term rules."""
    texts = {name: fields.get(name) or "" for name in POST_FIELDS}
    return screen_fields(texts, term_rules=active_term_rules())
