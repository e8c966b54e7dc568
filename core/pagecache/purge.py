"""Telling a CDN or front cache in front of the site which pages changed.

With `PAGE_CACHE_PURGE_URL` set, every invalidation of the page cache is also sent there, after
commit, as a POST of JSON: `{"paths": ["/2026/11/30/a-story/"]}` for one page, or
`{"paths": ["/"], "everything": true}` when every page changed. The call runs in a thread of
its own with a short timeout: a slow or failing purge endpoint is logged, never the reader's
or the editor's problem. `PAGE_CACHE_PURGE_TOKEN`, when set, is sent as a bearer token.
"""

import json
import logging
import threading
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 3


def purge(paths, *, everything=False):
    """Ask the purge endpoint (if any) to drop `paths`; returns the thread doing it, or None."""
    if not settings.PAGE_CACHE_PURGE_URL:
        return None
    if not settings.PAGE_CACHE_PURGE_URL.startswith(("http://", "https://")):
        logger.error("PAGE_CACHE_PURGE_URL must be an http(s) address; not purging")
        return None
    body = {"paths": list(paths)}
    if everything:
        body["everything"] = True
    thread = threading.Thread(target=_send, args=(body,), name="page-cache-purge", daemon=True)
    thread.start()
    return thread


def _send(body):
    request = urllib.request.Request(  # noqa: S310 - an http(s) address, checked in purge()
        settings.PAGE_CACHE_PURGE_URL,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json"},
    )
    if settings.PAGE_CACHE_PURGE_TOKEN:
        request.add_header("Authorization", f"Bearer {settings.PAGE_CACHE_PURGE_TOKEN}")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - checked in purge()
            response.read()
    except Exception as error:
        logger.warning("Purging %s at %s failed: %s", body["paths"], settings.PAGE_CACHE_PURGE_URL, error)
