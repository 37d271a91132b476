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
import datetime
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cluster_stack import CHECK_EVERY, MAX_LAG, PG_BIN, ROOT, Browser, Cluster


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
