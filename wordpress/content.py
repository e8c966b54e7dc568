"""Turning a WordPress post body into ours: paragraphs, shortcodes, and pictures marked where they stand."""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.utils.html import strip_tags
from django.utils.text import slugify

from wordpress.blocks import embed_lone_urls, map_blocks
from wordpress.shortcodes import MEDIA_TOKEN, expand_shortcodes

CAPTION = re.compile(r"\[caption([^\]]*)\](.*?)\[/caption\]", re.S | re.I)
CAPTION_ID = re.compile(r"""id=["']?attachment_(\d+)""", re.I)
CAPTION_TEXT = re.compile(r"""caption=(["'])(.*?)\1""", re.S | re.I)
FIGURE = re.compile(r"<figure[^>]*class=\"[^\"]*wp-block-(?:image|gallery)[^\"]*\"[^>]*>(.*?)</figure>", re.S | re.I)
FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S | re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
WP_IMAGE_CLASS = re.compile(r"wp-image-(\d+)")
DATA_ID = re.compile(r"data-id=[\"'](\d+)[\"']")
SRC = re.compile(r"src=[\"']([^\"']+)[\"']", re.I)
CREDIT = re.compile(
    r"\s*[\(\[]?\b(?:photo credit|photo|credit|picture)\s*:\s*(?P<credit>[^\n\)\]]+?)[\)\]]?\s*\.?$", re.I
)
BLOCK_COMMENT = re.compile(r"<!--\s*/?wp:[^>]*-->")
BREAK_COMMENT = re.compile(r"<!--\s*(?:more|noteaser)\b[^>]*-->", re.I)  # nextpage: a page break
PARAGRAPH_END = "</p>"
BLOCK_START = re.compile(r"^\s*<(p|h[1-6]|ul|ol|blockquote|figure|div|table|pre|details|audio|video|hr|dl)\b", re.I)
# Placeholders (not secrets) for what the importer fills in where it stood.
IMAGE_TOKEN = "\x00image{}\x00"  # noqa: S105
GALLERY_START = "\x00gallery{}\x00"  # noqa: S105
GALLERY_END = "\x00/gallery\x00"  # noqa: S105
GALLERY_BLOCK = re.compile(r'<figure class="wp-block-gallery([^"]*)"[^>]*>', re.I)
FIGURE_TAG = re.compile(r"<(/?)figure\b[^>]*>", re.I)
COLUMNS = re.compile(r"columns-(\d)")
PRE = re.compile(r"<pre\b.*?</pre>", re.S | re.I)


@dataclass
class Placement:
    """A picture where IMAGE_TOKEN.format(its index) stands in the converted body."""

    attachment_id: int | None
    src: str
    caption: str
    credit: str


@dataclass
class Converted:
    html: str
    placements: list = field(default_factory=list)
    media: list = field(default_factory=list)  # (kind "audio"/"video", [urls]) for each MEDIA_TOKEN
    removed: list = field(default_factory=list)  # shortcodes that could not be shown, by name


def text_of(value):
    """WordPress's stored text (tags, entities such as &amp;) as plain text."""
    return " ".join(html.unescape(strip_tags(value or "")).split())


def unicode_slug(value):
    """A WordPress slug (stored percent-encoded: %d0%bf…) as ours, in any script."""
    return slugify(unquote(value or ""), allow_unicode=True)


def split_credit(caption):
    """("Rescuers at work", "AFP") from "Rescuers at work. Photo: AFP"."""
    caption = html.unescape(" ".join(strip_tags(caption).split()))
    match = CREDIT.search(caption)
    if not match:
        return caption, ""
    return caption[: match.start()].rstrip(" .–—-"), match.group("credit").strip().rstrip(".")


def autop(text):
    """WordPress stores classic posts with blank lines for paragraphs; wrap those in <p>.
    Preformatted text keeps its own lines."""
    kept = []

    def keep(match):
        kept.append(match.group(0))
        return f"\n\n\x00pre{len(kept) - 1}\x00\n\n"

    text = PRE.sub(keep, text)
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    out = []
    for block in blocks:
        if BLOCK_START.match(block) or block.startswith("\x00"):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br>") + "</p>")
    joined = "\n".join(out)
    for index, pre in enumerate(kept):
        joined = joined.replace(f"\x00pre{index}\x00", pre)
    return joined


def replace_galleries(body, place):
    """Each gallery block, its images with their own captions, as `place(items, columns)`."""
    out, position = [], 0
    while match := GALLERY_BLOCK.search(body, position):
        depth, end = 1, len(body)
        for tag in FIGURE_TAG.finditer(body, match.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.start()
                break
        inner = body[match.end() : end]
        items = []
        for figure in re.finditer(r"<figure\b[^>]*>(.*?)</figure>", inner, re.S | re.I):
            captions = FIGCAPTION.findall(figure.group(1))
            items += [(reference, captions[-1] if captions else "") for reference in image_references(figure.group(1))]
        columns = COLUMNS.search(match.group(1))
        out.append(body[position : match.start()] + place(items, int(columns.group(1)) if columns else 3))
        position = body.find(">", end) + 1 if end < len(body) else len(body)
    out.append(body[position:])
    return "".join(out)


def image_references(markup):
    """(attachment id or None, src) of each <img> in `markup`."""
    found = []
    for img in IMG.finditer(markup):
        tag = img.group(0)
        wp_id = WP_IMAGE_CLASS.search(tag) or DATA_ID.search(tag)
        src = SRC.search(tag)
        found.append((int(wp_id.group(1)) if wp_id else None, html.unescape(src.group(1)) if src else ""))
    return found


def convert(body, *, attached=(), footnotes=None):
    """The body as our HTML, each captioned image marked where it stands (IMAGE_TOKEN, in
    `placements`), galleries around theirs (GALLERY_START/GALLERY_END). `attached`: the ids of
    the post's own attachments, for a [gallery] that names none; `footnotes`: {id: text}."""
    result = Converted(html="")
    body = map_blocks(BLOCK_COMMENT.sub("", body or ""), footnotes=footnotes or {}, media=result.media)
    body = BREAK_COMMENT.sub("\n\n", body)
    found = []

    def take(references, caption):
        text, credit = split_credit(caption)
        tokens = []
        for attachment_id, src in references:
            found.append((attachment_id, src, text, credit))
            tokens.append(IMAGE_TOKEN.format(len(found) - 1))
        return "\n\n" + "\n\n".join(tokens) + "\n\n"

    def caption(match):
        attributes, inner = match.group(1), match.group(2)
        references = image_references(inner) or [(None, "")]
        by_caption = CAPTION_ID.search(attributes)
        if by_caption and references[0][0] is None:
            references[0] = (int(by_caption.group(1)), references[0][1])
        text = IMG.sub("", re.sub(r"</?a\b[^>]*>", "", inner))
        if not strip_tags(text).strip() and CAPTION_TEXT.search(attributes):
            text = CAPTION_TEXT.search(attributes).group(2)  # the older caption="…" form
        return take(references, text)

    body = CAPTION.sub(caption, body)

    def figure(match):
        captions = FIGCAPTION.findall(match.group(1))
        return take(image_references(match.group(1)), captions[-1] if captions else "")

    def gallery(items, columns):
        tokens = "".join(take([reference], text) for reference, text in items)
        return f"\n\n{GALLERY_START.format(columns)}\n\n{tokens}\n\n{GALLERY_END}\n\n"

    body = replace_galleries(body, gallery)
    body = FIGURE.sub(figure, body)
    body = expand_shortcodes(
        body, result, gallery=lambda ids, columns: gallery([((i, ""), "") for i in (ids or attached)], columns)
    )
    text = embed_lone_urls(autop(body))
    for index, (attachment_id, src, caption_text, credit) in enumerate(found):
        token = IMAGE_TOKEN.format(index)
        result.placements.append(Placement(attachment_id, src, caption_text, credit))
        # The token stays where the picture stood; the importer puts the figure there.
        text = text.replace(f"<p>{token}</p>", token)
    result.html = text.strip()
    return result


__all__ = [
    "GALLERY_END",
    "GALLERY_START",
    "IMAGE_TOKEN",
    "MEDIA_TOKEN",
    "Converted",
    "Placement",
    "convert",
    "split_credit",
]
