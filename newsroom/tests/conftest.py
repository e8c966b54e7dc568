"""Fixtures for the discovery tests: stories are created the way editors create them,
with their on_commit work (search indexing, redirects) actually run."""

import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from articles.models import Article, Author, Byline, Image, Section, Tag

_sequence = itertools.count(1)


@pytest.fixture
def section(db):
    return Section.objects.create(name="World", slug="world", description="News from everywhere.")


@pytest.fixture
def other_section(db):
    return Section.objects.create(name="Sport", slug="sport")


@pytest.fixture
def make_article(db, section, django_capture_on_commit_callbacks):
    def make(*, authors=(), tags=(), **fields):
        number = next(_sequence)
        values = {
            "headline": f"Story number {number}",
            "slug": f"story-{number}",
            "section": section,
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - timezone.timedelta(hours=1),
        }
        values.update(fields)
        with django_capture_on_commit_callbacks(execute=True):
            article = Article.objects.create(**values)
            for order, author in enumerate(authors):
                Byline.objects.create(article=article, author=author, order=order)
            article.tags.set(tags)
        return article

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
def author(db):
    return Author.objects.create(name="Ada Reporter", slug="ada-reporter", bio="Covers the city.")


@pytest.fixture
def tag(db):
    return Tag.objects.create(name="Elections", slug="elections")


@pytest.fixture
def image(db):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1600, 900), (120, 30, 30)).save(buffer, format="JPEG")
    upload = SimpleUploadedFile("harbour.jpg", buffer.getvalue(), content_type="image/jpeg")
    return Image.objects.create(
        file=upload,
        alt_text="Boats in the harbour",
        caption="The harbour at dawn.",
        credit="Staff photo",
        licence="CC BY 4.0",
    )


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
