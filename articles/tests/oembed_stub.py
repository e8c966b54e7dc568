"""A stand-in for the providers, on loopback: oEmbed answers, a thumbnail, a page with oEmbed
discovery, a deleted post, an oversized answer and redirects. Nothing reaches the internet."""

import io
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from PIL import Image as PILImage


def thumbnail_bytes():
    out = io.BytesIO()
    PILImage.new("RGB", (640, 360), (30, 120, 200)).save(out, "JPEG")
    return out.getvalue()


class Stub(BaseHTTPRequestHandler):
    thumbnail = thumbnail_bytes()

    def log_message(self, *args):
        pass

    def answer(self, status, body=b"", content_type="application/json", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - the standard library's name
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        base = f"http://{self.headers['Host']}"
        if parts.path == "/oembed":
            post = query.get("url", [""])[0]
            if "deleted" in post:
                return self.answer(404, b'{"error": "gone"}')
            data = {
                "type": "rich",
                "title": f"A post from {query.get('provider', ['somewhere'])[0]}",
                "author_name": "Harbour Office",
                "author_url": "https://harbour.example/",
                "thumbnail_url": f"{base}/thumbnail.jpg",
                "html": (
                    '<blockquote class="twitter-tweet" data-bluesky-uri="at://did:plc:abc123/app.bsky.feed.post/3kxyz9">'
                    '<p lang="en">Seal pup back in the water at noon.</p>&mdash; Harbour Office (@harbour) '
                    f'<a href="{post}">June 1, 2025</a></blockquote>'
                ),
            }
            return self.answer(200, json.dumps(data).encode())
        if parts.path == "/thumbnail.jpg":
            return self.answer(200, self.thumbnail, "image/jpeg")
        if parts.path == "/page":
            link = f'<link rel="alternate" type="application/json+oembed" href="{base}/discovered-oembed">'
            return self.answer(200, f"<html><head>{link}<title>A chart</title></head></html>".encode(), "text/html")
        if parts.path == "/discovered-oembed":
            data = {
                "type": "rich",
                "title": "Tide heights, 2025",
                "html": '<iframe src="https://charts.example/e/1"></iframe>',
            }
            return self.answer(200, json.dumps(data).encode())
        if parts.path == "/plain-page":
            return self.answer(200, b"<html><head><title>A plain page</title></head></html>", "text/html")
        if parts.path == "/huge":
            return self.answer(200, b"x" * 3_000_000, "text/plain")
        if parts.path.startswith("/hop/"):
            hops = int(parts.path.rsplit("/", 1)[1])
            return self.answer(302, headers=[("Location", f"/hop/{hops + 1}")])
        if parts.path == "/to-private":
            return self.answer(302, headers=[("Location", "http://10.0.0.1/secret")])
        return self.answer(404, b"{}")


def start():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"
