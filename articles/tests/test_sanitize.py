import pytest

from articles.sanitize import sanitize_html
from articles.tests.factories import ArticleFactory


@pytest.mark.parametrize(
    "dirty, unwanted",
    [
        ("<p>Hi<script>alert(1)</script></p>", "<script"),
        ('<p onclick="steal()">Hi</p>', "onclick"),
        ('<a href="javascript:alert(1)">x</a>', "javascript:"),
        ("<style>body{display:none}</style><p>x</p>", "<style"),
        ('<img src="x" onerror="alert(1)">', "<img"),
        ('<iframe src="https://evil.example"></iframe>', "<iframe"),
        ('<p style="position:fixed">x</p>', "style="),
    ],
)
def test_dangerous_markup_is_removed(dirty, unwanted):
    assert unwanted not in sanitize_html(dirty)


def test_the_markup_the_site_renders_is_kept():
    html = (
        '<h2>Sub</h2><p><strong>b</strong> <em>i</em> <a href="https://example.org/">link</a></p>'
        "<blockquote><p>quote</p></blockquote><ul><li>one</li></ul><ol><li>two</li></ol>"
    )
    clean = sanitize_html(html)
    for kept in ["<h2>", "<strong>", "<em>", 'href="https://example.org/"', "<blockquote>", "<ul>", "<ol>", "<li>"]:
        assert kept in clean


def test_links_get_a_safe_rel():
    assert 'rel="noopener noreferrer"' in sanitize_html('<a href="https://example.org">x</a>')


@pytest.mark.django_db
def test_article_body_is_sanitised_on_save_and_words_counted():
    article = ArticleFactory(body="<p>one two three<script>alert(1)</script></p>")
    article.refresh_from_db()
    assert "<script" not in article.body
    assert article.word_count == 3
