"""Renditions of awkward pictures: very tall, 16-bit, huge, and carrying location or comments."""

import io
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage

from articles.images import WEBP_MAX_SIDE, rendition_name
from articles.models import Image
from articles.renditions import make_renditions

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def stored(data, name):
    return Image.objects.create(file=ContentFile(data, name=name), alt_text="A picture")


def encoded(picture, fmt, **options):
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def opened(name):
    with default_storage.open(name, "rb") as file:
        picture = PILImage.open(io.BytesIO(file.read()))
        picture.load()
        return picture


def test_a_very_tall_infographic_gets_renditions_webp_can_hold():
    image = stored(encoded(PILImage.new("RGB", (800, 20000), (30, 90, 160)), "PNG"), "chart.png")

    widths = make_renditions(image)

    assert widths == [480]  # 800 wide would be 20,000 tall: more than WebP can hold
    assert opened(rendition_name(image, 480, "webp")).size == (480, 12000)


def test_a_picture_too_tall_for_any_usual_width_gets_a_narrower_one():
    image = stored(encoded(PILImage.new("RGB", (300, 30000), (30, 90, 160)), "PNG"), "strip.png")

    widths = make_renditions(image)

    assert widths == [WEBP_MAX_SIDE * 300 // 30000]
    assert opened(rendition_name(image, widths[0], "webp")).height <= WEBP_MAX_SIDE


def test_sixteen_bit_greyscale_keeps_its_tones():
    grey = PILImage.new("I;16", (600, 300), 32768)  # mid grey in 16 bits
    image = stored(encoded(grey, "PNG"), "scan.png")

    make_renditions(image)

    value = opened(rendition_name(image, 480, "jpeg")).convert("L").getpixel((10, 10))
    assert 120 <= value <= 136


def jpeg_with_location_and_comment(orientation=6):
    exif = PILImage.Exif()
    exif[0x0112] = orientation
    exif[0x013B] = "Ann Photographer"  # Artist
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)})  # GPS
    return encoded(PILImage.new("RGB", (800, 400), (200, 40, 40)), "JPEG", exif=exif, comment=b"shot at home")


def test_stored_originals_keep_no_location_but_keep_their_orientation():
    image = stored(jpeg_with_location_and_comment(), "holiday.jpg")

    with image.file.open("rb") as file:
        data = file.read()
    original = PILImage.open(io.BytesIO(data))
    exif = original.getexif()
    assert exif.get(0x0112) == 6
    assert 0x8825 not in exif and 0x013B not in exif
    assert b"shot at home" not in data and b"Ann Photographer" not in data
    assert (image.width, image.height) == (400, 800)  # shown upright


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_other_formats_lose_their_exif_too(fmt):
    exif = PILImage.Exif()
    exif[0x013B] = "Ann Photographer"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0)})
    image = stored(encoded(PILImage.new("RGB", (500, 300), (20, 200, 40)), fmt, exif=exif), f"x.{fmt.lower()}")

    with image.file.open("rb") as file:
        data = file.read()
    assert b"Ann Photographer" not in data
    assert PILImage.open(io.BytesIO(data)).getexif().get_ifd(0x8825) == {}


def test_renditions_carry_no_metadata_at_all():
    image = stored(jpeg_with_location_and_comment(orientation=1), "holiday.jpg")
    make_renditions(image)

    for fmt in ("jpeg", "webp"):
        with default_storage.open(rendition_name(image, 480, fmt), "rb") as file:
            data = file.read()
        rendition = PILImage.open(io.BytesIO(data))
        assert not rendition.getexif()
        assert "comment" not in rendition.info and "icc_profile" not in rendition.info
        assert b"shot at home" not in data


MEMORY_PROBE = textwrap.dedent(
    r"""
    import io, re, sys, types
    import django, os
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings_test"
    django.setup()
    from PIL import Image
    from articles.renditions import decode

    path = sys.argv[1]
    image = types.SimpleNamespace(has_transparency=False, file=types.SimpleNamespace(open=lambda mode: open(path, mode)))

    def peak_mb():  # this process's own high-water mark (ru_maxrss would include the parent's)
        status = open("/proc/self/status").read()
        return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) // 1024

    before = peak_mb()
    picture = decode(image, widest=1600)
    print(peak_mb(), before, *picture.size)
    """
)


def test_a_49_megapixel_jpeg_is_decoded_at_the_size_needed(tmp_path):
    """The peak of a fresh process decoding the largest picture the limits allow stays small."""
    source = tmp_path / "huge.jpg"
    PILImage.effect_noise((7000, 7000), 64).convert("RGB").save(source, "JPEG", quality=85)

    probe = subprocess.run(
        [sys.executable, "-c", MEMORY_PROBE, str(source)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    peak_mb, _before_mb, width, height = map(int, probe.stdout.split())

    assert width >= 1600 and width * 7 < 7000 * 2  # decoded at a quarter, not whole
    assert peak_mb < 300, probe.stdout


def with_location(fmt, **extra):
    exif = PILImage.Exif()
    exif[0x013B] = "Ann Photographer"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 0.0)})
    for tag, value in extra.items():
        exif[int(tag)] = value
    return encoded(PILImage.new("RGB", (300, 200), (90, 90, 200)), fmt, exif=exif)


def jpeg_with_padding_between_segments():
    data = with_location("JPEG")
    first_segment_end = 4 + int.from_bytes(data[4:6], "big")
    return data[:first_segment_end] + b"\x00" + data[first_segment_end:]  # a stray byte between segments


@pytest.mark.parametrize(
    "build, fmt",
    [
        (lambda: with_location("PNG") + b"\n", "png"),  # a byte after the end of the image
        (lambda: with_location("WEBP") + b"\x00\x00\x00", "webp"),  # bytes past the RIFF's own size
        (jpeg_with_padding_between_segments, "jpg"),
    ],
    ids=["png-trailing-byte", "webp-trailing-bytes", "jpeg-padding"],
)
def test_odd_but_valid_files_still_lose_their_location(build, fmt):
    image = stored(build(), f"odd.{fmt}")

    with image.file.open("rb") as file:
        kept = file.read()
    assert b"Ann Photographer" not in kept
    picture = PILImage.open(io.BytesIO(kept))
    picture.load()
    assert picture.getexif().get_ifd(0x8825) == {}


def test_a_display_p3_photo_keeps_its_colours_in_renditions():
    """Renditions drop the colour profile; without converting, a phone's Display P3 photo showed
    shifted colours (browsers take a picture without a profile as sRGB)."""
    from PIL import ImageCms  # noqa: PLC0415

    from articles.tests.icc_profiles import display_p3_profile  # noqa: PLC0415

    p3 = display_p3_profile()
    source_colour = (200, 100, 50)
    photo = PILImage.new("RGB", (900, 600), source_colour)
    image = stored(encoded(photo, "JPEG", quality=95, icc_profile=p3), "phone.jpg")

    make_renditions(image)

    expected = ImageCms.profileToProfile(
        PILImage.new("RGB", (1, 1), source_colour),
        ImageCms.ImageCmsProfile(io.BytesIO(p3)),
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")),
        outputMode="RGB",
    ).getpixel((0, 0))
    assert expected != source_colour  # P3 and sRGB really differ for this colour
    for fmt in ("jpeg", "webp"):
        rendition = opened(rendition_name(image, 480, fmt))
        got = rendition.convert("RGB").getpixel((100, 100))
        assert all(abs(a - b) <= 4 for a, b in zip(got, expected, strict=True)), (fmt, got, expected)
        assert "icc_profile" not in rendition.info  # no profile: the pixels are sRGB


def test_a_second_picture_appended_after_the_first_is_not_kept():
    """Multi-picture cameras and motion photos append a second JPEG (or a video) after the first
    one's end, with its own EXIF and location: it was stored byte for byte at a public address."""
    first = encoded(PILImage.new("RGB", (800, 400), (200, 40, 40)), "JPEG", progressive=True)
    data = first + jpeg_with_location_and_comment(orientation=1)
    image = stored(data, "camera.jpg")

    with image.file.open("rb") as file:
        kept = file.read()
    assert kept.endswith(b"\xff\xd9") and kept.count(b"\xff\xd8") == 1
    assert b"Ann Photographer" not in kept and b"shot at home" not in kept
    assert PILImage.open(io.BytesIO(kept)).size == (800, 400)


def test_a_gif_keeps_its_frames_and_loop_but_no_xmp_comment_or_trailing_data():
    frames = [PILImage.new("RGB", (60, 40), colour) for colour in ((250, 0, 0), (0, 250, 0), (0, 0, 250))]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], loop=0, duration=100, comment=b"shot at home"
    )
    data = buffer.getvalue()
    xmp = b"<x:xmpmeta><exif:GPSLatitude>51,30N</exif:GPSLatitude></x:xmpmeta>"
    blocks = b"".join(bytes([len(xmp[i : i + 255])]) + xmp[i : i + 255] for i in range(0, len(xmp), 255))
    application = b"\x21\xff\x0bXMP DataXMP" + blocks + b"\x00"
    header_end = 13 + 3 * 2 ** ((data[10] & 7) + 1)
    data = data[:header_end] + application + data[header_end:] + b"trailing GPS 51.5N"
    image = stored(data, "loop.gif")

    with image.file.open("rb") as file:
        kept = file.read()
    assert b"GPSLatitude" not in kept and b"shot at home" not in kept and b"trailing" not in kept
    assert b"NETSCAPE2.0" in kept  # it still loops
    picture = PILImage.open(io.BytesIO(kept))
    assert picture.n_frames == 3


def test_pictures_left_without_renditions_are_made_again_later():
    """A full disk left pictures with no renditions (rendition_widths=[]), and nothing tried again."""
    from articles.tasks import retry_missing_renditions  # noqa: PLC0415

    image = stored(encoded(PILImage.new("RGB", (900, 600), (30, 90, 160)), "JPEG"), "later.jpg")
    Image.objects.filter(pk=image.pk).update(rendition_widths=[])  # as every try on a full disk left it

    retry_missing_renditions.call()

    image.refresh_from_db()
    assert image.rendition_widths == [480, 800, 900]  # the source's own width too
    assert opened(rendition_name(image, 800, "webp")).width == 800
