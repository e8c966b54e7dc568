"""Media on S3-compatible object storage (a local moto server): uploads, renditions, imports,
deletions and a store that is away, all through Django's storage API. These always run; with
TEST_MEDIA_STORAGE=s3 the rest of the image and import tests run against the bucket too."""

import io
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.images import rendition_name, stored_files
from articles.models import Image
from articles.tests.factories import image_bytes
from articles.tests.test_admin import staff
from wordpress.tests.exports import attachment, post, write
from wordpress.tests.test_fidelity import picture

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(media_on_s3, s3_client):
    class Bucket:
        name = media_on_s3

        @staticmethod
        def listing():
            listing = s3_client.list_objects_v2(Bucket=media_on_s3)
            return sorted(item["Key"] for item in listing.get("Contents", []))

        @staticmethod
        def head(key):
            return s3_client.head_object(Bucket=media_on_s3, Key=key)

    return Bucket


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - the local test server
        return answer.status, answer.headers["Content-Type"], answer.read()


def test_an_upload_and_its_renditions_land_in_the_bucket_and_are_served_from_it(
    client, bucket, settings, django_capture_on_commit_callbacks
):
    client.force_login(staff("reporter", "Reporter"))
    upload = SimpleUploadedFile("harbour.jpg", image_bytes(size=(1000, 600)), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:articles_image_add"), {"file": upload, "alt_text": "Boats"})
    assert response.status_code == 302

    image = Image.objects.get()
    assert image.rendition_widths == [480, 800, 1000]
    assert bucket.listing() == sorted(stored_files(image))  # the picture and its six renditions, nothing else
    assert bucket.head(image.file.name)["ContentType"] == "image/jpeg"
    assert bucket.head(image.file.name)["CacheControl"] == "public, max-age=31536000"
    assert image.file.url.startswith(settings.MEDIA_URL)
    status, content_type, body = fetch(image.file.url)
    assert (status, content_type) == (200, "image/jpeg")
    assert body.startswith(b"\xff\xd8")
    webp = rendition_name(image, 480, "webp")
    assert fetch(image.file.storage.url(webp))[1] == "image/webp"


def test_deleting_a_picture_removes_its_files_from_the_bucket(bucket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        image = Image.objects.create(file=ContentFile(image_bytes(size=(900, 500)), name="a.jpg"), alt_text="A")
    assert len(bucket.listing()) == 7  # the picture, and 480, 800 and 900 wide in WebP and JPEG

    with django_capture_on_commit_callbacks(execute=True):
        image.delete()

    assert bucket.listing() == []


def test_a_store_that_is_away_refuses_the_upload_with_a_reason_and_keeps_the_form(client, settings, media_on_s3):
    from botocore.config import Config

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            **settings.STORAGES["default"],
            "OPTIONS": {
                **settings.STORAGES["default"]["OPTIONS"],
                "endpoint_url": "http://127.0.0.1:9",  # nothing listens there
                "client_config": Config(retries={"max_attempts": 1}, connect_timeout=1),
            },
        },
    }
    client.force_login(staff("reporter", "Reporter"))
    upload = SimpleUploadedFile("harbour.jpg", image_bytes(), content_type="image/jpeg")

    response = client.post(reverse("admin:articles_image_add"), {"file": upload, "alt_text": "Boats at dawn"})

    assert response.status_code == 200
    assert "The server could not store this file" in response.content.decode()
    assert 'value="Boats at dawn"' in response.content.decode()
    assert not Image.objects.exists()


def test_a_wordpress_import_stores_its_pictures_in_the_bucket_and_old_addresses_lead_there(
    bucket, tmp_path, client, settings, django_capture_on_commit_callbacks
):
    uploads = tmp_path / "uploads"
    picture(uploads, "2024/03/dock.jpg")
    export = write(
        tmp_path,
        attachment(7, "https://a.example/wp-content/uploads/2024/03/dock.jpg", parent=1),
        post(
            1,
            "At the dock",
            '<p>Text.</p><img class="wp-image-7" src="https://a.example/wp-content/uploads/2024/03/dock-300x200.jpg">',
        ),
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_wordpress", str(export), "--media-dir", str(uploads), stdout=io.StringIO())

    image = Image.objects.get()
    assert image.file.name in bucket.listing()
    assert any(key.startswith("renditions/") for key in bucket.listing())
    old = client.get("/wp-content/uploads/2024/03/dock-300x200.jpg")
    assert old.status_code == 301
    assert old["Location"] == image.file.url == settings.MEDIA_URL + image.file.name
    assert fetch(old["Location"])[0] == 200
