"""Benchmark settings: the project's own, plus the floor view's URL and no search rate limit.

Everything else (middleware, templates, DEBUG off, caches from REDIS_URL, the database from
DATABASE_URL) is exactly config/settings.py. wrk sends every request from 127.0.0.1, so the
anonymous search limit (60 a minute) would turn the search measurements into 429 pages.
"""

import config.settings as _project

globals().update({name: getattr(_project, name) for name in dir(_project) if name.isupper()})

ROOT_URLCONF = "bench.urls"
BOARD_SEARCH_RATE = None
