"""Settings for the missed-connections board, read from the environment only.

Safe defaults: DEBUG off, SQLite file, console email. See README.md for every variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


DEBUG = env_bool("DJANGO_DEBUG")
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "django-insecure-dev-only-change-me-0b7f5c2e9a4d41c8b6e3"
)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # First, so its createsuperuser (by email) replaces Django's.
    "board",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_filters",
    "csp",
    "allauth",
    "allauth.account",
    "allauth.mfa",
]

MIDDLEWARE = [
    "board.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "board.request_guards.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "board.cache.PostsVersionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "board.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
# Form widgets render through TEMPLATES, so templates/django/forms/ can adjust them (no
# `maxlength` that silently cuts pasted text).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "board.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60),
        # Off by default, as in Django: a check is a round trip (SELECT 1) before every
        # request's first query. Without it, the first request on a connection the database
        # dropped (a restart) fails once, and Django then replaces that connection.
        conn_health_checks=env_bool("DJANGO_CONN_HEALTH_CHECKS"),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; a busy timeout instead of "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One shared cache: Redis when configured, else the database (shared by every worker).
# "local" is this process's memory, for pages and fragments kept under the posts version
# (board/cache/); it is never the only copy of anything.
# Redis is optional at run time (docs/reliability.md): short socket timeouts, errors read as
# cache misses, and a circuit breaker (board/redis_cache.py) so a frozen Redis costs a page
# one timeout at most. Sessions live in the database and are only cached in Redis, so a
# Redis restart signs nobody out. Rate limits count in Redis, or per worker while it fails.
REDIS_URL = os.environ.get("REDIS_URL", "")
REDIS_TIMEOUT = float(os.environ.get("BOARD_REDIS_TIMEOUT", "0.25"))
if REDIS_URL:
    # django-redis keeps one client per connection pool; Django's own Redis backend builds a
    # new client for every call (docs/benchmarks.md).
    CACHES = {
        "default": {
            "BACKEND": "board.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": REDIS_TIMEOUT,
                "SOCKET_TIMEOUT": REDIS_TIMEOUT,
                "IGNORE_EXCEPTIONS": True,
                "BREAKER_SECONDS": float(os.environ.get("BOARD_REDIS_BREAKER_SECONDS", "1")),
            },
        },
    }
    # Sessions are read from Redis, written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "board_cache",
        }
    }
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "board-local",
    "TIMEOUT": 30,
    "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
}

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "board:post-list"

# django-allauth: email is the login, verified before use; a code by email works too.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SIGNUP_FORM_CLASS = "board.forms.SignupExtrasForm"
ACCOUNT_ADAPTER = "board.adapters.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Missed Connections] "
# Confirming the email signs the person in (same browser) and goes on to where they were.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# People are never named by their internal username: a name they chose, or nothing.
ACCOUNT_USER_DISPLAY = "board.adapters.user_display"

# Development prints mail with addresses taken out (board/mail.py); `check --deploy` fails
# until production names a real backend.
EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "board.mail.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "board@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH")  # for the file-based backend

# Interface languages (docs/i18n.md). Every string goes through Django's translation
# functions; English is the only interface language for now, so no LocaleMiddleware yet.
# A post's own language (Post.language) is a different thing: the story's, not the page's.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", gettext_lazy("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files browsers ask for at the root (favicon.ico, apple-touch-icon.png, site.webmanifest),
# served by whitenoise at "/" in development and production alike.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
WHITENOISE_MIMETYPES = {".webmanifest": "application/manifest+json"}
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# The board's own rules.
# Where links in emails point. Development: this machine on PORT (`make run` passes it on).
# Production: set BOARD_SITE_URL (e.g. https://board.example); `check --deploy` fails while
# it still points at this machine (board/checks.py).
BOARD_DEV_SITE_URL = f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
BOARD_SITE_URL = (os.environ.get("BOARD_SITE_URL") or BOARD_DEV_SITE_URL).rstrip("/")
# Shown on the Contact page and in emails: where people write, and where appeals go.
BOARD_CONTACT_EMAIL = os.environ.get("BOARD_CONTACT_EMAIL", "") or DEFAULT_FROM_EMAIL
BOARD_NAME = "Missed Connections"
BOARD_POSTS_PER_PAGE = 20
BOARD_FIRST_POSTS_HELD = env_int("BOARD_FIRST_POSTS_HELD", 2)
BOARD_FLAGS_TO_HIDE = env_int("BOARD_FLAGS_TO_HIDE", 3)
# Comments on new posts: "off", "on", or "held" (on, each approved by the poster first).
BOARD_COMMENTS_DEFAULT = os.environ.get("BOARD_COMMENTS_DEFAULT", "held")
BOARD_COMMENTS_PER_PAGE = 50
BOARD_COMMENT_MAX_LENGTH = 1000
BOARD_COMMENT_DAILY_RATE = os.environ.get("BOARD_COMMENT_DAILY_RATE", "30/d")
BOARD_COMMENT_DIGEST_EVERY_SECONDS = env_int("BOARD_COMMENT_DIGEST_EVERY_SECONDS", 3600)
# Flags count towards a hide only from established accounts: a verified email, this old.
BOARD_ESTABLISHED_AFTER_HOURS = env_int("BOARD_ESTABLISHED_AFTER_HOURS", 24)
# Confirmed takedown requests one requester (email, and account) may hide a day.
BOARD_TAKEDOWNS_PER_DAY = env_int("BOARD_TAKEDOWNS_PER_DAY", 3)
BOARD_TAKEDOWN_LINK_HOURS = env_int("BOARD_TAKEDOWN_LINK_HOURS", 48)
# An approved post's public time is drawn at random from this many minutes before approval,
# so posts approved together are neither adjacent nor ordered as they were approved.
BOARD_PUBLISH_SPREAD_MINUTES = env_int("BOARD_PUBLISH_SPREAD_MINUTES", 360)
# Where a suspended person can ask for a review (issue 15 builds the appeal flow).
BOARD_APPEAL_URL = os.environ.get("BOARD_APPEAL_URL", "/appeal/")  # board:appeal
BOARD_RENEW_WINDOW_DAYS = 7
BOARD_POST_RATE = os.environ.get("BOARD_POST_RATE", "1/10m")
BOARD_POST_DAILY_RATE = os.environ.get("BOARD_POST_DAILY_RATE", "5/d")
BOARD_FLAG_DAILY_RATE = os.environ.get("BOARD_FLAG_DAILY_RATE", "20/d")
BOARD_REPLY_DAILY_RATE = os.environ.get("BOARD_REPLY_DAILY_RATE", "20/d")
BOARD_SEARCH_RATE = os.environ.get("BOARD_SEARCH_RATE", "60/m")  # anonymous, per address
# Whole anonymous pages in worker memory, under the posts version (board/cache/).
BOARD_PAGE_CACHE = env_bool("BOARD_PAGE_CACHE", True)
# Behind a reverse proxy, the header holding the visitor's address for rate limits
# (e.g. HTTP_X_REAL_IP); addresses are only cache keys, never stored or logged.
if os.environ.get("DJANGO_RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["DJANGO_RATELIMIT_IP_META_KEY"]
# Request bodies: forms only, no uploads. A longer Content-Length is refused unread
# (board/request_guards.py); nginx refuses it too (client_max_body_size 1m).
BOARD_MAX_REQUEST_BYTES = env_int("BOARD_MAX_REQUEST_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = BOARD_MAX_REQUEST_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024
BOARD_MAX_ENCOUNTER_AGE_DAYS = env_int("BOARD_MAX_ENCOUNTER_AGE_DAYS", 365)
BOARD_POST_LIFETIME_DAYS = env_int("BOARD_POST_LIFETIME_DAYS", 30)

# ---------------------------------------------------------------------------------------
# Security (see README.md, "Production")
# ---------------------------------------------------------------------------------------
# A deployment is a process with DEBUG off and its own DJANGO_SECRET_KEY: it is HTTPS-only
# unless DJANGO_HTTPS=0. Development (DEBUG on) and the tests (no secret key) speak http.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")
BOARD_HTTPS = env_bool("DJANGO_HTTPS", not DEBUG and bool(os.environ.get("DJANGO_SECRET_KEY")))
SECURE_SSL_REDIRECT = BOARD_HTTPS and env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31_536_000) if BOARD_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO"):
    # Only behind a proxy that always sets (never passes on) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = BOARD_HTTPS
CSRF_COOKIE_SECURE = BOARD_HTTPS
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True  # no script of ours reads the token; forms carry it
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp, whose API Django 6 adopted): our pages have no inline
# script or style, and nothing of anyone else's is loaded. allauth's TOTP setup page adds
# `data:` images for its QR code (config/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "upgrade-insecure-requests": BOARD_HTTPS,
    }
}
# Staff must have a second factor (TOTP) before the admin opens.
BOARD_REQUIRE_STAFF_MFA = env_bool("BOARD_REQUIRE_STAFF_MFA", True)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Missed Connections"

# JSON lines on stderr, with emails, IP addresses and query strings taken out of every
# record (board/logging.py). Post text and search words are never logged.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "board.logging.RedactFilter"}},
    "formatters": {"json": {"()": "board.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact"],
            "formatter": "json",
        }
    },
    "loggers": {
        # Django's own handlers are replaced: everything goes through the console handler.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
}

# ---------------------------------------------------------------------------------------
# Background tasks (Django's Tasks API; README.md, "Background tasks")
# ---------------------------------------------------------------------------------------
# The database backend of django-tasks (django-tasks-db): no server needed on a laptop; on
# PostgreSQL its workers claim tasks with SELECT ... FOR UPDATE SKIP LOCKED, so several
# workers on several machines share one queue and a task runs once.
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]
TASKS = {
    "default": {
        "BACKEND": os.environ.get("BOARD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
BOARD_TASK_MAX_ATTEMPTS = env_int("BOARD_TASK_MAX_ATTEMPTS", 5)
BOARD_TASK_RETRY_SECONDS = env_int("BOARD_TASK_RETRY_SECONDS", 60)  # doubled each attempt
BOARD_EXPIRE_EVERY_SECONDS = env_int("BOARD_EXPIRE_EVERY_SECONDS", 3600)

# ---------------------------------------------------------------------------------------
# Read replicas (docs/scaling.md): DATABASE_REPLICA_URLS="postgres://...,postgres://..."
# ---------------------------------------------------------------------------------------
# Each becomes an alias replica1, replica2, ...; board.routing sends a request's reads there
# (GET and HEAD outside the admin, outside transactions, not just after a write) and all else
# to "default". With none set, everything uses "default" as before.
BOARD_DATABASE_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=DATABASES["default"]["CONN_HEALTH_CHECKS"],
    )
    DATABASES[_alias].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "BOARD_REPLICA_CONNECT_TIMEOUT", 2
    )
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    BOARD_DATABASE_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["board.routing.ReplicaRouter"]
BOARD_REPLICA_MAX_LAG_SECONDS = env_int("BOARD_REPLICA_MAX_LAG_SECONDS", 5)
BOARD_REPLICA_CHECK_SECONDS = env_int("BOARD_REPLICA_CHECK_SECONDS", 2)  # health kept this long
# After a write, that browser reads from the primary this long (a cookie): longer than the
# worst lag a replica may have and still be used.
BOARD_PRIMARY_STICKY_SECONDS = env_int("BOARD_PRIMARY_STICKY_SECONDS", 15)
MIDDLEWARE += ["board.replicas.ReadReplicaMiddleware"]
