"""Numbers people disguise: digits written as words ("five five five, oh one two three"),
letters for digits ("O7700 9OO l23"), doubled words ("double seven"). Finds runs of such
tokens and says which digits they spell, so the phone detector can judge them."""

import re

from .vocabulary import DIGIT_WORDS, TEEN_WORDS, TENS_WORDS

_TOKEN = re.compile(r"[A-Za-z]+|\d+")
_SEPARATOR = re.compile(r"[\s.,/()\-–]{0,3}")
_LOOKALIKES = {"o": "0", "O": "0", "l": "1", "I": "1", "i": "1"}
_REPEAT = {"double": 2, "triple": 3}


def _lookalike_digits(token: str) -> str | None:
    """A short run of letters stuck to digits that stand for digits ("O", "l", "OO")."""
    if len(token) <= 3 and all(c in _LOOKALIKES for c in token):
        return "".join(_LOOKALIKES[c] for c in token)
    return None


def spelled_runs(text: str, *, min_digits: int = 7):
    """Yield (start, end, digits) for runs that spell at least `min_digits` digits and use
    at least one word or look-alike letter (plain digit runs are the phone regex's job)."""
    run_start = run_end = None
    digits, disguised, repeat, prev_end, prev_kind = "", False, 1, None, None

    def flush():
        if run_start is not None and disguised and len(digits) >= min_digits:
            return run_start, run_end, digits
        return None

    for match in _TOKEN.finditer(text):
        token, lower = match.group(), match.group().lower()
        attached = prev_end == match.start()
        gap_ok = prev_end is not None and _SEPARATOR.fullmatch(text, prev_end, match.start())
        value, kind = None, None
        if token.isdigit():
            value, kind = token, "digits"
        elif lower in DIGIT_WORDS and (lower not in ("o", "oh") or run_start is not None):
            value, kind = DIGIT_WORDS[lower], "word"
        elif lower in TEEN_WORDS:
            value, kind = TEEN_WORDS[lower], "word"
        elif lower in TENS_WORDS:
            value, kind = TENS_WORDS[lower] + "0", "tens"
        elif lower in _REPEAT:
            value, kind = "", "repeat"
        elif (attached or _next_is_digit(text, match.end())) and (
            lookalike := _lookalike_digits(token)
        ):
            value, kind = lookalike, "lookalike"
        if value is None or (run_start is not None and not gap_ok):
            if (found := flush()) is not None:
                yield found
            run_start, digits, disguised, repeat = None, "", False, 1
            if value is None:
                prev_end, prev_kind = match.end(), None
                continue
        if run_start is None:
            run_start = match.start()
        if kind == "repeat":
            repeat = _REPEAT[lower]
        else:
            if kind == "word" and prev_kind == "tens" and len(value) == 1 and digits:
                digits = digits[:-1]  # "forty two" is 42, not 402
            digits += value * repeat
            repeat = 1
        disguised = disguised or kind != "digits"
        run_end, prev_end, prev_kind = match.end(), match.end(), kind
    if (found := flush()) is not None:
        yield found


def _next_is_digit(text: str, at: int) -> bool:
    return at < len(text) and text[at].isdigit()
