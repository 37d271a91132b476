"""Screening: text in, findings out (identifying details, contact offers, term rules).

Pure functions used for posts, recognition answers, messages and comments alike; one
module per detector, each with a CODE, a LABEL for the poster, a WHY, and `find(text)`
yielding (start, end) spans. Built-in detectors hold for review; moderators' term rules
may refuse, hold or allow.
"""

from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy

from . import (
    addresses,
    dating,
    disguise,
    emails,
    handles,
    knows_them,
    links,
    names,
    phones,
    plates,
    routines,
    terms,
)
from .core import Action, Finding, dedupe, merge, overlaps

# Order breaks ties between equally long overlapping matches.
DETECTORS = (emails, links, phones, handles, plates, addresses, names, routines, dating)
# What each rule code means, for the poster and for the admin's "reason held" filter.
# Comments are also screened for "I know who this is" and its variations.
COMMENT_DETECTORS = (knows_them, disguise)
RULE_LABELS = [(d.CODE, capfirst(d.LABEL)) for d in DETECTORS + COMMENT_DETECTORS] + [
    (terms.CODE, gettext_lazy("Term rule"))
]
WHY = {d.CODE: d.WHY for d in DETECTORS + COMMENT_DETECTORS}
# Findings keep their label as text (they are stored as JSON); a detector's label is read
# again from here when shown, so it is in the reader's language.
LABELS = {d.CODE: d.LABEL for d in DETECTORS + COMMENT_DETECTORS}
# The screened fields, named for the poster (in English, the fields' own names).
FIELD_NAMES = {
    "headline": gettext_lazy("headline"),
    "story": gettext_lazy("story"),
    "where_exactly": gettext_lazy("where_exactly"),
    "i_saw": gettext_lazy("i_saw"),
    "i_am": gettext_lazy("i_am"),
    "comment": gettext_lazy("comment"),
    "answer": gettext_lazy("answer"),
    "message": gettext_lazy("message"),
    "appeal": gettext_lazy("appeal"),
}
POST_FIELDS = ("headline", "story", "where_exactly", "i_saw", "i_am")

__all__ = [
    "COMMENT_DETECTORS",
    "DETECTORS",
    "POST_FIELDS",
    "RULE_LABELS",
    "Action",
    "FIELD_NAMES",
    "LABELS",
    "Finding",
    "active_term_rules",
    "describe",
    "mask",
    "screen_comment",
    "screen_fields",
    "screen_post",
    "screen_text",
    "should_hold",
    "should_refuse",
]


def _screen(text: str, field: str, specs: tuple) -> list[Finding]:
    hits, allowed = [], []
    for detector in DETECTORS:
        for start, end in detector.find(text):
            finding = Finding(
                detector.CODE, str(detector.LABEL), text[start:end], field, Action.HOLD, start, end
            )
            hits.append((start, end, finding))
    for start, end, action, label in terms.hits(text, specs):
        if action == Action.ALLOW:
            allowed.append((start, end))
        else:
            finding = Finding(terms.CODE, str(label), text[start:end], field, action, start, end)
            hits.append((start, end, finding))
    if allowed:
        allowed = merge(allowed)
        starts = [start for start, _ in allowed]
        hits = [h for h in hits if not overlaps(allowed, starts, h[0], h[1])]
    return dedupe(hits)


def screen_text(text: str, *, field: str = "", term_rules=()) -> list[Finding]:
    text = text if isinstance(text, str) else ("" if text is None else str(text))
    field = field if isinstance(field, str) else str(field or "")
    specs = tuple(terms.spec_of(rule) for rule in term_rules or ())
    return list(_screen(text, field, specs))


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
    """One sentence per finding for the poster: what was found, where, and why it matters."""
    sentences = {}
    for f in findings or ():
        excerpt = f.excerpt if len(f.excerpt) <= 80 else f.excerpt[:77] + "..."
        parts = {"label": label_of(f.rule, f.label), "excerpt": excerpt}
        if f.field:
            parts["field"] = FIELD_NAMES.get(f.field, f.field)
            sentence = gettext('Looks like %(label)s: "%(excerpt)s" (%(field)s)') % parts
        else:
            sentence = gettext('Looks like %(label)s: "%(excerpt)s"') % parts
        sentences.setdefault(sentence, None)
    return list(sentences)


def label_of(rule: str, label: str) -> str:
    """What a finding is called, in the active language: a detector's own label, or the
    term rule's (moderators' words, stored with the finding)."""
    return str(LABELS.get(rule, label))


def mask(text: str, findings, replacement: str) -> str:
    """`text` with every finding's whole span replaced (findings from this same text)."""
    spans = merge((f.start, f.end) for f in findings if f.end > f.start)
    for start, end in reversed(spans):
        text = text[:start] + replacement + text[end:]
    return text


def active_term_rules() -> list:
    """The term rules moderators keep in the admin that are switched on."""
    from ..models import TermRule  # imported here so the detectors above need no Django

    return list(TermRule.objects.active())


def screen_post(fields) -> list[Finding]:
    """Screen a post's public text fields with the admin's active term rules."""
    texts = {name: fields.get(name) or "" for name in POST_FIELDS}
    return screen_fields(texts, term_rules=active_term_rules())


def _comment_findings(text: str, rules) -> list[Finding]:
    findings = screen_text(text, field="comment", term_rules=rules)
    taken = merge((f.start, f.end) for f in findings)
    starts = [start for start, _ in taken]
    for detector in COMMENT_DETECTORS:
        for start, end in detector.find(text):
            if not overlaps(taken, starts, start, end):
                findings.append(
                    Finding(
                        detector.CODE,
                        str(detector.LABEL),
                        text[start:end],
                        "comment",
                        Action.HOLD,
                        start,
                        end,
                    )  # fmt: skip
                )
    return findings


def screen_comment(text: str, *, term_rules=None) -> list[Finding]:
    """Screen a comment: every post detector and term rule, and "I know who this is", on
    the text as written and on the text as a reader reads it (`disguise.unmask`: invisible
    characters out, look-alike letters folded), so a disguise hides nothing."""
    rules = active_term_rules() if term_rules is None else term_rules
    rules = tuple(rules)
    findings = _comment_findings(text, rules)
    unmasked = disguise.unmask(text)
    if unmasked != text:
        seen = {(f.rule, f.action) for f in findings}
        for finding in _comment_findings(unmasked, rules):
            if (finding.rule, finding.action) not in seen:
                seen.add((finding.rule, finding.action))
                findings.append(finding)
    return findings
