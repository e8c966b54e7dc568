"""The Content-Security-Policy middleware (django-csp), with one allowance for the admin.

The admin's rich-text editor declares its JavaScript modules in an inline
`<script type="importmap">`. Rather than allow inline scripts, each admin page's policy names
the exact import maps the server itself rendered into it, by hash: nothing else inline runs.
The editor (tiptap, inside django-prose-editor) also adds one `<style>` element of its own base
styles; that exact stylesheet is allowed on admin pages by its hash. The browser tests
(browser_tests/test_csp.py) fail if a new version of the editor changes it. The public pages
carry no inline script or style element at all, so they get the plain policy.
"""

import base64
import hashlib
import re

from csp.middleware import CSPMiddleware

EDITOR_STYLE_HASHES = ["'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"]
IMPORT_MAP = re.compile(rb'<script type="importmap">(.*?)</script>', re.S)


def script_hashes(content):
    return [
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'" for body in IMPORT_MAP.findall(content)
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
