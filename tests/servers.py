"""Real processes for the reliability tests: redis-server, gunicorn, the `make serve` stack.

Everything listens on loopback ports chosen free at start, and every process is stopped
(its whole process group) when the test ends.
"""

import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager, suppress
from pathlib import Path

from .test_security import production_env, run_manage

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, *, seconds: float = 30, process=None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on port {port} after {seconds} s")


def stop(process: subprocess.Popen) -> None:
    """Stop a process started with start_new_session=True, and everything it started."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGCONT)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextmanager
def redis_server(port: int):
    """A throwaway redis-server: no persistence, loopback only."""
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""]
        + ["--appendonly", "no", "--protected-mode", "yes"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for_port(port)
        yield process
    finally:
        stop(process)


def app_env(tmp_path, **extra) -> dict:
    """Production settings, plain HTTP on loopback, a migrated SQLite file of its own."""
    env = production_env(
        tmp_path,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_HTTPS="0",
        DJANGO_LOG_LEVEL="ERROR",
        **extra,
    )
    env["DJANGO_STATIC_ROOT"] = str(tmp_path / "static")
    for command in (["migrate"], ["collectstatic"]):
        done = run_manage(env, *command, "--noinput", "--verbosity", "0")
        assert done.returncode == 0, done.stderr
    return env


@contextmanager
def gunicorn(env, port: int, *, workers: int = 2, log=subprocess.DEVNULL):
    gunicorn_bin = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [str(gunicorn_bin), "config.wsgi", "--config", "config/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    try:
        wait_for_port(port, process=process)
        yield process
    finally:
        stop(process)


class Response:
    def __init__(self, status: int, headers: dict, body: str, seconds: float):
        self.status, self.headers, self.body, self.seconds = status, headers, body, seconds


def request(
    port: int,
    path: str,
    *,
    method: str = "GET",
    cookies: dict | None = None,
    body: str | None = None,
    timeout: float = 10,
) -> Response:
    headers = {"Host": "127.0.0.1"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://127.0.0.1:{port}/"
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read().decode("utf-8", "replace")
        found = {name.lower(): value for name, value in answer.getheaders()}
        found["set-cookie-all"] = answer.headers.get_all("Set-Cookie") or []
        return Response(answer.status, found, text, time.monotonic() - started)
    finally:
        connection.close()


def cookies_from(response: Response) -> dict:
    found = {}
    for header in response.headers["set-cookie-all"]:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)
