"""The bulk path imports take (comments_import): trees numbered as mptt would, in few queries;
imported HTML kept and cleaned; the plain-text fast path identical to urlize's."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import urlize

from articles.tests.factories import ArticleFactory
from comments.models import Comment
from comments.rendering import LINK_REL, format_body, format_markup
from comments.services import ThreadEntry, comment_create, comments_import
from comments.trees import check_trees

pytestmark = pytest.mark.django_db


def entry(key, parent=None, body="Text"):
    return ThreadEntry(
        key=key,
        parent_key=parent,
        body=f"{body} {key}",
        author_name="Ann",
        author_email="a@example.org",
        status="approved",
    )


def test_a_large_thread_goes_in_with_a_few_multi_row_inserts_and_a_sound_tree():
    counts = []
    for size in (50, 500):
        article = ArticleFactory()
        entries = [entry(1)] + [entry(n, parent=(n // 2 if n % 7 else None)) for n in range(2, size + 1)]
        with CaptureQueriesContext(connection) as queries:
            result = comments_import(article=article, entries=entries)
        counts.append(len(queries))
        assert len(result.created) == size
    # Ten times the comments, a few more inserts (SQLite caps the rows of one insert): never one per comment.
    assert counts[1] <= counts[0] + 10 and counts[1] < 50, counts
    assert check_trees() == {}
    # The numbering is mptt's own: a comment added the ordinary way lands where mptt expects.
    reply_to = Comment.objects.filter(parent__isnull=False).order_by("-level").first()
    comment_create(
        article=reply_to.article,
        parent=reply_to,
        body="Late reply",
        author_name="Bo",
        author_email="b@example.org",
        status="approved",
    )
    assert check_trees() == {}
    reply_to.refresh_from_db()
    assert [c.body for c in reply_to.get_children()] == ["Late reply"]


def test_ids_handed_out_ahead_never_collide_with_ordinary_comments():
    article = ArticleFactory()
    first = comments_import(article=article, entries=[entry(1), entry(2, parent=1)])
    ordinary = comment_create(
        article=article, body="Hello", author_name="Cy", author_email="c@example.org", status="approved"
    )
    second = comments_import(article=article, entries=[entry(3), entry(4, parent=3)])
    ids = [first.saved[1].pk, first.saved[2].pk, ordinary.pk, second.saved[3].pk, second.saved[4].pk]
    assert ids == sorted(ids) and len(set(ids)) == 5
    assert check_trees() == {}


def test_imported_markup_is_cleaned_and_readers_text_stays_plain():
    html = format_markup(
        '<em>Yes</em> <a href="javascript:alert(1)">x</a> <a href="https://ok.example">ok</a><img src=x onerror=alert(1)>'
    )
    assert "<em>Yes</em>" in html and "javascript" not in html and "<img" not in html
    assert 'href="https://ok.example"' in html and "nofollow" in html
    assert format_body("<em>Yes</em>") == "<p>&lt;em&gt;Yes&lt;/em&gt;</p>"


def test_the_plain_text_fast_path_gives_what_urlize_gives(naughty_strings):
    texts = naughty_strings + [
        "see https://example.org/x?a=1&b=2 now",
        "mail me@example.org",
        "www.example.net",
        "a.com/b",
    ]
    for text in texts:
        for paragraph in [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]:
            expected = urlize(paragraph, trim_url_limit=60, nofollow=True, autoescape=True)
            expected = "<p>" + expected.replace('rel="nofollow"', LINK_REL).replace("\n", "<br>") + "</p>"
            assert format_body(paragraph) == expected, paragraph
