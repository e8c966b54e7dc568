"""The Content-Security-Policy middleware (django-csp), with one allowance for the admin.

The admin's rich-text editor declares its JavaScript modules in an inline
`<script type="importmap">`. Rather than allow inline scripts, each admin page's policy names
its import maps by hash, and only those that map modules to the site's own static files: an
import map someone managed to inject, pointing anywhere else, stays blocked. Nothing else
inline runs (an import map is JSON, which cannot run as a script either).
The editor (tiptap, inside django-prose-editor) also adds one `<style>` element of its own base
styles; that exact stylesheet is allowed on admin pages by its hash. The browser tests
(browser_tests/test_csp.py) fail if a new version of the editor changes it. The public pages
carry no inline script or style element at all, so they get the plain policy.
"""

import base64
import hashlib
import json
import re

from csp.middleware import CSPMiddleware
from django.conf import settings

EDITOR_STYLE_HASHES = ["'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"]
IMPORT_MAP = re.compile(rb'<script type="importmap">(.*?)</script>', re.S)


def is_ours(import_map):
    """True when every module the import map names is one of the site's static files."""
    try:
        targets = json.loads(import_map).get("imports", {}).values()
    except (ValueError, AttributeError):
        return False
    return bool(targets) and all(isinstance(url, str) and url.startswith(settings.STATIC_URL) for url in targets)


def script_hashes(content):
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in IMPORT_MAP.findall(content)
        if is_ours(body)
    ]


class NewsroomCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        match = getattr(request, "resolver_match", None)
        is_admin_page = match is not None and "admin" in match.namespaces
        if is_admin_page and not response.streaming and "text/html" in response.get("Content-Type", ""):
            update = dict(parts.update or {})
            update["script-src"] = [*update.get("script-src", []), *script_hashes(response.content)]
            update["style-src"] = [*update.get("style-src", []), *EDITOR_STYLE_HASHES]
            parts.update = update
        return parts
