"""The loopback cluster that bench/cluster.py checks: a PostgreSQL primary and a streaming
replica, one Redis, two gunicorn app servers and two task workers, each on a free port in a
temporary folder; and a small cookie-keeping HTTP client to drive it."""

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_BIN = Path(os.environ.get("BOARD_PG_BIN", "/usr/lib/postgresql/15/bin"))
MAX_LAG = 3  # seconds: BOARD_REPLICA_MAX_LAG_SECONDS for this run
CHECK_EVERY = 1  # seconds: BOARD_REPLICA_CHECK_SECONDS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping HTTP client that does not follow redirects."""

    opener = urllib.request.build_opener(NoRedirect)

    def __init__(self, cookies: dict | None = None):
        self.cookies = dict(cookies or {})

    def request(self, url: str, data: dict | None = None, timeout: float = 10):
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(url, data=body)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = self.opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response.status, response.headers, response.read().decode("utf-8", "replace")


class Cluster:
    def __init__(self, work: Path):
        self.work = work
        self.pg = work / "pg"
        self.ports = {
            name: free_port() for name in ("primary", "replica", "redis", "app_a", "app_b")
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.primary_url = f"postgres://postgres@127.0.0.1:{self.ports['primary']}/board"
        self.replica_url = f"postgres://postgres@127.0.0.1:{self.ports['replica']}/board"
        self.a = f"http://127.0.0.1:{self.ports['app_a']}"
        self.b = f"http://127.0.0.1:{self.ports['app_b']}"

    # PostgreSQL --------------------------------------------------------------------------
    def as_postgres(self, *args) -> list[str]:
        args = [str(arg) for arg in args]
        return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args

    def pg_run(self, *args) -> None:
        subprocess.run(self.as_postgres(*args), check=True, capture_output=True, timeout=120)

    def pg_ctl(self, server: str, *action) -> None:
        log = self.pg / f"{server}.log"
        self.pg_run(PG_BIN / "pg_ctl", "-D", self.pg / server, "-l", log, "-w", *action)

    def sql(self, server: str, statement: str, database: str = "postgres"):
        import psycopg

        url = f"postgres://postgres@127.0.0.1:{self.ports[server]}/{database}"
        with psycopg.connect(url, autocommit=True, connect_timeout=3) as connection:
            cursor = connection.execute(statement)
            return cursor.fetchall() if cursor.description else None

    def build_databases(self) -> None:
        self.pg.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.pg, "postgres", "postgres")
        self.pg_run(
            PG_BIN / "initdb", "-D", self.pg / "primary", "-A", "trust", "-U", "postgres",
            "--no-sync", "-E", "UTF8", "--locale", "C.UTF-8",
        )  # fmt: skip
        settings = {
            "port": self.ports["primary"],
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.pg}'",
            "wal_level": "replica",
            "max_wal_senders": 4,
            "hot_standby": "on",
            "fsync": "off",  # a throwaway demo cluster: no durability needed
            "shared_buffers": "'32MB'",
            "log_statement": "'all'",
            "log_line_prefix": "'%m [%p] '",
        }
        with open(self.pg / "primary" / "postgresql.conf", "a") as conf:
            conf.writelines(f"{key} = {value}\n" for key, value in settings.items())
        self.pg_ctl("primary", "start")
        self.sql("primary", "CREATE DATABASE board")
        self.sql("primary", "CREATE TABLE heartbeat (at timestamptz)")

    def build_replica(self) -> None:
        self.pg_run(
            PG_BIN / "pg_basebackup", "-h", "127.0.0.1", "-p", self.ports["primary"],
            "-U", "postgres", "-D", self.pg / "replica", "-R", "-X", "stream", "--no-sync",
            "--checkpoint", "fast",
        )  # fmt: skip
        with open(self.pg / "replica" / "postgresql.auto.conf", "a") as conf:
            conf.write(f"port = {self.ports['replica']}\n")
        self.pg_ctl("replica", "start")
        self.wait_for_replay()

    def heartbeat(self) -> None:
        self.sql("primary", "INSERT INTO heartbeat VALUES (now())")

    def wait_for_replay(self, timeout: float = 30) -> None:
        target = self.sql("primary", "SELECT pg_current_wal_lsn()")[0][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                done = self.sql("replica", f"SELECT pg_last_wal_replay_lsn() >= '{target}'")
                if done[0][0]:
                    return
            time.sleep(0.1)
        raise RuntimeError("the replica did not catch up")

    def log_size(self, server: str) -> int:
        return (self.pg / f"{server}.log").stat().st_size

    def statements_since(self, server: str, offset: int, table: str = '"board_post"') -> int:
        with open(self.pg / f"{server}.log", encoding="utf-8", errors="replace") as log:
            log.seek(offset)
            return sum(1 for line in log if "statement:" in line and table in line)

    # The application -------------------------------------------------------------------
    def env(self, replicas: bool = True) -> dict:
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "DJANGO_", "REDIS_", "BOARD_"))
        }
        env.update(
            DJANGO_SETTINGS_MODULE="config.settings",
            PYTHONPATH=str(ROOT),
            DATABASE_URL=self.primary_url,
            REDIS_URL=f"redis://127.0.0.1:{self.ports['redis']}/0",
            DJANGO_DEBUG="0",
            DJANGO_SECRET_KEY="cluster-demo-" + self.secret,
            DJANGO_HTTPS="0",
            DJANGO_ALLOWED_HOSTS="127.0.0.1",
            DJANGO_STATIC_ROOT=str(self.work / "static"),
            DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
            DJANGO_EMAIL_FILE_PATH=str(self.work / "mail"),
            DJANGO_LOG_LEVEL="WARNING",
            BOARD_FIRST_POSTS_HELD="0",
            BOARD_POST_RATE="1000/m",
            BOARD_POST_DAILY_RATE="1000/d",
            BOARD_SEARCH_RATE="100000/m",  # every request comes from 127.0.0.1
            BOARD_REPLICA_MAX_LAG_SECONDS=str(MAX_LAG),
            BOARD_REPLICA_CHECK_SECONDS=str(CHECK_EVERY),
        )
        if replicas:
            env["DATABASE_REPLICA_URLS"] = self.replica_url
        return env

    secret = secrets.token_hex(16)

    def manage(self, *args, replicas: bool = False) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=self.env(replicas),
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {args[0]} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def start(self, name: str, args: list, env: dict | None = None) -> None:
        log = open(self.work / f"{name}.log", "w")  # noqa: SIM115 (closed with the process)
        self.processes[name] = subprocess.Popen(
            args, cwd=ROOT, env=env or self.env(), stdout=log, stderr=subprocess.STDOUT
        )

    def load_data(self) -> None:
        self.start(
            "redis",
            ["redis-server", "--port", str(self.ports["redis"]), "--bind", "127.0.0.1",
             "--save", "", "--appendonly", "no"],
        )  # fmt: skip
        self.manage("migrate", "--noinput")
        self.manage("seed_demo", "--posts", "300", "--seed", "22")
        self.manage("collectstatic", "--noinput")

    def start_servers(self) -> None:
        for name in ("app_a", "app_b"):
            self.start(
                name,
                [BIN / "gunicorn", "config.wsgi", "--config", "config/gunicorn.conf.py",
                 "--bind", f"127.0.0.1:{self.ports[name]}", "--workers", "2"],
            )  # fmt: skip
        for number in (1, 2):
            self.start(
                f"worker{number}",
                [sys.executable, "manage.py", "run_worker", "--interval", "0.2",
                 "--worker-id", f"worker{number}"],
            )  # fmt: skip
        for url in (self.a, self.b):
            deadline = time.monotonic() + 60
            while True:
                with contextlib.suppress(OSError):
                    if Browser().request(url + "/")[0] == 200:
                        break
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{url} did not answer")
                time.sleep(0.3)

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        for server in ("replica", "primary"):
            if (self.pg / server / "postmaster.pid").exists():
                with contextlib.suppress(Exception):
                    self.pg_ctl(server, "stop", "-m", "immediate")


# The checks ------------------------------------------------------------------------------
