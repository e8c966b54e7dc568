"""Image validation and renditions.

Public surface used by other apps:

- `validate_image_file(file)`: raises ValidationError (with a `code` and the reason) unless the
  upload is a usable JPEG, PNG, WebP or GIF within the configured byte and pixel limits.
- `rendition_url(image, width, fmt)`: URL of a rendition at most `width` pixels wide.
- `rendition_name(image, width, fmt)`: where a rendition is stored (`articles/renditions.py` makes them).

Renditions are files in the default storage named after the source file, its width and format
(`renditions/images/2026/11/harbour-800w.webp`), so every app server finds the same file and each
is made once. They have EXIF orientation applied, their colours converted to sRGB from the
original's ICC profile, and carry no metadata (no EXIF, no GPS, no profile, no comments).
Animated GIFs are rendered from their first frame.
"""

import io
import logging
import posixpath
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

logger = logging.getLogger(__name__)

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
# Formats of the fallback <img>; WebP is offered beside it in a <source>.
JPEG, PNG, WEBP = "jpeg", "png", "webp"
EXTENSIONS = {JPEG: "jpg", PNG: "png", WEBP: "webp"}
SAVE_OPTIONS = {
    JPEG: {"format": "JPEG", "quality": 82, "optimize": True, "progressive": True},
    PNG: {"format": "PNG", "optimize": True},
    WEBP: {"format": "WEBP", "quality": 80, "method": 4},
}


def validate_image_file(file):
    """Refuse anything that is not a whole, reasonably sized JPEG, PNG, WebP or GIF, judged by content."""
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; the limit is %(limit)s MB. Export a smaller version and upload that."),
            code="too_large",
            params={"size": round(size / 1024 / 1024, 1), "limit": round(settings.IMAGE_MAX_BYTES / 1024 / 1024, 1)},
        )
    try:
        file.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(file) as picture:
                _check_format_and_pixels(picture)
                picture.verify()
            # verify() leaves the image unusable and misses truncation: decode it fully once.
            file.seek(0)
            with PILImage.open(file) as picture:
                picture.load()
    except ValidationError:
        raise
    except UnidentifiedImageError:
        raise ValidationError(
            _("This file is not an image we can read. Upload a JPEG, PNG, WebP or GIF."), code="not_an_image"
        ) from None
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("This image is damaged or incomplete (%(detail)s). Save it again from your photo editor and retry."),
            code="corrupt",
            params={"detail": str(error) or type(error).__name__},
        ) from None
    finally:
        file.seek(0)


def _check_format_and_pixels(picture):
    if picture.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not supported. Upload a JPEG, PNG, WebP or GIF."),
            code="unsupported_format",
            params={"format": picture.format or _("This kind of")},
        )
    width, height = picture.size
    if width * height > settings.IMAGE_MAX_PIXELS:
        raise _too_many_pixels(width, height)


def _too_many_pixels(width=None, height=None):
    limit = f"{settings.IMAGE_MAX_PIXELS / 1_000_000:g}"
    if width is None:
        return ValidationError(
            _("This image has too many pixels (the limit is %(limit)s megapixels). Upload a smaller version."),
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _("This image is %(width)s × %(height)s pixels; the limit is %(limit)s megapixels. Upload a smaller version."),
        code="too_many_pixels",
        params={"width": width, "height": height, "limit": limit},
    )


# What a stored original is called by: its detected format, never the name it came with.
STORED_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def identify(data):
    """(format, EXIF orientation) of an upload, from one look at its header: the format is
    "JPEG", "PNG", "WEBP" or "GIF" (ValueError for anything else; validation refuses those
    first), the orientation 1 to 8 (anything else, a wrong type or a stray value, counts as 1)."""
    try:
        with PILImage.open(io.BytesIO(data)) as picture:
            detected, orientation = picture.format, picture.getexif().get(0x0112, 1)
    except (UnidentifiedImageError, OSError) as error:
        raise ValueError("not an image") from error
    if detected not in STORED_EXTENSIONS:
        raise ValueError(f"a {detected} image, which is not accepted")
    return detected, orientation if isinstance(orientation, int) and 1 <= orientation <= 8 else 1


def stored_name(name, fmt):
    """The name an upload is stored under: the server's choice, from what the file *is*.

    `x.html` holding a GIF becomes `x-3f9a1c2e.gif`, so it can only ever be served as an
    image; the random part keeps two uploads called `photo.jpg` apart.
    """
    stem = slugify(posixpath.splitext(posixpath.basename(name))[0])[:50] or "image"
    return f"{stem}-{secrets.token_hex(4)}.{STORED_EXTENSIONS[fmt]}"


# WebP cannot hold a picture taller or wider than this; no rendition is made past it.
WEBP_MAX_SIDE = 16383


def rendition_widths(image):
    """The widths made for an image: the configured ones below its own width, plus its own width
    if smaller; none so tall that WebP cannot hold it. A very tall picture (an infographic)
    gets the widest rendition that fits instead."""
    if not image.width or not image.height:
        return []
    widths = [width for width in settings.IMAGE_RENDITION_WIDTHS if width < image.width]
    if image.width <= max(settings.IMAGE_RENDITION_WIDTHS):
        widths.append(image.width)
    fitting = [width for width in widths if _height_at(image, width) <= WEBP_MAX_SIDE]
    if not fitting and widths:
        fitting = [max(1, WEBP_MAX_SIDE * image.width // image.height)]
    return fitting


def _height_at(image, width):
    return max(1, round(image.height * width / image.width))


def inspect_picture(file):
    """(width, height, has_transparency) as the picture is shown: EXIF orientation applied, and
    transparency judged by its pixels, so an opaque PNG still gets a (smaller) JPEG fallback."""
    file.seek(0)
    with PILImage.open(file) as picture:
        width, height = picture.size
        # Orientations 5-8 turn the picture by 90 degrees.
        if picture.getexif().get(0x0112, 1) in (5, 6, 7, 8):
            width, height = height, width
        transparent = _is_transparent(picture)
    file.seek(0)
    return width, height, transparent


def _is_transparent(picture):
    if "transparency" in picture.info:
        return True
    if picture.mode in ("RGBA", "LA", "PA", "La", "RGBa"):
        return picture.getchannel("A").getextrema()[0] < 255
    return False


def fallback_format(image):
    return PNG if image.has_transparency else JPEG


def stored_files(image):
    """Every stored file of `image`: the picture and each rendition it may have."""
    if not image.file:
        return []
    widths = sorted({*rendition_widths(image), *image.rendition_widths})
    return [image.file.name] + [rendition_name(image, w, fmt) for w in widths for fmt in (WEBP, fallback_format(image))]


def rendition_name(image, width, fmt):
    """`renditions/images/2026/11/harbour-3f9a1c2e-jpg-800w.webp`: named after the whole source
    name, extension included, so two sources never share a rendition. Stored names are unique
    (the storage never overwrites one), and a new picture is a new stored name."""
    stem, extension = posixpath.splitext(image.file.name)
    return f"renditions/{stem}-{extension.lstrip('.').lower() or 'img'}-{width}w.{EXTENSIONS[fmt]}"


def rendition_url(image, width, fmt=JPEG):
    """URL of the largest rendition not wider than `width` (the original when none is made yet)."""
    if fmt == JPEG and image.has_transparency:
        fmt = PNG
    made = sorted(image.rendition_widths or [])
    fitting = [made_width for made_width in made if made_width <= width] or made[:1]
    if not fitting:
        return image.file.url
    return default_storage.url(rendition_name(image, fitting[-1], fmt))
