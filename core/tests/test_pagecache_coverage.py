"""Every model readers see on public pages makes stale what shows it (core/pagecache/shown.py).

The demo newsroom's public pages are read with nothing cached and every query recorded; each
model a page reads must be declared with `shown_on_public_pages`, or be listed below with the
reason it needs no declaration. Then every declared model's row is saved, and the pages showing
it must be stale after commit.
"""

import re
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.db.models.signals import m2m_changed
from django.test.utils import CaptureQueriesContext

from core.pagecache import shown
from core.pagecache.versions import current_versions

pytestmark = pytest.mark.django_db

# Read by public pages, and rightly not declared: what each is, and why.
READ_WITHOUT_DECLARING = {
    "articles.article_tags": "a story's tags: changed through m2m_changed (articles/signals.py)",
    "articles.bodypicture": (
        "the pictures a story's text shows (the image sitemap): written with the story's body, whose "
        "save makes every page stale"
    ),
    "live.liveupdate_authors": "an update's authors: set with the update, in the transaction that saves it",
    "discovery.sitemapmonth": "stories a month, kept for the sitemap index from the stories themselves",
    "discovery.searchentry": (
        "the search index (PostgreSQL's; SQLite searches the stories): kept from the stories, and the "
        "search page is never stored"
    ),
    "engagement.articleengagement": (
        "vote tallies, on purpose (engagement/services.py): a vote changes figures, not the story; "
        "other readers see new totals when the cached copy expires"
    ),
}
M2M_CHANGES = {"articles.article_tags"}
ONLY_ON_POSTGRESQL = {"discovery.searchentry"}

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _locations(client, address):
    tree = ElementTree.fromstring(client.get(address).content)  # noqa: S314 - our own sitemap
    return [element.text for element in tree.iter(f"{SITEMAP}loc")]


def _public_addresses(client):
    """Every address the sitemaps list, and the pages they do not: search, feeds, the ledger,
    live answers, archives, a second page of comments."""
    addresses = ["/", "/search/?q=harbour", "/feeds/rss/", "/comments/feed/", "/corrections/", "/sitemap.xml"]
    addresses.append("/sitemap-news.xml")
    for sitemap in _locations(client, "/sitemap.xml"):
        path = re.sub(r"^https?://[^/]+", "", sitemap)
        addresses.append(path)
        addresses += [re.sub(r"^https?://[^/]+", "", page) for page in _locations(client, path)]
    from articles.models import Article
    from live.models import LiveCoverage

    story = Article.objects.published().order_by("-publish_at").first()
    addresses += [f"{story.publish_at:%Y}/", f"{story.get_absolute_url()}?cpage=2"]
    for coverage in LiveCoverage.objects.all():
        addresses += [f"/live/{coverage.article_id}/newer/?after=0", f"/live/{coverage.article_id}/feed/"]
        addresses.append(f"/comments/feed/{coverage.article_id}/")
    return [address if address.startswith("/") else f"/{address}" for address in addresses]


def _label(table):
    for model in apps.get_models(include_auto_created=True):
        if model._meta.db_table == table:
            return model._meta.label_lower
    return None


@pytest.fixture
def newsroom(settings):
    settings.PAGE_CACHE_SECONDS = 0  # every page built, every block rendered
    settings.FRAGMENT_CACHE = False
    call_command("seed_demo", verbosity=0, without_renditions=True)


def _models_read(client):
    tables = set()
    for address in _public_addresses(client):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code in (200, 301, 302), (address, response.status_code)
        for query in queries:
            tables |= set(re.findall(r'(?:FROM|JOIN) "(\w+)"', query["sql"]))
    return {label for label in map(_label, tables) if label is not None}


def test_every_model_public_pages_read_is_declared_or_said_why_not(client, newsroom):
    declared = {model._meta.label_lower for model in shown.declared()}
    read = _models_read(client)

    undeclared = read - declared - set(READ_WITHOUT_DECLARING)
    assert not undeclared, f"read by public pages but not declared with shown_on_public_pages: {undeclared}"
    for label in M2M_CHANGES:
        assert m2m_changed.has_listeners(apps.get_model(label)), label
    # Nothing declared here that pages no longer read (the list stays true).
    expected = set(READ_WITHOUT_DECLARING) - (set() if connection.vendor == "postgresql" else ONLY_ON_POSTGRESQL)
    assert expected <= read


def test_saving_a_row_of_every_declared_model_makes_what_shows_it_stale(newsroom, django_capture_on_commit_callbacks):
    for model, declaration in shown.declared().items():
        row = model.objects.order_by("pk").first()
        assert row is not None, f"the demo has no {model._meta.label}"
        if declaration.page is not None:
            paths = declaration.page(row)
            paths = [paths] if isinstance(paths, str) else paths
            before = {path: current_versions(path).address for path in paths}
            with django_capture_on_commit_callbacks(execute=True):
                row.save()
            for path in paths:
                assert current_versions(path).address != before[path], f"saving a {model._meta.label} left {path} fresh"
        else:
            before = current_versions("/").site
            with django_capture_on_commit_callbacks(execute=True):
                row.save()
            assert current_versions("/").site != before, f"saving a {model._meta.label} left the pages fresh"


def test_a_declaration_says_what_goes_stale_and_when(django_capture_on_commit_callbacks, settings):
    from articles.tests.factories import ArticleFactory
    from comments.models import Comment
    from comments.tests.factories import post

    story = ArticleFactory()
    path = story.get_absolute_url()
    page, site = current_versions(path).address, current_versions("/").site

    with django_capture_on_commit_callbacks(execute=True):
        post(story, status=Comment.Status.PENDING)
    assert current_versions(path).address == page  # held for moderation: nobody sees it yet

    with django_capture_on_commit_callbacks(execute=True):
        post(story, status=Comment.Status.APPROVED)
    assert current_versions(path).address != page  # shown under its story
    assert current_versions("/").site == site  # and nowhere else

    from articles.models import Tag

    tag = Tag.objects.create(name="Harbour", slug="harbour")
    site = current_versions("/").site
    with django_capture_on_commit_callbacks(execute=True):
        tag.delete()
    assert current_versions("/").site != site  # a deletion too
