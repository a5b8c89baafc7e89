"""Framewise settings, driven by environment variables (see README, "Configuration")."""

import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from config.env import env_bool, env_int, env_list, env_origin, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)

# Required to serve with DEBUG off: config/wsgi.py and config/asgi.py refuse to start
# without it (see config.env.require_secret_key). Commands that never sign anything
# (makemigrations, check) run without one; anything that does fails on first use.
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
# The one origin every absolute URL is built on (canonical links, og:url and og:image,
# exports, decision records), never the request's Host: see web/origin.py.
SITE_URL = env_origin("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "simple_history",
    "axes",
    "django_tasks_db",
    "catalogue",
    "compare",
    "reports",
]

MIDDLEWARE = [
    # First, so every response (static files and early refusals too) carries them.
    "web.headers.SecurityHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside everything that renders; skips any page with a CSRF token (BREACH).
    "web.compression.CompressAnonymousPagesMiddleware",
    "web.middleware.RejectControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CSRF: a POST to a GET-only page is a 405, not "This form has expired".
    "web.methods.MethodNotAllowedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "web.middleware.ClearCacheAfterAdminSaveMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "web.middleware.DatabaseUnavailableMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed logins: after AXES_FAILURE_LIMIT failures for one username from one
# address, that pair is locked out for LOGIN_COOLOFF_MINUTES; after
# LOGIN_ADDRESS_FAILURE_LIMIT failures from one address across usernames, the address
# is (web/logins.py gives each its own limit).
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], ["ip_address"]]
AXES_HANDLER = "web.logins.PairAndAddressHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_PROXY", default=False) else None

ROOT_URLCONF = "config.urls"

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
                "web.origin.site_url",
            ],
            # A page package's own tags, kept in its folder (not in an app's templatetags).
            "libraries": {"decide": "compare.decide.tags"},
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers keep reading while an editor writes (WAL), and writers queue
    # instead of failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )

_cache_url = env_str("CACHE_URL") or env_str("REDIS_URL")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "framewise",
            # A cache that does not answer within a second counts as down: pages
            # then come from the database (web/cache/store.py), not from a wait.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif _cache_url in ("", "locmem://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss:// or be locmem://; got {_cache_url!r}"
    )

# After a published edit, re-render the most visited pages: as a task on the task
# worker ("task"; config/gunicorn.py and bin/serve start one), in the saving request
# after its commit ("inline"), or not at all ("off"). See web/cache/warming.py.
# It warms the shared cache, so it needs one (CACHE_URL) to help other processes.
CACHE_WARMING = env_str("CACHE_WARMING", "task")
if CACHE_WARMING not in ("task", "inline", "off"):
    raise ImproperlyConfigured(f"CACHE_WARMING must be task, inline or off; got {CACHE_WARMING!r}")

# For this many seconds after a new revision, a visitor asking for a page not yet
# rendered for it gets the previous revision's page while the task worker renders it
# (the window covers the worker's delay); editors and reloads always get the current
# one (0: never stale; the default in development, where whoever looks is the one who
# edited).
# See web/cache/pages.py.
PAGE_STALE_SECONDS = env_int("PAGE_STALE_SECONDS", 0 if DEBUG else 30)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("STATIC_MANIFEST", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Tests and development serve static files from the finders, no collectstatic needed.
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=DEBUG)
if WHITENOISE_USE_FINDERS:
    # Serving from the finders, there is no collected STATIC_ROOT to warn about.
    warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# Scripts only from our own origin: htmx is vendored, and there is no inline script.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_SECONDS > 0)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", default=False) else None
)

LOGIN_URL = "admin:login"
CSRF_FAILURE_VIEW = "web.errors.csrf_failure"

# Background tasks (the warming after an edit, pages served stale rendered again, the
# daily package-index refresh): stored in the database and run by
# `manage.py db_worker`; "immediate" runs them in the calling process (tests).
_tasks_backend = env_str("TASKS_BACKEND", "database")
if _tasks_backend not in ("database", "immediate"):
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database or immediate; got {_tasks_backend!r}"
    )
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend"
        if _tasks_backend == "database"
        else "django.tasks.backends.immediate.ImmediateBackend",
    }
}

# Visitors' reports of wrong values: at most this many from one address in an hour
# (then a 429 page). See reports/limits.py.
REPORTS_PER_HOUR = env_int("REPORTS_PER_HOUR", 5)

# How old a verified date may be before the value counts as stale.
STALE_AFTER_DAYS = env_int("STALE_AFTER_DAYS", 365)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
