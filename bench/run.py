#!/usr/bin/env python
"""One command: load the dataset (reused if present), serve it under gunicorn, measure with wrk.

    .venv/bin/python bench/run.py --db sqlite              # 100,000 posts, bench/data/*.sqlite3
    .venv/bin/python bench/run.py --db postgres            # 1,000,000 posts, database board_bench

Pages are measured in rounds (forward, then reversed, then forward...), each for --duration
seconds with --connections connections, after a short warm-up. The report gives, per page,
the median over rounds of requests/second and of p50/p95/p99 latency, and the throughput
ratio to the floor (a bare Django view behind the same middleware). Results are written to
bench/results/. See bench/README.md and docs/benchmarks.md.
"""

import argparse
import datetime
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
DEFAULTS = {
    "sqlite": {"posts": 100_000, "url": f"sqlite:///{DATA / 'board-bench.sqlite3'}"},
    "postgres": {
        "posts": 1_000_000,
        "url": "postgres://postgres@127.0.0.1:5432/board_bench",
    },
}


def environment(args) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        DJANGO_DEBUG="0",
        DJANGO_STATIC_ROOT=str(DATA / "static"),
        DJANGO_LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def ensure_postgres_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"Created database {name}.", file=sys.stderr)


def manage(env, *arguments, capture=False):
    command = [str(BIN / "python"), str(ROOT / "manage.py"), *arguments]
    if capture:
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True)
    return subprocess.run(command, env=env, check=True)


def prepare(args, env) -> dict:
    DATA.mkdir(parents=True, exist_ok=True)
    if args.db == "postgres":
        ensure_postgres_database(args.database_url)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    started = time.monotonic()
    result = subprocess.run(
        [str(BIN / "python"), "-m", "bench.dataset", "--posts", str(args.posts)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    sys.stderr.write(result.stderr)  # the dataset's progress, or why it failed
    result.check_returncode()
    dataset = json.loads(result.stdout)
    print(f"Dataset ready in {time.monotonic() - started:.0f} s.", file=sys.stderr)
    return dataset


def pages(dataset) -> list[dict]:
    """What to measure: (name, path, signed in?)."""
    words, urls = dataset["words"], dataset["urls"]
    query = {kind: value[0] for kind, value in words.items()}
    phrase = '"' + query["phrase"] + '"'
    return [
        {"name": "floor (bare view)", "path": "/bench/floor/"},
        {"name": "list", "path": "/"},
        {"name": "filtered list", "path": f"/?{urls['filters']}"},
        {"name": "filtered page 500", "path": urls["filtered_page_500"]},
        {"name": "post page", "path": urls["post"]},
        {"name": "list, signed in", "path": "/", "session": True},
        {"name": "filtered list, signed in", "path": f"/?{urls['filters']}", "session": True},
        {
            "name": "filtered page 500, signed in",
            "path": urls["filtered_page_500"],
            "session": True,
        },
        {"name": "page 500, signed in", "path": urls["page_500"], "session": True},
        {
            "name": "filtered ?page=500 by offset, signed in",
            "path": urls["filtered_offset_500"],
            "session": True,
        },
        {"name": "post page, signed in", "path": urls["post"], "session": True},
        {
            "name": f"search very rare word ({query['very_rare']})",
            "path": f"/?q={query['very_rare']}",
        },
        {"name": f"search rare word ({query['rare']})", "path": f"/?q={query['rare']}"},
        {"name": f"search mid word ({query['mid']})", "path": f"/?q={query['mid']}"},
        {
            "name": f"search phrase ({phrase})",
            "path": "/?q=" + urllib.parse.quote(phrase),
        },
        {"name": f"search common word ({query['common']})", "path": f"/?q={query['common']}"},
        {
            "name": f"search rare word, filtered ({query['rare']})",
            "path": f"/?q={query['rare']}&{urls['filters']}",
        },
        *place_pages(urls, query),
        *admin_pages(urls),
    ]


def place_pages(urls, query) -> list[dict]:
    """Lists by place, once bench/places.py spread the posts over the gazetteer's cities."""
    if "country" not in urls:
        return []
    typed = urllib.parse.quote(urls["city_big_typed"], safe="=&")
    return [
        {"name": f"place: country ({urls['country']})", "path": f"/?{urls['country']}"},
        {"name": f"place: big city ({urls['city_big']})", "path": f"/?{urls['city_big']}"},
        {"name": "place: big city typed", "path": f"/?{typed}"},
        {"name": f"place: small city ({urls['city_small']})", "path": f"/?{urls['city_small']}"},
        {
            "name": "place: country, signed in",
            "path": f"/?{urls['country']}",
            "session": True,
        },
        {
            "name": "place: big city, signed in",
            "path": f"/?{urls['city_big']}",
            "session": True,
        },
        {
            "name": f"place: country + rare word ({query['rare']})",
            "path": f"/?{urls['country']}&q={query['rare']}",
        },
    ]


# The changelist's one sortable column, "Submitted" (tests/test_admin_search.py checks it).
SUBMITTED_COLUMN = "8"


def admin_pages(urls) -> list[dict]:
    """The moderators' pages, signed in as a moderator with a second factor: the queue, the
    post changelist with one choice of each of its list_filter, its search box and its one
    sortable column, and a post's page."""
    changelist = "/admin/board/post/"
    # An author reference no post has costs the same index lookup as one that some have.
    author_ref = urls.get("author_ref", "A-0000000000")
    filters = [
        "queue=all",
        "queue=urgent",
        "queue=held",
        "queue=flagged",
        "status__exact=pending",
        "status__exact=published",
        "status__exact=removed",
        "held=phone",
        "flag=spam",
        "needs_urgent_review__exact=1",
        "needs_urgent_review__exact=0",
        "connection_type__exact=platonic",
        f"area__id__exact={urls['area_id']}",
        f"author_ref={author_ref}",
        f"o=-{SUBMITTED_COLUMN}",  # newest submitted first
        "q=orchard",  # a word in about 6 % of the synthetic posts
        "q=smile",  # a word in about half of them
        f"q={urls['post']}",  # a link to a post, pasted whole
    ]
    moderator = {"session": "moderator", "expect": 'id="changelist"'}
    return [
        {"name": "admin queue (index)", "path": "/admin/", **moderator, "expect": 'id="queue"'},
        {"name": "admin post list", "path": changelist, **moderator},
        *(
            {"name": f"admin post list ?{query}", "path": f"{changelist}?{query}", **moderator}
            for query in filters
        ),
        {
            "name": "admin post page",
            "path": urls["post_admin"],
            **moderator,
            "expect": 'id="post_form"',
        },
    ]


def session_of(page, dataset) -> str | None:
    if page.get("session") == "moderator":
        return dataset["moderator_session"]
    return dataset["session"] if page.get("session") else None


def serve(args, env) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "config.wsgi",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{args.port}/bench/floor/") as reply:
                if reply.status == 200:
                    return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def check(args, page, session) -> None:
    request = urllib.request.Request(f"http://127.0.0.1:{args.port}{page['path']}")
    if page.get("session"):
        request.add_header("Cookie", f"sessionid={session}")
    with urllib.request.urlopen(request) as reply:
        body = reply.read().decode()
    expected = page.get("expect") or (
        "ok"
        if "floor" in page["name"]
        else 'class="post"'
        if "post" in page["name"]
        else 'class="card"'
    )
    if reply.status != 200 or expected not in body:
        raise SystemExit(f"{page['name']}: unexpected page ({reply.status})")


def wrk(args, page, session, duration) -> dict:
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(args.connections),
        "--duration",
        f"{duration}s",
        "--timeout",
        "10s",
        "--script",
        str(ROOT / "bench" / "report.lua"),
    ]
    if page.get("session"):
        command += ["--header", f"Cookie: sessionid={session}"]
    command.append(f"http://127.0.0.1:{args.port}{page['path']}")
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("JSON "))
    data = json.loads(line[5:])
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    return data


def summarize(measured: dict, floor_name: str) -> list[dict]:
    rows = []
    floor = statistics.median(run["rps"] for run in measured[floor_name])
    for name, runs in measured.items():
        rps = statistics.median(run["rps"] for run in runs)
        rows.append(
            {
                "page": name,
                "rps": round(rps, 1),
                "ratio": round(rps / floor, 3),
                "p50_ms": round(statistics.median(r["p50_us"] for r in runs) / 1000, 1),
                "p95_ms": round(statistics.median(r["p95_us"] for r in runs) / 1000, 1),
                "p99_ms": round(statistics.median(r["p99_us"] for r in runs) / 1000, 1),
                "errors": sum(r["errors"] + r["non_2xx"] for r in runs),
                "rounds": [round(r["rps"], 1) for r in runs],
            }
        )
    return rows


def markdown(rows) -> str:
    lines = [
        "| page | req/s | ratio to floor | p50 ms | p95 ms | p99 ms | errors | req/s by round |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        rounds = ", ".join(str(value) for value in row["rounds"])
        lines.append(
            f"| {row['page']} | {row['rps']} | {row['ratio']} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['p99_ms']} | {row['errors']} | {rounds} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=sorted(DEFAULTS), default="sqlite")
    parser.add_argument("--posts", type=int, help="dataset size (default by database)")
    parser.add_argument("--database-url", help="default: a dedicated benchmark database")
    parser.add_argument(
        "--redis-url",
        default="redis://127.0.0.1:6379/1",
        help="shared cache (page cache on); '' uses the database cache (page cache off)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8, help="seconds per page per round")
    parser.add_argument("--warmup", type=int, default=2, help="seconds per page, once")
    parser.add_argument("--connections", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--only", help="measure only pages whose name contains this")
    args = parser.parse_args()
    args.posts = args.posts or DEFAULTS[args.db]["posts"]
    args.database_url = args.database_url or DEFAULTS[args.db]["url"]
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get update && apt-get install -y wrk")

    env = environment(args)
    dataset = prepare(args, env)
    targets = pages(dataset)
    if args.only:
        targets = [targets[0]] + [p for p in targets[1:] if args.only in p["name"]]
    server = serve(args, env)
    measured = {page["name"]: [] for page in targets}
    try:
        for page in targets:
            check(args, page, session_of(page, dataset))
            wrk(args, page, session_of(page, dataset), args.warmup)
        for number in range(args.rounds):
            order = targets if number % 2 == 0 else targets[::-1]
            for page in order:
                result = wrk(args, page, session_of(page, dataset), args.duration)
                measured[page["name"]].append(result)
                print(
                    f"round {number + 1} {page['name']}: {result['rps']:.0f} req/s, "
                    f"p95 {result['p95_us'] / 1000:.1f} ms",
                    file=sys.stderr,
                )
    finally:
        server.terminate()
        server.wait(timeout=30)

    rows = summarize(measured, targets[0]["name"])
    report = {
        "when": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "database": args.db,
        "cache": "redis (page cache on)" if args.redis_url else "database (page cache off)",
        "cpus": os.cpu_count(),
        "connections": args.connections,
        "duration": args.duration,
        "rounds": args.rounds,
        "dataset": {key: dataset[key] for key in ("posts", "seeded_seconds", "words", "urls")},
        "results": rows,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{args.db}-{stamp}.json").write_text(json.dumps(report, indent=2))
    print(json.dumps({k: v for k, v in report.items() if k != "results"}, indent=2))
    print(markdown(rows))


if __name__ == "__main__":
    main()
