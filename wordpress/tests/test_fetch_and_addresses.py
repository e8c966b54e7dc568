"""--fetch-media against a local HTTP server, and WordPress's old addresses answering 301."""

import http.server
import io
import threading

import pytest
from django.core.management import call_command
from PIL import Image as PILImage

from articles.models import Article, Author, Image, Section, Tag
from wordpress.tests.exports import attachment, post, write

pytestmark = pytest.mark.django_db


def jpeg_bytes():
    out = io.BytesIO()
    PILImage.new("RGB", (640, 480), (10, 120, 60)).save(out, "JPEG")
    return out.getvalue()


class Files(http.server.BaseHTTPRequestHandler):
    files = {}
    asked = []
    fail_first = set()

    def do_GET(self):  # noqa: N802 - the name http.server calls
        self.asked.append(self.path)
        if self.path in self.fail_first:
            self.fail_first.discard(self.path)
            self.send_response(503)
            self.end_headers()
            return
        body = self.files.get(self.path)
        self.send_response(200 if body is not None else 404)
        self.send_header("Content-Length", str(len(body or b"")))
        self.end_headers()
        self.wfile.write(body or b"")

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.WORDPRESS_FETCH_PAUSE_SECONDS = 0
    settings.WORDPRESS_FETCH_MAX_BYTES = 200_000
    Files.files, Files.asked, Files.fail_first = {}, [], set()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Files)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def run(*args):
    out = io.StringIO()
    call_command("import_wordpress", *map(str, args), stdout=out)
    return out.getvalue()


def test_fetch_media_downloads_checks_retries_and_resumes(tmp_path, server):
    Files.files = {
        "/wp-content/uploads/good.jpg": jpeg_bytes(),
        "/wp-content/uploads/flaky.jpg": jpeg_bytes(),
        "/wp-content/uploads/page.jpg": b"<html><script>alert(1)</script></html>",
        "/wp-content/uploads/huge.jpg": b"\xff" * 300_000,
    }
    Files.fail_first = {"/wp-content/uploads/flaky.jpg"}
    items = [
        attachment(1, f"{server}/wp-content/uploads/good.jpg"),
        attachment(2, f"{server}/wp-content/uploads/flaky.jpg"),
        attachment(3, f"{server}/wp-content/uploads/page.jpg"),
        attachment(4, f"{server}/wp-content/uploads/huge.jpg"),
        attachment(5, f"{server}/wp-content/uploads/gone.jpg"),
        attachment(6, "file:///etc/passwd.jpg"),
        post(10, "Pictured", meta={"_thumbnail_id": 1}),
    ]
    export = write(tmp_path, *items)
    downloads = tmp_path / "downloads"

    output = run(export, "--fetch-media", "--fetch-dir", downloads)

    assert "Images: 2 imported" in output
    assert Article.objects.get().lead_image.title == "A picture"
    assert "not a usable image" in output  # the same content checks as uploads
    assert "larger than 200000 bytes" in output and "answered 404" in output and "not an http(s) address" in output
    assert Files.asked.count("/wp-content/uploads/flaky.jpg") == 2  # retried once
    assert not list(downloads.glob("*.part"))

    Files.asked.clear()
    again = run(export, "--fetch-media", "--fetch-dir", downloads)
    assert "/wp-content/uploads/good.jpg" not in Files.asked  # resumable: what is there is not fetched again
    assert "Images: 0 imported, 0 updated, 2 unchanged" in again
    assert Image.objects.count() == 2


def test_old_wordpress_addresses_answer_301(tmp_path, client, settings):
    media = tmp_path / "uploads"
    (media / "2024/03").mkdir(parents=True)
    PILImage.new("RGB", (800, 600)).save(media / "2024/03/dock.jpg", "JPEG")
    items = [
        attachment(7, "https://a.example/wp-content/uploads/2024/03/dock.jpg", parent=1),
        post(1, "Dock", categories=[("city-hall", "City Hall")], tags=[("old-tag", "Docks")]),
        post(2, "About", kind="page", slug="about"),
    ]
    run(write(tmp_path, *items), "--media-dir", media)
    story = Article.objects.get()
    section, tag = Section.objects.get(name="City Hall"), Tag.objects.get()
    image = Image.objects.get()

    expected = {
        "/feed/": "/feeds/rss/",
        "/feed/atom/": "/feeds/atom/",
        "/category/city-hall/": section.get_absolute_url(),
        "/category/city-hall/page/2/": section.get_absolute_url() + "?page=2",
        "/category/city-hall/feed/": f"/feeds/section/{section.slug}/rss/",
        "/tag/old-tag/feed/": f"/feeds/tag/{tag.slug}/rss/",
        "/author/ed/feed/": "/feeds/author/ed/rss/",
        "/page/3/": "/?page=3",
        "/?s=harbour+wall": "/search/?q=harbour+wall",
        "/?paged=2": "/?page=2",
        "/?attachment_id=7": story.get_absolute_url(),
        "/wp-content/uploads/2024/03/dock.jpg": image.file.url,
        "/wp-content/uploads/2024/03/dock-300x225.jpg": image.file.url,
        "/?page_id=2": "/about/",
        # One post's comments feed, at its old address and at the story's own.
        "/story-1/feed/": f"/comments/feed/{story.pk}/",
        "/2024/03/story-1/feed/atom/": f"/comments/feed/{story.pk}/",
        story.get_absolute_url() + "feed/": f"/comments/feed/{story.pk}/",
    }
    for old, new in expected.items():
        response = client.get(old)
        if response.status_code == 301 and response["Location"] != new:  # one hop more is fine for paged lists
            response = client.get(response["Location"])
        assert response.status_code == 301, old
        assert response["Location"] == new, old
    assert tag.slug == "old-tag" and client.get("/tag/old-tag/").status_code == 200  # the same address as before
    assert Author.objects.get().get_absolute_url() == "/author/ed/" and client.get("/author/ed/").status_code == 200
    assert client.get("/wp-content/uploads/2024/03/unknown.jpg").status_code == 404
    assert client.get("/no-such-post/feed/").status_code == 404
    assert client.get("/about/feed/").status_code == 404  # a page has no comments feed
    assert client.get("/about/").status_code == 200


def test_fetching_never_follows_a_redirect_away_from_http(tmp_path, server):
    class Redirecting(Files):
        def do_GET(self):  # noqa: N802
            self.send_response(302)
            self.send_header("Location", "ftp://127.0.0.1/secret.jpg")
            self.end_headers()

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirecting)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        export = write(tmp_path, attachment(1, f"http://127.0.0.1:{httpd.server_port}/wp-content/uploads/x.jpg"))
        output = run(export, "--fetch-media", "--fetch-dir", tmp_path / "downloads")
    finally:
        httpd.shutdown()
    assert "redirected away from http(s)" in output and not Image.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_queued_import_runs_in_a_worker_and_fetches_its_media_there(tmp_path, server, settings, caplog):
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    Files.files = {"/wp-content/uploads/good.jpg": jpeg_bytes()}
    export = write(
        tmp_path,
        attachment(1, f"{server}/wp-content/uploads/good.jpg"),
        post(10, "Pictured", meta={"_thumbnail_id": 1}),
    )

    output = run(export, "--fetch-media", "--fetch-dir", tmp_path / "downloads", "--queue")

    assert "Queued for the task workers" in output
    assert not Article.objects.exists() and Files.asked == []  # nothing done by the command itself
    with caplog.at_level("INFO", logger="wordpress.tasks"):
        call_command("run_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)
    tasks = dict(DBTaskResult.objects.values_list("task_path", "status"))
    assert tasks == {
        "wordpress.tasks.import_in_worker": TaskResultStatus.SUCCESSFUL,
        "articles.tasks.make_image_renditions": TaskResultStatus.SUCCESSFUL,  # queued by the import, run after it
    }
    assert Article.objects.get().lead_image.rendition_widths
    assert Files.asked == ["/wp-content/uploads/good.jpg"]  # fetched by the worker
    assert "import: Images: 1 imported" in caplog.text
