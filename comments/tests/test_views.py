import re

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.tests.factories import post, thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def form(**overrides):
    data = {"name": "Ann Reader", "email": "ann@example.org", "url": "", "body": "A fair point, well made."}
    data.update(overrides)
    return data


def submit(client, article, **overrides):
    return client.post(f"/comments/post/{article.pk}/", form(**overrides), REMOTE_ADDR="203.0.113.5")


def refused(client, response, article):
    """A refused plain post goes back to the story's form (303); the page there says why."""
    assert response.status_code == 303, response.status_code
    assert response["Location"] == article.get_absolute_url()
    return client.get(response["Location"]).content.decode()


def submit_json(client, article, **overrides):
    return client.post(
        f"/comments/post/{article.pk}/", form(**overrides), REMOTE_ADDR="203.0.113.5", HTTP_ACCEPT="application/json"
    )


def regular(article):
    """Make Ann a returning commenter, so her comments are approved at once."""
    earlier = timezone.now() - timezone.timedelta(minutes=10)
    post(ArticleFactory(), email="ann@example.org", name="Ann Reader", body="earlier", created_at=earlier)


def test_a_reader_posts_and_lands_on_the_comment(client, article):
    regular(article)
    response = submit(client, article)

    comment = Comment.objects.get(article=article)
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'id="comment-{comment.pk}"' in page and "A fair point, well made." in page
    assert "1 comment" in page


def test_the_form_says_what_is_required_and_that_email_is_not_published(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Leave a reply" in html
    assert "Your e-mail address will not be published." in html
    assert "Required fields are marked" in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"body": ""}, "This field is required"),
        ({"body": "   \n  "}, "Your comment is empty"),
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

    assert "You are posting comments too quickly" in html
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


def test_a_held_comment_is_shown_to_its_author_only(client, article):
    response = submit(client, article, body="My first ever comment")
    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.PENDING

    own_page = client.get(response["Location"]).content.decode()
    assert "Your comment is awaiting moderation." in own_page and "My first ever comment" in own_page
    assert "My first ever comment" not in Client().get(article.get_absolute_url()).content.decode()


def test_saved_details_fill_the_form_next_time(client, article):
    submit(client, article, save_details="on", url="https://ann.example")
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'value="Ann Reader"' in html and 'value="https://ann.example"' in html
    assert 'value="Ann Reader"' not in Client().get(article.get_absolute_url()).content.decode()


def test_the_reply_link_works_without_javascript(client, article):
    parent = post(article, name="Bob")
    html = client.get(article.get_absolute_url(), {"replyto": parent.pk}).content.decode()
    assert "Replying to Bob" in html and "Cancel reply" in html
    assert f'name="parent" value="{parent.pk}"' in html
    assert f'href="{article.get_absolute_url()}?replyto={parent.pk}#respond"' in html


def test_reply_lands_nested_under_its_parent(client, article):
    regular(article)
    parent = post(article, name="Bob")
    submit(client, article, parent=str(parent.pk), body="I disagree, Bob.")
    reply = Comment.objects.get(body="I disagree, Bob.")
    assert reply.parent_id == parent.pk
    html = client.get(article.get_absolute_url()).content.decode()
    assert re.search(rf'id="comment-{parent.pk}".*?<ol class="children"><li id="comment-{reply.pk}"', html, re.S)


def test_threads_are_numbered_escaped_and_link_urls_safely(client, article):
    post(article, body="<script>alert(1)</script> see https://example.org/page", author_url="https://bob.example")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<a href="https://example.org/page" rel="nofollow ugc noopener">' in html
    assert '<a href="https://bob.example" rel="nofollow ugc noopener">' in html
    assert '<ol class="comment-list" start="1">' in html


def test_removed_comments_show_a_placeholder_and_keep_their_replies(client, article):
    from comments.services import comment_set_status

    parent = post(article, body="Something rude")
    post(article, parent=parent, body="A calm reply")
    comment_set_status(comment=parent, status=Comment.Status.REMOVED)

    html = client.get(article.get_absolute_url()).content.decode()
    assert "This comment was removed." in html and "Something rude" not in html
    assert "A calm reply" in html


def test_newest_first_toggle_orders_threads(client, article):
    post(article, body="Older thread")
    post(article, body="Newer thread")
    oldest = client.get(article.get_absolute_url()).content.decode()
    newest = client.get(article.get_absolute_url(), {"comments": "newest"}).content.decode()
    assert oldest.index("Older thread") < oldest.index("Newer thread")
    assert newest.index("Newer thread") < newest.index("Older thread")


def test_deep_replies_are_shown_at_the_depth_cap_after_their_parent(client, article, settings):
    settings.COMMENTS_MAX_DEPTH = 3
    nodes = thread(article, 6)
    html = client.get(article.get_absolute_url()).content.decode()
    assert html.count('<ol class="children">') == 2
    positions = [html.index(f'id="comment-{node.pk}"') for node in nodes]
    assert positions == sorted(positions)


def test_threads_are_paginated_and_permalinks_find_deep_replies_on_later_pages(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    for number in range(4):
        post(article, body=f"Thread {number}")
    deep = thread(article, 4, parent=Comment.objects.get(body="Thread 3"))[-1]

    first = client.get(article.get_absolute_url()).content.decode()
    assert "Thread 0" in first and "Thread 3" not in first and "Next comments" in first
    response = client.get(f"/comments/{deep.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?cpage=2#comment-{deep.pk}"
    assert f'id="comment-{deep.pk}"' in client.get(response["Location"]).content.decode()
    assert '<ol class="comment-list" start="3">' in client.get(response["Location"]).content.decode()


def test_permalinks_of_hidden_comments_are_not_found(client, article):
    held = post(article, status=Comment.Status.PENDING)
    spam = post(article, status=Comment.Status.SPAM)
    for comment in (held, spam):
        assert client.get(f"/comments/{comment.pk}/").status_code == 404
    assert client.get("/comments/999999/").status_code == 404


def test_email_addresses_never_appear_on_the_page(client, article):
    post(article, email="secret.person@example.org", author_url="https://site.example")
    assert "secret.person" not in client.get(article.get_absolute_url()).content.decode()


def comments_block_queries(client, article):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(article.get_absolute_url()).status_code == 200
    return len(context)


def test_a_page_of_comments_costs_the_same_queries_for_10_and_1000_comments(client):
    from django.core.cache import cache

    from editorial.scheduling import next_change_at

    small, large = ArticleFactory(), ArticleFactory()
    for article, count in ((small, 10), (large, 1000)):
        parent = None
        for number in range(count):
            # threads of five, up to depth 4
            parent = post(article, body=f"c{number}", parent=parent if number % 5 else None)
    cache.clear()
    next_change_at()  # the schedule of story changes is read once, then kept in the cache
    few = comments_block_queries(client, small)
    many = comments_block_queries(client, large)
    assert few == many, (few, many)


def test_naughty_strings_are_accepted_or_refused_clearly_and_shown_escaped(client, article, naughty_strings):
    regular(article)
    for number, text in enumerate(naughty_strings):
        Comment.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
        response = client.post(
            f"/comments/post/{article.pk}/",
            {"name": text[:100] or "x", "email": "ann@example.org", "url": "", "body": f"{number} {text}"},
            REMOTE_ADDR="203.0.113.5",
        )
        assert response.status_code == 303, (text, response.status_code)
        client.get(response["Location"])  # shows, and uses up, any refusal
    assert client.get(article.get_absolute_url()).status_code == 200
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<script>alert" not in html


def test_a_longer_limit_in_settings_holds_for_the_model_too(client, article, settings):
    settings.COMMENTS_MAX_LENGTH = 8000
    regular(article)
    body = "Long, considered reply. " * 250  # 6,000 characters

    response = submit(client, article, body=body)

    assert response.status_code == 303
    assert Comment.objects.get(article=article).body == body.strip()


def test_a_shorter_limit_in_settings_is_refused_by_the_service_too(article, settings):
    settings.COMMENTS_MAX_LENGTH = 100
    with pytest.raises(ValidationError) as refused:
        post(article, body="x" * 101)
    assert "body" in refused.value.message_dict


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


def test_the_service_refuses_such_names_too(article):
    with pytest.raises(ValidationError) as refused:
        post(article, name="Ann\nBob")
    assert "author_name" in refused.value.message_dict


def test_comments_show_an_avatar_made_here_from_the_name(client, article):
    post(article, name="Ada Lovelace", body="Hello")
    post(article, name="<b>Eve</b>", email="eve@example.org", body="Hi")

    html = client.get(article.get_absolute_url()).content.decode()

    assert re.search(
        r'class="comment__avatar" aria-hidden="true" style="background:hsl\(\d+,45%,38%\)">AL</span>', html
    )
    assert ">&lt;B</span>" not in html and "<b>Eve</b>" not in html
    assert "gravatar" not in html


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


def test_the_kept_draft_leaves_no_session_behind_for_a_reader(client, article):
    response = submit(client, article, body="")
    assert "sessionid" in response.cookies
    assert response.cookies["sessionid"]["max-age"] == 3600  # a draft waits an hour at most
    page = client.get(response["Location"])
    assert page.cookies["sessionid"].value == ""  # deleted: the reader is back on cached pages
    from django.contrib.sessions.models import Session

    assert not Session.objects.exists()


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


def test_a_huge_refused_post_keeps_no_more_than_a_comment_can_hold(client, article, settings):
    from django.contrib.sessions.models import Session

    response = submit(client, article, name="", body="x" * 2_000_000)

    assert response.status_code == 303
    stored = Session.objects.get().get_decoded()[f"comment_draft:{article.pk}"]["data"]
    assert len(stored["body"]) == settings.COMMENTS_MAX_LENGTH + 1000


def test_when_the_draft_cannot_be_kept_the_form_is_shown_at_once_with_the_text(client, article, monkeypatch):
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError

    def broken_save(self, must_create=False):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SessionStore, "save", broken_save)
    response = submit(client, article, email="", body="Words that must not be lost")

    assert response.status_code == 400
    html = response.content.decode()
    assert "Words that must not be lost" in html and "Your comment was not posted" in html
    assert "sessionid" not in response.cookies


def test_saved_details_do_not_bypass_the_cache_and_never_go_into_a_stored_page(client, article):
    from django.core.cache import cache

    regular(article)
    submit(client, article, save_details="on")  # approved at once: no pending cookie
    assert client.cookies["commenter"].value == "1" and not client.cookies["commenter"]["httponly"]
    cache.clear()

    page = client.get(article.get_absolute_url())

    assert page["X-Page-Cache"] == "miss"
    assert "ann@example.org" not in page.content.decode()
    assert Client().get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    mine = client.get("/comments/mine/")
    assert mine.json() == {"name": "Ann Reader", "email": "ann@example.org", "url": ""}
    assert "no-store" in mine["Cache-Control"] and "private" in mine["Cache-Control"]
    assert Client().get("/comments/mine/").json() == {}


def test_forgetting_details_drops_the_marker_too(client, article):
    regular(article)
    submit(client, article, save_details="on")
    Comment.objects.update(created_at=timezone.now() - timezone.timedelta(minutes=5))
    submit(client, article, body="Another, without saving", email="ann@example.org")
    assert client.cookies["commenter"].value == "" and client.get("/comments/mine/").json() == {}
