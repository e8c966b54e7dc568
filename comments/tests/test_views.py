import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.services import comment_set_status
from comments.tests.factories import post, thread
from comments.tests.posting import regular, submit

pytestmark = pytest.mark.django_db


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


def test_a_held_comment_is_shown_to_its_author_only(client, article):
    response = submit(client, article, body="My first ever comment")
    comment = Comment.objects.get(article=article)
    assert comment.status == Comment.Status.PENDING

    own_page = client.get(response["Location"]).content.decode()
    assert "Your comment is awaiting moderation." in own_page and "My first ever comment" in own_page
    assert "My first ever comment" not in Client().get(article.get_absolute_url()).content.decode()


def test_saved_details_fill_the_form_next_time(client, article):
    landed = submit(client, article, save_details="on", url="https://ann.example")["Location"]
    html = client.get(landed).content.decode()  # the page made for them after posting
    assert 'value="Ann Reader"' in html and 'value="https://ann.example"' in html
    assert 'value="Ann Reader"' not in Client().get(article.get_absolute_url()).content.decode()
    # Later, on the page stored for everyone, comments.js fills them in from here:
    assert client.get(reverse("comments:mine")).json()["name"] == "Ann Reader"


def test_a_held_comment_does_not_keep_its_author_off_the_cached_pages(client, article):
    landed = submit(client, article, body="Waiting for a moderator")["Location"]
    assert "held=1" in landed and client.cookies["held"].value == "1"
    assert not client.cookies["held"]["httponly"]  # read by comments.js
    own = client.get(landed)
    assert "X-Page-Cache" not in own and "Waiting for a moderator" in own.content.decode()

    stored = client.get(article.get_absolute_url())  # the page everyone gets, from the cache
    assert stored["X-Page-Cache"] in ("hit", "miss") and "Waiting for a moderator" not in stored.content.decode()
    thread = client.get(reverse("comments:mine-thread", args=[article.pk]))
    assert "no-store" in thread["Cache-Control"]
    assert "Waiting for a moderator" in thread.content.decode() and "awaiting moderation" in thread.content.decode()
    assert Client().get(reverse("comments:mine-thread", args=[article.pk])).status_code == 204  # nobody else's

    comment_set_status(comment=Comment.objects.get(article=article), status=Comment.Status.APPROVED)
    done = client.get(reverse("comments:mine-thread", args=[article.pk]))
    assert done.status_code == 204 and client.cookies["held"].value == ""  # nothing waits: forgotten
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.get(reverse("comments:mine-thread", args=[draft.pk])).status_code == 404


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
    # The deepest level takes no replies; a reply shown beside its parent says whose it answers.
    replies = [f'data-reply-to="{node.pk}"' in html for node in nodes]
    assert replies == [True, True, False, False, False, False]
    for node in nodes[3:]:
        shown = html.split(f'id="comment-{node.pk}"', 1)[1].split("</article>", 1)[0]
        parent = nodes[nodes.index(node) - 1]
        assert f'in reply to <a href="#comment-{parent.pk}"><bdi>{parent.author_name}</bdi></a>' in shown
    for node in nodes[:3]:
        assert "in reply to" not in html.split(f'id="comment-{node.pk}"', 1)[1].split("</article>", 1)[0]


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
    from pages.context_processors import links

    small, large = ArticleFactory(), ArticleFactory()
    for article, count in ((small, 10), (large, 1000)):
        parent = None
        for number in range(count):
            # threads of five, up to depth 4
            parent = post(article, body=f"c{number}", parent=parent if number % 5 else None)
    counts = []
    for article in (small, large):
        cache.clear()  # and so every kept block of a page (core/pagecache/fragments.py): a cold page each time
        next_change_at()  # the schedule of story changes is read once, then kept in the cache
        links()  # so are the footer's page links
        counts.append(comments_block_queries(client, article))
    few, many = counts
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


def test_the_service_refuses_such_names_too(article):
    with pytest.raises(ValidationError) as refused:
        post(article, name="Ann\nBob")
    assert "author_name" in refused.value.message_dict


def test_comments_show_an_avatar_made_here_from_the_name(client, article):
    post(article, name="Ada Lovelace", body="Hello")
    post(article, name="<b>Eve</b>", email="eve@example.org", body="Hi")

    html = client.get(article.get_absolute_url()).content.decode()

    assert re.search(r'class="comment__avatar av\d+" aria-hidden="true">AL</span>', html)
    assert ">&lt;B</span>" not in html and "<b>Eve</b>" not in html
    assert "gravatar" not in html


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


def test_the_comments_block_of_a_story_without_comments_asks_the_database_nothing(django_assert_num_queries):
    from django.test import RequestFactory

    from comments.templatetags.comments_tags import comments_block
    from pages.context_processors import links

    article = ArticleFactory()
    links()  # the privacy link beside the form is read once, then kept in the cache
    request = RequestFactory().get(article.get_absolute_url())
    request.shared_page = True
    with django_assert_num_queries(0):
        html = comments_block({"request": request}, article)
    assert 'id="respond"' in html

    post(article, body="Now there is one.")
    article.refresh_from_db()
    with django_assert_num_queries(2):  # the threads of the page, then their comments
        assert "Now there is one." in comments_block({"request": request}, article)


def test_every_avatar_colour_is_in_the_stylesheet():
    from django.conf import settings

    from comments.rendering import AVATAR_SHADES

    css = (settings.BASE_DIR / "static" / "css" / "comments.css").read_text()
    assert all(f".av{shade} {{" in css for shade in range(AVATAR_SHADES))
