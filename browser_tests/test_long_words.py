"""Long words never make a page wider than the screen, down to 320 px: a 226-character title,
a 300-character word in the text, a wide table and an unbroken comment."""

import pytest

from articles.tests.factories import ArticleFactory
from comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Gullhaventidewatch" * 12 + "Gullhaven"  # 225 letters, one word
WORD = "Saltmarshtugboatferryman" * 12 + "Saltmarsh"


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_no_page_is_wider_than_the_screen(live_server, browser, width):
    story = ArticleFactory(
        headline=TITLE + "s",
        body=f"<p>{WORD}</p><table><tbody><tr>{'<td><p>' + WORD[:60] + '</p></td>' * 8}</tr></tbody></table>",
    )
    Comment.objects.create(
        article=story, author_name=WORD[:100], author_email="a@example.org", body=WORD, status="approved"
    )
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    for path in (story.get_absolute_url(), "/", story.section.get_absolute_url()):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
        widest = page.evaluate(
            "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
        )
        assert widest <= width, path
    context.close()
