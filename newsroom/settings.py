"""Newsroom settings, read from the environment.

Defaults make `make run` work on a laptop with nothing but Python: SQLite, a
local-memory cache and e-mail printed to the console. With DJANGO_DEBUG off the
settings refuse to start without the variables production needs, and
`manage.py check --deploy` is clean.
"""

import os
from datetime import timedelta
from ipaddress import ip_network
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.requestlog import logging_config
from newsroom.deployment import replica_database, s3_media
from newsroom.env import env_bool, env_float, env_int, env_list, env_required

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)

if DEBUG:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "django-insecure-development-only-key-never-use-in-production"
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
else:
    SECRET_KEY = env_required(
        "DJANGO_SECRET_KEY",
        "it signs sessions and links and is required when DJANGO_DEBUG is off "
        "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))').",
    )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or env_required(
        "DJANGO_ALLOWED_HOSTS", "a comma-separated list of the host names the site answers to."
    ).split(",")

# The public address of the site, used in e-mails, feeds and sitemaps.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "The Newsroom")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "mptt",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    # Ours, ground first (docs/architecture.md): the project, stories, features, live stories, importers.
    "newsroom",
    "audit",
    "articles",
    "comments",
    "engagement",
    "newsletter",
    "discovery",
    "redirects",
    "editorial",
    "pages",
    "live",
    "wordpress",
]

MIDDLEWARE = [
    "core.health.HealthMiddleware",  # /healthz, /readyz: before host checks and the https redirect
    "core.requestlog.RequestLogMiddleware",  # an id for each request, in its log lines and header
    "newsroom.routers.ReplicaMiddleware",  # public page reads on DATABASE_REPLICA_URL, if set
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "redirects.middleware.OldHomeAddressMiddleware",  # /?page_id=45 and such: before the page cache
    "live.middleware.LiveAnswersMiddleware",  # a crowd's "anything newer?": from the cache, first
    "core.pagecache.PageCacheMiddleware",  # stored public pages, before sessions, CSRF, auth…
    "core.unavailable.DatabaseUnavailableMiddleware",  # the database away: 503 with Retry-After
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Old addresses (changed slugs, imported archives) answer 301 with their new one.
    "redirects.middleware.RedirectFallbackMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "comments.drafts.DraftCookieMiddleware",  # a refused comment's text, shown once on its story
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.csp.NewsroomCSPMiddleware",
    "core.admin_requests.AdminQueryMiddleware",  # a NUL in the admin's searches: 400, not 500
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"
FORM_RENDERER = "core.form_rendering.WidgetRenderer"  # Django's widget templates through Jinja2
# The blocks under a story are Jinja2 templates, in templates/jinja2/ (core/jinja.py); everything else is Django's.
JINJA2 = {
    "environment": "core.jinja.environment",
    "context_processors": ["pages.context_processors.pages", "core.jinja.form_token"],
}
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
                "newsroom.context_processors.site",
                "articles.context_processors.navigation",
                "pages.context_processors.pages",
            ],
            "libraries": {name: f"core.templatetags.{name}" for name in ("fragment_tags", "time_tags")},
        },
    },
    {"BACKEND": "django.template.backends.jinja2.Jinja2", "DIRS": [BASE_DIR / "templates/jinja2"], "OPTIONS": JINJA2},
]

# --- Database ---- SQLite by default; PostgreSQL (or anything dj-database-url understands) through DATABASE_URL.
# SQLite: WAL mode, write transactions opened IMMEDIATE (writers queue on the lock, never fail half-way).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # pages run short queries: workers cost more
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c max_parallel_workers_per_gather=0")
    # core/prepared.py's queries become prepared statements (no other query does); off behind old poolers
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = (
        2**31 if env_bool("DATABASE_PREPARED_STATEMENTS", True) else None
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }

# A streaming replica for public page reads (newsroom/routers.py); a reader who just sent a form
# reads the primary for DATABASE_REPLICA_LAG_SECONDS, so they see their own write.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = replica_database(
        DATABASES["default"], os.environ["DATABASE_REPLICA_URL"], conn_max_age=DATABASES["default"]["CONN_MAX_AGE"]
    )
    DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
DATABASE_REPLICA_LAG_SECONDS = env_int("DATABASE_REPLICA_LAG_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# What the 503 page asks clients to wait while the database is unreachable.
DATABASE_RETRY_AFTER_SECONDS = env_int("DATABASE_RETRY_AFTER_SECONDS", 30)

# --- Cache -------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL")
# The cache only accelerates: any Redis error is a miss (core/cache.py). A connect or read that
# takes longer than this is an error, and Redis is then left alone for CACHE_RETRY_SECONDS.
CACHE_TIMEOUT_SECONDS = float(os.environ.get("CACHE_TIMEOUT_SECONDS", "0.25"))
CACHE_RETRY_SECONDS = env_int("CACHE_RETRY_SECONDS", 5)
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT_SECONDS, "socket_timeout": CACHE_TIMEOUT_SECONDS},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}}
# How long an anonymous reader's copy of a public page may be served from the cache.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 24 * 3600)  # last good copies, for outages
PAGE_CACHE_SWR_SECONDS = env_int("PAGE_CACHE_SWR_SECONDS", 60)  # a CDN may serve a page this late while it refreshes
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_BYTES", 32 * 1024 * 1024)  # recent pages kept in each process
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", True)  # blocks of pages kept rendered (core/pagecache/fragments.py)
FRAGMENT_CACHE_LOCAL_BYTES = env_int("FRAGMENT_CACHE_LOCAL_BYTES", 16 * 1024 * 1024)  # kept in each process
# Forms on shared pages get their token from /csrf/ (core/pagecache/formtoken.py); without scripts, this
# page offers to send the form again with everything the reader typed.
CSRF_FAILURE_VIEW = "core.pagecache.csrf_failure"
# A CDN or front cache's purge endpoint, told which pages changed (core/pagecache/purge.py); empty: none.
PAGE_CACHE_PURGE_URL = os.environ.get("PAGE_CACHE_PURGE_URL", "")
PAGE_CACHE_PURGE_TOKEN = os.environ.get("PAGE_CACHE_PURGE_TOKEN", "")

# --- Background tasks --------------------------------------------------------------
# Mail and other slow work runs through django-tasks. The database backend needs no broker: run
# `manage.py run_worker` beside the web server. Without TASKS_BACKEND "database", tasks run in the request.
if os.environ.get("TASKS_BACKEND") == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Workers (`manage.py run_worker`) say they are alive this often; a task left running by one
# silent for TASK_WORKER_TIMEOUT_SECONDS is queued again (newsroom/workers.py).
TASK_WORKER_BEAT_SECONDS = env_float("TASK_WORKER_BEAT_SECONDS", 10.0)
TASK_WORKER_TIMEOUT_SECONDS = env_float("TASK_WORKER_TIMEOUT_SECONDS", 60.0)
if TASK_WORKER_TIMEOUT_SECONDS < 3 * TASK_WORKER_BEAT_SECONDS:
    raise ImproperlyConfigured("TASK_WORKER_TIMEOUT_SECONDS must be at least three TASK_WORKER_BEAT_SECONDS.")

# --- Passwords and authentication -----------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords an account, and separately
# the address they came from, is locked out for AXES_COOLOFF_TIME, checked before any password is hashed
# (a login flood stops costing CPU once locked out). Editors unlock people under Admin → Axes → Access attempts.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "core.lockout.locked_out"

# --- Internationalisation -----------------------------------------------------------
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English"))]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = USE_TZ = True
FORMAT_MODULE_PATH = ["newsroom.formats"]  # one way to write dates for people, everywhere

# --- Static and media files -----------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
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
# Media on S3-compatible object storage when MEDIA_S3_BUCKET is set (newsroom/deployment.py):
# every app server then sees every upload, and MEDIA_URL is the bucket's (or CDN's) address.
if _s3 := s3_media():
    STORAGES["default"], MEDIA_URL = _s3
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)  # from the app server too: one machine; object storage and a CDN beyond

# Uploaded images: refused above these limits, with the reason shown to the editor.
IMAGE_MAX_BYTES = env_int("IMAGE_MAX_BYTES", 20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 50_000_000)
IMAGE_RENDITION_WIDTHS = [480, 800, 1200, 1600]
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- E-mail ---- console by default; set EMAIL_HOST to send through SMTP -------------
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_PORT = env_int("EMAIL_PORT", 587 if EMAIL_HOST else 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", bool(EMAIL_HOST))
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "The Newsroom <newsroom@localhost>")
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# "Name <address>" pairs separated by commas; they hear about comments held for moderation.
MANAGERS = [
    (entry.split("<")[0].strip() or entry, entry.split("<")[-1].rstrip(">").strip())
    for entry in env_list("DJANGO_MANAGERS")
]
ADMINS = MANAGERS

# --- Security -----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if env_bool("DJANGO_BEHIND_PROXY", False):
        # Only behind a proxy that sets this header itself; otherwise clients could forge it.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses (or networks, e.g. 10.0.0.0/8) of our own reverse proxies and load balancers. Only a
# request arriving from one of them has its X-Forwarded-For read for the client's address
# (core/clients.py); anyone else's header is ignored, so it cannot be forged.
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"DJANGO_TRUSTED_PROXIES must list addresses or networks (e.g. 10.0.0.5,10.1.0.0/16); got {_proxy!r}."
        ) from None
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [SITE_URL] if SITE_URL.startswith("https://") else [])

# Content-Security-Policy (django-csp): scripts, styles, fonts and pictures come from the site itself (and
# media from MEDIA_URL's host), nothing runs inline, nothing frames the site. Inline style attributes are
# allowed (a vote bar's width): they cannot run script. No nonces: cached pages are shared between readers.
MEDIA_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if urlsplit(MEDIA_URL).netloc else None
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "media-src": ["'self'", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Who may read /metrics (newsroom/metrics.py): these networks, and with METRICS_TOKEN set only
# with "Authorization: Bearer <token>".
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
for _network in METRICS_ALLOWED_NETWORKS:
    try:
        ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(f"METRICS_ALLOWED_NETWORKS must list networks; got {_network!r}.") from None

# One line per request with its id (core/requestlog.py); JSON unless LOG_FORMAT=text.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = logging_config(os.environ.get("LOG_LEVEL", "INFO"), LOG_FORMAT)

# --- Discovery: search, feeds, sitemaps, structured data, redirects ---
# PostgreSQL text-search configuration (e.g. "english", "french", "simple"). On SQLite the
# FTS5 index stems English words (Porter); any other language uses plain word matching there.
SEARCH_LANGUAGE = os.environ.get("SEARCH_LANGUAGE", "english")
SEARCH_RESULTS_PER_PAGE = env_int("SEARCH_RESULTS_PER_PAGE", 10)
SEARCH_MAX_QUERY_LENGTH = 200  # longer queries are cut (nobody types more; it bounds the work)
FEED_ITEMS = env_int("FEED_ITEMS", 30)
# Who publishes the site, for JSON-LD and the Google News sitemap; the logo is a static file.
PUBLISHER_NAME = os.environ.get("PUBLISHER_NAME", SITE_NAME)
PUBLISHER_LOGO = os.environ.get("PUBLISHER_LOGO", "img/publisher-logo.png")

# --- Comments ---
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 5000)
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)  # top-level threads per page
COMMENTS_MAX_DEPTH = env_int("COMMENTS_MAX_DEPTH", 5)  # deeper replies are shown at this level
COMMENTS_FLOOD_SECONDS = env_int("COMMENTS_FLOOD_SECONDS", 15)
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)  # more links than this: held for moderation
COMMENTS_HOLD_FIRST_TIMERS = env_bool("COMMENTS_HOLD_FIRST_TIMERS", True)
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 0)  # 0: never close by age
COMMENTS_HELD_WORDS = env_list("COMMENTS_HELD_WORDS")
COMMENTS_BLOCKED_WORDS = env_list("COMMENTS_BLOCKED_WORDS")
COMMENTS_BLOCKED_IPS = env_list("COMMENTS_BLOCKED_IPS")
COMMENTS_BLOCKED_EMAIL_DOMAINS = env_list("COMMENTS_BLOCKED_EMAIL_DOMAINS")
COMMENTS_CHECKS = env_list("COMMENTS_CHECKS")  # empty: comments.checks.DEFAULT_CHECKS, in order
COMMENTS_AKISMET_KEY = os.environ.get("COMMENTS_AKISMET_KEY", "")  # for comments.checks.akismet
COMMENTS_AKISMET_URL = os.environ.get("COMMENTS_AKISMET_URL", "https://rest.akismet.com")
COMMENTS_AUTHOR_COOKIE = "comment_author"  # these two: readers who see their own page
COMMENTS_PENDING_COOKIE = "comment_pending"

# --- Reactions and ratings ---
ENGAGEMENT_READER_COOKIE = "reader"
# Votes (reactions and ratings together) one address may send per minute.
ENGAGEMENT_VOTES_PER_MINUTE = env_int("ENGAGEMENT_VOTES_PER_MINUTE", 30)
# Votes without a reader cookie count once per story per address in each window (engagement/readers.py).
ENGAGEMENT_NEWCOMER_WINDOW_SECONDS = env_int("ENGAGEMENT_NEWCOMER_WINDOW_SECONDS", 24 * 3600)

# --- Newsletter ---
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 100)  # messages per SMTP connection
NEWSLETTER_SIGNUPS_PER_HOUR = env_int("NEWSLETTER_SIGNUPS_PER_HOUR", 10)  # per address
NEWSLETTER_CONFIRMATION_INTERVAL = 600  # seconds before a pending address may get another link

# --- Page cache ---
# Query parameters public pages read (page cache keys keep only these): "number", or the values allowed.
PAGE_CACHE_QUERY_PARAMS = {"page": "number", "p": "number", "cpage": "number", "comments": ["newest", "oldest"]}
# Pages with these parameters are always made fresh (the no-JavaScript reply form, the page a
# reader comes back to after voting, a comment held for moderation or signing up to the digest).
PAGE_CACHE_UNCACHED_PARAMS = ["replyto", "voted", "held", "subscribed"]
PAGE_CACHE_MAX_PAGE = 500  # page numbers past this are served fresh and never stored
# Readers with one of these cookies get fresh pages (session, messages, a refused comment's text); a
# voter's and a commenter's are not: pages leave them out, engagement.js and comments.js fetch them.
PAGE_CACHE_BYPASS_COOKIES = ["sessionid", "messages", "comment_draft"]

# --- WordPress import (wordpress/fetch.py reads WORDPRESS_FETCH_* with defaults) ---
WORDPRESS_SECTION_MAP = {"Uncategorized": "News"}  # category name → our section name
