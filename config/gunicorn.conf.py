"""gunicorn settings for `make serve` and production: JSON log lines without IP addresses,
query strings, referrers or user agents (see board/logging.py).

Command-line options (e.g. --bind, --workers) still override these.
"""

accesslog = "-"
# Method, path (PATH_INFO: never the query string), status, bytes sent, milliseconds.
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "board.logging.RedactFilter"}},
    "formatters": {"json": {"()": "board.logging.JsonFormatter"}},
    "handlers": {
        "access": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
            "formatter": "json",
            "stream": "ext://sys.stdout",
        },
        "error": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
        "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
    },
    "root": {"level": "INFO", "handlers": ["error"]},
}
