"""Settings for the test suite: the real settings with fast, isolated services."""

import os
from urllib.parse import urlsplit

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")  # the real settings ask for one: see below
os.environ.pop("REDIS_URL", None)
os.environ.pop("TASKS_BACKEND", None)
os.environ.pop("EMAIL_HOST", None)

from newsroom.settings import *  # noqa: E402,F403

# Whatever the shell exports for a server: the test client's host and the site's own.
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", urlsplit(SITE_URL).hostname]  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_SSL_REDIRECT = False
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests serve static files through the finders; no collectstatic run is needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Every prepared query (core/prepared.py) also compiles its queryset and checks the two agree.
PREPARED_QUERIES_CHECKED = True
