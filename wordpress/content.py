"""Turning a WordPress post body into ours: paragraphs, shortcodes, and images pulled out as placements."""

import html
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from django.utils.html import strip_tags
from django.utils.text import slugify

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
BREAK_COMMENT = re.compile(r"<!--\s*(?:more|nextpage|noteaser)\b[^>]*-->", re.I)
PARAGRAPH_END = "</p>"
BLOCK_START = re.compile(r"^\s*<(p|h[1-6]|ul|ol|blockquote|figure|div|table|pre|details|audio|video|hr|dl)\b", re.I)
IMAGE_TOKEN = "\x00image{}\x00"  # noqa: S105 - a placeholder, not a secret


@dataclass
class Placement:
    attachment_id: int | None
    src: str
    caption: str
    credit: str
    paragraph: int


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
    """WordPress stores classic posts with blank lines for paragraphs; wrap those in <p>."""
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if block.strip()]
    out = []
    for block in blocks:
        if BLOCK_START.match(block) or block.startswith("\x00"):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br>") + "</p>")
    return "\n".join(out)


def image_references(markup):
    """(attachment id or None, src) of each <img> in `markup`."""
    found = []
    for img in IMG.finditer(markup):
        tag = img.group(0)
        wp_id = WP_IMAGE_CLASS.search(tag) or DATA_ID.search(tag)
        src = SRC.search(tag)
        found.append((int(wp_id.group(1)) if wp_id else None, html.unescape(src.group(1)) if src else ""))
    return found


def convert(body, *, attached=()):
    """The body as our HTML, with its captioned images and galleries taken out as placements
    (after which paragraph each stood). `attached`: the ids of the post's own attachments,
    for a [gallery] that names none."""
    body = BLOCK_COMMENT.sub("", body or "")
    body = BREAK_COMMENT.sub("\n\n", body)
    result = Converted(html="")
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

    body = FIGURE.sub(figure, body)
    body = expand_shortcodes(body, result, gallery=lambda ids: take([(i, "") for i in (ids or attached)], ""))
    text = autop(body)
    for index, (attachment_id, src, caption_text, credit) in enumerate(found):
        token = IMAGE_TOKEN.format(index)
        position = text.find(token)
        before = text[:position] if position >= 0 else text
        result.placements.append(
            Placement(attachment_id, src, caption_text, credit, max(before.count(PARAGRAPH_END), 1))
        )
        text = text.replace(f"<p>{token}</p>", "").replace(token, "")
    result.html = text.strip()
    return result


__all__ = ["MEDIA_TOKEN", "Converted", "Placement", "convert", "split_credit"]
