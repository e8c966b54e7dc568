import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PILImage

from articles.images import rendition_name, rendition_widths, validate_image_file
from articles.models import Image
from articles.renditions import make_renditions
from articles.templatetags.article_images import figure
from articles.tests.factories import ImageFactory, image_bytes


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP", "GIF"])
def test_the_four_web_formats_are_accepted(fmt):
    validate_image_file(upload(image_bytes(fmt)))


def refusal(data, **kwargs):
    with pytest.raises(ValidationError) as caught:
        validate_image_file(upload(data, **kwargs))
    return caught.value


def test_a_text_file_named_jpg_is_refused():
    assert refusal(b"just some words, not a picture").code == "not_an_image"


def test_another_image_format_renamed_jpg_is_refused_by_content():
    error = refusal(image_bytes("BMP"))
    assert error.code == "unsupported_format"
    assert "BMP" in error.messages[0]


def test_a_truncated_jpeg_is_refused():
    data = image_bytes("JPEG", size=(800, 800))
    assert refusal(data[: len(data) // 2]).code == "corrupt"


def test_an_image_over_the_pixel_limit_is_refused(settings):
    settings.IMAGE_MAX_PIXELS = 100 * 100
    error = refusal(image_bytes("PNG", size=(200, 200)))
    assert error.code == "too_many_pixels"
    assert "200 × 200" in error.messages[0]


def test_a_decompression_bomb_is_refused_before_it_is_decoded(settings):
    # A tiny PNG that claims 30000 x 30000 pixels: refused from its header alone.
    data = image_bytes("PNG", size=(30000, 30000), mode="1", color=0)
    assert len(data) < 200_000
    assert refusal(data).code == "too_many_pixels"


def test_a_file_over_the_byte_limit_is_refused(settings):
    settings.IMAGE_MAX_BYTES = 1000
    error = refusal(image_bytes("JPEG", size=(600, 600)))
    assert error.code == "too_large"
    assert "MB" in error.messages[0]


def test_rendition_widths_never_exceed_the_source(settings):
    settings.IMAGE_RENDITION_WIDTHS = [480, 800, 1200, 1600]
    assert rendition_widths(Image(width=1000, height=500)) == [480, 800, 1000]
    assert rendition_widths(Image(width=3000, height=2000)) == [480, 800, 1200, 1600]
    assert rendition_widths(Image(width=300, height=200)) == [300]


def open_rendition(image, width, fmt):
    with default_storage.open(rendition_name(image, width, fmt)) as handle:
        picture = PILImage.open(io.BytesIO(handle.read()))
        picture.load()
        return picture


@pytest.mark.django_db
def test_renditions_are_webp_and_jpeg_at_each_width_and_made_once():
    image = ImageFactory(file=SimpleUploadedFile("wide.jpg", image_bytes(size=(1300, 650))))
    widths = make_renditions(image)

    assert widths == [480, 800, 1200, 1300]
    for width in widths:
        assert open_rendition(image, width, "webp").format == "WEBP"
        jpeg = open_rendition(image, width, "jpeg")
        assert (jpeg.format, jpeg.size) == ("JPEG", (width, width // 2))
    name = rendition_name(image, 480, "jpeg")
    modified = default_storage.get_modified_time(name)
    make_renditions(image)
    assert default_storage.get_modified_time(name) == modified


@pytest.mark.django_db
def test_transparent_images_fall_back_to_png():
    data = image_bytes("PNG", size=(600, 400), mode="RGBA", color=(0, 0, 0, 0))
    image = ImageFactory(file=SimpleUploadedFile("logo.png", data))
    assert image.has_transparency
    make_renditions(image)
    assert open_rendition(image, 600, "png").mode == "RGBA"


def exif_photo(orientation, gps=True):
    picture = PILImage.new("RGB", (800, 400), (10, 120, 200))
    exif = picture.getexif()
    exif[0x0112] = orientation
    exif[0x010F] = "Camera maker"
    if gps:
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@pytest.mark.django_db
def test_exif_orientation_is_applied_and_metadata_stripped():
    data = exif_photo(orientation=6)
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the source does carry GPS

    image = ImageFactory(file=SimpleUploadedFile("rotated.jpg", data))
    assert (image.width, image.height) == (400, 800)  # stored as shown, upright
    make_renditions(image)

    for fmt in ("jpeg", "webp"):
        rendition = open_rendition(image, 400, fmt)
        assert rendition.size == (400, 800)
        assert not rendition.getexif()
        assert "exif" not in rendition.info


@pytest.mark.django_db
def test_figure_shows_picture_sources_caption_credit_and_licence(django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(
            file=SimpleUploadedFile("wide.jpg", image_bytes(size=(1300, 650))),
            caption="Rescuers at <work>",
            credit="AFP",
            licence="Fair use",
        )
    image.refresh_from_db()

    html = figure(image, lazy=True)

    assert html.startswith(f'<figure><a class="figure__zoom" href="{settings.MEDIA_URL}renditions/')
    assert "-1300w.jpg" in html.split("aria-label")[0]  # the link goes to the largest rendition
    assert "<picture>" in html
    assert '<source type="image/webp" srcset="' in html and re.search(r"-480w\.webp\S* 480w", html)
    assert 'width="1300" height="650"' in html and 'loading="lazy"' in html
    assert "Rescuers at &lt;work&gt;" in html
    assert "Photo: AFP / Fair use" in html
    assert 'loading="lazy"' not in figure(image, lazy=False)
    assert "Override" in figure(image, caption="Override")


@pytest.mark.django_db
def test_an_opaque_png_gets_the_smaller_jpeg_fallback():
    image = ImageFactory(file=SimpleUploadedFile("chart.png", image_bytes("PNG", size=(600, 400), mode="RGBA")))
    assert not image.has_transparency
    make_renditions(image)
    assert open_rendition(image, 600, "jpeg").format == "JPEG"


@pytest.mark.django_db
def test_a_gif_with_a_transparent_colour_keeps_a_png_fallback():
    picture = PILImage.new("P", (300, 200), 0)
    buffer = io.BytesIO()
    picture.save(buffer, "GIF", transparency=0)
    image = ImageFactory(file=SimpleUploadedFile("icon.gif", buffer.getvalue()))
    assert image.has_transparency
