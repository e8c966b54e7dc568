"""The story list as an editor uses it at 1,280 px: the headline with its section and bylines, a
"Scheduled" filter for what the list calls scheduled, no model list beside it."""

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, AuthorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chief(client):
    client.force_login(User.objects.create_superuser("chief", "chief@example.org", "pw"))
    return client


def test_each_filter_of_the_status_gives_what_the_list_shows_under_that_name(chief):
    now = timezone.now()
    out = ArticleFactory(headline="Out already")
    later = ArticleFactory(headline="Goes out tomorrow", publish_at=now + timezone.timedelta(days=1))
    draft = ArticleFactory(headline="Still a draft", status=Article.Status.DRAFT)
    review = ArticleFactory(headline="Waiting for review", status=Article.Status.IN_REVIEW)
    expected = {"live": out, "scheduled": later, "draft": draft, "review": review}
    for state, story in expected.items():
        html = chief.get(f"/admin/articles/article/?state={state}").content.decode()
        shown = [other.headline for other in expected.values() if other.headline in html]
        assert shown == [story.headline], (state, shown)
    assert "Scheduled" in chief.get("/admin/articles/article/?state=scheduled").content.decode()


def test_the_headline_carries_its_section_and_bylines_and_no_model_list_takes_room(chief):
    story = ArticleFactory(headline="Harbour reopens", authors=[AuthorFactory(name="Mira Okafor")])
    html = chief.get("/admin/articles/article/").content.decode()

    row = html.split('class="field-story"', 1)[1].split("</th>", 1)[0]
    assert "Harbour reopens" in row and f"{story.section.name} · Mira Okafor" in row
    assert f'href="/admin/articles/article/{story.pk}/change/' in row
    assert 'id="nav-sidebar"' not in html


def test_the_list_reads_no_storys_text_and_an_action_still_sees_it_whole(chief):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stories = ArticleFactory.create_batch(3, body="<p>" + "word " * 400 + "</p>", status=Article.Status.DRAFT)
    with CaptureQueriesContext(connection) as queries:
        html = chief.get("/admin/articles/article/?q=").content.decode()
    assert all(story.headline in html for story in stories)
    rows = [query["sql"] for query in queries if query["sql"].startswith('SELECT "articles_article"."id"')]
    assert rows and not any('"articles_article"."body"' in sql for sql in rows)
    answer = chief.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [story.pk for story in stories]},
    )
    assert answer.status_code == 302
    for story in stories:
        story.refresh_from_db()
        assert story.status == Article.Status.PUBLISHED and story.word_count == 400


def test_a_search_is_counted_in_any_order_and_the_plain_list_in_its_own(chief):
    """Counted in the list's order a search makes the planner walk the date index testing every
    story; in any order its trigram index finds the matches (core/pagination.py)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ArticleFactory.create_batch(3, headline="Council budget vote")
    for address, ordered in (("/admin/articles/article/?q=budget", False), ("/admin/articles/article/", True)):
        with CaptureQueriesContext(connection) as queries:
            assert "Council budget vote" in chief.get(address).content.decode()
        (count,) = [query["sql"] for query in queries if query["sql"].startswith("SELECT COUNT(*)")]
        assert ("ORDER BY" in count) is ordered, address
