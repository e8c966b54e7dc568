"""Posts the site refuses: the reason where the reader is looking, the text kept, nothing posted twice."""

import hashlib
import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.tests.factories import post
from comments.tests.posting import form, refused, regular, submit, submit_json

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"body": ""}, "This field is required"),
        ({"body": "   \n  "}, "Your comment is empty"),
        ({"body": "\u200b" * 10}, "Your comment is empty"),  # nothing visible
        ({"body": " \u200d\u2060\ufeff "}, "Your comment is empty"),
        ({"body": "x" * 5001}, "the limit is 5000"),
        ({"name": ""}, "This field is required"),
        ({"email": ""}, "This field is required"),
        ({"email": "not-an-address"}, "Enter a valid email address"),
        ({"url": "javascript:alert(1)"}, "Enter a valid URL"),
    ],
)
def test_invalid_posts_re_render_with_the_reason_and_the_text_kept(client, article, overrides, message):
    response = submit(client, article, **{"body": "Keep my words please", **overrides})

    html = refused(client, response, article)
    assert message in html
    assert "Your comment was not posted" in html
    if overrides.get("body", "x") and "body" not in overrides:
        assert "Keep my words please" in html
    assert not Comment.objects.filter(article=article).exists()


@pytest.mark.parametrize("parent", ["abc", "999999", "-1", "1.5", "99999999999999999999999"])
def test_bad_parents_are_refused_and_never_become_top_level(client, article, parent):
    html = refused(client, submit(client, article, parent=parent), article)

    assert "not available" in html
    assert "A fair point, well made." in html
    assert not Comment.objects.filter(article=article).exists()


def test_replying_to_a_comment_of_another_article_or_an_unapproved_one_is_refused(client, article):
    elsewhere = post(ArticleFactory())
    held = post(article, status=Comment.Status.PENDING)
    for parent in (elsewhere, held):
        assert submit_json(client, article, parent=str(parent.pk)).status_code == 400
    assert Comment.objects.filter(article=article).count() == 1


def test_comments_closed_on_the_article_say_so(client):
    closed = ArticleFactory(comments_enabled=False)
    assert submit_json(client, closed).status_code == 403
    html = refused(client, submit(client, closed, body="Words for a closed story"), closed)
    assert "Comments are closed on this story." in html
    assert "Words for a closed story" in html


def test_comments_close_a_set_number_of_days_after_publication(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = ArticleFactory(publish_at=timezone.now() - timezone.timedelta(days=31))
    assert submit_json(client, old).status_code == 403


def test_posting_to_an_unpublished_article_is_not_found(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert submit(client, draft).status_code == 404
    assert Client().post("/comments/post/99999/", form()).status_code == 404


def test_the_honeypot_silently_discards(client, article):
    response = submit(client, article, homepage="http://spam.example")
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_a_second_comment_within_15_seconds_is_refused_with_429_and_the_text_kept(client, article):
    regular(article)
    Comment.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    submit(client, article)
    assert submit_json(client, article, body="Another thought", email="other@example.org").status_code == 429
    html = refused(client, submit(client, article, body="Another thought", email="other@example.org"), article)

    assert "You are posting comments too quickly. Wait 15 seconds and send it again" in html
    assert "Another thought" in html


def test_staff_are_exempt_from_flood_control(client, article):
    client.force_login(User.objects.create_user("desk", is_staff=True))
    assert submit(client, article).status_code == 303
    assert submit(client, article, body="And another").status_code == 303


def test_a_double_click_posts_once(client, article):
    regular(article)
    Comment.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    submit(client, article)
    Comment.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    assert submit_json(client, article).status_code == 409
    html = refused(client, submit(client, article), article)

    assert "already posted this comment" in html
    assert Comment.objects.filter(article=article).count() == 1


def test_a_refusal_from_the_service_is_shown_on_the_form_with_the_text_kept(client, article, monkeypatch):
    def refuse(**kwargs):
        raise ValidationError({"author_url": ["That address cannot be stored."], "ip_hash": ["Out of range."]})

    monkeypatch.setattr("comments.views.comment_submit", refuse)

    html = refused(client, submit(client, article, body="Words I do not want to type again."), article)

    assert "That address cannot be stored." in html and "Out of range." in html
    assert "Words I do not want to type again." in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize("name", ["Ann\nBcc: everyone@example.org", "Ann\rBob", "Ann\x07", "Ann\x1b[31m"])
def test_names_with_line_breaks_or_control_characters_are_refused_with_a_reason(client, article, name):
    html = refused(client, submit(client, article, name=name, body="Kept text."), article)

    assert "no line breaks or control characters" in html
    assert "Kept text." in html
    assert not Comment.objects.exists()


def test_a_refusal_brings_the_reader_back_to_the_form_focused_and_a_reload_posts_nothing(client, article):
    response = submit(client, article, email="", body="Words typed once")

    assert response.status_code == 303
    assert response["Location"] == article.get_absolute_url()
    html = client.get(response["Location"]).content.decode()
    status = html.split("data-comment-status>", 1)[1].split("</div>", 1)[0]
    assert 'role="alert"' in html.split("data-comment-status>", 1)[0].rsplit("<div", 1)[1]
    assert "Your comment was not posted" in status
    email = re.search(r"<input[^>]*name=\"email\"[^>]*id=\"id_email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email and "autofocus" in email
    assert 'aria-describedby="id_email_helptext id_email_error"' in email
    assert 'id="id_email_error"' in html and 'id="id_email_helptext"' in html
    assert "Words typed once" in html
    # The address is the story's; reading it again shows a fresh form and posts nothing.
    again = client.get(article.get_absolute_url()).content.decode()
    assert "Words typed once" not in again and "Your comment was not posted" not in again
    assert not Comment.objects.exists()


def test_a_refusal_of_the_whole_comment_puts_the_focus_on_the_text(client, article):
    regular(article)
    Comment.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    submit(client, article)
    Comment.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    html = refused(client, submit(client, article), article)
    body = re.search(r"<textarea[^>]*name=\"body\"[^>]*>", html).group(0)
    assert "autofocus" in body and 'aria-invalid="true"' in body


def test_refusals_keep_the_draft_in_a_cookie_of_the_story_and_write_nothing_on_the_server(client, article):
    from django.contrib.sessions.models import Session

    for number in range(20):
        response = submit(client, article, email="", body=f"Draft number {number}")
        assert response.status_code == 303
    cookie = response.cookies["comment_draft"]
    assert cookie["max-age"] == 3600 and cookie["path"] == article.get_absolute_url()  # an hour, this story
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "sessionid" not in response.cookies
    assert not Session.objects.exists()  # strangers' refusals make no rows

    page = client.get(response["Location"])
    assert "Draft number 19" in page.content.decode()
    assert page.cookies["comment_draft"].value == ""  # shown once: deleted with this page
    assert page["Cache-Control"].startswith("private")  # built for this reader, kept by no cache
    assert not Session.objects.exists()


def test_a_draft_cookie_forged_or_for_another_story_shows_nothing_and_is_deleted(client, article):
    other = ArticleFactory()
    response = submit(client, other, email="", body="Meant for the other story")
    client.cookies["comment_draft"] = response.cookies["comment_draft"].value
    page = client.get(article.get_absolute_url())
    assert "Meant for the other story" not in page.content.decode()
    assert page.cookies["comment_draft"].value == ""

    client.cookies["comment_draft"] = response.cookies["comment_draft"].value[:-3] + "abc"
    page = client.get(other.get_absolute_url())
    assert "Meant for the other story" not in page.content.decode()
    assert page.cookies["comment_draft"].value == ""


def test_a_signed_in_editor_keeps_their_session_after_a_refusal(client, article):
    editor = User.objects.create_user("desk", is_staff=True)
    client.force_login(editor)
    refused(client, submit(client, article, body=""), article)
    assert client.get("/admin/").status_code == 200


def test_a_script_gets_the_reasons_as_json_and_the_address_of_a_saved_comment(client, article):
    response = submit_json(client, article, email="nope", body="")
    data = response.json()
    assert response.status_code == 400
    assert set(data["errors"]) == {"email", "body"}
    assert "Your comment was not posted" in data["error"]
    assert "sessionid" not in response.cookies

    regular(article)
    saved = submit_json(client, article, body="Posted by the script")
    comment = Comment.objects.get(article=article, body="Posted by the script")
    assert saved.status_code == 200
    assert saved.json() == {"location": f"{article.get_absolute_url()}#comment-{comment.pk}"}


def test_a_refused_post_too_large_for_a_cookie_is_answered_in_place_with_the_text(client, article, settings):
    from django.contrib.sessions.models import Session

    # Too varied to compress into a cookie.
    words = " ".join(hashlib.sha256(str(number).encode()).hexdigest()[:10] for number in range(500))
    response = submit(client, article, email="", body=words + "x" * 2_000_000)

    assert response.status_code == 400
    assert "comment_draft" not in response.cookies and "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert words in html and "Your comment was not posted" in html
    body = re.search(r"<textarea[^>]*>\n?([^<]*)</textarea>", html).group(1)
    assert len(body) == settings.COMMENTS_MAX_LENGTH + 1000  # no more than a comment can hold, and a margin
    email = re.search(r"<input[^>]*name=\"email\"[^>]*id=\"id_email\"[^>]*>", html).group(0)
    assert 'aria-invalid="true"' in email and "autofocus" in email
    assert not Session.objects.exists() and not Comment.objects.exists()
