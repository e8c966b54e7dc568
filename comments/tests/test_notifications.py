import pytest
from django.core import mail

from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import post

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def reply_to(parent, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return post(parent.article, parent=parent, send_notifications=True, **kwargs)


def test_the_parent_author_is_told_of_an_approved_reply_when_they_opted_in(article, django_capture_on_commit_callbacks):
    parent = post(article, name="Ann", email="ann@example.org", notify_replies=True)

    reply_to(parent, django_capture_on_commit_callbacks, name="Bob", body="Good point, Ann.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["ann@example.org"]
    assert "Bob replied" in message.subject and "Good point, Ann." in message.body
    assert "/comments/unsubscribe/" in message.body


def test_no_mail_without_opt_in_for_oneself_or_before_approval(article, django_capture_on_commit_callbacks):
    quiet = post(article, email="quiet@example.org")
    reply_to(quiet, django_capture_on_commit_callbacks)
    chatty = post(article, email="chatty@example.org", notify_replies=True, name="Chatty")
    reply_to(chatty, django_capture_on_commit_callbacks, email="chatty@example.org", name="Chatty", body="me again")
    held = reply_to(chatty, django_capture_on_commit_callbacks, status=Comment.Status.PENDING, body="held reply")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        comment_set_status(comment=held, status=Comment.Status.APPROVED)
    assert [m.to for m in mail.outbox] == [["chatty@example.org"]]


def test_the_unsubscribe_link_works_without_logging_in(client, article, django_capture_on_commit_callbacks):
    parent = post(article, email="ann@example.org", notify_replies=True)
    reply_to(parent, django_capture_on_commit_callbacks)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/comments/unsubscribe/" in line).strip()
    path = link.split("://", 1)[1].split("/", 1)[1]

    assert "Stop the e-mails" in client.get("/" + path).content.decode()
    assert "Done" in client.post("/" + path).content.decode()
    assert not Comment.objects.filter(author_email="ann@example.org", notify_replies=True).exists()
    assert client.get("/comments/unsubscribe/tampered-token/").status_code == 400


def test_moderators_are_told_about_held_comments(article, settings, django_capture_on_commit_callbacks):
    settings.MANAGERS = [("Desk", "desk@example.org")]
    with django_capture_on_commit_callbacks(execute=True):
        post(article, status=None, body="first timer", send_notifications=True)
    assert [m.to for m in mail.outbox] == [["desk@example.org"]]
    assert "awaiting moderation" in mail.outbox[0].subject


def test_a_mail_failure_is_logged_and_the_comment_kept(article, settings, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "comments.tests.broken_mail.Backend"
    parent = post(article, notify_replies=True, email="ann@example.org")
    reply = reply_to(parent, django_capture_on_commit_callbacks, body="still here")

    assert Comment.objects.filter(pk=reply.pk).exists()
    assert "Could not send the reply notification" in caplog.text


def test_subjects_are_plain_text_not_html(django_capture_on_commit_callbacks):
    parent = post(ArticleFactory(headline="Q&A: <the> budget"), email="ann@example.org", notify_replies=True)

    reply_to(parent, django_capture_on_commit_callbacks, name="Bob <& Co>", email="bob@example.org")

    assert mail.outbox[0].subject == "Bob <& Co> replied to your comment on “Q&A: <the> budget”"
