"""Moderation checks are pluggable (COMMENTS_CHECKS), an Akismet-compatible service can be one of
them (tested against a stub on loopback), and signals say when a comment was posted or moderated."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

from articles.tests.factories import ArticleFactory
from comments.checks import DEFAULT_CHECKS
from comments.models import Comment
from comments.services import comment_create, comment_set_status
from comments.signals import comment_moderated, comment_posted

pytestmark = pytest.mark.django_db


def hold_everything(comment, **context):
    return Comment.Status.PENDING


def broken(comment, **context):
    raise RuntimeError("the service is away")


def post(article, body="A fair point about the harbour.", **fields):
    return comment_create(article=article, body=body, author_name="Reader", author_email="reader@example.org", **fields)


def test_checks_are_named_in_settings_and_the_first_opinion_decides(settings):
    article = ArticleFactory()
    settings.COMMENTS_HOLD_FIRST_TIMERS = False
    assert post(article).status == Comment.Status.APPROVED
    settings.COMMENTS_CHECKS = ["comments.tests.test_checks.hold_everything", *DEFAULT_CHECKS]
    assert post(article, body="Another point.").status == Comment.Status.PENDING


def test_a_failing_check_has_no_opinion(settings, caplog):
    settings.COMMENTS_HOLD_FIRST_TIMERS = False
    settings.COMMENTS_CHECKS = ["comments.tests.test_checks.broken", *DEFAULT_CHECKS]
    assert post(ArticleFactory()).status == Comment.Status.APPROVED
    assert "broken" in caplog.text


class SpamService(BaseHTTPRequestHandler):
    asked = []

    def log_message(self, *args):
        pass

    def do_POST(self):  # noqa: N802 - the standard library's name
        fields = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        SpamService.asked.append((self.path, fields))
        answer = b"true" if "pills" in fields.get("comment_content", [""])[0] else b"false"
        self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)


@pytest.fixture
def spam_service(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), SpamService)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.COMMENTS_CHECKS = [*DEFAULT_CHECKS[:2], "comments.checks.akismet", *DEFAULT_CHECKS[2:]]
    settings.COMMENTS_AKISMET_KEY = "test-key"
    settings.COMMENTS_AKISMET_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.COMMENTS_HOLD_FIRST_TIMERS = False
    SpamService.asked.clear()
    yield SpamService.asked
    server.shutdown()


def test_an_akismet_compatible_service_marks_spam(spam_service):
    article = ArticleFactory()
    assert post(article, body="Cheap pills here", ip_address="203.0.113.9").status == Comment.Status.SPAM
    assert post(article, body="The ferry was late again.").status == Comment.Status.APPROVED
    path, fields = spam_service[0]
    assert path == "/1.1/comment-check"
    assert fields["api_key"] == ["test-key"] and fields["user_ip"] == ["203.0.113.9"]
    assert fields["comment_author_email"] == ["reader@example.org"]


def test_a_spam_service_that_is_away_is_never_the_commenters_problem(spam_service, settings):
    settings.COMMENTS_AKISMET_URL = "http://127.0.0.1:9"  # nothing listens there
    assert post(ArticleFactory(), body="Cheap pills here").status == Comment.Status.APPROVED


def test_signals_say_when_a_comment_was_posted_and_moderated(settings, django_capture_on_commit_callbacks):
    settings.COMMENTS_HOLD_FIRST_TIMERS = True
    heard = []
    comment_posted.connect(
        lambda sender, comment, **kw: heard.append(("posted", comment.status)), weak=False, dispatch_uid="test-posted"
    )
    comment_moderated.connect(
        lambda sender, comment, previous, by, **kw: heard.append(("moderated", previous, comment.status)),
        weak=False,
        dispatch_uid="test-moderated",
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            comment = post(ArticleFactory())
        with django_capture_on_commit_callbacks(execute=True):
            comment_set_status(comment=comment, status=Comment.Status.APPROVED)
    finally:
        comment_posted.disconnect(dispatch_uid="test-posted")
        comment_moderated.disconnect(dispatch_uid="test-moderated")
    assert heard == [("posted", "pending"), ("moderated", "pending", "approved")]
