"""A full disk refuses an upload with a reason and leaves nothing; damaged renditions are never used."""

import errno
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.images import rendition_name
from articles.models import Image
from articles.renditions import DamagedRendition, is_sound, make_renditions
from articles.tests.factories import ImageFactory, image_bytes
from articles.tests.test_admin import staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_disk(monkeypatch):
    """Storage that writes the first few bytes of a file, then runs out of space."""

    def write_then_fail(storage, name, content):
        path = Path(storage.path(name))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.read()[:64])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", write_then_fail)


def files_under(folder):
    return [path for path in Path(folder).rglob("*") if path.is_file()]


@pytest.mark.filesystem_media
def test_an_upload_to_a_full_disk_is_refused_with_a_reason_and_leaves_nothing(client, full_disk, settings):
    client.force_login(staff("reporter", "Reporter"))
    upload = SimpleUploadedFile("harbour.jpg", image_bytes(size=(900, 600)), content_type="image/jpeg")

    response = client.post(reverse("admin:articles_image_add"), {"file": upload, "alt_text": "Boats"})

    assert response.status_code == 200
    assert "The server could not store this file" in response.content.decode()
    assert 'value="Boats"' in response.content.decode()  # what the editor typed is kept
    assert not Image.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


@pytest.mark.filesystem_media
def test_an_importer_storing_to_a_full_disk_gets_an_error_and_leaves_nothing(full_disk, settings):
    image = Image(alt_text="Boats")
    with pytest.raises(OSError):
        image.file.save("harbour.jpg", ContentFile(image_bytes()), save=False)
    assert files_under(settings.MEDIA_ROOT) == []


def test_a_truncated_rendition_on_disk_is_made_again():
    image = ImageFactory(file=ContentFile(image_bytes(size=(1000, 500)), name="wide.jpg"))
    make_renditions(image)
    name = rendition_name(image, 480, "webp")
    with default_storage.open(name, "rb") as whole:
        data = whole.read()
    default_storage.delete(name)
    default_storage.save(name, ContentFile(data[: len(data) // 3]))
    assert not is_sound(name)

    make_renditions(image)

    assert is_sound(name)


@pytest.mark.filesystem_media
def test_a_rendition_that_cannot_be_written_whole_fails_the_task_and_leaves_nothing(monkeypatch):
    image = ImageFactory(file=ContentFile(image_bytes(size=(1000, 500)), name="wide.jpg"))
    real_save = FileSystemStorage._save

    def truncating_save(storage, name, content):
        if name.startswith("renditions/"):
            content = ContentFile(content.read()[:100])
        return real_save(storage, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", truncating_save)
    with pytest.raises(DamagedRendition):
        make_renditions(image)
    assert not default_storage.exists(rendition_name(image, 1000, "webp"))


def test_make_renditions_command_makes_what_is_missing():
    image = ImageFactory(file=ContentFile(image_bytes(size=(1000, 500)), name="wide.jpg"))
    Image.objects.filter(pk=image.pk).update(rendition_widths=[])
    out = StringIO()
    call_command("make_renditions", stdout=out)

    image.refresh_from_db()
    assert image.rendition_widths == [480, 800, 1000]
    assert is_sound(rendition_name(image, 1000, "webp"))
    assert "Renditions queued for 1 images." in out.getvalue()


@pytest.mark.filesystem_media
def test_a_failed_store_never_removes_a_file_that_was_there_before(monkeypatch):
    from core.media import StorageFailed, store

    default_storage.save("renditions/x-800w.webp", ContentFile(b"theirs"))

    def fail(storage, name, content):
        Path(storage.path(name)).parent.mkdir(parents=True, exist_ok=True)
        Path(storage.path(name)).write_bytes(b"partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", fail)
    with pytest.raises(StorageFailed):
        store(default_storage, "renditions/x-800w.webp", ContentFile(b"ours"))

    assert default_storage.open("renditions/x-800w.webp").read() == b"theirs"
    assert sorted(default_storage.listdir("renditions")[1]) == ["x-800w.webp"]  # the partial one is gone
