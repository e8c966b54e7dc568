"""--fetch-media: attachments downloaded from their own addresses, as WordPress's importer does.

Only http(s), at most WORDPRESS_FETCH_MAX_BYTES a file, WORDPRESS_FETCH_WORKERS at a time,
each tried WORDPRESS_FETCH_ATTEMPTS times with a growing pause. Files land in a folder of their
own under a name made from their address, so a run that stops half-way starts again where it
was: what is there is not fetched twice. The content checks are the uploads' own, made when the
file is imported (articles.images.validate_image_file for pictures).
"""

import hashlib
import posixpath
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

USER_AGENT = "Newsroom WordPress importer"


def setting(name, default):
    return getattr(settings, f"WORDPRESS_FETCH_{name}", default)


class HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) addresses (urllib alone would follow one to ftp://)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(newurl).scheme not in ("http", "https"):
            raise FetchRefused("redirected away from http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


class FetchRefused(Exception):
    """This address is not fetched; the message says why."""


OPENER = urllib.request.build_opener(HttpOnlyRedirects)


class Fetcher:
    def __init__(self, folder):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.max_bytes = setting("MAX_BYTES", 50 * 1024 * 1024)
        self.attempts = setting("ATTEMPTS", 3)
        self.pause = setting("PAUSE_SECONDS", 1.0)
        self.timeout = setting("TIMEOUT_SECONDS", 30)
        self.deadline = setting("DEADLINE_SECONDS", 120)  # for one whole download, however it trickles
        self.fetched = {}  # url → Path
        self.failed = {}  # url → reason

    def place_for(self, url):
        """A name of our making (the address's digest, and its file name in safe letters)."""
        name = re.sub(r"[^A-Za-z0-9._-]+", "-", posixpath.basename(unquote(urlsplit(url).path)))[-60:] or "file"
        digest = hashlib.sha256(url.encode()).hexdigest()[:16]
        return self.folder / f"{digest}-{name}"

    def fetch_all(self, urls):
        """Fetch every address (a few at a time); returns how many were fetched now."""
        todo = []
        for url in dict.fromkeys(urls):
            try:
                place = self.place_for(url)
                if place.is_file():  # an earlier run got it
                    self.fetched[url] = place
                    continue
            except (OSError, ValueError) as error:
                self.failed[url] = f"no place to keep it: {error}"
                continue
            todo.append(url)
        with ThreadPoolExecutor(max_workers=setting("WORKERS", 4)) as pool:
            for url, outcome in zip(todo, pool.map(self._fetch_one, todo), strict=True):
                if isinstance(outcome, Path):
                    self.fetched[url] = outcome
                else:
                    self.failed[url] = outcome
        return len(todo) - len(self.failed)

    def _fetch_one(self, url):
        if urlsplit(url).scheme not in ("http", "https"):
            return "not an http(s) address"
        last = ""
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(self.pause * 2 ** (attempt - 1))
            try:
                return self._download(url)
            except FetchRefused as refused:
                return str(refused)
            except urllib.error.HTTPError as error:
                if 400 <= error.code < 500 and error.code not in (408, 429):  # asking again changes nothing
                    return f"the server answered {error.code}"
                last = f"the server answered {error.code}"
            except (OSError, urllib.error.URLError, ValueError) as error:
                last = str(getattr(error, "reason", "") or error)
        return f"failed after {self.attempts} attempts: {last}"

    def _download(self, url):
        place = self.place_for(url)
        partial = place.with_name(place.name + ".part")
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})  # noqa: S310 - scheme checked
        started = time.monotonic()
        with OPENER.open(request, timeout=self.timeout) as response:
            if urlsplit(response.geturl()).scheme not in ("http", "https"):
                raise FetchRefused("redirected away from http(s)")
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchRefused(f"larger than {self.max_bytes} bytes")
            size = 0
            with partial.open("wb") as out:
                while chunk := response.read(64 * 1024):
                    size += len(chunk)
                    refusal = (
                        f"larger than {self.max_bytes} bytes"
                        if size > self.max_bytes
                        else f"slower than {self.deadline} s"
                        if time.monotonic() - started > self.deadline
                        else None
                    )
                    if refusal:
                        out.close()
                        partial.unlink()
                        raise FetchRefused(refusal)
                    out.write(chunk)
        partial.replace(place)
        return place
