"""Project-wide test fixtures."""

import json
import logging
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


# TEST_MEDIA_STORAGE=s3: every test keeps its media in a bucket of its own on a local S3-compatible
# server (moto's, started once on loopback) instead of on disk; `.ci/run` runs the image, media and
# import tests this way too.
MEDIA_ON_S3 = os.environ.get("TEST_MEDIA_STORAGE", "") == "s3"


@pytest.fixture(scope="session")
def s3_endpoint():
    """The address of a local S3-compatible server (moto), for this test session."""
    import socket

    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line per request in failures
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_client(s3_endpoint):
    """A boto3 client of the local S3 server (moto takes any keys)."""
    import boto3

    keys = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}
    return boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **keys)


@pytest.fixture
def media_on_s3(settings, s3_endpoint, s3_client):
    """Media stored in a new, empty bucket on the local S3 server; returns the bucket's name."""
    import uuid

    from newsroom.deployment import s3_media

    bucket = f"test-{uuid.uuid4().hex[:24]}"
    keys = {"MEDIA_S3_ACCESS_KEY_ID": "testing", "MEDIA_S3_SECRET_ACCESS_KEY": "testing"}
    s3_client.create_bucket(Bucket=bucket)
    # As README asks: the public reads the bucket (media addresses are plain and lasting).
    statement = {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{bucket}/*"}
    s3_client.put_bucket_policy(Bucket=bucket, Policy=json.dumps({"Version": "2012-10-17", "Statement": [statement]}))
    storage, media_url = s3_media({"MEDIA_S3_BUCKET": bucket, "MEDIA_S3_ENDPOINT_URL": s3_endpoint, **keys})
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    settings.MEDIA_URL = media_url
    return bucket


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path, request):
    settings.MEDIA_ROOT = tmp_path / "media"
    if MEDIA_ON_S3 and "filesystem_media" not in request.keywords:
        request.getfixturevalue("media_on_s3")


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
