"""Reading a WordPress export (WXR) as a stream: one item at a time, cleared once read.

WXR is RSS 2.0 with WordPress's namespaces. Tags are turned into short prefixed names
("wp:post_id", "content:encoded") whatever version of the wp namespace the file uses.
"""

import contextlib
import functools
import gzip
import queue
import threading
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

NAMESPACES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}


class WXRError(Exception):
    """The file cannot be read as a WordPress export; the message says why."""


@functools.lru_cache(maxsize=256)
def short(tag):
    if not tag.startswith("{"):
        return tag
    uri, name = tag[1:].split("}", 1)
    if uri.startswith("http://wordpress.org/export/"):
        prefix = "excerpt" if uri.rstrip("/").endswith("excerpt") else "wp"
    else:
        prefix = NAMESPACES.get(uri, uri)
    return f"{prefix}:{name}"


@dataclass
class Item:
    """One <item>: its simple fields, categories, post meta and comments."""

    fields: dict = field(default_factory=dict)
    categories: list = field(default_factory=list)  # (domain, nicename, name)
    meta: dict = field(default_factory=dict)
    comments: list = field(default_factory=list)  # dicts of comment fields

    def get(self, name, default=""):
        return self.fields.get(name, default)

    def int(self, name):
        try:
            return int(self.fields.get(name, ""))
        except ValueError:
            return None


def _item(element, with_comments=True):
    item = Item()
    for child in element:
        name = short(child.tag)
        if name == "wp:comment" and not with_comments:
            item.comments.append(None)  # counted, not read
            continue
        if name == "category":
            item.categories.append((child.get("domain", ""), child.get("nicename", ""), (child.text or "").strip()))
        elif name == "wp:postmeta":
            values = {short(part.tag): (part.text or "") for part in child}
            item.meta[values.get("wp:meta_key", "")] = values.get("wp:meta_value", "")
        elif name == "wp:comment":
            comment = {short(part.tag): (part.text or "") for part in child if short(part.tag) != "wp:commentmeta"}
            item.comments.append(comment)
        else:
            item.fields[name] = child.text or ""
    return item


def _author(element):
    values = {short(child.tag): (child.text or "").strip() for child in element}
    return values.get("wp:author_login", ""), values


def site_key(url):
    """A WordPress site's address as the key of what was imported from it: no scheme, no
    "www.", no trailing slash, so an http and an https export of one site are the same site."""
    url = (url or "").strip().lower()
    url = url.split("://", 1)[-1].removeprefix("www.")
    return url.rstrip("/")


def chunks(iterable, size):
    chunk = []
    for value in iterable:
        chunk.append(value)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_ahead(values, size=100):
    """`values` (a generator), produced by a thread of its own up to `size` ahead: the file is
    parsed while the database writes the items before. Its errors are raised here."""
    box = queue.Queue(maxsize=size)
    done = object()
    stop = threading.Event()

    def produce():
        try:
            for value in values:
                if stop.is_set():
                    return
                box.put(value)
            box.put(done)
        except BaseException as error:  # handed over to the consumer, raised there
            box.put(error)

    worker = threading.Thread(target=produce, daemon=True, name="wxr-read-ahead")
    worker.start()
    try:
        while (value := box.get()) is not done:
            if isinstance(value, BaseException):
                raise value
            yield value
    finally:
        stop.set()
        while worker.is_alive():  # let a producer blocked on a full queue see the stop
            with contextlib.suppress(queue.Empty):
                box.get_nowait()
            worker.join(timeout=0.05)


def _open(path):
    """The export's bytes: `.xml` as it is, or gzipped (`.xml.gz`), told apart by content."""
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rb") if gzipped else open(path, "rb")  # noqa: SIM115 - closed by read()


def read(path, with_comments=True):
    """Yield ("site", (element name, key)), ("author", (login, fields)) and ("item", Item) in file order, streaming.

    Raises WXRError for anything that is not a readable WordPress export.
    """
    with _open(path) as source:
        yield from _read(source, with_comments)


def _read(source, with_comments):
    try:
        # defusedxml: an export is outside data; entity bombs and external entities are refused.
        events = iterparse(source, events=("start", "end"))
        root = channel = None
        seen_channel = False
        wordpress = False
        items_open = 0
        for event, element in events:
            if event == "start":
                if root is None:
                    root = element
                    if short(element.tag) != "rss":
                        raise WXRError(
                            f"This XML file is not a WordPress export: its root element is <{short(element.tag)}>, "
                            "not <rss>. Export again from WordPress with Tools → Export."
                        )
                elif element.tag == "channel":
                    seen_channel, channel = True, element
                elif element.tag == "item":
                    items_open += 1
                continue
            name = short(element.tag)
            if name.startswith("wp:"):
                wordpress = True
            if name == "wp:author" and seen_channel:
                yield "author", _author(element)
            elif name in ("wp:base_blog_url", "wp:base_site_url") and (element.text or "").strip():
                yield "site", (name, site_key(element.text))
                continue
            elif name == "link" and not items_open and (element.text or "").strip():
                yield "site", ("link", site_key(element.text))  # older exports name the site only here
                continue
            elif name == "item":
                items_open -= 1
                yield "item", _item(element, with_comments)
            else:
                continue
            # Read items are dropped from the tree, so memory stays flat however long the file.
            if channel is not None:
                channel.clear()
        if not (seen_channel and wordpress):
            raise WXRError(
                "This is an RSS feed, not a WordPress export: it has no wp: elements. "
                "Export from WordPress with Tools → Export → All content."
            )
    except ET.ParseError as error:
        line, column = error.position
        reason = str(error).split(":")[0]
        if "no element found" in str(error) or "unclosed" in str(error):
            hint = "The file ends too early: it may have been cut off while copying. Export it again."
        elif "invalid token" in str(error) or "encoding" in str(error):
            hint = "The file's bytes do not match its declared encoding (WordPress exports are UTF-8)."
        else:
            hint = "The file is not well-formed XML."
        raise WXRError(f"{hint} (XML error at line {line}, column {column}: {reason})") from None
    except DefusedXmlException as error:
        raise WXRError(f"The file uses XML features an export never needs and we refuse ({error}).") from None
    except (gzip.BadGzipFile, EOFError, zlib.error) as error:
        raise WXRError(f"The file looks gzipped (.xml.gz) but cannot be unpacked: {error}") from None
    except UnicodeDecodeError as error:
        raise WXRError(f"The file's bytes do not match its declared encoding: {error}") from None
