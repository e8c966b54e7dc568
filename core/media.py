"""Serving uploaded media from the app server (SERVE_MEDIA), safely.

Only pictures, and the sound and video an imported story plays, are ever served: a file whose
name does not say JPEG, PNG, WebP, GIF or one of those sound and video formats answers 404,
whatever is on disk (files uploaded before names were chosen by the server included).
Each answer says `nosniff` and carries a sandboxing Content-Security-Policy, so even a picture
with script in its comment block can never run as a page of this site. Better still, serve
media from a host of its own (MEDIA_URL; README, "Running in production").
"""

import contextlib
import mimetypes

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.http import Http404
from django.views.static import serve

# A disk fails with OSError; media on object storage (django-storages, boto3) with botocore's errors.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)

SERVED_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
# Stored only by the WordPress import, after a check of their first bytes (wordpress/media.py).
SERVED_TYPES |= {
    "audio/mpeg",
    "audio/mp4",
    "audio/ogg",
    "audio/wav",
    "audio/x-wav",
    "video/mp4",
    "video/webm",
    "video/ogg",
}


MEDIA_CACHE_CONTROL = "public, max-age=31536000, immutable"


def serve_media(request, path):
    content_type, encoding = mimetypes.guess_type(path)
    if content_type not in SERVED_TYPES or encoding is not None or "\x00" in path:
        raise Http404("Not a picture.")
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except (OSError, ValueError):  # a name the file system refuses (too long, say): there is no such file
        raise Http404("No such file.") from None
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # A media file's name never changes its content (a new upload gets a new name): kept a year.
    response["Cache-Control"] = MEDIA_CACHE_CONTROL
    return response


class StorageFailed(OSError):
    """The media storage could not keep a file (a full disk, an object store away or refusing)."""


def store(storage, name, content, **options):
    """Save `content` in `storage` under `name`, or a free name like it; return the name kept. When
    the storage fails, nothing of the file is left behind and StorageFailed (an OSError) is
    raised. Only the name chosen here is ever cleaned up, never a file that was there before."""
    try:
        name = storage.get_available_name(name, max_length=options.get("max_length"))
    except STORAGE_ERRORS as error:
        raise StorageFailed(f"The media storage could not be asked about {name}: {error}") from error
    try:
        return storage.save(name, content, **options)
    except STORAGE_ERRORS as error:
        with contextlib.suppress(*STORAGE_ERRORS):
            storage.delete(name)
        raise StorageFailed(f"The media storage could not keep {name}: {error}") from error
