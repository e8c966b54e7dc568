"""Uploads are stored under a name the server chooses and only ever served as pictures."""

import io
import urllib.request
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image as PILImage

from articles.images import rendition_name
from articles.models import Image
from articles.renditions import make_renditions
from articles.tests.factories import image_bytes
from articles.tests.test_admin import staff

pytestmark = pytest.mark.django_db

SCRIPT = b"<script>alert(document.domain)</script>"


def gif_with_script():
    """A valid GIF whose comment block holds a script: harmless as a picture, dangerous as a page."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 40), (10, 120, 200)).save(buffer, "GIF", comment=SCRIPT)
    data = buffer.getvalue()
    assert SCRIPT in data
    return data


@pytest.fixture
def reporter_client(client):
    client.force_login(staff("reporter", "Reporter"))
    return client


def upload_through_the_admin(client, name, data):
    response = client.post(
        reverse("admin:articles_image_add"),
        {"file": SimpleUploadedFile(name, data, content_type="text/html"), "alt_text": "A picture"},
    )
    assert response.status_code == 302, response.content[:500]
    return Image.objects.latest("pk")


@pytest.mark.parametrize("name", ["x.html", "x.htm", "x.svg", "x", "x.gif.html", "../../x.html"])
def test_an_image_named_like_a_page_is_stored_and_served_as_the_image_it_is(reporter_client, client, name):
    image = upload_through_the_admin(reporter_client, name, gif_with_script())

    stored = Path(image.file.name)
    assert stored.suffix == ".gif"
    assert stored.parent.parts[0] == "images" and ".." not in stored.parts
    if image.file.url.startswith("http"):  # on object storage (TEST_MEDIA_STORAGE=s3): the bucket serves it
        with urllib.request.urlopen(image.file.url, timeout=10) as answer:  # noqa: S310 - the local test server
            assert answer.status == 200
            assert answer.headers["Content-Type"] == "image/gif"
        return
    response = client.get(image.file.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/gif"
    assert response["X-Content-Type-Options"] == "nosniff"
    # Media names never change their content: kept a year (they were sent with a short lifetime).
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.filesystem_media
def test_files_that_are_not_pictures_are_never_served_from_media(client, settings):
    folder = Path(settings.MEDIA_ROOT) / "images" / "2024" / "01"
    folder.mkdir(parents=True)
    (folder / "old.html").write_bytes(gif_with_script())  # stored before names were chosen by the server
    (folder / "old.svg").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>")

    assert client.get("/media/images/2024/01/old.html").status_code == 404
    assert client.get("/media/images/2024/01/old.svg").status_code == 404


def test_two_uploads_with_the_same_name_never_share_a_file():
    first = Image.objects.create(file=ContentFile(image_bytes(), name="photo.jpg"), alt_text="First")
    second = Image.objects.create(file=ContentFile(image_bytes(), name="photo.jpg"), alt_text="Second")
    assert first.file.name != second.file.name


def test_a_jpeg_and_a_png_called_photo_each_get_their_own_renditions():
    red = Image.objects.create(file=ContentFile(image_bytes("JPEG", color=(220, 0, 0)), name="photo.jpg"), alt_text="R")
    blue = Image.objects.create(file=ContentFile(image_bytes("PNG", color=(0, 0, 220)), name="photo.png"), alt_text="B")
    make_renditions(red)
    make_renditions(blue)

    assert rendition_name(red, 480, "webp") != rendition_name(blue, 480, "webp")
    with blue.file.storage.open(rendition_name(blue, 480, "webp")) as rendition:
        red_part, _green, blue_part = PILImage.open(rendition).convert("RGB").getpixel((10, 10))
    assert blue_part > 200 and red_part < 30


def test_a_stored_name_that_is_legacy_still_gets_distinct_renditions():
    """Before the server chose names, `photo.jpg` and `photo.png` could sit side by side."""
    jpeg, png = Image(alt_text="J"), Image(alt_text="P")
    jpeg.file.name, png.file.name = "images/2024/01/photo.jpg", "images/2024/01/photo.png"
    assert rendition_name(jpeg, 800, "webp") != rendition_name(png, 800, "webp")


@pytest.mark.filesystem_media
def test_media_on_a_host_of_its_own(settings):
    settings.MEDIA_URL = "https://media.example.org/"
    image = Image.objects.create(file=ContentFile(image_bytes(), name="photo.jpg"), alt_text="A")
    assert image.file.url.startswith("https://media.example.org/images/")
