"""Logs that can be kept: JSON lines with no email addresses, IP addresses or query strings,
from Django and from gunicorn alike.
"""

import json
import logging
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from django.test import RequestFactory

from board.logging import JsonFormatter, RedactFilter, redact
from tests.test_security import production_env

ROOT = Path(__file__).resolve().parent.parent


def test_redaction_takes_out_emails_ips_and_query_strings():
    line = (
        '"GET /posts/?q=red+scarf&area=north HTTP/1.1" 200 from 203.0.113.9 and 2001:db8::1 '
        "for someone@example.org at https://board.example/feeds/posts/?q=secret#top"
    )
    cleaned = redact(line)
    for secret in ("red+scarf", "203.0.113.9", "2001:db8::1", "someone@example.org", "secret"):
        assert secret not in cleaned
    assert '"GET /posts/ HTTP/1.1" 200' in cleaned
    assert "https://board.example/feeds/posts/#top" in cleaned


def test_redaction_leaves_ordinary_messages_and_times_alone():
    message = "Expired 3 posts at 12:30:45 in 0.25s. Is that right?"
    assert redact(message) == message


def console_handler() -> logging.Handler:
    handlers = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, RedactFilter) for f in h.filters)
    ]
    assert handlers, "the root logger has no redacting handler"
    return handlers[0]


def test_django_request_lines_are_logged_as_json_without_query_or_ip():
    handler = console_handler()
    record = logging.getLogger("django.server").makeRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s from %s',
        ("GET /?q=looking+for+you HTTP/1.1", "200", "5120", "198.51.100.23"),
        None,
        extra={"status_code": 200, "request": RequestFactory().get("/?q=looking+for+you")},
    )
    assert handler.filter(record)
    entry = json.loads(handler.format(record))
    assert entry["logger"] == "django.server"
    assert entry["level"] == "INFO"
    assert entry["status_code"] == 200
    assert entry["message"] == '"GET / HTTP/1.1" 200 5120 from [ip]'
    assert "looking" not in json.dumps(entry)
    assert "request" not in entry


def test_exception_text_in_logs_is_redacted_too():
    try:
        raise ValueError("Key (email)=(someone@example.org) already exists")
    except ValueError:
        record = logging.getLogger("board").makeRecord(
            "board", logging.ERROR, __file__, 1, "Failed for %s", ("10.0.0.7",), sys.exc_info()
        )
    RedactFilter().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["message"] == "Failed for [ip]"
    assert "someone@example.org" not in entry["exception"]
    assert "ValueError" in entry["exception"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_access_log_is_json_without_ip_or_query_string(tmp_path):
    port = free_port()
    out, err = tmp_path / "out.log", tmp_path / "err.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with out.open("w") as stdout, err.open("w") as stderr:
        server = subprocess.Popen(
            [str(gunicorn), "config.wsgi", "--config", "config/gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=production_env(tmp_path, DJANGO_HTTPS="0", DJANGO_ALLOWED_HOSTS="127.0.0.1"),
            stdout=stdout,
            stderr=stderr,
        )
    try:
        url = f"http://127.0.0.1:{port}/no-such-page/?q=looking+for+you"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=2)
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        deadline = time.time() + 10
        while "no-such-page" not in out.read_text() and time.time() < deadline:
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=10)
    access = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    lines = [entry for entry in access if "no-such-page" in entry["message"]]
    assert lines, out.read_text() + err.read_text()
    assert lines[0]["logger"] == "gunicorn.access"
    assert lines[0]["message"].startswith("GET /no-such-page/ ")
    everything = out.read_text() + err.read_text()
    assert "looking" not in everything
    assert "127.0.0.1 -" not in everything
