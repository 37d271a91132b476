#!/usr/bin/env python
"""One command: a small cluster on loopback, and the checks that show it works as one site.

    .venv/bin/python bench/cluster.py [--output FILE] [--keep]

Builds, in a temporary folder: a PostgreSQL primary (initdb) and a streaming replica of it
(pg_basebackup -R), Debian's PostgreSQL binaries run as the `postgres` user when started as
root; one Redis; two gunicorn app servers on two ports sharing both; two task workers
(db_worker). Then checks:

1. read-your-writes: a post made through server A is seen by its author through server B
   at once, while replay on the replica is paused (so an anonymous reader of B does not
   see it until replay resumes);
2. anonymous list and search reads go to the replica (statements counted in each server's
   log: log_statement = 'all');
3. a replica lagging past BOARD_REPLICA_MAX_LAG_SECONDS is skipped;
4. the two workers share the queue and run each task once;
5. stopping the replica costs no failed request after the first second, and it is used
   again once restarted;
6. restarting the primary: failed requests counted, as today (no connection health checks).

Prints a report (Markdown) and exits non-zero if a check failed. Everything it starts is
stopped and its folder removed at the end (--keep keeps the folder). Only loopback is used.
"""

import argparse
import contextlib
import datetime
import html
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
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
def sign_in(cluster: Cluster) -> Browser:
    """A member's session, made by the application (as allauth would on sign-in)."""
    script = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "from allauth.account.models import EmailAddress\n"
        "from django.contrib.auth import get_user_model\n"
        "u = get_user_model().objects.create_user('author', 'author@cluster.test', 'pw')\n"
        "EmailAddress.objects.create(user=u, email=u.email, verified=True, primary=True)\n"
        "c = Client(); c.force_login(u); print(c.cookies['sessionid'].value)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=cluster.env(False),
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return Browser({"sessionid": done.stdout.strip().splitlines()[-1]})


def make_post(cluster: Cluster, author: Browser, server: str, headline: str) -> str:
    status, _, page = author.request(server + "/posts/new/")
    assert status == 200, f"post form answered {status}"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    country = cluster.sql(
        "primary",
        "SELECT country_id FROM board_area WHERE country_id IS NOT NULL ORDER BY id LIMIT 1",
        "board",
    )
    tag = cluster.sql("primary", "SELECT id FROM board_settingtag ORDER BY id LIMIT 1", "board")
    form = {
        "csrfmiddlewaretoken": token,
        "headline": headline,
        "connection_type": "platonic",
        "setting_tags": [tag[0][0]],
        "country": country[0][0],
        "elsewhere": "on",  # "somewhere else in <country>": no city to look up
        "encounter_date": (datetime.date.today() - datetime.timedelta(days=1)).isoformat(),
        "part_of_day": "morning",
        "story": "We traded crossword clues for the whole crossing and never swapped names.",
        "replies_enabled": "on",
        "action": "publish",
    }
    status, headers, _ = author.request(server + "/posts/new/", form)
    assert status == 302, f"posting answered {status}"
    return headers["Location"]


def check_read_your_writes(cluster: Cluster, author: Browser, results: list) -> str:
    cluster.heartbeat()
    cluster.wait_for_replay()
    cluster.sql("replica", "SELECT pg_wal_replay_pause()")
    started = time.monotonic()
    path = make_post(cluster, author, cluster.a, "Crossword on the ferry, seen from B")
    status, _, page = author.request(cluster.b + path)
    author_sees = status == 200 and "Crossword on the ferry" in html.unescape(page)
    list_status, _, listing = author.request(cluster.b + "/")
    author_list = "Crossword on the ferry" in html.unescape(listing)
    anonymous_status = Browser().request(cluster.b + path)[0]
    elapsed = time.monotonic() - started
    cluster.sql("replica", "SELECT pg_wal_replay_resume()")
    cluster.wait_for_replay()
    anonymous_after = Browser().request(cluster.b + path)[0]
    results.append(
        (
            "A post made through server A is seen by its author through server B at once",
            author_sees and author_list and anonymous_after == 200,
            f"replay paused on the replica; author on B: post page {status}, in the list "
            f"{author_list}; an anonymous reader on B meanwhile: {anonymous_status} (the "
            f"replica lacks it; {elapsed:.2f} s after the post); after replay resumed: "
            f"{anonymous_after}",
        )
    )
    return path


def check_reads_hit_the_replica(cluster: Cluster, results: list) -> None:
    # Steady state: health checks made while replay was paused (the check before) expire.
    time.sleep(CHECK_EVERY + 0.5)
    marks = {server: cluster.log_size(server) for server in ("primary", "replica")}
    pages = ["/", "/?q=train", "/?q=coffee", "/?type=romantic", "/?q=smile&type=platonic"]
    statuses = []
    for number in range(40):
        server = cluster.a if number % 2 else cluster.b
        statuses.append(Browser().request(server + pages[number % len(pages)])[0])
    time.sleep(0.5)
    on_primary = cluster.statements_since("primary", marks["primary"])
    on_replica = cluster.statements_since("replica", marks["replica"])
    results.append(
        (
            "Anonymous list and search reads hit the replica",
            on_primary == 0 and on_replica > 0 and set(statuses) == {200},
            f"40 anonymous list and search requests over A and B (all {sorted(set(statuses))}); "
            f"statements reading board_post: primary {on_primary}, replica {on_replica}",
        )
    )


def check_lagging_replica_skipped(cluster: Cluster, author: Browser, results: list) -> None:
    cluster.sql("replica", "SELECT pg_wal_replay_pause()")
    path = make_post(cluster, author, cluster.a, "Lighthouse keeper at the market")
    time.sleep(MAX_LAG + CHECK_EVERY + 1.5)
    lag = cluster.sql(
        "replica", "SELECT EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
    )[0][0]
    mark = cluster.log_size("replica")
    seen = [Browser().request(server + path)[0] for server in (cluster.a, cluster.b) * 3]
    time.sleep(0.5)
    on_replica = cluster.statements_since("replica", mark)
    cluster.sql("replica", "SELECT pg_wal_replay_resume()")
    cluster.wait_for_replay()
    results.append(
        (
            f"A replica lagging past {MAX_LAG} s is skipped",
            set(seen) == {200} and on_replica == 0,
            f"replica {float(lag):.1f} s behind; 6 anonymous reads of the new post over A and B: "
            f"{seen}; statements reading board_post on the replica: {on_replica}",
        )
    )


def check_workers_share_the_queue(cluster: Cluster, results: list) -> None:
    script = (
        "import django; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from board import outbox\n"
        "u = get_user_model().objects.get(username='author')\n"
        "for n in range(40):\n"
        "    outbox.send_notice_email.enqueue(user_id=u.pk, context={'headline': f'Notice {n}'})\n"
    )
    mail = cluster.work / "mail"
    before = len(list(mail.iterdir())) if mail.exists() else 0
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=cluster.env(False),
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    query = (
        "SELECT status, worker_ids::text, count(*) FROM django_tasks_database_dbtaskresult "
        "WHERE task_path = 'board.outbox.send_notice_email' GROUP BY 1, 2"
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        rows = cluster.sql("primary", query, "board")
        if sum(count for status, _, count in rows if status == "SUCCESSFUL") >= 40:
            break
        time.sleep(0.3)
    elapsed = time.monotonic() - started
    sent = len(list(mail.iterdir())) - before if mail.exists() else 0
    by_workers = {ids: count for status, ids, count in rows if status == "SUCCESSFUL"}
    once = all(len(json.loads(ids)) == 1 for ids in by_workers)
    results.append(
        (
            "Two workers share the queue and run each task once",
            once and len(by_workers) == 2 and sum(by_workers.values()) == 40 and sent >= 1,
            f"40 email tasks done in {elapsed:.1f} s; tasks by worker: {by_workers}; "
            f"mail files written: {sent} (the file backend may put several in one file)",
        )
    )


def load(cluster: Cluster, seconds: float, browsers: list, event, label: str) -> dict:
    """Requests every 50 ms over A and B for `seconds`; calls event() after 2 s."""
    record = []
    started = time.monotonic()
    fired = None
    number = 0
    while (now := time.monotonic() - started) < seconds:
        if fired is None and now >= 2:
            fired = now
            threading.Thread(target=event, daemon=True).start()
        browser, path = browsers[number % len(browsers)]
        server = cluster.a if number % 2 else cluster.b
        try:
            status = browser.request(server + path, timeout=10)[0]
        except OSError as error:
            status = type(error).__name__
        record.append((now, status))
        number += 1
        time.sleep(0.05)
    failed = [(at, status) for at, status in record if status != 200]
    return {
        "label": label,
        "requests": len(record),
        "failed": len(failed),
        "failed_after_first_second": sum(1 for at, _ in failed if at > fired + 1),
        "failed_after_3_seconds": sum(1 for at, _ in failed if at > fired + 3),
        "failures": [(round(at - fired, 2), status) for at, status in failed][:10],
    }


def check_replica_stop(cluster: Cluster, author: Browser, results: list) -> None:
    anonymous = [(Browser(), "/?q=train"), (Browser(), "/?q=coffee"), (Browser(), "/")]
    outcome = load(
        cluster, 8, anonymous, lambda: cluster.pg_ctl("replica", "stop", "-m", "fast"), "stop"
    )
    cluster.pg_ctl("replica", "start")
    cluster.wait_for_replay()
    time.sleep(CHECK_EVERY + 0.5)
    mark = cluster.log_size("replica")
    for number in range(10):
        Browser().request((cluster.a if number % 2 else cluster.b) + "/?q=train")
    time.sleep(0.5)
    back = cluster.statements_since("replica", mark)
    results.append(
        (
            "Stopping the replica costs no failed request after the first second",
            outcome["failed_after_first_second"] == 0 and back > 0,
            f"{outcome['requests']} anonymous requests over A and B, replica stopped at 2 s: "
            f"{outcome['failed']} failed ({outcome['failures']}); restarted, then 10 "
            f"searches read the replica again ({back} statements)",
        )
    )


def check_primary_restart(cluster: Cluster, author: Browser, results: list) -> None:
    browsers = [(Browser(), "/?q=train"), (author, "/"), (author, "/me/posts/")]
    outcome = load(
        cluster, 10, browsers, lambda: cluster.pg_ctl("primary", "restart", "-m", "fast"), "pr"
    )
    cluster.wait_for_replay()
    alive = [name for name, process in cluster.processes.items() if process.poll() is None]
    after = [Browser().request(cluster.a + "/?q=train")[0], author.request(cluster.b + "/")[0]]
    results.append(
        (
            "Restarting the primary is survived as today",
            outcome["failed_after_3_seconds"] == 0
            and after == [200, 200]
            and {"worker1", "worker2"} <= set(alive),
            f"{outcome['requests']} requests (anonymous and signed in) over A and B, primary "
            f"restarted at 2 s: {outcome['failed']} failed ({outcome['failures']}; seconds after "
            f"the restart began), while it restarted or on the first use of a connection it "
            f"dropped (DJANGO_CONN_HEALTH_CHECKS off, as today), none after 3 s; afterwards "
            f"{after}; processes still running: {', '.join(sorted(alive))}",
        )
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="also write the report here")
    parser.add_argument("--keep", action="store_true", help="keep the cluster's folder")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="board-cluster-"))
    work.chmod(0o755)
    cluster = Cluster(work)
    results: list[tuple[str, bool, str]] = []
    timings = {}
    started = time.monotonic()
    try:
        step = time.monotonic()
        cluster.build_databases()
        cluster.load_data()
        timings["initdb, migrate and seed"] = time.monotonic() - step
        step = time.monotonic()
        cluster.build_replica()
        timings["pg_basebackup and replica start"] = time.monotonic() - step
        step = time.monotonic()
        cluster.start_servers()
        timings["app servers and workers up"] = time.monotonic() - step
        author = sign_in(cluster)
        check_read_your_writes(cluster, author, results)
        check_reads_hit_the_replica(cluster, results)
        check_lagging_replica_skipped(cluster, author, results)
        check_workers_share_the_queue(cluster, results)
        check_replica_stop(cluster, author, results)
        check_primary_restart(cluster, author, results)
    finally:
        cluster.stop()
        if args.keep:
            print(f"kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    total = time.monotonic() - started

    lines = [
        f"Cluster run {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M UTC}: PostgreSQL "
        f"primary + streaming replica ({PG_BIN}), Redis, gunicorn A and B (2 workers each), "
        f"2 task workers; replica max lag {MAX_LAG} s, health re-checked every {CHECK_EVERY} s.",
        "",
        "| check | result | what happened |",
        "|---|---|---|",
        *(f"| {name} | {'pass' if ok else 'FAIL'} | {detail} |" for name, ok, detail in results),
        "",
        "Setup times: "
        + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
        + f"; whole run {total:.0f} s.",
    ]
    report = "\n".join(lines)
    print(report)
    if args.output:
        args.output.write_text(report + "\n")
    return 0 if results and all(ok for _, ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
