"""The purge hook, against a local stand-in for a CDN's purge endpoint."""

import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from articles.tests.factories import ArticleFactory
from comments.tests.factories import post

pytestmark = pytest.mark.django_db(transaction=True)  # purges follow commits


@pytest.fixture
def purge_endpoint(settings):
    received, arrived = [], threading.Semaphore(0)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers.get("Authorization"), json.loads(body)))
            self.send_response(204)
            self.end_headers()
            arrived.release()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PAGE_CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_port}/purge"
    settings.PAGE_CACHE_PURGE_TOKEN = "s3cret"

    def wait_for(count):
        for _ in range(count):
            assert arrived.acquire(timeout=10), f"only {len(received)} purge(s) arrived"
        return received

    yield wait_for
    server.shutdown()


@pytest.fixture
def story(settings):
    return ArticleFactory()  # made before the endpoint listens: its own purges go nowhere


def test_a_comment_purges_the_pages_showing_it_in_one_call(story, purge_endpoint):
    post(story, body="Shown at once")
    pages = [story.get_absolute_url(), f"/comments/feed/{story.pk}/", "/comments/feed/"]
    assert purge_endpoint(1) == [("Bearer s3cret", {"paths": pages})]


def test_a_saved_story_purges_everything(story, purge_endpoint):
    story.headline = "Changed"
    story.save()
    assert purge_endpoint(1)[0] == ("Bearer s3cret", {"paths": ["/"], "everything": True})


def test_a_dead_purge_endpoint_is_nobodys_problem(settings, caplog):
    from core.pagecache.purge import purge

    settings.PAGE_CACHE_PURGE_URL = "http://127.0.0.1:9/purge"  # nothing listens there
    thread = purge(["/"])
    thread.join(timeout=10)
    assert not thread.is_alive()
    assert "Purging ['/'] at http://127.0.0.1:9/purge failed" in caplog.text


def test_without_a_purge_url_nothing_is_sent(settings):
    from core.pagecache.purge import purge

    settings.PAGE_CACHE_PURGE_URL = ""
    assert purge(["/"]) is None
