"""What is kept of an uploaded original: the picture, not where or by whom it was taken.

Originals stay as uploaded, byte for byte in their picture data, but their metadata blocks are
cut out without decoding anything: EXIF (GPS position, camera serial, owner's name), XMP, IPTC
and comment blocks. The one thing kept is the EXIF orientation, re-written alone, since the
picture would otherwise show on its side. Colour profiles stay (they are not about anyone).
Nothing after the picture's end is kept (a second JPEG that multi-picture cameras append, with its
own location). GIFs lose their comment blocks and application blocks (XMP) but the one that loops.
A file whose blocks cannot be walked is not kept as it came: it is re-encoded from its pixels,
with nothing else.
"""

import io
import struct
import zlib

from PIL import Image as PILImage

ORIENTATION_TAG = 0x0112
EXIF_HEADER = b"Exif\x00\x00"
# JPEG segments that carry words or places rather than picture: APP1 (EXIF, XMP), APP3-APP13
# (IPTC and vendors' notes), APP15, COM. APP0 (JFIF), APP2 (ICC) and APP14 (Adobe colour) stay.
JPEG_DROPPED = {0xE1, *range(0xE3, 0xEE), 0xEF, 0xFE}
PNG_DROPPED = {b"eXIf", b"tEXt", b"iTXt", b"zTXt", b"tIME"}
WEBP_DROPPED = {b"EXIF", b"XMP "}
GIF_LOOPING = {b"NETSCAPE2.0", b"ANIMEXTS1.0"}  # the application blocks that make an animation loop


def without_metadata(data, fmt, orientation=1):
    """`data` (a JPEG, PNG or WebP file) without its metadata."""
    clean = {"JPEG": _jpeg, "PNG": _png, "WEBP": _webp, "GIF": _gif}.get(fmt)
    if clean is None:
        return data
    try:
        return clean(data, orientation)
    except (IndexError, struct.error, ValueError):
        return _reencoded(data, fmt, orientation)


def _reencoded(data, fmt, orientation):
    """The pixels alone, saved again: for files whose blocks cannot be walked safely."""
    with PILImage.open(io.BytesIO(data)) as picture:
        picture.load()
        clean = picture.copy()
    clean.info = {}
    options = {"JPEG": {"quality": 95}, "PNG": {}, "WEBP": {"lossless": True}, "GIF": {}}[fmt]
    if orientation != 1:
        exif = PILImage.Exif()
        exif[ORIENTATION_TAG] = orientation
        options["exif"] = exif
    buffer = io.BytesIO()
    clean.save(buffer, fmt, **options)
    return buffer.getvalue()


def _orientation_exif(orientation):
    exif = PILImage.Exif()
    exif[ORIENTATION_TAG] = orientation
    return exif.tobytes()  # b"Exif\0\0" + TIFF


def _jpeg(data, orientation):
    if data[:2] != b"\xff\xd8":
        raise ValueError("not a JPEG stream")
    out = [b"\xff\xd8"]
    if orientation != 1:
        payload = _orientation_exif(orientation)
        out.append(b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload)
    position = 2
    while True:
        if data[position] != 0xFF:  # stray padding between segments: skip to the next marker
            position = data.index(b"\xff", position)
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in (0xDA, 0xD9):  # start of scan: the picture data, up to its end (EOI)
            out.append(data[position : _end_of_image(data, position)])
            return b"".join(out)
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(data[position : position + 2])
            position += 2
            continue
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        if marker not in JPEG_DROPPED:
            out.append(data[position : position + 2 + length])
        position += 2 + length


def _end_of_image(data, position):
    """Where the JPEG that scans from `position` ends: after its EOI marker. What follows (a second
    picture, as multi-picture cameras and motion photos append, with its own EXIF and location)
    is not kept."""
    while True:
        marker = data[position + 1]
        if marker == 0xD9:
            return position + 2
        (length,) = struct.unpack(">H", data[position + 2 : position + 4])
        position += 2 + length
        if marker == 0xDA:  # entropy-coded data: to the next marker that is not stuffing or a restart
            while True:
                position = data.index(b"\xff", position)
                following = data[position + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7 or following == 0xFF:
                    position += 1 if following == 0xFF else 2
                    continue
                break


def _gif(data, orientation):
    """A GIF's picture blocks, without comments or application blocks (XMP, with its location)
    other than the one that makes it loop, and nothing after its end."""
    if data[:6] not in (b"GIF87a", b"GIF89a"):
        raise ValueError("not a GIF file")
    packed = data[10]
    position = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    out = [data[:position]]
    while True:
        kind = data[position]
        if kind == 0x3B:  # the trailer: the end of the picture
            out.append(b"\x3b")
            return b"".join(out)
        start = position
        if kind == 0x21:
            label, position = data[position + 1], position + 2
        elif kind == 0x2C:
            descriptor = data[position + 9]
            position += 10 + (3 * 2 ** ((descriptor & 7) + 1) if descriptor & 0x80 else 0) + 1
            label = None
        else:
            raise ValueError("not a GIF block")
        first = data[position + 1 : position + 1 + data[position]]
        while data[position]:  # sub-blocks, to the empty one
            position += 1 + data[position]
        position += 1
        if label == 0xFE or (label == 0xFF and first[:11] not in GIF_LOOPING):
            continue  # a comment, or an application's block (XMP…)
        out.append(data[start:position])


def _png_chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def _png(data, orientation):
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    out, position = [data[:8]], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunk = data[position : position + 12 + length]
        if kind == b"IDAT" and orientation != 1 and not any(part[4:8] == b"eXIf" for part in out[1:]):
            out.append(_png_chunk(b"eXIf", _orientation_exif(orientation)[len(EXIF_HEADER) :]))
        if kind not in PNG_DROPPED:
            out.append(chunk)
        position += 12 + length
        if kind == b"IEND":  # whatever trails the image is not part of it
            break
    return b"".join(out)


def _webp(data, orientation):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP file")
    (riff_size,) = struct.unpack("<I", data[4:8])
    end = min(len(data), 8 + riff_size)  # bytes past the RIFF's own size are not part of it
    chunks, position = [], 12
    while position + 8 <= end:
        kind = data[position : position + 4]
        (size,) = struct.unpack("<I", data[position + 4 : position + 8])
        chunks.append((kind, data[position + 8 : position + 8 + size]))
        position += 8 + size + (size & 1)
    kept = [(kind, body) for kind, body in chunks if kind not in WEBP_DROPPED]
    if orientation != 1 and kept and kept[0][0] == b"VP8X":
        kept.append((b"EXIF", _orientation_exif(orientation)[len(EXIF_HEADER) :]))
    if kept and kept[0][0] == b"VP8X":
        flags = kept[0][1][0] & ~0x0C  # no XMP, no EXIF…
        if any(kind == b"EXIF" for kind, _body in kept):
            flags |= 0x08  # …but the orientation, when it is kept
        kept[0] = (b"VP8X", bytes([flags]) + kept[0][1][1:])
    body = b"".join(kind + struct.pack("<I", len(part)) + part + b"\x00" * (len(part) & 1) for kind, part in kept)
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body
