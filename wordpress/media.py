"""Attachments: finding each one's file (a copy of wp-content/uploads, or fetched from its
address), bringing pictures into the library, and matching what a post body points at.

Exports differ in what they say of a file: self-hosted sites give `_wp_attached_file`
("2024/05/harbour.jpg") and an /uploads/ address; WordPress.com-style exports give only an
address such as https://example.files.wordpress.com/2024/05/harbour.jpg. A file is looked for
by the relative path, then by the address's path, then by its name alone; a body's image is
matched by attachment id, by address, then by file name with WordPress's size suffix
("-300x200") and query ("?w=300") taken off.
"""

import html
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from articles.images import validate_image_file
from articles.models import Image
from wordpress.content import split_credit
from wordpress.models import ImportedObject
from wordpress.summary import fingerprint

SIZE_SUFFIX = re.compile(r"-\d+x\d+(?=\.[A-Za-z0-9]+$)")
PICTURE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".gif", ".webp"}
# Sound and video a story may play, recognised by their first bytes, never by their names.
PLAYABLE = {
    ".mp3": lambda head: head[:3] == b"ID3" or (head[0] == 0xFF and head[1] & 0xE0 == 0xE0),
    ".m4a": lambda head: head[4:8] == b"ftyp",
    ".mp4": lambda head: head[4:8] == b"ftyp",
    ".m4v": lambda head: head[4:8] == b"ftyp",
    ".ogg": lambda head: head[:4] == b"OggS",
    ".oga": lambda head: head[:4] == b"OggS",
    ".ogv": lambda head: head[:4] == b"OggS",
    ".webm": lambda head: head[:4] == b"\x1a\x45\xdf\xa3",
    ".wav": lambda head: head[:4] == b"RIFF" and head[8:12] == b"WAVE",
}


def name_key(url):
    """A file's name as a body and the library both know it: no folders, size suffix or query."""
    name = posixpath.basename(unquote(urlsplit(html.unescape(url or "")).path)).lower()
    return SIZE_SUFFIX.sub("", name)


def upload_path(url):
    """The part of an address after /uploads/ (or the whole path, WordPress.com style)."""
    path = unquote(urlsplit(url or "").path)
    return path.split("/uploads/", 1)[1] if "/uploads/" in path else path.lstrip("/")


class MediaLibrary:
    def __init__(self, importer):
        self.importer = importer
        self.summary = importer.summary
        self.media_dir = importer.media_dir
        self.fetcher = importer.fetcher
        self._by_name = None
        self.images = {}  # wp id → Image
        self.by_path = {}  # upload path → Image
        self.by_name = {}  # name_key → Image
        self.playable = {}  # url → our media URL

    # --- finding files ------------------------------------------------------------
    def _name_index(self):
        if self._by_name is None:
            self._by_name = {}
            for folder, _dirs, files in os.walk(self.media_dir):
                for name in files:
                    self._by_name.setdefault(name.lower(), []).append(Path(folder) / name)
        return self._by_name

    def locate(self, url, relative=""):
        """(the file, how the export names it) for an attachment, or (None, name)."""
        relative = relative or upload_path(url)
        if not relative:
            return None, "(no file named)"
        if self.fetcher is not None and url:
            if url not in self.fetcher.fetched and url not in self.fetcher.failed:
                self.fetcher.fetch_all([url])
            return self.fetcher.fetched.get(url), relative
        if self.media_dir is None:
            return None, relative
        names = [relative, upload_path(url)]
        matches = self._name_index().get(posixpath.basename(relative).lower(), [])
        if len(matches) == 1:  # by name alone, when the one file of that name is the only choice
            names.append(str(matches[0]))
        for candidate in filter(None, names):
            try:
                path = (self.media_dir / candidate).resolve()
                if not path.is_relative_to(self.media_dir):
                    self.summary.warn(f"Attachment file {candidate!r} points outside --media-dir; ignored.")
                    continue
                if path.is_file():
                    return path, relative
            except (OSError, ValueError):  # a name the file system refuses (a NUL, too long): not there
                continue
        return None, relative

    # --- pictures -----------------------------------------------------------------
    def import_all(self, attachments):
        for wp_id, item in attachments.items():
            url = item.get("wp:attachment_url") or item.get("guid")
            title = html.unescape(item.get("title").strip())
            if Path(name_key(url or item.meta.get("_wp_attached_file", ""))).suffix not in PICTURE_EXTENSIONS:
                self.summary.skip(
                    "images", "not a picture (sound and video come in with the posts that play them)", wp_id, title
                )
                continue
            try:
                with transaction.atomic():
                    image = self._import_picture(wp_id, item, url, title)
            except Exception as error:  # one bad attachment must not stop the import
                self.summary.skip("images", "error", wp_id, title)
                self.summary.warn(
                    f"Attachment {wp_id} ({title[:60]!r}) could not be imported: {type(error).__name__}: {error}"
                )
                continue
            if image is not None:
                self.images[wp_id] = image
                self.by_path[upload_path(url)] = image
                self.by_name.setdefault(name_key(url), image)
                self.importer.remember_upload(url, image.file.url)

    def _import_picture(self, wp_id, item, url, title):
        summary = self.summary
        if not url and not item.meta.get("_wp_attached_file"):
            summary.skip("images", "no file in the export", wp_id, title)
            return None
        caption, credit = split_credit(item.get("excerpt:encoded"))
        alt = html.unescape(item.meta.get("_wp_attachment_image_alt", "").strip())
        source, relative = self.locate(url, item.meta.get("_wp_attached_file", ""))
        digest = fingerprint(relative, title, caption, credit, alt)
        known = self.importer.known(ImportedObject.Kind.ATTACHMENT, wp_id)
        image = Image.objects.filter(pk=known.object_id).first() if known else None
        if image and known.source_hash == digest:
            summary.count("images", "unchanged", wp_id, title, image.file.url)
            return image
        if source is None:
            summary.missing_files.append(relative)
            summary.skip("images", "file missing", wp_id, title)
            return image
        if not alt:
            alt = title or Path(relative).stem.replace("-", " ")
            summary.warn(f"Image {relative}: no alt text in WordPress; used {alt!r}. Check it in the library.")
        with source.open("rb") as handle:
            upload = File(handle, name=posixpath.basename(relative))
            try:
                validate_image_file(upload)
            except ValidationError as error:
                summary.skip("images", "not a usable image", wp_id, title)
                summary.warn(f"Image {relative} skipped: {' '.join(error.messages)}")
                return None
            fields = {"title": title[:200], "alt_text": alt[:300], "caption": caption[:1000], "credit": credit[:200]}
            outcome = "updated" if image else "imported"
            image = image or Image(**fields)
            if self.importer.dry_run:  # a dry run stores no file: the row is rolled back anyway
                image.file.name, image.width, image.height = f"images/dry-run/{upload.name}", 1, 1
            else:  # new, or changed in WordPress (the file may be another one now)
                image.file.save(upload.name, upload, save=False)
            for name, value in fields.items():
                setattr(image, name, value)
            image.save()
        self.importer.remember(ImportedObject.Kind.ATTACHMENT, wp_id, image.pk, digest)
        summary.count("images", outcome, wp_id, title, image.file.url)
        return image

    def match(self, attachment_id, src):
        """The library image a body's <img> or [gallery] entry stands for, or None."""
        return (
            self.images.get(attachment_id)
            or (src and self.by_path.get(upload_path(src)))
            or (src and self.by_name.get(name_key(src)))
            or None
        )

    # --- sound and video ------------------------------------------------------------
    def playable_url(self, urls):
        """Our address for the first of `urls` we have a playable file for, stored once."""
        for url in urls:
            if url in self.playable:
                return self.playable[url]
            extension = Path(name_key(url)).suffix
            if extension not in PLAYABLE or (self.fetcher and urlsplit(url).hostname not in self.importer.media_hosts):
                continue  # not a sound or video file, or (fetching) not on the site's own hosts
            source, _relative = self.locate(url)
            if source is None:
                continue
            if self.importer.dry_run:
                return f"/media/dry-run/{name_key(url)}"
            with source.open("rb") as handle:
                if not PLAYABLE[extension](handle.read(16).ljust(16, b"\0")):
                    self.summary.warn(f"{url} is not the {extension} file its name says; left out.")
                    continue
                handle.seek(0)
                stem = re.sub(r"[^a-z0-9-]+", "-", Path(name_key(url)).stem)[:50].strip("-") or "media"
                name = default_storage.save(f"audio-video/{stem}{extension}", File(handle))
            self.playable[url] = default_storage.url(name)
            return self.playable[url]
        return None
