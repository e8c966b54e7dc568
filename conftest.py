"""Project-wide test fixtures."""

import json
import os
from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from articles.tests.factories import (
    ArticleFactory,
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    TagFactory,
    image_bytes,
)

# Data the tests read lives in the project (testdata/README.md says where each file comes from).
TESTDATA = Path(__file__).resolve().parent / "testdata"


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only against PostgreSQL, and tests marked `redis` only
    with a Redis to talk to.

    They are skipped when no DATABASE_URL (TEST_REDIS_URL) is given, as in a plain `make test`;
    `.ci/run` gives both, so CI runs them all. Given a DATABASE_URL that is not PostgreSQL,
    they fail rather than hide.
    """
    needs = {
        "postgres": ("DATABASE_URL", "needs PostgreSQL: set DATABASE_URL=postgres://…"),
        "redis": ("TEST_REDIS_URL", "needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/15"),
    }
    for marker, (variable, reason) in needs.items():
        if os.environ.get(variable):
            continue
        for item in items:
            if marker in item.keywords:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def section(db):
    return SectionFactory(name="World", slug="world", description="News from everywhere.")


@pytest.fixture
def other_section(db):
    return SectionFactory(name="Sport", slug="sport")


@pytest.fixture
def author(db):
    return AuthorFactory(name="Ada Reporter", slug="ada-reporter", bio="Covers the city.")


@pytest.fixture
def tag(db):
    return TagFactory(name="Elections", slug="elections")


@pytest.fixture
def image(db):
    return ImageFactory(
        file=ContentFile(image_bytes(size=(1600, 900), color=(120, 30, 30)), name="harbour.jpg"),
        alt_text="Boats in the harbour",
        caption="The harbour at dawn.",
        credit="Staff photo",
        licence="CC BY 4.0",
    )


@pytest.fixture
def make_article(db, section, django_capture_on_commit_callbacks):
    """A published story (ArticleFactory) whose on_commit work (search index, redirects) has run."""

    def make(**fields):
        fields.setdefault("section", section)
        with django_capture_on_commit_callbacks(execute=True):
            return ArticleFactory(**fields)

    return make


@pytest.fixture
def save_article(django_capture_on_commit_callbacks):
    """Save an edited story and run what waits for the commit."""

    def save(article):
        with django_capture_on_commit_callbacks(execute=True):
            article.save()
        return article

    return save


@pytest.fixture
def story(make_article, author, tag, image):
    return make_article(
        headline="Harbour reopens",
        standfirst="Ships return after the storm.",
        body='<p>The <a href="https://example.org/">port</a> reopened on Monday &amp; crews cheered.</p>',
        lead_image=image,
        authors=[author],
        tags=[tag],
    )


@pytest.fixture(scope="session")
def naughty_strings():
    """The Big List of Naughty Strings, for every field a person types in."""
    return json.loads((TESTDATA / "blns.json").read_text(encoding="utf-8"))


def _run_together(jobs):
    """Run each job in its own thread (its own database connection), all released at once
    by a barrier; return the exceptions they raised."""
    import threading

    from django.db import connections

    barrier = threading.Barrier(len(jobs))
    errors = []

    def worker(job):
        try:
            barrier.wait()
            job()
        except Exception as error:  # returned to the test, which asserts on it
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def run_together():
    """For concurrency tests on PostgreSQL (with `django_db(transaction=True)`)."""
    return _run_together
