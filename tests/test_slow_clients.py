"""Slow clients cannot stall the production stack (`make serve`: nginx in front of gunicorn).

The stack is started exactly as `make serve` starts it (config/nginx/serve.sh), on loopback
ports chosen free, with HTTPS from a self-signed certificate. 200 idle connections and 200
slowloris connections (headers or a body one byte a second) are held open while ordinary
requests are timed. Bounded: about 20 seconds.
"""

import http.client
import os
import socket
import ssl
import subprocess
import sys
import threading
import time
from contextlib import ExitStack, suppress
from pathlib import Path

import pytest

from .servers import ROOT, app_env, free_port, request, stop, wait_for_port

IDLE = 200
SLOWLORIS = 200
MEASURE_SECONDS = 8


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("serve")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    made = subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        capture_output=True,
        timeout=60,
    )
    assert made.returncode == 0, made.stderr
    port, tls_port = free_port(), free_port()
    env = app_env(
        tmp,
        BOARD_LISTEN=f"127.0.0.1:{port}",
        BOARD_TLS_LISTEN=f"127.0.0.1:{tls_port}",
        BOARD_TLS_CERT=str(cert),
        BOARD_TLS_KEY=str(key),
        BOARD_RUN_DIR=str(tmp / "run"),
        PYTHON_BIN=str(Path(sys.executable).parent),
        BOARD_NGINX=os.environ.get("BOARD_NGINX", "/usr/sbin/nginx"),
    )
    log = (tmp / "serve.log").open("w")
    process = subprocess.Popen(
        [str(ROOT / "config/nginx/serve.sh")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_for_port(port, process=process)
        wait_for_port(tls_port, process=process)
        deadline = time.monotonic() + 30
        while request(port, "/").status == 502 and time.monotonic() < deadline:
            time.sleep(0.1)  # nginx is up before gunicorn's workers
        yield {"port": port, "tls_port": tls_port}
    finally:
        stop(process)
        log.close()  # nginx's and gunicorn's messages stay in serve.log for a failed run


class Attackers:
    """Idle sockets that never send, and slowloris sockets that send a byte a second."""

    def __init__(self, port: int):
        self.port = port
        self.sockets: list[socket.socket] = []
        self.slow: list[socket.socket] = []
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._dribble, daemon=True)

    def open(self) -> None:
        for _ in range(IDLE):
            self.sockets.append(socket.create_connection(("127.0.0.1", self.port), timeout=5))
        for number in range(SLOWLORIS):
            connection = socket.create_connection(("127.0.0.1", self.port), timeout=5)
            if number % 2:
                connection.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            else:
                connection.sendall(
                    b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: application/x-www-form-urlencoded\r\n"
                    b"Content-Length: 100000\r\n\r\n"
                )
            self.sockets.append(connection)
            self.slow.append(connection)
        self.thread.start()

    def _dribble(self) -> None:
        while not self.done.wait(1):
            for connection in self.slow:
                with suppress(OSError):
                    connection.sendall(b"X")

    def close(self) -> None:
        self.done.set()
        self.thread.join(timeout=5)
        for connection in self.sockets:
            connection.close()


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def test_ordinary_requests_answer_within_a_second_while_400_slow_sockets_are_open(stack):
    attackers = Attackers(stack["port"])
    times, statuses = [], []
    with ExitStack() as cleanup:
        attackers.open()
        cleanup.callback(attackers.close)
        time.sleep(1)  # every attacker is connected and dribbling
        deadline = time.monotonic() + MEASURE_SECONDS
        paths = ["/", "/guidelines/", "/resources/", "/feeds/posts/", "/accounts/login/"]
        while time.monotonic() < deadline:
            for path in paths:
                answer = request(stack["port"], path, timeout=10)
                times.append(answer.seconds)
                statuses.append(answer.status)
    p95 = percentile(times, 0.95)
    print(
        f"\n{IDLE} idle + {SLOWLORIS} slowloris sockets: {len(times)} requests, "
        f"{sum(s >= 500 for s in statuses)} errors, p95 {p95:.3f} s, slowest {max(times):.3f} s"
    )
    assert set(statuses) == {200}, statuses
    assert len(times) >= 20
    assert p95 < 1


def test_a_body_over_the_limit_is_refused_before_it_is_sent(stack):
    connection = socket.create_connection(("127.0.0.1", stack["port"]), timeout=5)
    with connection:
        connection.sendall(
            b"POST /posts/new/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 52428800\r\n\r\n"
        )
        started = time.monotonic()
        answer = connection.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert time.monotonic() - started < 1


def test_https_answers_through_the_tls_server_block(stack):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection(
        "127.0.0.1", stack["tls_port"], timeout=10, context=context
    )
    try:
        connection.request("GET", "/guidelines/", headers={"Host": "127.0.0.1"})
        answer = connection.getresponse()
        answer.read()
    finally:
        connection.close()
    assert answer.status == 200


def test_static_files_are_served_by_nginx_with_a_long_cache_life(stack):
    page = request(stack["port"], "/guidelines/")
    stylesheet = page.body.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    answer = request(stack["port"], stylesheet)
    assert answer.status == 200
    assert "immutable" in answer.headers["cache-control"]
