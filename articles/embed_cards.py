"""The archival card of an embed, made once when an editor adds it: the provider's oEmbed answer
(title, author, the post's text, its date, its thumbnail), the thumbnail copied into our media,
and the player address a reader may choose to load. Stored in the story's body with the embed
(articles/body_schema.py), so the story keeps its evidence when the post is deleted, and a
reader's visit never asks the provider for anything.

Fetching goes through core/safe_fetch.py (public addresses, time and size limits). When the
provider cannot be asked (no network, a deleted post, a provider that wants an access token) the
card comes back with what the address alone tells and a `problem`; the editor fills it in.
"""

import hashlib
import io
import re
from urllib.parse import urljoin, urlsplit

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from lxml import html as lxml_html
from PIL import Image as PILImage
from PIL import UnidentifiedImageError

from articles.embed_providers import DISCOVERED, LINK, recognise
from core.safe_fetch import FetchRefused, fetch, fetch_json

THUMBNAIL_BYTES = 5_000_000
THUMBNAIL_WIDTH = 800
PAGE_BYTES = 2_000_000
TEXT_LENGTH = 2000
BLUESKY_URI = re.compile(r'data-bluesky-uri="at://(did:[a-z0-9:._-]+)/app\.bsky\.feed\.post/([a-z0-9]+)"')


def card_for(url):
    """{url, provider, title, author, author_url, text, date, thumbnail, player, problem}."""
    url = url.strip()
    provider, found = recognise(url)
    card = {"url": url, "provider": (provider or LINK).name, "title": "", "author": "", "author_url": ""}
    card |= {"text": "", "date": "", "thumbnail": "", "player": provider.player_for(url, found) if provider else ""}
    card["problem"] = ""
    try:
        if provider is not None and not provider.oembed:
            card["problem"] = f"{provider.label} answers only with an access token: fill the card in by hand."
            return card
        if provider is not None:
            answer = fetch_json(provider.oembed_for(url))
        else:
            answer = _discovered(url, card)
            if answer is None:
                return card
        _fill(card, answer)
        if card["provider"] == "bluesky":
            did = BLUESKY_URI.search(answer.get("html") or "")
            if did:
                card["player"] = f"https://embed.bsky.app/embed/{did.group(1)}/app.bsky.feed.post/{did.group(2)}"
    except FetchRefused as refusal:
        card["problem"] = f"The card could not be fetched ({refusal}): fill it in by hand."
    return card


def _discovered(url, card):
    """The oEmbed answer a page points to, or None (the card keeps the page's title)."""
    page = fetch(url, max_bytes=PAGE_BYTES, accept="text/html")
    if page.status != 200 or "html" not in page.content_type:
        card["problem"] = f"The page answered {page.status}."
        return None
    document = lxml_html.document_fromstring(page.body)
    for link in document.iter("link"):
        if link.get("type") == "application/json+oembed" and "alternate" in (link.get("rel") or ""):
            card["provider"] = DISCOVERED.name
            answer = fetch_json(urljoin(page.url, link.get("href")))
            frame = lxml_html.fragment_fromstring(answer.get("html") or "<p></p>", create_parent="div").find(
                ".//iframe"
            )
            if frame is not None and (frame.get("src") or "").startswith("https://"):
                card["player"] = frame.get("src")
            return answer
    title = document.find(".//title")
    card["title"] = " ".join((title.text_content() if title is not None else "").split())[:300]
    return None


def _fill(card, answer):
    card["title"] = _text(answer.get("title"))[:300]
    card["author"] = _text(answer.get("author_name"))[:200]
    author_url = str(answer.get("author_url") or "")
    card["author_url"] = author_url if urlsplit(author_url).scheme in ("http", "https") else ""
    quoted = answer.get("html") or ""
    if "<blockquote" in quoted:  # X, Bluesky and others quote the post itself
        root = lxml_html.fragment_fromstring(quoted, create_parent="div")
        paragraph = root.find(".//blockquote//p")
        card["text"] = _text(paragraph.text_content() if paragraph is not None else "")[:TEXT_LENGTH]
        links = root.findall(".//blockquote/a")
        card["date"] = _text(links[-1].text_content())[:100] if links else ""
    if answer.get("thumbnail_url"):
        card["thumbnail"] = copy_thumbnail(str(answer["thumbnail_url"]))


def _text(value):
    return " ".join(str(value or "").split())


def copy_thumbnail(address):
    """Our own copy of a provider's thumbnail (re-encoded: no metadata), or "" when it is not a
    picture we can read."""
    try:
        answer = fetch(address, max_bytes=THUMBNAIL_BYTES, accept="image/*")
        if answer.status != 200:
            return ""
        with PILImage.open(io.BytesIO(answer.body)) as picture:
            picture.load()
            picture = picture.convert("RGB")
            picture.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 2))
            out = io.BytesIO()
            picture.save(out, "JPEG", quality=82, optimize=True)
    except (FetchRefused, UnidentifiedImageError, OSError, ValueError, PILImage.DecompressionBombError):
        return ""
    name = f"embeds/{hashlib.sha256(address.encode()).hexdigest()[:32]}.jpg"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(out.getvalue()))
    return default_storage.url(name)
