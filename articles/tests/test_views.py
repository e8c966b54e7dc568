import pytest
from django.contrib.auth.models import Permission, User
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, KeyPoint
from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    place_picture,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    author = AuthorFactory(name="Amara Okafor")
    article = ArticleFactory(
        headline="Harbour bridge reopens",
        standfirst="Commuters get their route back.",
        dateline="PORT ALDREN",
        body="<p>First.</p><blockquote><p>A quote.</p></blockquote><p>Second.</p>",
        authors=[author],
        lead_image=ImageFactory(caption="The bridge at dusk", credit="AFP", licence="Fair use"),
        editors_note="An earlier version misspelt the mayor's name.",
    )
    article.tags.add(TagFactory(name="Transport"))
    KeyPoint.objects.create(article=article, text="Open again after two years", order=0)
    place_picture(article, ImageFactory(caption="Library caption"), caption="Placed")
    return article


def test_article_page_shows_everything_a_reader_expects(client, story):
    response = client.get(story.get_absolute_url())
    html = response.content.decode()

    assert response.status_code == 200
    for expected in [
        '<h1 class="story__headline">Harbour bridge reopens</h1>',
        "Commuters get their route back.",
        'href="/author/',
        "Amara Okafor",
        "min read",
        "At a glance",
        "Open again after two years",
        "The bridge at dusk",
        "Photo: AFP / Fair use",
        "PORT ALDREN —",
        "<blockquote><p>A quote.</p></blockquote>",
        "Transport",
        "An earlier version misspelt",
        "<title>Harbour bridge reopens |",
    ]:
        assert expected in html, expected
    # The inline image follows the first paragraph, with its placement's caption.
    assert html.index("First.</p>") < html.index("Placed") < html.index("A quote.")
    assert "Updated" not in html


def test_updated_is_shown_only_when_changed_after_publication(client, story):
    Article.objects.filter(pk=story.pk).update(
        created_at=timezone.now() - timezone.timedelta(days=2),
        publish_at=timezone.now() - timezone.timedelta(days=1),
        updated_at=timezone.now(),
    )
    story.refresh_from_db()
    assert "Updated" in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.parametrize("status", [Article.Status.DRAFT, Article.Status.IN_REVIEW])
def test_unpublished_stories_are_not_found_and_not_listed(client, status):
    article = ArticleFactory(status=status, headline="Secret plan")
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Secret plan" not in client.get("/").content.decode()
    assert "Secret plan" not in client.get(article.section.get_absolute_url()).content.decode()


def test_a_scheduled_story_appears_when_its_time_comes(client):
    article = ArticleFactory(headline="Comet tonight", publish_at=timezone.now() + timezone.timedelta(hours=2))
    url = article.get_absolute_url()
    assert client.get(url).status_code == 404
    assert "Comet tonight" not in client.get("/").content.decode()

    Article.objects.filter(pk=article.pk).update(publish_at=timezone.now() - timezone.timedelta(seconds=1))
    article.refresh_from_db()
    cache.clear()  # the time passing also expires cached pages (see test_pagecache)

    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Comet tonight" in client.get("/").content.decode()


def test_the_wrong_date_in_the_address_is_not_found(client, story):
    local = timezone.localtime(story.publish_at) - timezone.timedelta(days=1)
    url = reverse(
        "articles:detail", kwargs={"year": local.year, "month": local.month, "day": local.day, "slug": story.slug}
    )
    assert client.get(url).status_code == 404


def test_section_tag_and_author_pages_list_their_stories(client, story):
    other = ArticleFactory(headline="Unrelated")
    for url in [story.section.get_absolute_url(), story.tags.get().get_absolute_url()]:
        html = client.get(url).content.decode()
        assert "Harbour bridge reopens" in html and "Unrelated" not in html
    author_page = client.get(story.bylines.get().author.get_absolute_url()).content.decode()
    assert "Writes about things." in author_page and "Harbour bridge reopens" in author_page
    assert "Unrelated" not in author_page
    assert other.headline in client.get("/").content.decode()


@pytest.mark.parametrize("page", ["999", "abc", "0", "-1"])
def test_pagination_out_of_range_or_garbage_is_not_found(client, page):
    ArticleFactory()
    assert client.get("/", {"page": page}).status_code == 404


def test_lists_are_paginated(client):
    section = SectionFactory()
    for number in range(25):
        ArticleFactory(
            section=section,
            headline=f"Headline {number:02d}",
            publish_at=timezone.now() - timezone.timedelta(minutes=number + 1),
        )
    first = client.get(section.get_absolute_url()).content.decode()
    second = client.get(section.get_absolute_url(), {"page": 2}).content.decode()
    assert "Headline 00" in first and "Headline 24" not in first
    assert "Headline 24" in second and 'rel="prev"' in second


def preview_user(with_permission):
    user = User.objects.create_user("staffer", password="pw", is_staff=True)
    if with_permission:
        user.user_permissions.add(Permission.objects.get(codename="change_article"))
    return user


def test_staff_with_change_permission_can_preview_a_draft(client):
    draft = ArticleFactory(status=Article.Status.DRAFT, headline="Draft headline")
    client.force_login(preview_user(with_permission=True))

    response = client.get(reverse("articles:preview", args=[draft.pk]))

    assert response.status_code == 200
    assert "Preview — not published" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"].startswith("noindex")


def test_staff_without_change_permission_cannot_see_a_preview(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(preview_user(with_permission=False))
    assert client.get(reverse("articles:preview", args=[draft.pk])).status_code == 404


def test_anonymous_readers_cannot_see_a_preview(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.get(reverse("articles:preview", args=[draft.pk])).status_code == 404


def make_stories(count):
    section = SectionFactory(slug="world", name="World")
    authors = [AuthorFactory(), AuthorFactory()]
    image = ImageFactory()
    tag = TagFactory()
    stories = []
    for number in range(count):
        story = ArticleFactory(
            section=section,
            authors=authors,
            lead_image=image,
            publish_at=timezone.now() - timezone.timedelta(minutes=number + 1),
        )
        story.tags.add(tag)
        KeyPoint.objects.create(article=story, text="A point")
        stories.append(story)
    return section, stories


def count_queries(client, url, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.parametrize("page", ["home", "section", "article"])
def test_query_count_does_not_grow_with_the_number_of_stories(client, page, django_assert_num_queries):
    counts = []
    for count in (22, 45):
        Article.objects.all().delete()
        section, stories = make_stories(count)
        url = {"home": "/", "section": section.get_absolute_url(), "article": stories[0].get_absolute_url()}[page]
        counts.append(count_queries(client, url, django_assert_num_queries))
        cache.clear()
    assert counts[0] == counts[1], counts
    # The story page's budget includes read-next (3), its corrections (1), whether it is a live
    # story (1) and, with a cold cache as here, the looks at the schedules of changes and of live
    # updates (1 each) and the footer's page links (1).
    assert counts[0] <= 16


@pytest.mark.parametrize("page", ["home", "section"])
def test_the_sections_are_read_once_for_the_navigation_and_the_page(client, page):
    """The navigation bar, the home page's section blocks and a section page's own section share
    one query (articles.context_processors.site_sections)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section, stories = make_stories(6)
    cache.clear()  # every block built
    with CaptureQueriesContext(connection) as context:
        response = client.get({"home": "/", "section": section.get_absolute_url()}[page])
    assert response.status_code == 200
    assert f'href="{section.get_absolute_url()}"' in response.content.decode()  # the navigation has it
    assert len([query for query in context if 'FROM "articles_section"' in query["sql"]]) == 1


@pytest.mark.parametrize("page", ["home", "section", "tag", "author", "year"])
def test_a_list_reads_only_what_its_cards_show(client, page):
    """The story list's query asks for a card's columns (articles.cards.CARD_FIELDS), not the body,
    the editor's note or the timestamps, and its bylines for the authors' names and addresses; and
    no card asks for more (no query per story)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    section, stories = make_stories(6)
    url = {
        "home": "/",
        "section": section.get_absolute_url(),
        "tag": stories[0].tags.get().get_absolute_url(),
        "author": stories[0].bylines.first().author.get_absolute_url(),
        "year": f"/{timezone.localtime(stories[0].publish_at).year}/",
    }[page]
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        html = client.get(url).content.decode()
    assert all(story.headline in html for story in stories)
    queries = [query["sql"] for query in context]
    listing = [sql for sql in queries if 'SELECT "articles_article"."id", "articles_article"."headline"' in sql]
    assert listing, queries
    for column in ("body", "editors_note", "created_at", "dateline"):
        assert all(f'"articles_article"."{column}"' not in sql for sql in listing), column
    credits = [sql for sql in queries if 'FROM "articles_byline"' in sql and '"articles_author"."name"' in sql]
    assert credits and all('"articles_author"."bio"' not in sql for sql in credits)  # the names alone
    # A deferred column read later is fetched story by story, by id: none is.
    assert not [sql for sql in queries if 'WHERE "articles_article"."id" = ' in sql]


def test_an_unknown_section_is_not_found(client, db):
    assert client.get("/section/no-such-section/").status_code == 404


def test_the_404_page_is_friendly(client):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "We couldn’t find that page" in response.content.decode()


def test_the_not_found_page_offers_search_and_the_latest_stories(client):
    latest = ArticleFactory(headline="Ferry timetable changes")
    response = client.get("/no/such/story/")

    html = response.content.decode()
    assert response.status_code == 404
    assert 'action="/search/"' in html and 'id="not-found-search"' in html
    assert latest.get_absolute_url() in html and "Ferry timetable changes" in html


def test_date_archives_list_the_stories_of_a_year_a_month_and_a_day(client, settings):
    settings.TIME_ZONE = "America/New_York"
    late_evening = timezone.make_aware(timezone.datetime(2025, 11, 23, 22, 30))  # 03:30 UTC on the 24th
    evening = ArticleFactory(headline="Late council vote", publish_at=late_evening)
    ArticleFactory(headline="Next morning", publish_at=late_evening + timezone.timedelta(hours=10))
    ArticleFactory(headline="Last year", publish_at=late_evening - timezone.timedelta(days=365))

    def headlines(path):
        response = client.get(path)
        assert response.status_code == 200
        return [story.headline for story in response.context["page_obj"]]

    assert headlines("/2025/11/23/") == [evening.headline]  # the local date, as in the story's address
    assert headlines("/2025/11/") == ["Next morning", "Late council vote"]
    assert headlines("/2025/") == ["Next morning", "Late council vote"]
    assert "Stories of 23 November 2025" in client.get("/2025/11/23/").content.decode()


@pytest.mark.parametrize("path", ["/2025/13/", "/2025/2/30/", "/0/", "/99999/", "/2025/11/0/", f"/{'9' * 25}/1/1/"])
def test_dates_that_do_not_exist_are_not_found(client, db, path):
    assert client.get(path).status_code == 404


def test_the_story_page_has_share_links_an_author_box_and_its_comment_count(client, settings):
    settings.SITE_URL = "https://news.example.org"
    author = AuthorFactory(name="Ada Reporter", bio="Covers the harbour and its people.", photo=ImageFactory())
    story = ArticleFactory(headline="Ferries & fares", authors=[author], comment_count=3)

    html = client.get(story.get_absolute_url()).content.decode()

    address = "https%3A%2F%2Fnews.example.org" + story.get_absolute_url().replace("/", "%2F")
    assert "https://www.facebook.com/sharer/sharer.php?u=" + address in html
    assert "mailto:?subject=Ferries%20%26%20fares" in html
    assert 'data-copy-link="https://news.example.org' in html and "<script src" in html
    assert "Covers the harbour and its people." in html and 'class="author-box__photo"' in html
    assert '<a class="story__comment-count" href="#comments">3 comments</a>' in html


def test_the_share_links_carry_the_headline_and_address_percent_encoded_as_djangos_urlencode(client):
    from urllib.parse import quote

    from django.conf import settings
    from django.template.defaultfilters import urlencode

    headline = 'Rates & "rents": 50/50 — <b>votes</b> #1?'
    story = ArticleFactory(headline=headline)
    html = client.get(story.get_absolute_url()).content.decode()
    address = settings.SITE_URL + story.get_absolute_url()
    assert f"mailto:?subject={urlencode(headline, '')}&amp;body={urlencode(address, '')}" in html
    assert f"https://wa.me/?text={quote(headline + ' ' + address, safe='')}" in html
    assert f'data-copy-link="{address}"' in html
    assert "%2F" in urlencode(headline, "")  # "/" encoded too, unlike Jinja2's own urlencode
