"""Term rules moderators keep in the admin: words, phrases or patterns to refuse, hold, or
explicitly allow. Rules are read as plain values, so this module needs no models."""

import re
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy

from .core import Action

CODE = "term"
LABEL = gettext_lazy("a blocked term")


@dataclass(frozen=True)
class TermSpec:
    """A term rule reduced to its values (hashable, so screening results can be reused)."""

    pattern: str
    is_regex: bool
    action: str
    label: str


def spec_of(rule) -> TermSpec:
    action = str(getattr(rule, "action", "") or "").lower()
    if action not in (Action.REFUSE, Action.ALLOW):
        action = Action.HOLD  # unknown actions fail safe to review
    return TermSpec(
        pattern=str(getattr(rule, "pattern", "") or ""),
        is_regex=bool(getattr(rule, "is_regex", False)),
        action=action,
        label=str(getattr(rule, "label", "") or "") or LABEL,
    )


@lru_cache(maxsize=512)
def compiled(pattern: str, is_regex: bool):
    try:
        if is_regex:
            return re.compile(pattern, re.IGNORECASE)
        words = pattern.split()
        if not words:
            return None
        return re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.I)
    except (re.error, RecursionError, OverflowError, ValueError, TypeError):
        return None


def hits(text: str, specs):
    """Yield (start, end, action, label) for every non-empty term-rule match."""
    for spec in specs:
        pattern = compiled(spec.pattern, spec.is_regex)
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            if match.end() > match.start():
                yield match.start(), match.end(), spec.action, spec.label
