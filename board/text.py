"""Text every page, feed and email can carry: control characters taken out on the way in.

XML 1.0 (the Atom feed) and mail headers cannot hold C0 control characters other than tab
and line breaks, and DEL, C1 controls and the non-characters U+FFFE/U+FFFF only ever
arrive by accident or malice. Removing them keeps the text readable and unchanged
otherwise; NUL, which PostgreSQL refuses in text, goes with them.
"""

import re

_UNCARRIABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def has_uncarriable(value: str) -> bool:
    return _UNCARRIABLE.search(value) is not None


def clean_text(value: str) -> str:
    """`value` without control characters (tab, carriage return and line feed stay)."""
    return _UNCARRIABLE.sub("", value)
