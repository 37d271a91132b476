"""Logs that can be kept: JSON lines, with emails, IP addresses and query strings taken out.

`RedactFilter` rewrites every record that reaches our handlers (Django's, gunicorn's, ours),
so a request line like `GET /?q=red+scarf` is logged as `GET /`, and `JsonFormatter` writes
one JSON object a line with a fixed set of fields (never the request object itself).
"""

import json
import logging
import re
from datetime import UTC, datetime

EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")
IPV6 = re.compile(
    r"(?<![\w:])(?:"
    r"(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}"  # full form
    r"|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?"  # with ::
    r")(?![\w:])",
    re.IGNORECASE,
)
# A path or URL followed by a query string: the query goes, the path stays.
QUERY = re.compile(r"((?:https?://[^\s/?#\"']+)?/[^\s?#\"']*)\?[^\s#\"']*")

REDACTED_EMAIL = "[email]"
REDACTED_IP = "[ip]"

# LogRecord attributes that are not extra fields; anything else was passed in `extra`.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}
# Extra fields safe to keep (after redaction); others (e.g. Django's `request`) are dropped.
KEPT_EXTRAS = ("status_code", "method", "duration_ms", "event")


def redact(text: str) -> str:
    """Take emails, IP addresses and query strings out of a piece of log text."""
    text = EMAIL.sub(REDACTED_EMAIL, text)
    text = QUERY.sub(r"\1", text)
    text = IPV4.sub(REDACTED_IP, text)
    return IPV6.sub(REDACTED_IP, text)


class RedactFilter(logging.Filter):
    """Rewrite the record's message (and any exception text) with `redact`; never drop it."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: keep the template, not the arguments
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, a few safe extras."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        for name in KEPT_EXTRAS:
            value = getattr(record, name, None)
            if name not in _STANDARD and isinstance(value, int | float | str):
                entry[name] = redact(value) if isinstance(value, str) else value
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = redact(record.exc_text)
        if record.stack_info:
            entry["stack"] = redact(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)
