"""Making an image's renditions: decoded once, at the size needed, each verified before use.

A 49-megapixel JPEG is not decoded whole: JPEG's draft mode decodes it straight at the smallest
scale (1/2, 1/4 or 1/8) that still covers the widest rendition, and other formats are reduced
right after decoding, so a worker's memory stays a small multiple of the largest rendition.
Each width is then resized from the next larger one. Pixels are brought to 8 bits (16-bit
greyscale PNGs came out white), EXIF orientation is applied, and nothing of the source's
metadata is kept: no EXIF, GPS, comment block or colour profile.

Every rendition is read back after it is written; a damaged one (a full disk) is deleted and the
task fails, so pages keep showing what they showed. A rendition already on disk is checked
the same way before it is trusted.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image as PILImage
from PIL import ImageCms

from articles.images import PNG, SAVE_OPTIONS, WEBP, fallback_format, rendition_name, rendition_widths

SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# What EXIF orientation 2-8 asks for (as Pillow's ImageOps.exif_transpose does it).
ORIENTATION = {
    2: PILImage.Transpose.FLIP_LEFT_RIGHT,
    3: PILImage.Transpose.ROTATE_180,
    4: PILImage.Transpose.FLIP_TOP_BOTTOM,
    5: PILImage.Transpose.TRANSPOSE,
    6: PILImage.Transpose.ROTATE_270,
    7: PILImage.Transpose.TRANSVERSE,
    8: PILImage.Transpose.ROTATE_90,
}
SIXTEEN_BIT_MODES = {"I", "I;16", "I;16B", "I;16L", "I;16N"}


class DamagedRendition(OSError):
    """A rendition that cannot be read back as written."""


def is_sound(name):
    """True when the stored file `name` exists and decodes completely."""
    if not default_storage.exists(name):
        return False
    try:
        with default_storage.open(name, "rb") as stored, PILImage.open(stored) as picture:
            picture.load()
    except (OSError, SyntaxError, ValueError):
        return False
    return True


def make_renditions(image):
    """Write every rendition of `image` that is missing or damaged; return the widths made."""
    widths = sorted(rendition_widths(image), reverse=True)
    formats = [WEBP, fallback_format(image)]
    missing = {(width, fmt) for width in widths for fmt in formats if not is_sound(rendition_name(image, width, fmt))}
    if not missing:
        return sorted(widths)
    upright = decode(image, widest=max(width for width, _fmt in missing))
    for width in widths:
        height = max(1, round(upright.height * width / upright.width))
        if (width, height) != upright.size:
            upright = upright.resize((width, height), PILImage.Resampling.LANCZOS)  # from the next larger one
        for fmt in formats:
            if (width, fmt) in missing:
                write(rendition_name(image, width, fmt), upright, fmt)
    return sorted(widths)


def decode(image, *, widest):
    """The picture upright, 8-bit RGB(A), no wider than needed for `widest`, with no metadata."""
    with image.file.open("rb") as source, PILImage.open(source) as picture:
        picture.seek(0)  # the first frame of an animation
        orientation = picture.getexif().get(0x0112, 1)
        turned = orientation in (5, 6, 7, 8)
        upright_width = picture.height if turned else picture.width
        scale = max(1, upright_width // max(widest, 1))
        if picture.format == "JPEG" and scale > 1:
            # Decode straight at 1/2, 1/4 or 1/8 of the size, never below what is needed.
            picture.draft("RGB", (picture.width // scale, picture.height // scale))
        picture.load()
        reduce_by = max(1, (picture.height if turned else picture.width) // max(widest, 1))
        working = picture.reduce(reduce_by) if reduce_by > 1 else picture.copy()
        profile = picture.info.get("icc_profile")
    working = in_srgb(working, profile)
    if orientation in ORIENTATION:
        working = working.transpose(ORIENTATION[orientation])
    working = eight_bit(working)
    clean = working.convert("RGBA" if fallback_format(image) == PNG else "RGB")
    clean.info = {}  # no comment block, EXIF, ICC profile or anything else rides along
    return clean


def in_srgb(picture, profile):
    """The picture's colours converted from its embedded ICC profile (a phone's Display P3, a
    camera's Adobe RGB) to sRGB, which is what browsers assume once the profile is dropped;
    unchanged when it has none, or one that cannot be read."""
    if not profile or picture.mode not in ("RGB", "RGBA"):
        return picture
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(picture, source, SRGB, outputMode=picture.mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture


def eight_bit(picture):
    """16-bit greyscale scaled to 8 bits (a plain convert clips it to white)."""
    if picture.mode in SIXTEEN_BIT_MODES:
        return picture.convert("I").point(lambda value: value / 256).convert("L")
    return picture


def write(name, picture, fmt):
    buffer = io.BytesIO()
    picture.save(buffer, **SAVE_OPTIONS[fmt])
    if default_storage.exists(name):
        default_storage.delete(name)  # damaged: is_sound said so
    saved = default_storage.save(name, ContentFile(buffer.getvalue()))
    if saved != name:  # another worker wrote it meanwhile: keep theirs
        default_storage.delete(saved)
    if not is_sound(name):
        default_storage.delete(name)
        raise DamagedRendition(f"{name} could not be read back after it was written.")
